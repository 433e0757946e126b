1..10 | Select-Object -First 3
'a','b','c' | Select-Object -First 0
