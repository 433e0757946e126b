
1,2,3,2 -eq 2
'---'
1,2,3 -gt 1
'---'
(1,2,3 -eq 5).Count
$null -eq @()
@() -eq $null
'---'
'a','b','A' -ceq 'a'
