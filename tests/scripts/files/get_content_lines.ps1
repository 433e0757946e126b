Set-Content poem.txt "one", "two", "three", "four"
Get-Content poem.txt
"--"
Get-Content poem.txt -TotalCount 2
"--"
Get-Content poem.txt -Head 1
"--"
Get-Content poem.txt -Tail 2
"--"
(Get-Content poem.txt).Count
(Get-Content poem.txt)[2]
cat poem.txt -First 1
