# -Property with names, wildcards and calculated properties.
$item = [pscustomobject]@{ Name = 'report'; Length = 2048; Kind = 'file' }
$item | Format-List Kind, Na*
$item | Format-List @{ Name = 'KB'; Expression = { $_.Length / 1KB } }, @{ n = 'Size'; e = { $_.Length }; FormatString = 'N0' }
