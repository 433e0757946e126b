
1..100000000 | Select-Object -First 3
yes | Select-Object -First 2
$t0 = Get-Date
sh -c 'echo first; sleep 30; echo second' | Select-Object -First 1
((Get-Date) - $t0).TotalSeconds -lt 10
$t0 = Get-Date
sh -c 'echo a; sleep 2; echo b' | ForEach-Object { "$_ after $([int]((Get-Date) - $t0).TotalSeconds)s" }
1..3 | ForEach-Object { "a$_" } | ForEach-Object { "b$_" }
'done'
