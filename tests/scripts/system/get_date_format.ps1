$d = "2026-11-23 19:05:09"
Get-Date -Date $d -Format "yyyy-MM-dd HH:mm:ss"
Get-Date -Date $d -Format o
Get-Date -Date $d -Format "dddd, MMMM d"
Get-Date -Date $d -Format d
Get-Date -Date $d -Format t
Get-Date -Date $d -Format FileDate
Get-Date -Date $d -Format FileDateTime
Get-Date -Date $d -Format "hh:mm tt"
(Get-Date -Date $d -Format s).GetType().Name
