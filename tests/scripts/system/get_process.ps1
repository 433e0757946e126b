$me = Get-Process -Id $PID
$me.Id -eq $PID
$me.ProcessName -eq $me.Name
$me.WS -gt 0
$me.StartTime -is [datetime]
$me.StartTime -lt (Get-Date)
$me.CPU -ge 0
$me -is [System.Diagnostics.Process]
@(Get-Process).Count -gt 1
(Get-Process -Name $me.ProcessName | Where-Object Id -eq $PID).Id -eq $PID
(Get-Process -Name ($me.ProcessName.Substring(0, 2) + "*") | Where-Object Id -eq $PID).Count
