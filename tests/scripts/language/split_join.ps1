
'a,b,,c' -split ','
'---'
'a b  c' -split '\s+'
'---'
-split '  one two  '
'---'
'a1b2c3d' -split '\d'
'---'
'a.b' -split '.', 0, 'SimpleMatch'
'---'
'x,y,z' -split ',', 2
'---'
1,2,3 -join '+'
-join ('a','b')
'ABC' -csplit 'b'
