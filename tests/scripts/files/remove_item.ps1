Set-Content a.txt x
Set-Content b.txt x
New-Item -ItemType Directory tree/leaf -Force | Out-Null
Set-Content tree/leaf/f.txt x
Remove-Item a.txt
Test-Path a.txt
Remove-Item tree -Recurse
Test-Path tree
Remove-Item *.txt
(Get-ChildItem).Count
New-Item -ItemType Directory empty | Out-Null
Remove-Item empty
Test-Path empty
