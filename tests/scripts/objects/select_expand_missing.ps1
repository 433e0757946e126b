[pscustomobject]@{ Name = 'x' } | Select-Object -ExpandProperty Nope -ErrorAction SilentlyContinue
$Error[0].FullyQualifiedErrorId
$Error[0].Exception.Message
