try { '{"a":' | ConvertFrom-Json } catch { $_.FullyQualifiedErrorId }
try { '{"a":1,"A":2}' | ConvertFrom-Json } catch { $_.Exception.Message }
