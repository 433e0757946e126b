Set-Content old.txt x
Rename-Item old.txt new.txt
(Get-ChildItem).Name
(Rename-Item new.txt final.txt -PassThru).Name
Set-Content other.txt y
try {
    Rename-Item other.txt final.txt -ErrorAction Stop
} catch {
    $_.Exception.Message
    $_.FullyQualifiedErrorId
}
try {
    Rename-Item other.txt sub/moved.txt -ErrorAction Stop
} catch {
    $_.Exception.Message
}
