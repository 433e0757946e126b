$users = @(
    [pscustomobject]@{ Name = 'ann'; Enabled = $true }
    [pscustomobject]@{ Name = 'bob'; Enabled = $false }
    [pscustomobject]@{ Name = 'cy' }
)
($users | Where-Object Enabled).Name
'--'
($users | Where-Object -Not Enabled).Name
'--'
('', 'x', 'yy' | Where-Object Length) -join ','
