# The session history: Add-History, Get-History, Clear-History.
Add-History -InputObject @{ CommandLine = 'Get-Date' }, @{ CommandLine = 'Get-Location' }
Get-History | Select-Object -ExpandProperty CommandLine
(Get-History -Count 1).CommandLine
(Get-History -Id 1).Id
Get-History | Format-Table Id, CommandLine
Clear-History
@(Get-History).Count
