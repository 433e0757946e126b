'apple', 'kiwi' | ForEach-Object Length
'--'
'apple', 'kiwi' | ForEach-Object ToUpper
'--'
'a-b', 'c-d-e' | ForEach-Object Split '-'
'--'
[pscustomobject]@{ Name = 'x'; Tags = 'p', 'q' } | ForEach-Object -MemberName Tags
