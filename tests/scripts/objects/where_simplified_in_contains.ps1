$items = @(
    [pscustomobject]@{ Name = 'a'; Tags = @('x', 'y') }
    [pscustomobject]@{ Name = 'b'; Tags = @('z') }
    [pscustomobject]@{ Name = 'c'; Tags = @() }
)
($items | Where-Object Name -In 'a', 'c').Name
'--'
($items | Where-Object Name -NotIn 'a', 'c').Name
'--'
($items | Where-Object Tags -Contains 'z').Name
'--'
($items | Where-Object Tags -NotContains 'x').Name
