
$sb = { param($x, $y = 10) $x + $y }
& $sb 1
& $sb 1 2
$add = { $args[0] + $args[1] }
& $add 2 3
$sb2 = { "in block" }
& $sb2
. { $dotted = 'set' }
$dotted
& { $notdotted = 'x' }
"[$notdotted]"
$typed = { param([int]$n) $n * 2 }
& $typed '21'
$nested = { { 'inner' } }
& (& $nested)
