
function Need { param([Parameter(Mandatory)][string]$Name) "got $Name" }
Need -Name x
Need
'after'
