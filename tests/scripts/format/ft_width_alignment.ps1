# A width on the first column keeps the declared widths; Alignment moves a column's text.
$rows = [pscustomobject]@{ Id = 7; Name = 'seven' }, [pscustomobject]@{ Id = 12; Name = 'twelve' }
$rows | Format-Table @{ Name = 'Id'; Expression = { $_.Id }; Width = 6; Alignment = 'Left' },
    @{ Name = 'Name'; Expression = { $_.Name }; Width = 8; Alignment = 'Right' }
