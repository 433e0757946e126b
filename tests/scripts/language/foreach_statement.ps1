
foreach ($i in 1..3) { "item $i" }
$sum = 0
foreach ($n in @(1,2,3,4)) { $sum += $n }
$sum
foreach ($x in @()) { 'never' }
foreach ($x in $null) { 'never null' }
$list = foreach ($i in 1..3) { $i * $i }
$list -join ','
foreach ($c in 'a', 'b') {
  "letter $c"
}
foreach ($k in (@{a=1}).Keys) { "key $k" }
$i
