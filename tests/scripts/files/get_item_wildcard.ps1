Set-Content b.csv 1
Set-Content a.csv 2
Set-Content c.txt 3
(Get-Item *.csv).Name
(Get-Item *.none) -eq $null
