'a','b','c','d','e' | Select-Object -Index 3,1
'--'
'a','b','c','d','e' | Select-Object -SkipIndex 0,2
