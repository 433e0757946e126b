
'start'
Get-Item /nope -ErrorAction Stop
'unreached'
