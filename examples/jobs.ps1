# Jobs: commands that run while the shell goes on, and the results they keep until you
# collect them. Run it with:  pshell examples/jobs.ps1
#
# Everything happens on this computer: background jobs run in a pshell process of their own,
# remote jobs run in sessions of this account's session host (localhost reaches it directly,
# it starts on demand: no sshd is needed). It takes about fifteen seconds.

$ErrorActionPreference = 'Stop'

function Show-Step([string]$Title, [string]$Text) {
    Write-Host "`n== $Title ==" -ForegroundColor Cyan
    Write-Host $Text
}

# Start clean: remove the sessions an earlier, interrupted run may have left behind.
Get-PSSession -ComputerName localhost -Name JobDemo, Session3 -ErrorAction Ignore | Remove-PSSession

Show-Step 'Start-Job' 'Runs a script block as a background job, in a separate pshell process. The job comes back at once and the shell is free.'
$sum = Start-Job -Name Sum { $total = 0; foreach ($i in 1..300000) { $total += $i }; "The sum of 1..300000 is $total." }
$sum
$count = 0
$until = (Get-Date).AddSeconds(1)
while ((Get-Date) -lt $until) { $count++ }
"Meanwhile this shell counted to $count in one second: the job's work does not hold it up."

Show-Step 'Invoke-Command -AsJob' 'Starts a command in a session as a RemoteJob: it runs in the session host, and the job collects its output here.'
$s = New-PSSession -ComputerName localhost -Name JobDemo
$ticks = Invoke-Command -Session $s -AsJob -JobName Ticks { foreach ($i in 1..10) { "tick $i"; Start-Sleep -Milliseconds 600 } }
$ticks

Show-Step 'Get-Job' "This shell's jobs. A parent job gathers its child jobs (-IncludeChildJob lists them): one per session, or the worker of a background job."
Get-Job
Get-Job -IncludeChildJob | Format-Table Id, Name, PSJobTypeName, State, Location

Show-Step 'Wait-Job' 'Waits until the job is finished (Completed, Failed or Stopped), then writes it.'
Wait-Job $sum

Show-Step 'Receive-Job -Keep' 'Writes the results and keeps them: the second call returns the same data again, and HasMoreData stays True.'
Receive-Job $sum -Keep
Receive-Job $sum -Keep
"HasMoreData: $($sum.HasMoreData)"
$null = Receive-Job $sum
"HasMoreData after a Receive-Job without -Keep: $($sum.HasMoreData)"

Show-Step 'Disconnect-PSSession' 'The remote command goes on in the session host; its job here becomes Disconnected, with its output waiting on the computer.'
Disconnect-PSSession $s
Get-Job -Name Ticks

Show-Step 'Wait-Job on a Disconnected job' 'The job cannot finish until its session is connected again, so Wait-Job warns and returns it at once. -Force would wait; -Timeout gives up.'
Wait-Job $ticks
$waited = @(Wait-Job $ticks -Force -Timeout 1)
"Wait-Job -Force -Timeout 1 wrote $($waited.Count) jobs: on a timeout it writes nothing."

Show-Step 'Connect-PSSession' 'Connecting the session again attaches the job: it is Running once more, and Receive-Job -Wait collects the rest until the command ends.'
Connect-PSSession $s
Get-Job -Name Ticks
Receive-Job $ticks -Wait
"Ticks is $($ticks.State); HasMoreData: $($ticks.HasMoreData)"

Show-Step 'Receive-PSSession -OutTarget Job' 'A command started with -InDisconnectedSession runs with nobody connected. Receive-PSSession -OutTarget Job connects and hands back a job.'
Invoke-Command -ComputerName localhost -InDisconnectedSession -SessionName Session3 -ScriptBlock {
    foreach ($step in 1..5) {
        [pscustomobject]@{ Step = $step; Message = "event $step" }
        Start-Sleep -Milliseconds 600
    }
}
Start-Sleep -Seconds 1
$session3 = Receive-PSSession -ComputerName localhost -Name Session3 -OutTarget Job
$session3
Get-Job | Receive-Job -Keep | Format-Table Step, Message, PSComputerName
$null = Wait-Job $session3
"After Wait-Job, Receive-Job returns everything, since -Keep left it: $((Receive-Job $session3).Step -join ', ')."

Show-Step 'Stop-Job' 'Stops a job: its background process is ended (or its remote command stopped). It keeps the results it has.'
$sleeper = Start-Job -Name Sleeper { Start-Sleep -Seconds 60; 'never written' }
Stop-Job $sleeper
Get-Job -Name Sleeper

Show-Step 'Remove-Job -Force' 'Remove-Job refuses a job that is not finished; -Force stops it first. Removing the sessions ends them in the session host.'
$nap = Invoke-Command -Session $s -AsJob -JobName Nap { Start-Sleep -Seconds 60 }
try { Remove-Job $nap } catch { "Remove-Job refused: $_" }
Get-Job | Remove-Job -Force
Get-PSSession | Remove-PSSession
"Jobs left: $(@(Get-Job).Count). Demo sessions left on localhost: $(@(Get-PSSession -ComputerName localhost -Name JobDemo, Session3 -ErrorAction Ignore).Count)."
