$lines = '{', '  "a": 1,', '  "b": [true, false]', '}'
($lines | ConvertFrom-Json).b[0]
'{"a":1}', '{"a":2}' | ConvertFrom-Json | ForEach-Object a
