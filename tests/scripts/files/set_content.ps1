Set-Content out.txt "first"
Set-Content out.txt "second"
Get-Content out.txt
1..3 | Set-Content nums.txt
(Get-Content nums.txt) -join "+"
(Get-Item nums.txt).Length
Set-Content joined.txt "a", "b" -NoNewline
Get-Content joined.txt
(Get-Item joined.txt).Length
Set-Content -Path obj.txt -Value $true, 4.5, $null, "x"
(Get-Content obj.txt) -join "|"
