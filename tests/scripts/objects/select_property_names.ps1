$items = @(
    [pscustomobject]@{ Name = 'alpha'; Size = 10; Owner = 'ann' }
    [pscustomobject]@{ Name = 'beta'; Size = 200; Owner = 'bob' }
)
$items | Select-Object Name, Size
