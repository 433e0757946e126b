1..3 | Tee-Object -Variable saved | ForEach-Object { $_ * 10 }
'--'
$saved -join ','
'--'
'one' | Tee-Object -Variable single | Out-Null
$single
