Set-Content src.txt "payload"
Copy-Item src.txt dst.txt
Get-Content dst.txt
New-Item -ItemType Directory folder | Out-Null
Copy-Item src.txt folder
Test-Path folder/src.txt
New-Item -ItemType Directory tree/sub -Force | Out-Null
Set-Content tree/sub/deep.txt "deep"
Copy-Item tree copy -Recurse
Get-Content copy/sub/deep.txt
Copy-Item tree shallow
(Get-ChildItem shallow).Count
Set-Content dst.txt "old"
Copy-Item src.txt dst.txt
Get-Content dst.txt
(Copy-Item src.txt third.txt -PassThru).Name
