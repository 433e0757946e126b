'alpha', 'beta' | Tee-Object -FilePath tee.txt | ForEach-Object { $_.Length }
Get-Content tee.txt
'gamma' | Tee-Object -FilePath tee.txt -Append | Out-Null
(Get-Content tee.txt).Count
