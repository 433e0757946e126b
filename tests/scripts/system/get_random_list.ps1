Get-Random -SetSeed 42 -InputObject "a", "b", "c", "d", "e"
Get-Random -SetSeed 42 -InputObject "a", "b", "c", "d", "e" -Count 3
"--"
(Get-Random -SetSeed 42 -InputObject (1..5) -Shuffle) -join ","
(1..10 | Get-Random -SetSeed 3 -Count 10) -join ","
(1..10 | Get-Random -Count 20 | Sort-Object) -join ","
(Get-Random -InputObject "only")
