$g = 'aa', 'b', 'cc', 'dd' | Group-Object Length
$g.Count
$g[0].Name
$g[0].Count
$g[1].Group -join ','
$g[1].Values[0]
