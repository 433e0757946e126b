"""Stop-Job and Remove-Job on remote jobs: a stopped job's command really stops in its session
(the file it would write later never appears, and the session is free for the next command),
a Disconnected job is connected again to be stopped, and an unfinished job is removed only
with -Force."""

from __future__ import annotations

from pathlib import Path

from client_helpers import Clients, clients, one_line  # noqa: F401 - the fixture
from job_helpers import PRELUDE

NOT_FINISHED = ("Remove-Job: The command cannot remove the job with the job ID {id} because the job is not finished. "
                "To remove the job, first stop the job, or use the Force parameter.")
NOT_FINISHED_ID = "JobObjectNotFinishedCannotBeRemoved,Microsoft.PowerShell.Commands.RemoveJobCommand"


def slow_command(late: Path) -> str:
    """A command that says it started, then, much later, writes a file and says more."""
    return f"'started'; Start-Sleep -Seconds 60; Set-Content -Path '{late}' -Value late; 'never'"


def test_stop_job_stops_the_command_in_its_session(clients: Clients, tmp_path: Path) -> None:
    late = tmp_path / "late"
    result = clients.ok(PRELUDE + f"""
$s = New-PSSession -ComputerName localhost -Name St
$j = Invoke-Command -Session $s -ScriptBlock {{ {slow_command(late)} }} -AsJob
Wait-Until {{ $j.ChildJobs[0].Output.Count -ge 1 }}
Stop-Job $j
"state=$($j.State) child=$($j.ChildJobs[0].State) late=$(Test-Path '{late}')"
"session=$($s.State)/$($s.Availability)"
Invoke-Command -Session $s {{ 'the session runs the next command' }}
"late=$(Test-Path '{late}')"
'#received'
Receive-Job $j
"more=$($j.HasMoreData)"
""")
    assert result.lines == [
        "state=Stopped child=Stopped late=False",
        "session=Opened/Available",
        "the session runs the next command",  # commands run one at a time: the stopped one has ended
        "late=False",
        "#received", "started",  # the job keeps what it had; nothing after the stop
        "more=False"], result.describe()
    assert not late.exists()


def test_stop_job_of_a_disconnected_job_connects_to_stop_it(clients: Clients, tmp_path: Path) -> None:
    late = tmp_path / "late"
    result = clients.ok(PRELUDE + f"""
$s = New-PSSession -ComputerName localhost -Name Sd
$j = Invoke-Command -Session $s -ScriptBlock {{ {slow_command(late)} }} -AsJob
Wait-Until {{ $j.ChildJobs[0].Output.Count -ge 1 }}
Disconnect-PSSession $s | Out-Null
"before=$($j.State)"
Stop-Job $j
"after=$($j.State) session=$($s.State)/$($s.Availability)"
Invoke-Command -Session $s {{ 'the session runs the next command' }}
"late=$(Test-Path '{late}')"
'#received'
Receive-Job $j
""")
    assert result.lines == [
        "before=Disconnected",
        "after=Stopped session=Opened/Available",  # connected again (to stop the command), and free
        "the session runs the next command",
        "late=False",
        "#received", "started"], result.describe()
    assert not late.exists()


def test_remove_job_of_an_unfinished_job_needs_force(clients: Clients) -> None:
    result = clients.run(PRELUDE + """
$s = New-PSSession -ComputerName localhost -Name Running
$t = New-PSSession -ComputerName localhost -Name Parked
$r = Invoke-Command -Session $s -ScriptBlock { 'r'; while ($true) { Start-Sleep -Milliseconds 100 } } -AsJob
$d = Invoke-Command -Session $t -ScriptBlock { 'd'; while ($true) { Start-Sleep -Milliseconds 100 } } -AsJob
Wait-Until { $r.ChildJobs[0].Output.Count -ge 1 -and $d.ChildJobs[0].Output.Count -ge 1 }
Disconnect-PSSession $t | Out-Null
Remove-Job $r
"running: jobs=$(@(Get-Job).Count) state=$($r.State) error=$($Error[0].FullyQualifiedErrorId)"
Remove-Job -Id $d.Id
"disconnected: jobs=$(@(Get-Job).Count) state=$($d.State) error=$($Error[0].FullyQualifiedErrorId)"
Remove-Job $r -Force
"forced running: jobs=$(@(Get-Job).Count) state=$($r.State)"
Remove-Job $d -Force
"forced disconnected: jobs=$(@(Get-Job).Count) state=$($d.State)"
'#get-job'
Get-Job
'#end'
Invoke-Command -Session $s { 'the session runs the next command' }
""")
    assert result.code == 0, result.describe()
    assert result.lines == [
        f"running: jobs=2 state=Running error={NOT_FINISHED_ID}",
        f"disconnected: jobs=2 state=Disconnected error={NOT_FINISHED_ID}",
        "forced running: jobs=1 state=Stopped",
        "forced disconnected: jobs=0 state=Stopped",
        "#get-job", "#end",
        "the session runs the next command"], result.describe()
    err = one_line(result.err)
    assert err == " ".join([NOT_FINISHED.format(id=1), NOT_FINISHED.format(id=3)]), result.describe()
