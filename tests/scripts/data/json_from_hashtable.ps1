$h = '{"b":1,"a":{"c":[1,2]}}' | ConvertFrom-Json -AsHashtable
$h['b']
$h.a.c -join ','
$h -is [hashtable]
$h.a -is [hashtable]
