
# a full-line comment
"one" # trailing comment
<# block
comment #> "two"
Write-Output three#notcomment
Write-Output four #comment
<#
  multi-line
  "not output"
#>
"five"
$x = 1 <# inline #> + 2
$x
