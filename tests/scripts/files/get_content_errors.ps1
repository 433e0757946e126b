try {
    Get-Content /nonexistent/missing.txt -ErrorAction Stop
} catch {
    $_.Exception.Message
    $_.FullyQualifiedErrorId
}
try {
    Get-Content / -ErrorAction Stop
} catch {
    $_.Exception.Message
}
Get-Content nothing*.txt
"done"
