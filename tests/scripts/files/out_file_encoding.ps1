"é" | Out-File ascii.txt -Encoding ascii
Get-Content ascii.txt
"é" | Out-File bom.txt -Encoding utf8BOM
(Get-Item bom.txt).Length
"é" | Out-File nobom.txt -Encoding utf8NoBOM
(Get-Item nobom.txt).Length
"ab" | Out-File wide.txt -Encoding unicode
(Get-Item wide.txt).Length
Get-Content wide.txt
Set-Content le.txt "ab" -Encoding utf32
(Get-Item le.txt).Length
Get-Content le.txt
