
Get-Item /nope 2> $null
1/0
'end'
