Set-Content c.txt "some", "text"
Clear-Content c.txt
(Get-Item c.txt).Length
Test-Path c.txt
try {
    Clear-Content /nonexistent/c.txt -ErrorAction Stop
} catch {
    $_.Exception.Message
}
