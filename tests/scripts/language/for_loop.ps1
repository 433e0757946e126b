
for ($i = 0; $i -lt 3; $i++) { $i }
for ($i = 10; $i -gt 0; $i -= 4) { "i=$i" }
$j = 0
for (;;) { $j++; if ($j -ge 2) { break } }
$j
for ($a = 0; $a -lt 3; $a++) { }
$a
