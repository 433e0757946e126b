'x', 'y' | ConvertTo-Json
1 | ConvertTo-Json -AsArray
@{ a = 1 } | ConvertTo-Json -AsArray -Compress
ConvertTo-Json -InputObject @(1, 2) -Compress
$null | ConvertTo-Json
