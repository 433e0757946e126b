Get-Random -SetSeed 42
Get-Random -SetSeed 42 -Maximum 100
Get-Random -SetSeed 42 -Minimum 10 -Maximum 20 -Count 5
Get-Random -SetSeed 7 -Maximum 1.0
Get-Random -SetSeed 1 -Maximum 10000000000
Get-Random -SetSeed 100 -Maximum 6
Get-Random -Maximum 6
Get-Random -Maximum 6
