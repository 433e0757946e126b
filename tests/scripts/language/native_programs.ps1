
printf 'a\nb\n'
$lines = printf 'x\ny\n'
$lines.Count
$lines[1]
$lines[0] -is [string]
printf 'c\nd\n' | ForEach-Object { "got $_" }
'piped' | tr a-z A-Z
'b', 'a' | /usr/bin/sort
