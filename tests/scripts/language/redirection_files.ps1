
'line1' > out.txt
'line2' >> out.txt
Get-Content out.txt
'over' > out.txt
Get-Content out.txt
Get-Item /nope 2> $null
'suppressed'
'to null' > $null
$null = 'discarded'
Write-Output 'x' | Out-Null
Get-Item /nope 2> err.txt
(Get-Content err.txt | Measure-Object).Count -gt 0
