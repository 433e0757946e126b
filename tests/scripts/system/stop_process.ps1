$p = Start-Process sleep -ArgumentList 30 -PassThru
$p.HasExited
Stop-Process -Id $p.Id
$p.WaitForExit(5000)
$p.HasExited
$q = Start-Process sleep -ArgumentList 30 -PassThru
$q | Stop-Process -PassThru | ForEach-Object { $_.Id -eq $q.Id }
$q.WaitForExit(5000)
try {
    Stop-Process -Id 2147483647 -ErrorAction Stop
} catch {
    $_.Exception.Message
    $_.FullyQualifiedErrorId
}
