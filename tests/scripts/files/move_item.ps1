Set-Content a.txt "moved"
Move-Item a.txt b.txt
Test-Path a.txt
Get-Content b.txt
New-Item -ItemType Directory target | Out-Null
Move-Item b.txt target
(Get-ChildItem target).Name
Set-Content c.txt c
Set-Content target/c.txt other
try {
    Move-Item c.txt target -ErrorAction Stop
} catch {
    $_.Exception.Message
}
Move-Item c.txt target/c.txt -Force
Get-Content target/c.txt
New-Item -ItemType Directory d1 | Out-Null
Move-Item d1 d2
Test-Path d2 -PathType Container
