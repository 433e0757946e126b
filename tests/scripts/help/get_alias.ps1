# Get-Alias by name (wildcards allowed) or by what the alias stands for.
Get-Alias -Name ls
Get-Alias -Definition Get-Variable | Select-Object -ExpandProperty Name
Get-Alias -Name no-such-alias -ErrorAction SilentlyContinue
$Error[0].FullyQualifiedErrorId
