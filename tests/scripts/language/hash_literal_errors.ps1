
$h = @{ a = 1 }
'next'
$h = @{ $undefinedKey = 1 }
'end'
