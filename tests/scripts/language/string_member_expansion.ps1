
$h = @{k='v'}
"prop: $h.k"
$p = [pscustomobject]@{Name='n'}
"obj: $($p.Name) raw: $p.Name"
$a = 1,2
"idx: $a[0]"
"idx2: $($a[0])"
