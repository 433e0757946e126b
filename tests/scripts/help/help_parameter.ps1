# -Parameter shows one parameter (wildcards allowed).
Get-Help Get-Alias -Parameter Name
(Get-Help Get-Variable -Parameter *Only).name
