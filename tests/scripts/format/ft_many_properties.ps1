# Without a view, Format-Table shows the first ten properties.
$wide = [ordered]@{}
foreach ($i in 1..12) { $wide["P$i"] = $i }
[pscustomobject]$wide | Format-Table
