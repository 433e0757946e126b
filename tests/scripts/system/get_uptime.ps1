(Get-Uptime) -is [timespan]
(Get-Uptime).TotalSeconds -gt 0
(Get-Uptime -Since) -lt (Get-Date)
