'b', 'a', 'B', 'c', 'a' | Sort-Object -Unique
'--'
5, 3, 9, 1 | Sort-Object -Top 2
'--'
5, 3, 9, 1 | Sort-Object -Bottom 2
'--'
5, 3, 9, 1 | Sort-Object -Descending -Top 1
