$people = @(
    [pscustomobject]@{ Name = 'Cy'; Dept = 'ops'; Age = 30 }
    [pscustomobject]@{ Name = 'Al'; Dept = 'dev'; Age = 41 }
    [pscustomobject]@{ Name = 'Bo'; Dept = 'ops'; Age = 25 }
    [pscustomobject]@{ Name = 'Di'; Dept = 'dev'; Age = 35 }
)
$people | Sort-Object Dept, Name | ForEach-Object { "$($_.Dept) $($_.Name)" }
'--'
$people | Sort-Object Age -Descending | ForEach-Object Name
'--'
$people | Sort-Object { $_.Name.Length + $_.Age } | ForEach-Object Name
