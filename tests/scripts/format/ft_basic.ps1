# A table from properties: numbers right-aligned, text left-aligned, columns as wide as their data.
$items = [pscustomobject]@{ Name = 'alpha'; Size = 10 }, [pscustomobject]@{ Name = 'beta'; Size = 200 }
$items | Format-Table
