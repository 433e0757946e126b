3, $null, -1, 1 | Sort-Object | ForEach-Object { "[$_]" }
'--'
'b10', 'b9', '_x', 'B1', 'a' | Sort-Object
'--'
'b', 'B', 'a', 'A' | Sort-Object -CaseSensitive
