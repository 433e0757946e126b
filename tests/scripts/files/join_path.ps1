Join-Path /var log
Join-Path /var/ /log
Join-Path a b c d.txt
Join-Path -Path a -ChildPath b -AdditionalChildPath c, d
Join-Path a, b child
"x" | Join-Path -ChildPath y
