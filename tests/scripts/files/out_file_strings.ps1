"alpha", "beta" | Out-File words.txt
Get-Content words.txt
"gamma" | Out-File words.txt -Append
(Get-Content words.txt) -join ","
"x", "y" | Out-File flat.txt -NoNewline
Get-Content flat.txt
$null | Out-File empty.txt
(Get-Item empty.txt).Length
42 | Out-File -FilePath num.txt
(Get-Item num.txt).Length
