[pscustomobject]@{ Name = "one"; Size = 1 }, [pscustomobject]@{ Name = "two"; Size = 22 } | Out-File table.txt
$lines = Get-Content table.txt
$lines.Count
$lines | ForEach-Object { "[$_]" }
