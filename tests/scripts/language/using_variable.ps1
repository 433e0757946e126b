
$x = 'outer'
$sb = { "value: $using:x" }
'parsed'
$sb2 = { $using:x + 1 }
'parsed too'
