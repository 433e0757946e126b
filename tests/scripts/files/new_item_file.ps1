New-Item -ItemType File empty.txt | Out-Null
(Get-Item empty.txt).Length
$f = New-Item greeting.txt -Value "Hello, world"
$f.Name
$f.Length
Get-Content greeting.txt
New-Item -Path sub -Name inside.txt -ItemType File -Force | ForEach-Object Name
Test-Path sub/inside.txt
