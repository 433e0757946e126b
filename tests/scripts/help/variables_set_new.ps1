# Set-Variable and New-Variable: values from arguments or the pipeline, options, errors.
Set-Variable -Name colour -Value 'red'
$colour
1, 2, 3 | Set-Variable -Name numbers
$numbers.Count
New-Variable -Name limit -Value 10 -Option ReadOnly
$limit
Set-Variable -Name limit -Value 11 -ErrorAction SilentlyContinue
$Error[0].FullyQualifiedErrorId
Set-Variable -Name limit -Value 12 -Force
$limit
New-Variable -Name colour -Value 'blue' -ErrorAction SilentlyContinue
$Error[0].FullyQualifiedErrorId
(New-Variable -Name shape -Value 'round' -Description 'a shape' -PassThru).Description
