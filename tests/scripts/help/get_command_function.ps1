# Functions are commands too; wildcards and -CommandType narrow the search.
function Show-Thing { param([string]$Name) "thing $Name" }
filter Show-Other { $_ }
Get-Command Show-*
Get-Command -Name Show-* -CommandType Filter | Select-Object -ExpandProperty Name
(Get-Command Show-Thing).Definition -replace '^\s+|\s+$'
