# Invoke-Expression runs text as code in the current scope.
Invoke-Expression '1 + 2'
$code = '$made = "by iex"; $made.Length'
iex $code
$made
'Get-Variable made -ValueOnly', '2 * 21' | Invoke-Expression
