# A wildcard lists the matching commands; a single match shows its help.
Get-Help *-Variable | Select-Object -ExpandProperty Name
(Get-Help Clear-Var*).Name
