
1+2
(1+2)*3
2 + 3 * 4
'a' + 'b'
"x" * 3
-5
- 5
-(2 + 3)
(Write-Output 4) + 1
$(Write-Output 'sub')
