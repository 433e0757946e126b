# Out-String makes one string; every line ends with a line break.
$text = 1, 'two' | Out-String
$text.Length
"[$text]"
$table = [pscustomobject]@{ a = 1 } | Out-String
($table -split "`n").Count
