
$Error.Count
Get-Item /nope -ErrorAction SilentlyContinue
$Error.Count
$Error[0].FullyQualifiedErrorId
try { throw 'second' } catch { }
$Error.Count
$Error[0].Exception.Message
