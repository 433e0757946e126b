# `Command -?` shows the same help as Get-Help, for cmdlets, aliases and functions.
(Get-Alias -? | Out-String) -eq (Get-Help Get-Alias | Out-String)
(gal -? | Out-String) -eq (Get-Help Get-Alias | Out-String)
function Test-Thing { param($Value) }
(Test-Thing -? | Out-String) -eq (Get-Help Test-Thing | Out-String)
