1..10 | Where-Object { $_ % 3 -eq 0 }
'--'
'apple', 'kiwi', 'banana' | Where-Object { $_.Length -gt 4 } | ForEach-Object { $_.ToUpper() }
'--'
1..5 | ? { $_ -lt 3 }
