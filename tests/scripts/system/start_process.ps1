Set-Content script.sh "echo from-child"
$p = Start-Process sh -ArgumentList script.sh -RedirectStandardOutput child.txt -Wait -PassThru
$p.ExitCode
Get-Content child.txt
(Start-Process sh -ArgumentList "-c ""exit 3""" -Wait -PassThru).ExitCode
