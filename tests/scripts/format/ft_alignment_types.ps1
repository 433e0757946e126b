# Column alignment follows the first object: numbers and booleans right, other values left.
$data = @(
    [pscustomobject]@{ Flag = $true; Count = 3; Ratio = 0.5; Label = 'x'; Missing = $null }
    [pscustomobject]@{ Flag = $false; Count = 12345; Ratio = 12.25; Label = 'longer'; Missing = 1 }
)
$data | Format-Table
