[pscustomobject]@{ a = [pscustomobject]@{ b = 1 }; c = 1, (2, 3) } | ConvertTo-Json -Depth 1 -Compress -WarningAction SilentlyContinue
[pscustomobject]@{ a = [pscustomobject]@{ b = [pscustomobject]@{ c = [pscustomobject]@{ d = 1 } } } } | ConvertTo-Json -Depth 5 -Compress
