$obj = [pscustomobject]@{ a = 1; b = 2; c = 3 }
$obj | Select-Object -ExcludeProperty b
'--'
$obj | Select-Object * -ExcludeProperty a, c
