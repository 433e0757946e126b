$total = 0
1..5 | % { $total += $_ }
$total
'--'
$names = @()
'x', 'y' | foreach { $names += $_.ToUpper() }
$names -join '+'
'--'
ForEach-Object { 'no input runs once' }
