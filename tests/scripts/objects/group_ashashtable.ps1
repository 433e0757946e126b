$h = 1..6 | Group-Object { $_ % 2 } -AsHashTable
$h[0] -join ','
$h[1] -join ','
$h.Count
'--'
$s = 'x', 'yy', 'zz' | Group-Object Length -AsHashTable -AsString
$s['2'] -join ','
