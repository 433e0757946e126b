# Calculated columns: a label, an expression and a format string.
$files = [pscustomobject]@{ Name = 'a.txt'; Length = 1536 }, [pscustomobject]@{ Name = 'b.txt'; Length = 10240 }
$files | Format-Table Name, @{ Label = 'KB'; Expression = { $_.Length / 1KB }; FormatString = 'N2' }
$files | Format-Table { $_.Name + '!' }, @{ n = 'Bytes'; e = 'Length' }
