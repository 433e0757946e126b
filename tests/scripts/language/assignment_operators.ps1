
$x = 10
$x += 5; $x
$x -= 3; $x
$x *= 2; $x
$x /= 4; $x
$x %= 4; $x
$s = 'ab'
$s += 'cd'
$s
$a = 1,2
$a += 3
$a.Count
$h = @{a=1}
$h += @{b=2}
$h.Count
$p = $q = 7
"$p $q"
