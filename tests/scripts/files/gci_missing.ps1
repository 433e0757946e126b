try {
    Get-ChildItem /nonexistent/dir -ErrorAction Stop
} catch {
    $_.Exception.Message
    $_.FullyQualifiedErrorId
}
Get-ChildItem /nonexistent/dir -ErrorAction SilentlyContinue
"after: $($Error.Count -gt 0)"
