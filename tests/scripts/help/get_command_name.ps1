# A name gets the command that runs: an alias shows what it stands for.
Get-Command Get-Variable, gv
(Get-Command gv).ResolvedCommand.Name
(Get-Command Get-Variable).Parameters['ValueOnly'].ParameterType
