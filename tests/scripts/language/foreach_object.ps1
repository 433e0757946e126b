
1..3 | ForEach-Object { $_ * 10 }
1..2 | foreach { "f$_" }
1..2 | % { "p$_" }
'a','b' | ForEach-Object -Begin { 'start' } -Process { $_ } -End { 'end' }
[pscustomobject]@{Name='n1'}, [pscustomobject]@{Name='n2'} | ForEach-Object Name
1..5 | Where-Object { $_ % 2 } | ForEach-Object { $_ }
1..5 | ? { $_ -gt 3 }
