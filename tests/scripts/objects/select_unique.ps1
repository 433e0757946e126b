'a','b','a','A','b' | Select-Object -Unique
'--'
1,2,2,3,1 | Select-Object -Unique
'--'
'a','A' | Select-Object -Unique -CaseInsensitive
