# Out-Null discards; Out-Host writes at once and sends nothing down the pipeline.
1..3 | Out-Null
$result = 'shown' | Out-Host
$null -eq $result
[pscustomobject]@{ a = 1 } | Out-Host
'after'
