
Write-Output ok | Out-Null
$?
Get-Item /does/not/exist -ErrorAction SilentlyContinue
$?
$true
$?
sh -c 'exit 1'
$?
