New-Item -ItemType Directory full | Out-Null
Set-Content full/inside.txt x
$here = (Get-Location).Path
try {
    Remove-Item full -ErrorAction Stop
} catch {
    $_.Exception.Message.Replace($here, "<cwd>")
}
Test-Path full/inside.txt
try {
    Remove-Item /nonexistent/gone.txt -ErrorAction Stop
} catch {
    $_.Exception.Message
    $_.FullyQualifiedErrorId
}
Remove-Item nothing*.txt
"done"
