# A tour of pshell: PowerShell's language and pipeline, on Linux or macOS.
# Run it with:  pshell examples/tour.ps1

Write-Host "`n== Argument mode and expression mode ==" -ForegroundColor Cyan
Write-Output 1+2            # a bare word: the string '1+2'
Write-Output (1+2)          # parentheses: an expression, 3
"Five squared is $(5 * 5)"

Write-Host "`n== Objects, not text ==" -ForegroundColor Cyan
$servers = @(
    [pscustomobject]@{ Name = 'web01'; Role = 'Web'; CpuPercent = 72 }
    [pscustomobject]@{ Name = 'web02'; Role = 'Web'; CpuPercent = 35 }
    [pscustomobject]@{ Name = 'db01';  Role = 'Database'; CpuPercent = 91 }
)
$servers | Where-Object CpuPercent -gt 50 | Sort-Object CpuPercent -Descending
$servers | Group-Object Role | Select-Object Name, Count

Write-Host "`n== Pipelines stream ==" -ForegroundColor Cyan
1..100000000 | Select-Object -First 3      # returns at once

Write-Host "`n== Functions with parameters ==" -ForegroundColor Cyan
function Get-Greeting {
    param(
        [Parameter(Mandatory)][string]$Name,
        [ValidateSet('Hello', 'Hi')][string]$Word = 'Hello'
    )
    "$Word, $Name!"
}
Get-Greeting -Name World
Get-Greeting World -Word Hi

Write-Host "`n== Errors you can catch ==" -ForegroundColor Cyan
try {
    Get-Greeting -Name Ann -Word Howdy
} catch {
    "Caught: $($_.FullyQualifiedErrorId)"
}

Write-Host "`n== Native programs join the pipeline ==" -ForegroundColor Cyan
uname -s | ForEach-Object { "This is $_" }

Write-Host "`n== Data ==" -ForegroundColor Cyan
$servers | Select-Object -First 1 | ConvertTo-Json
