1..10 | Select-Object -Skip 7
'--'
1..10 | Select-Object -Skip 2 -First 2
'--'
1..10 | Select-Object -Last 3 -Skip 2
'--'
1..5 | Select-Object -SkipLast 2
