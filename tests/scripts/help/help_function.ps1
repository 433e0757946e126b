# Help for a function without comment-based help comes from its param block.
function Add-Numbers { param([int]$First, [int]$Second, [switch]$Twice) $First + $Second }
Get-Help Add-Numbers
