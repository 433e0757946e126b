Set-Content n.txt (1..5)
$chunks = Get-Content n.txt -ReadCount 2
$chunks.Count
$chunks[0] -join ","
$chunks[2] -join ","
$all = Get-Content n.txt -ReadCount 0
$all.Count
