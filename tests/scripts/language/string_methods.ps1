
'  hi  '.Trim()
'hello'.ToUpper()
'HeLLo'.ToLower()
'a,b,c'.Split(',')
'hello'.Replace('l', 'L')
'hello'.StartsWith('he')
'hello'.EndsWith('lo')
'hello'.Contains('ell')
'hello'.Substring(1, 3)
'hello'.IndexOf('l')
'x'.PadLeft(3, '.')
'a-b'.Split('-')[1]
