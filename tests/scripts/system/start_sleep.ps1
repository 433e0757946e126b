$watch = [System.Diagnostics.Stopwatch]::StartNew()
Start-Sleep -Milliseconds 120
Start-Sleep 0.1
Start-Sleep -Duration ([timespan]"00:00:00.05")
sleep -Seconds 0
$watch.Stop()
$watch.ElapsedMilliseconds -ge 200
$watch.ElapsedMilliseconds -lt 5000
"awake"
