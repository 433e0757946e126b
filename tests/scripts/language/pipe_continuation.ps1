
1..3 |
  ForEach-Object { $_ * 2 }
'a', 'b' |
  ForEach-Object { "[$_]" } |
  ForEach-Object { $_ + '!' }
1..2
  | ForEach-Object { $_ + 10 }
