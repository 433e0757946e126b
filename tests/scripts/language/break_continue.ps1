
foreach ($i in 1..10) { if ($i -eq 3) { continue }; if ($i -gt 5) { break }; $i }
$i = 0
while ($true) { $i++; if ($i -eq 4) { break } }
$i
for ($k = 0; $k -lt 5; $k++) { if ($k % 2) { continue }; $k }
$n = 0
do { $n++; if ($n -lt 3) { continue }; "n=$n" } while ($n -lt 4)
