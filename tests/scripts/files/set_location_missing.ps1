try {
    Set-Location /nope -ErrorAction Stop
} catch {
    $_.Exception.Message
    $_.FullyQualifiedErrorId
}
Set-Content plain.txt x
$here = (Get-Location).Path
try {
    Set-Location plain.txt -ErrorAction Stop
} catch {
    $_.Exception.Message.Replace($here, "<cwd>")
}
(Get-Location).Path -eq $here
