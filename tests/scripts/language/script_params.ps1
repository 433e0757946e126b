
param($First = 'default')
"First=$First"
"args=$($args.Count)"
Set-Content -Path sub.ps1 -Value 'param($A, $B) "A=$A B=$B rest=$($args -join ",")"'
& ./sub.ps1 1 2 3 4
./sub.ps1 -B x -A y
Set-Content -Path argsonly.ps1 -Value '"n=$($args.Count) first=$($args[0])"'
./argsonly.ps1 p q
