$obj = [pscustomobject]@{ Text = "two`nlines"; Quote = 'a "b" c'; Comma = 'x,y' }
$obj | Export-Csv special.csv
$back = Import-Csv special.csv
$back.Text -eq $obj.Text
$back.Quote
$back.Comma
