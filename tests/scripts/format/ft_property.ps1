# -Property picks columns by name or wildcard, in the order given.
$item = [pscustomobject]@{ Name = 'report'; Length = 2048; Kind = 'file'; Owner = 'ann' }
$item | Format-Table Kind, Name
$item | Format-Table -Property Name, *er
