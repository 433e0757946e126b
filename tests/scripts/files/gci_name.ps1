New-Item -ItemType Directory zeta | Out-Null
New-Item -ItemType File beta.txt, Alpha.txt | Out-Null
Get-ChildItem -Name
