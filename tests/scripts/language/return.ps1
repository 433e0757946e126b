
function F { 'a'; return 'b'; 'c' }
F
function G($n) { if ($n -gt 0) { return 'positive' }; 'non-positive' }
G 1
G -1
function H { return }
$r = H
$null -eq $r
function Early { foreach ($i in 1..5) { if ($i -eq 3) { return $i } } }
Early
$sb = { return 'from block'; 'unreached' }
& $sb
