$here = (Get-Location).Path
try {
    Set-Content nodir/file.txt "x" -ErrorAction Stop
} catch {
    $_.Exception.Message.Replace($here, "<cwd>")
}
Test-Path nodir
