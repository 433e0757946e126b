Set-Content typed.csv '#TYPE Custom.Thing', 'a,b', '1,2'
$x = Import-Csv typed.csv
$x.pstypenames[0]
$x.pstypenames[1]
$x.b
Import-Csv typed.csv -Header P, Q | ForEach-Object { "$($_.P)|$($_.Q)" }
