# Out-String -Stream outputs one string per line, empty lines included.
[pscustomobject]@{ a = 1; b = 2 } | Out-String -Stream | ForEach-Object { "<$_>" }
