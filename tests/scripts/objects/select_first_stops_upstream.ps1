1..100000000 | Select-Object -First 3
'done'
