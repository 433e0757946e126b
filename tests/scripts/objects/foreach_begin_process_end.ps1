1..4 | ForEach-Object -Begin { $sum = 0; 'begin' } -Process { $sum += $_ } -End { "sum=$sum" }
'--'
1..3 | ForEach-Object { 'start' } { $_ * 10 } { 'stop' }
'--'
1..2 | ForEach-Object { 'start' } { $_ }
