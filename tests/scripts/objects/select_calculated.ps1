$files = @(
    [pscustomobject]@{ Name = 'a.txt'; Length = 2048 }
    [pscustomobject]@{ Name = 'b.txt'; Length = 512 }
)
$files | Select-Object Name, @{Name = 'KB'; Expression = { $_.Length / 1KB }}, @{l = 'Upper'; e = { $_.Name.ToUpper() }}, @{n = 'Len'; e = 'Length'}
