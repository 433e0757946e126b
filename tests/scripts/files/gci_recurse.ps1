New-Item -ItemType Directory top/inner -Force | Out-Null
Set-Content top/a.txt "a"
Set-Content top/inner/b.txt "b"
Get-ChildItem top -Recurse -Name
"--"
(Get-ChildItem top -Recurse -File).Name
