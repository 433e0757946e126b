1..3 | ForEach-Object { $_ * 2 }
'--'
'a', 'b' | ForEach-Object { "[$_]" ; "<$PSItem>" }
