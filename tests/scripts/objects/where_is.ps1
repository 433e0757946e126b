1, 'two', 3.5, $true | Where-Object { $_ -is [int] }
'--'
(1, 'two', 3 | ForEach-Object { [pscustomobject]@{ V = $_ } } | Where-Object V -Is [string]).V
