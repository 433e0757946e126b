# Help for an unknown name is an error (HelpNotFound).
Get-Help No-SuchCommand -ErrorAction SilentlyContinue
$Error[0].FullyQualifiedErrorId
