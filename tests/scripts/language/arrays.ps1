
$a = 1,2,3
$a.Count
$a[0]
$a[-1]
$a[1..2]
$e = @()
$e.Count
$s = @(5)
$s.Count
$a += 4
$a -join '-'
$n = @(1,2),@(3,4)
$n[1][0]
$n.Count
$one = ,7
$one.Count
@(1,2,3).Length
$m = @(
  'x'
  'y'
)
$m.Count
$a[10] -eq $null
