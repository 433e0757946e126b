$people = @(
    [pscustomobject]@{ Name = 'Cy'; Dept = 'ops' }
    [pscustomobject]@{ Name = 'Al'; Dept = 'dev' }
    [pscustomobject]@{ Name = 'Bo'; Dept = 'ops' }
    [pscustomobject]@{ Name = 'Di'; Dept = 'dev' }
)
$people | Sort-Object @{ e = 'Dept'; Descending = $true }, Name | ForEach-Object { "$($_.Dept) $($_.Name)" }
'--'
$people | Sort-Object @{ Expression = { $_.Dept }; Ascending = $true }, @{ Expression = 'Name'; Descending = $true } | ForEach-Object { "$($_.Dept) $($_.Name)" }
