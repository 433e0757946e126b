New-Item -ItemType Directory a/b/c -Force | Out-Null
Set-Content a/b/c/deep.txt x
Get-ChildItem a -Depth 0 -Name
"--"
Get-ChildItem a -Depth 1 -Name
"--"
Get-ChildItem a -Recurse -Name
