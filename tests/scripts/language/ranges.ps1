
1..5 -join ','
5..1 -join ','
-2..2 -join ','
$r = 1..10
$r.Count
(1..3)[1]
$lo = 2; $hi = 4
($lo..$hi) -join ' '
'a'..'c' -join ''
