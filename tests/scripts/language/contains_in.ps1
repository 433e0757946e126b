
1,2,3 -contains 2
1,2,3 -notcontains 5
'a','B' -contains 'b'
'a','B' -ccontains 'b'
2 -in 1,2,3
5 -notin 1,2,3
'abc' -contains 'a'
'1' -in 1,2
