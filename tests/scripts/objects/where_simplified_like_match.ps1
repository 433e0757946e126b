$names = 'Server01', 'server02', 'Client01', 'Sandbox'
$names | ForEach-Object { [pscustomobject]@{ Name = $_ } } | Where-Object Name -like 'S*' | ForEach-Object Name
'--'
$names | ForEach-Object { [pscustomobject]@{ Name = $_ } } | Where-Object Name -CLike 'S*' | ForEach-Object Name
'--'
$names | ForEach-Object { [pscustomobject]@{ Name = $_ } } | Where-Object Name -Match '0\d$' | ForEach-Object Name
'--'
$names | ForEach-Object { [pscustomobject]@{ Name = $_ } } | Where-Object Name -NotLike '*0*' | ForEach-Object Name
