1.5, 100, 1e20, 0.1, -2.0 | ConvertTo-Json -Compress
[datetime]'2024-01-02 03:04:05' | ConvertTo-Json
