# -GroupBy starts a new table whenever the value changes (the input is not sorted for you).
$people = @(
    [pscustomobject]@{ Team = 'red'; Name = 'ann' }
    [pscustomobject]@{ Team = 'red'; Name = 'bob' }
    [pscustomobject]@{ Team = 'blue'; Name = 'cy' }
)
$people | Format-Table Name -GroupBy Team
