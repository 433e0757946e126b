
5 -is [int]
'x' -is [string]
5 -isnot [string]
'42' -as [int]
$null -eq ('abc' -as [int])
3.7 -as [int]
@() -is [array]
(1,2) -is [object[]]
@{} -is [hashtable]
5 -is [ValueType]
'5' -as [double]
