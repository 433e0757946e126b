# One syntax line per parameter set: positional first, then mandatory named, then the rest.
(Get-Help Get-Alias).Syntax.syntaxItem
(Get-Help Set-Variable).Syntax.syntaxItem
Get-Command Remove-Variable -Syntax
