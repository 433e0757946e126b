Set-Content taken.txt old
$here = (Get-Location).Path
try {
    New-Item taken.txt -ErrorAction Stop
} catch {
    $_.Exception.Message.Replace($here, "<cwd>")
    $_.FullyQualifiedErrorId
}
New-Item -ItemType Directory dir | Out-Null
try {
    New-Item -ItemType Directory dir -ErrorAction Stop
} catch {
    $_.Exception.Message.Replace($here, "<cwd>")
    $_.FullyQualifiedErrorId
}
New-Item taken.txt -Value new -Force | Out-Null
Get-Content taken.txt
