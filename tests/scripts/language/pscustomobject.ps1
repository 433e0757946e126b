
$p = [pscustomobject]@{Name='Bob'; Age=42}
$p.Name
$p.Age + 1
$p.Age = 43
$p.Age
"$($p.Name) is $($p.Age)"
$p | Select-Object -ExpandProperty Name
$q = [pscustomobject]@{B=2; A=1}
($q.psobject.Properties | ForEach-Object Name) -join ','
