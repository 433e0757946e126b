[ordered]@{
    Name    = 'pshell'
    Count   = 3
    Ratio   = 0.5
    Whole   = 2.0
    Enabled = $true
    Nothing = $null
    Tags    = @('a', 'b')
    Empty   = @()
    Nested  = [ordered]@{ Inner = 'x'; List = @(1) }
} | ConvertTo-Json
