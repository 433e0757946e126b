
filter Double { $_ * 2 }
1, 2, 3 | Double
filter Big { if ($_ -gt 1) { $_ } }
1, 2, 3 | Big
filter Named { "[$_]" }
'a' | Named
