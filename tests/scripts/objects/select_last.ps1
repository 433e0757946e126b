1..10 | Select-Object -Last 2
'--'
1..10 | Select-Object -First 2 -Last 2
'--'
1..3 | Select-Object -Last 5
