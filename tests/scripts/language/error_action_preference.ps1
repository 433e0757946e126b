
$ErrorActionPreference = 'Stop'
try { Get-Item /nope; 'not here' } catch { "caught: $($_.FullyQualifiedErrorId)" }
$ErrorActionPreference = 'SilentlyContinue'
Get-Item /nope
'silent'
$ErrorActionPreference = 'Continue'
Get-Item /nope -ErrorAction Ignore
'ignored'
