
Write-Output `
  hello
$a = 1 + `
  2
$a
Write-Output first `
  second
