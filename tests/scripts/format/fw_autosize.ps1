# -AutoSize fits as many columns as the longest value allows.
1..12 | ForEach-Object { [pscustomobject]@{ Id = $_; Name = "n$_" } } | Format-Wide -AutoSize | Out-String -Width 40
