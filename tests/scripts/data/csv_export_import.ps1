$items = @(
    [pscustomobject]@{ Name = 'alpha'; Size = 10 }
    [pscustomobject]@{ Name = 'beta'; Size = 20 }
)
$items | Export-Csv -Path data.csv
Get-Content data.csv
$back = Import-Csv data.csv
($back | Measure-Object -Property Size -Sum).Sum
$back[1].Name
