New-Item -ItemType Directory src/lib -Force | Out-Null
Set-Content src/main.py x
Set-Content src/readme.md x
Set-Content src/lib/util.py x
(Get-ChildItem src -Recurse -Include *.py).Name
