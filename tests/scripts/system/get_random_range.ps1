$values = 1..200 | ForEach-Object { Get-Random -Minimum 5 -Maximum 8 }
($values | Where-Object { $_ -lt 5 -or $_ -ge 8 }).Count
($values | Sort-Object -Unique) -join ","
$d = Get-Random -Minimum 0.5 -Maximum 0.75
$d -ge 0.5 -and $d -lt 0.75
$d -is [double]
(Get-Random) -is [int]
(Get-Random -Maximum 10000000000) -is [long]
(Get-Random -Count 4 -Maximum 3).Count
