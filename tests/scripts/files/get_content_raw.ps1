Set-Content r.txt "a", "b"
$raw = Get-Content r.txt -Raw
$raw.Length
$raw -eq "a`nb`n"
(Get-Content r.txt -Raw | Measure-Object).Count
Set-Content empty.txt -Value @()
(Get-Item empty.txt).Length
$null -eq (Get-Content empty.txt -Raw)
@(Get-Content empty.txt).Count
