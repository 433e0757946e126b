# Disconnected sessions: PowerShell's about_Remote_Disconnected_Sessions, walked through on
# this computer. Run it with:  pshell examples/disconnected-sessions.ps1
#
# A session (PSSession) lives in this account's session host, not in the shell that made it,
# so it outlives that shell. localhost reaches the session host directly (it starts on
# demand): no sshd is needed. The walk-through plays two clients: this script, and a second
# pshell process that it starts for a few steps.

$ErrorActionPreference = 'Stop'

function Show-Step([string]$Title, [string]$Text) {
    Write-Host "`n== $Title ==" -ForegroundColor Cyan
    Write-Host $Text
}

# The second client is another pshell process. [Environment]::ProcessPath is the Python
# interpreter that runs this shell, so "-m pshell" starts this same pshell, however it was installed.
$python = [Environment]::ProcessPath
function Invoke-SecondClient([string]$Script) {
    & $python -m pshell -NoProfile -c $Script
    if ($LASTEXITCODE -ne 0) { throw "The second client failed (exit code $LASTEXITCODE)." }
}

# Start clean: remove the sessions an earlier, interrupted run may have left behind.
Get-PSSession -ComputerName localhost -Name Demo, DemoJob, DemoOptions, DemoDrop -ErrorAction Ignore | Remove-PSSession

Show-Step 'New-PSSession' 'Creates a session in the session host. It is Opened and Available: connected to this shell, idle.'
$s = New-PSSession -ComputerName localhost -Name Demo
$s
Invoke-Command -Session $s { $counter = 1 }   # the session keeps its variables between commands

Show-Step 'Get-PSSession -ComputerName localhost' 'Asks the computer for every session of this account; one this shell holds comes back as the same object.'
Get-PSSession -ComputerName localhost

Show-Step 'Get-PSSession' 'Without parameters: the sessions this shell created or connected, wherever they live.'
Get-PSSession

Show-Step 'A second client looks' 'State is relative to the client that asks: Disconnected (not connected to it) and Busy (connected to another client).'
Invoke-SecondClient @'
Get-PSSession -ComputerName localhost -Name Demo
try { Connect-PSSession -ComputerName localhost -Name Demo -ErrorAction Stop }
catch { "Connect-PSSession refused: $_" }
'@

Show-Step 'Disconnect-PSSession' 'Disconnects with an idle timeout of one hour and Drop buffering. The session stays in the session host; its idle clock starts.'
Get-PSSession -ComputerName localhost -Name Demo | Disconnect-PSSession -IdleTimeoutSec 3600 -OutputBufferingMode Drop
"IdleTimeout:         $($s.IdleTimeout) ms"
"OutputBufferingMode: $($s.OutputBufferingMode)"
"DisconnectedOn:      $($s.DisconnectedOn)"
"ExpiresOn:           $($s.ExpiresOn)   (DisconnectedOn + $(($s.ExpiresOn - $s.DisconnectedOn).TotalHours) hour)"

Show-Step 'The second client connects' 'Availability None: connected to nobody, so any client of this account may connect. The session kept its variables.'
Invoke-SecondClient @'
Get-PSSession -ComputerName localhost -Name Demo
$d = Connect-PSSession -ComputerName localhost -Name Demo
$d
Invoke-Command -Session $d { $counter += 1; "counter is now $counter" }
# A client that exits removes the idle sessions connected to it: hand this one back first.
Disconnect-PSSession -Session $d | Out-Null
'@

Show-Step 'Connect-PSSession' 'Back in this shell: the same object is Opened and Available again.'
Connect-PSSession -Session $s
Invoke-Command -Session $s { "counter is $counter" }

Show-Step 'Invoke-Command -InDisconnectedSession' 'Creates a session, starts the command and disconnects at once: no output comes back, only the session.'
$progress = Join-Path ([IO.Path]::GetTempPath()) "pshell-demo-$PID.txt"
Invoke-Command -ComputerName localhost -InDisconnectedSession -SessionName DemoJob -ScriptBlock {
    foreach ($step in 1..5) {
        Start-Sleep -Seconds 1
        "step $step" | Add-Content -Path $using:progress
        [pscustomobject]@{ Step = $step; Time = (Get-Date -Format 'HH:mm:ss') }
    }
}

Show-Step 'It keeps running' 'Nobody is connected, yet the command goes on: watch the file it writes. Its output waits in the session.'
$watch = [Diagnostics.Stopwatch]::StartNew()
do { Start-Sleep -Milliseconds 250 } until ((Get-Content $progress -ErrorAction Ignore).Count -ge 2 -or $watch.Elapsed.TotalSeconds -gt 30)
"Written while disconnected: $((Get-Content $progress) -join ', ')"
Get-PSSession -ComputerName localhost -Name DemoJob

Show-Step 'The second client receives' 'Receive-PSSession connects, returns the output kept so far, and streams the rest until the command ends.'
Invoke-SecondClient @'
Get-PSSession -ComputerName localhost -Name DemoJob
Receive-PSSession -ComputerName localhost -Name DemoJob | Format-Table Step, Time, PSComputerName
Get-PSSession -Name DemoJob | Remove-PSSession
'@

Show-Step 'Idle timeouts and output buffering' 'A new session takes them from -SessionOption, else from $PSSessionOption, else from its session configuration, which the computer keeps (only root changes them).'
Get-PSSessionConfiguration | Format-Table Name, IdleTimeoutMs, MaxIdleTimeoutMs, OutputBufferingMode
$PSSessionOption = New-PSSessionOption -IdleTimeoutMSec 172800000
$p = New-PSSession -Name DemoOptions
"From `$PSSessionOption: IdleTimeout $($p.IdleTimeout) ms (48 hours), OutputBufferingMode $($p.OutputBufferingMode) (the configuration's)"
$o = New-PSSessionOption -OutputBufferingMode Drop
$t = New-PSSession -Name DemoDrop -SessionOption $o
"From -SessionOption:   IdleTimeout $($t.IdleTimeout) ms (the configuration's: the option replaces `$PSSessionOption), OutputBufferingMode $($t.OutputBufferingMode)"
Remove-PSSession $p, $t
Remove-Variable PSSessionOption

Show-Step 'Remove-PSSession' 'Ends the sessions in the session host. Nothing of this walk-through is left.'
Remove-PSSession -Session $s
Remove-Item $progress
"Demo sessions left on localhost: $(@(Get-PSSession -ComputerName localhost -Name Demo, DemoJob -ErrorAction Ignore).Count)"
