
$r = & { 'out'; Write-Error 'err' } 2>&1
$r.Count
$r[0]
$r[1] -is [System.Management.Automation.ErrorRecord]
"$($r[1])"
& { 'a'; Get-Item /nope } *> all.txt
(Get-Content all.txt)[0]
function Both { 'o1'; Write-Error 'e1'; 'o2' }
$only = Both 2> $null
$only -join ','
