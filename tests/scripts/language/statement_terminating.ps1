
'one'
1/0
'two'
Write-Output -NoSuchParam x
'three'
[int]'abc'
'four'
