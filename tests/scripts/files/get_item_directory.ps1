New-Item -ItemType Directory box | Out-Null
$d = Get-Item box
$d.Name
$d.PSIsContainer
$d -is [System.IO.DirectoryInfo]
$d.Parent.FullName -eq (Get-Location).Path
$d.UnixMode.Substring(0, 1)
$d.Mode
