Set-Content a.txt "from a"
Set-Content b.txt "from b"
Get-ChildItem *.txt | Get-Content
"--"
Get-Content a.txt, b.txt
