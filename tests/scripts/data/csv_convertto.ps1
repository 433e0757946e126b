$items = @(
    [pscustomobject]@{ Name = 'alpha'; Size = 10; Note = 'has, comma' }
    [pscustomobject]@{ Name = 'beta'; Size = $null; Note = 'say "hi"' }
)
$items | ConvertTo-Csv
