(Compare-Object 1, 2, 3 2, 3, 4 -IncludeEqual | ForEach-Object { "$($_.InputObject)$($_.SideIndicator)" }) -join ' '
(Compare-Object 1, 2, 3 2, 3, 4 -ExcludeDifferent | ForEach-Object { "$($_.InputObject)$($_.SideIndicator)" }) -join ' '
$a = [pscustomobject]@{ Name = 'x'; V = 1 }, [pscustomobject]@{ Name = 'y'; V = 2 }
$b = [pscustomobject]@{ Name = 'x'; V = 5 }, [pscustomobject]@{ Name = 'z'; V = 2 }
(Compare-Object $a $b -Property Name | ForEach-Object { "$($_.Name)$($_.SideIndicator)" }) -join ' '
