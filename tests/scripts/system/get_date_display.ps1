$d = Get-Date -Date "2026-11-23 19:05:09"
($d | Out-String).Trim()
(Get-Date -Date $d -DisplayHint Date | Out-String).Trim()
(Get-Date -Date $d -DisplayHint Time | Out-String).Trim()
$d.DisplayHint
"$d"
