$obj = [pscustomobject]@{ Name = 'x'; Items = @(1, 2); Meta = [pscustomobject]@{ On = $false } }
$json = $obj | ConvertTo-Json -Compress
$json
$back = $json | ConvertFrom-Json
$back.Items[1]
$back.Meta.On
($back | ConvertTo-Json -Compress) -eq $json
