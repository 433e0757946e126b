
1 -eq 1
1 -ne 2
5 -gt 3
5 -ge 5
2 -lt 1
2 -le 2
'abc' -eq 'ABC'
'abc' -ceq 'ABC'
'abc' -ieq 'ABC'
'abc' -cne 'ABC'
'b' -gt 'A'
'10' -eq 10
10 -eq '10'
'2' -gt 10
2 -gt '10'
