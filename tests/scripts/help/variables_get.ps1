# Get-Variable returns variable objects (a Name/Value table) or, with -ValueOnly, the values.
$fruit = 'apple'
$fruitCount = 3
Get-Variable fruit*
Get-Variable fruit -ValueOnly
(Get-Variable fruitCount).Value + 1
Get-Variable -Name no_such_variable -ErrorAction SilentlyContinue
$Error[0].FullyQualifiedErrorId
