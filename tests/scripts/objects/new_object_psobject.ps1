$o = New-Object PSObject -Property ([ordered]@{ Name = 'x'; Size = 3 })
$o.Name
$o.Size
$o.GetType().FullName
$o | Select-Object Name, Size
