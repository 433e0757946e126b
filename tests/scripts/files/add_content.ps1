Add-Content log.txt "line 1"
Add-Content log.txt "line 2", "line 3"
"line 4" | Add-Content log.txt
Get-Content log.txt
Set-Content partial.txt "start" -NoNewline
Add-Content partial.txt "end"
Get-Content partial.txt
Add-Content partial.txt "x" -NoNewline
Add-Content partial.txt "y" -NoNewline
(Get-Content partial.txt -Raw).Length
