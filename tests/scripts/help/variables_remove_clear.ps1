# Clear-Variable empties a variable; Remove-Variable deletes it (wildcards allowed).
$keep = 1; $temp1 = 2; $temp2 = 3
Clear-Variable keep
$null -eq $keep
(Get-Variable keep).Name
Remove-Variable temp*
@(Get-Variable temp* ).Count
Remove-Variable nothing_here -ErrorAction SilentlyContinue
$Error[0].FullyQualifiedErrorId
