# -Scope reaches other scopes: Set-Variable -Scope Global from a function, Get-Variable -Scope.
function Set-Both {
    Set-Variable -Name here -Value 'local'
    Set-Variable -Name there -Value 'global' -Scope Global
    Get-Variable -Name here -Scope Local -ValueOnly
    Get-Variable -Name here -Scope 1 -ErrorAction SilentlyContinue
}
Set-Both
$null -eq $here
$there
(Get-Variable there -Scope Global).Value
