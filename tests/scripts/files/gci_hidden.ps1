Set-Content .secret x
Set-Content visible.txt y
(Get-ChildItem).Name
"--"
(Get-ChildItem -Force).Name
