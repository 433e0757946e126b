
[int]'5' + 1
[string]42 + 1
[double]'3.5'
[int[]]('1','2') | ForEach-Object { $_ * 2 }
[bool]0
[bool]'x'
[bool]'False'
[char]65
[int][char]'A'
[string[]]@(1,2) -join '|'
[int]2.5
[int]3.5
[int]'  12  '
[long]'9000000000'
[decimal]'1.10'
[array]'single' -is [array]
