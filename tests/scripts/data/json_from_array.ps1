'[1,2,3]' | ConvertFrom-Json | ForEach-Object { $_ * 2 }
'[1,2,3]' | ConvertFrom-Json | Measure-Object | ForEach-Object Count
'[1,2,3]' | ConvertFrom-Json -NoEnumerate | Measure-Object | ForEach-Object Count
'[]' | ConvertFrom-Json | Measure-Object | ForEach-Object Count
