$d = Get-Date -UnixTimeSeconds 0 -AsUTC
$d.ToString("yyyy-MM-dd HH:mm:ss")
$d.Kind
Get-Date -UnixTimeSeconds 1800000000 -AsUTC -Format "yyyy-MM-ddTHH:mm:ssK"
Get-Date -Date "2026-11-23 19:05:09" -UFormat %s
