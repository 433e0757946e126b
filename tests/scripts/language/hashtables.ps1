
$h = @{a=1; b='x'}
$h.a
$h['b']
$h.Count
$h.c = 3
$h.Count
$h['a'] = 10
$h.a
$h.A
$m = @{
  one = 1
  two = 2
}
$m.one + $m.two
$e = @{}
$e.Count
$k = @{'quoted key' = 1; 2 = 'two'}
$k['quoted key']
$k[2]
$null -eq $h.missing
$h.Keys.Count
