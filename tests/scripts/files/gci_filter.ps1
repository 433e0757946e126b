Set-Content one.txt 1
Set-Content two.log 2
Set-Content three.txt 3
(Get-ChildItem -Filter *.txt).Name
"--"
(Get-ChildItem *.log).Name
"--"
(Get-ChildItem -Exclude *.txt).Name
