
'a'
Get-NoSuchThing -x 1
'b'
