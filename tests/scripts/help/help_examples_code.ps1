# -Examples shows each example's code; the help text goes through Out-String like any output.
$text = Get-Help Write-Host -Examples | Out-String
$text -like "*Write-Host 'Hello' -ForegroundColor Green*"
$text -like '*Example 1*'
(Get-Help Write-Host).Examples.example.Count -gt 0
