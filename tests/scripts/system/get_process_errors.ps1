try {
    Get-Process -Name no_such_process_xyz -ErrorAction Stop
} catch {
    $_.Exception.Message
    $_.FullyQualifiedErrorId
}
try {
    Get-Process -Id 2147483647 -ErrorAction Stop
} catch {
    $_.Exception.Message
    $_.FullyQualifiedErrorId
}
@(Get-Process -Name no_such_process_*).Count
