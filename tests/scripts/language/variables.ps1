
$x = 1
$X
${my var} = 'braced'
${my var}
$a_b = 2
$a_b
$x = $null
$null -eq $x
$undefined -eq $null
$n1, $n2 = 1, 2
"$n1 $n2"
$first, $rest = 1, 2, 3
$first
$rest -join ','
