# Groups in a list are separated by two blank lines.
1..3 | ForEach-Object { [pscustomobject]@{ Odd = $_ % 2 -eq 1; N = $_ } } | Format-List N -GroupBy Odd
