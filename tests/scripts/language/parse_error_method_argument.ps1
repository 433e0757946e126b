
'never'
[math]::Round(10 / 3,, 1)
