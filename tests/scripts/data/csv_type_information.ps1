[pscustomobject]@{ a = 1 } | ConvertTo-Csv -IncludeTypeInformation
[ordered]@{ x = 1; y = 2 } | ConvertTo-Csv
