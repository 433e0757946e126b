
Get-Item /nope1
'continues'
$?
Write-Error 'custom error'
'after write-error'
