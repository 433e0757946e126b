1, 1, 2, 3, 3, 3, 1 | Get-Unique
'--'
'a', 'A', 'a', 'a' | Get-Unique
