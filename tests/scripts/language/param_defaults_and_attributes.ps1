
function Get-Area {
  [CmdletBinding()]
  param(
    [Parameter(Mandatory = $true)]
    [double]$Width,

    [double]$Height = $Width * 2
  )
  $Width * $Height
}
Get-Area -Width 3
Get-Area 2 5
function Show-Count([int]$Count = 1 + 1, [string[]]$Names = @('a', 'b')) { "$Count $($Names -join '/')" }
Show-Count
Show-Count 5 x
