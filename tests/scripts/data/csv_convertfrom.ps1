$rows = 'Name,Size', 'alpha,10', '"beta, two",20' | ConvertFrom-Csv
$rows.Count
$rows[1].Name
$rows[1].Size -is [string]
'1;2' | ConvertFrom-Csv -Delimiter ';' -Header A, B | ForEach-Object { $_.B }
'x' | ConvertFrom-Csv -Header One, Two | ForEach-Object { $null -eq $_.Two }
