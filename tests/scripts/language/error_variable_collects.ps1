Get-Item /nope1, /nope2 -ErrorVariable e -ErrorAction SilentlyContinue
"errors: $($e.Count)"
Get-Item /nope3 -ErrorVariable +e -ErrorAction SilentlyContinue
"added: $($e.Count)"
Get-Item /nope4 -ErrorVariable e -ErrorAction SilentlyContinue
"fresh: $($e.Count)"
