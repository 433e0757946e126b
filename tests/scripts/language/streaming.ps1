
1..100000000 | Select-Object -First 3
yes | Select-Object -First 2
sh -c 'echo first; sleep 30; echo second' | Select-Object -First 1
1..3 | ForEach-Object { "a$_" } | ForEach-Object { "b$_" }
'done'
