
[char]'A'
[int][char]'A'
[char]66
[char]'a' + 1
'x' + [char]'y'
[char]'a' -is [char]
'a' -is [char]
