[pscustomobject]@{ a = 1; b = @(1, 2); c = @{}; d = 'x' } | ConvertTo-Json -Compress
