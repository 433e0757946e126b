# The default help view of a cmdlet.
Get-Help New-Alias
