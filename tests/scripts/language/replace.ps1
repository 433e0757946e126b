
'hello world' -replace 'o','0'
'hello' -replace 'L','x'
'hello' -creplace 'L','x'
'John Smith' -replace '(\w+) (\w+)', '$2, $1'
'a.b.c' -replace '\.'
'abc','cab' -replace 'a','-'
'price: 5' -replace '(?<n>\d)', '${n}0'
