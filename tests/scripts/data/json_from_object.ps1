$o = '{"name":"pshell","count":3,"ratio":0.25,"ok":true,"none":null,"tags":["a","b"],"inner":{"x":1}}' | ConvertFrom-Json
$o.name
$o.count + 1
$o.inner.x
$o.tags -join ','
$o
