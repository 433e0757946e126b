New-Item -ItemType Directory data | Out-Null
Set-Content data/x.csv 1
Set-Content data/y.csv 2
Resolve-Path data/*.csv -Relative
(Resolve-Path data).Path -eq (Join-Path (Get-Location).Path data)
Set-Location data
Resolve-Path ../data/x.csv -Relative
try {
    Resolve-Path /nonexistent/thing -ErrorAction Stop
} catch {
    $_.Exception.Message
    $_.FullyQualifiedErrorId
}
