
$name = 'World'
"Hello, $name!"
"Sum: $(1 + 2)"
"tab:`t|"
"quote: `"q`" and ""dq"""
"dollar: `$name"
$h = @{k='v'}
"key: $($h.k)"
"newline:`nnext"
$arr = 1,2,3
"arr: $arr"
"${name}s"
"$name's"
"cost: $5"
"nested: $("inner $name")"
"lone $ sign"
