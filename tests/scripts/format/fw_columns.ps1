# Format-Wide shows one value per object: two columns by default, or -Column.
$names = 'apple', 'banana', 'cherry', 'damson', 'elder' | ForEach-Object { [pscustomobject]@{ Name = $_ } }
$names | Format-Wide
$names | Format-Wide -Column 4
