
'hello' -like 'h*'
'hello' -like 'H?LLO'
'hello' -clike 'H*'
'hello' -notlike '*z*'
'file.txt','a.ps1','b.TXT' -like '*.txt'
'a[1]' -like 'a`[1`]'
'abc' -like '[a-c]bc'
