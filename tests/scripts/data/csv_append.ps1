[pscustomobject]@{ A = 1; B = 2 } | Export-Csv log.csv
[pscustomobject]@{ B = 4; A = 3 } | Export-Csv log.csv -Append
Get-Content log.csv
try { [pscustomobject]@{ C = 5 } | Export-Csv log.csv -Append } catch { $_.FullyQualifiedErrorId }
[pscustomobject]@{ A = 6 } | Export-Csv log.csv -Append -Force
Get-Content log.csv
