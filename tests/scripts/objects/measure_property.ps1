$items = @(
    [pscustomobject]@{ Name = 'a'; Size = 10 }
    [pscustomobject]@{ Name = 'b'; Size = 32 }
)
$m = $items | Measure-Object -Property Size -Sum -Maximum
$m.Count
$m.Sum
$m.Maximum
$m.Property
$m.Average -eq $null
'--'
'{0:N4}' -f (1..10 | Measure-Object -AllStats).StandardDeviation
