try {
    Get-Item /nonexistent/file.txt -ErrorAction Stop
} catch {
    $_.Exception.Message
    $_.FullyQualifiedErrorId
}
