New-Item -ItemType Directory d1, d2 | Out-Null
Set-Content f1.txt x
(Get-ChildItem -Directory).Name -join ","
(Get-ChildItem -File).Name -join ","
(Get-ChildItem -Directory)[0].PSIsContainer
(Get-ChildItem -File)[0].PSIsContainer
