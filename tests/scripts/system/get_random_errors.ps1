try {
    Get-Random -Minimum 10 -Maximum 5 -ErrorAction Stop
} catch {
    $_.Exception.Message
    $_.FullyQualifiedErrorId
}
try {
    Get-Random -Minimum 3 -Maximum 3
} catch {
    $_.Exception.Message
}
