# Strings and numbers are printed as they are, even with -Property (use -Force to format them).
1, 2 | Format-Table
'hello' | Format-Table Length
'hello' | Format-Table Length -Force
