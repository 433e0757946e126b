Set-Content report.final.txt "12345" -NoNewline
$f = Get-Item report.final.txt
$f.Name
$f.BaseName
$f.Extension
$f.Length
$f.PSIsContainer
$f.Exists
$f.FullName -eq (Join-Path (Get-Location).Path report.final.txt)
$f.DirectoryName -eq (Get-Location).Path
$f -is [System.IO.FileInfo]
$f.UnixMode.Length
