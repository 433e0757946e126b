$items = 1..6 | ForEach-Object { [pscustomobject]@{ N = $_ } }
($items | Where-Object N -GT 4).N -join ','
($items | Where-Object N -GE 4).N -join ','
($items | Where-Object N -LT 2).N -join ','
($items | Where-Object N -LE 2).N -join ','
('abc', 'b', 'zz' | Where-Object Length -eq 2) -join ','
