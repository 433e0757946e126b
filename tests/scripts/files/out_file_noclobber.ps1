Set-Content keep.txt "original"
$here = (Get-Location).Path
try {
    "new" | Out-File keep.txt -NoClobber -ErrorAction Stop
} catch {
    $_.Exception.Message.Replace($here, "<cwd>")
    $_.FullyQualifiedErrorId
}
Get-Content keep.txt
