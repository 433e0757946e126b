
$v = 5
@"
Value: $v
Line "2"
"@
@'
Raw: $v
  indented 'q'
'@
$s = @"
a
b
"@
($s -split "`n").Count
@"
"@
'end'
