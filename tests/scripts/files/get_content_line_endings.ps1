[System.IO.File]::WriteAllText("$PWD/mixed.txt", "unix`nwindows`r`nold mac`rlast")
(Get-Content mixed.txt).Count
Get-Content mixed.txt
