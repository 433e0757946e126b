
$null -eq $null
$true
$false
$PID -gt 0
$HOME -eq $env:HOME
$PWD.Path -eq (Get-Location).Path
$PSVersionTable.PSVersion.Major -ge 7
1,2 | ForEach-Object { $PSItem * 10 }
1,2 | ForEach-Object { $_ + 1 }
