3, 1, 10, 2 | Sort-Object
'--'
'pear', 'Apple', 'banana' | Sort-Object
'--'
3, 1, 10, 2 | Sort-Object -Descending
