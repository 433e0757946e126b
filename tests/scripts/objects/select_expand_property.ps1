$obj = [pscustomobject]@{ Name = 'x'; Tags = @('red', 'green', 'blue') }
$obj | Select-Object -ExpandProperty Tags
'--'
$obj | Select-Object -ExpandProperty Name
'--'
@($obj, $obj) | Select-Object -ExpandProperty Tags | Measure-Object | ForEach-Object Count
