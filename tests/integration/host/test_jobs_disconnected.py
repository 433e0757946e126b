"""Jobs whose session is disconnected: Disconnected with HasMoreData, Wait-Job's warning and
-Force, Receive-Job -Wait stopping at the disconnection, reconnecting (Connect-PSSession,
Receive-PSSession) to carry on, and a session taken over by another client."""

from __future__ import annotations

from pathlib import Path

from client_helpers import Clients, clients, gate, one_line, open_gate  # noqa: F401 - the fixture
from job_helpers import PRELUDE

# the job has collected its first output object (so it is running and streaming to this client)
FIRST_OUTPUT = "Wait-Until { $j.ChildJobs[0].Output.Count -ge 1 }"


def test_disconnected_job_and_wait_job(clients: Clients, tmp_path: Path) -> None:
    go = tmp_path / "go"
    result = clients.ok(PRELUDE + f"""
$s = New-PSSession -ComputerName localhost -Name Dj
$j = Invoke-Command -Session $s -ScriptBlock {{ 'a1'; {gate(go)}; 'a2'; 'a3' }} -AsJob
{FIRST_OUTPUT}
Disconnect-PSSession $s | Out-Null
"state=$($j.State) more=$($j.HasMoreData) child=$($j.ChildJobs[0].State) session=$($s.State)/$($s.Availability)"
Set-Content -Path '{go}' -Value go   # the command goes on, and ends, with nobody connected
$watch = [Diagnostics.Stopwatch]::StartNew()
$w = Wait-Job $j
"wait: id=$($w.Id) at-once=$($watch.Elapsed.TotalSeconds -lt 15) state=$($j.State)"
$w = Wait-Job $j -Force -Timeout 2
"wait-force-timeout: nothing=$($null -eq $w) state=$($j.State)"
Connect-PSSession $s | Out-Null
$w = Wait-Job $j -Timeout 60
"connected: waited=$($w.Id) state=$($j.State) more=$($j.HasMoreData)"
'#received'
Receive-Job $j
"state=$($j.State) more=$($j.HasMoreData) session=$($s.State)/$($s.Availability)"
""")
    lines = result.lines
    assert lines[0] == "state=Disconnected more=True child=Disconnected session=Disconnected/None", result.describe()
    warnings = [line for line in lines if line.startswith("WARNING:")]
    assert len(warnings) == 1 and "Force" in warnings[0] and "Job1" in warnings[0], result.describe()
    assert lines[1:] == [
        warnings[0],
        "wait: id=1 at-once=True state=Disconnected",
        "wait-force-timeout: nothing=True state=Disconnected",  # -Force: no warning; the timeout: nothing
        # connected again: the job carries on, collects what the command made meanwhile, and ends
        "connected: waited=1 state=Completed more=True",
        "#received", "a1", "a2", "a3",
        "state=Completed more=False session=Opened/Available"], result.describe()


def test_receive_job_wait_returns_at_the_disconnection(clients: Clients, tmp_path: Path) -> None:
    go = tmp_path / "go"
    client = clients.start(PRELUDE + f"""
$s = New-PSSession -ComputerName localhost -Name Rw
$j = Invoke-Command -Session $s -ScriptBlock {{ 'a1'; {gate(go)}; 'a2'; 'a3' }} -AsJob
{FIRST_OUTPUT}
Disconnect-PSSession $s | Out-Null
Set-Content -Path '{go}' -Value go
'#receive-while-disconnected'
Receive-Job $j -Wait
"state=$($j.State)"
Connect-PSSession $s | Out-Null
'#receive-after-connect'
Receive-Job $j -Wait
"state=$($j.State) more=$($j.HasMoreData) session=$($s.State)/$($s.Availability)"
""")
    result = client.finish(timeout=30)  # about 2 s; a Receive-Job -Wait that never returns fails here
    assert result.code == 0 and not result.err.strip(), result.describe()
    assert result.lines == [
        "#receive-while-disconnected", "a1", "state=Disconnected",  # returns at the disconnection
        "#receive-after-connect", "a2", "a3", "state=Completed more=False session=Opened/Available"], \
        result.describe()


def test_receive_pssession_returns_the_job_this_client_started(clients: Clients, tmp_path: Path) -> None:
    go = tmp_path / "go"
    result = clients.ok(PRELUDE + f"""
$s = New-PSSession -ComputerName localhost -Name Rj
$j = Invoke-Command -Session $s -ScriptBlock {{ 'r1'; {gate(go)}; 'r2' }} -AsJob
{FIRST_OUTPUT}
Disconnect-PSSession $s | Out-Null
Set-Content -Path '{go}' -Value go
$r = Receive-PSSession $s
"same=$([object]::ReferenceEquals($r, $j)) id=$($r.Id) type=$($r.PSJobTypeName) jobs=$(@(Get-Job).Count)"
Wait-Until {{ $j.State -eq 'Completed' }}
Receive-Job $j
"state=$($j.State) session=$($s.State)/$($s.Availability)"
""")
    assert result.lines == ["same=True id=1 type=RemoteJob jobs=1", "r1", "r2",
                            "state=Completed session=Opened/Available"], result.describe()


def test_wait_job_force_waits_until_the_session_is_connected_again(clients: Clients, tmp_path: Path) -> None:
    go = tmp_path / "go"
    result = clients.ok(PRELUDE + f"""
$s = New-PSSession -ComputerName localhost -Name Wf
$j = Invoke-Command -Session $s -ScriptBlock {{ 'w1'; {gate(go)}; 'w2' }} -AsJob
{FIRST_OUTPUT}
Disconnect-PSSession $s | Out-Null
$tries = 0
while (-not ($done = Wait-Job $j -Force -Timeout 1)) {{
    $tries++
    "try $tries $($j.State)"
    if ($tries -eq 2) {{ Connect-PSSession $s | Out-Null; Set-Content -Path '{go}' -Value go }}
    if ($tries -gt 60) {{ throw 'the job never finished' }}
}}
"done=$($done.Id) state=$($j.State) after-connect=$($tries -ge 2)"
Receive-Job $j
""")
    lines = result.lines
    # -Force: no warning, no early return while the job is Disconnected
    assert lines[:2] == ["try 1 Disconnected", "try 2 Disconnected"], result.describe()
    assert not any(line.startswith("WARNING:") for line in lines), result.describe()
    assert lines[-3:] == ["done=1 state=Completed after-connect=True", "w1", "w2"], result.describe()


def test_session_taken_over_by_another_client(clients: Clients, tmp_path: Path) -> None:
    """Client A starts a job and disconnects; client B connects to the session and receives the
    rest. A's job cannot reconnect while B has the session: Connect-PSSession fails
    (PSSessionConnectFailed), the session is Disconnected/Busy for A, and A's job stays
    Disconnected with what it had collected; Wait-Job returns it at once, Receive-Job gives what
    it had, and only Remove-Job -Force removes it."""
    go, a_go, b_go = tmp_path / "go", tmp_path / "a-go", tmp_path / "b-go"
    a = clients.start(PRELUDE + f"""
$s = New-PSSession -ComputerName localhost -Name Shared
$j = Invoke-Command -Session $s -ScriptBlock {{ 'seen by A'; {gate(go)}; 'seen by B' }} -AsJob
{FIRST_OUTPUT}
Disconnect-PSSession $s | Out-Null
"A:disconnected $($j.State)"
{gate(a_go)}
'#connect'
$c = Connect-PSSession $s
"A:connected=$($null -ne $c) session=$($s.State)/$($s.Availability) job=$($j.State) more=$($j.HasMoreData)"
"A:error=$($Error[0].FullyQualifiedErrorId)"
$w = Wait-Job $j
"A:waited=$($w.Id) state=$($j.State)"
Receive-Job $j | ForEach-Object {{ "A:got $_" }}
Remove-Job $j
"A:jobs=$(@(Get-Job).Count)"
Remove-Job $j -Force
"A:jobs=$(@(Get-Job).Count)"
""")
    a.wait_line("A:disconnected Disconnected")
    b = clients.start(f"""
$s = Connect-PSSession -ComputerName localhost -Name Shared
"B:connected $($s.State)/$($s.Availability)"
Receive-PSSession $s | ForEach-Object {{ "B:got $_ @ $($_.PSComputerName)" }}
'B:received'
{gate(b_go)}
""")
    b.wait_line("B:connected Opened/Busy")  # the command is still running (waiting for the gate)
    open_gate(go)
    b.wait_line("B:received")
    open_gate(a_go)
    result = a.finish()
    open_gate(b_go)
    b_result = b.finish()
    assert b_result.code == 0 and not b_result.err.strip(), b_result.describe()
    # B gets what was not delivered yet; A's job had already collected the first object
    assert [line for line in b_result.lines if line.startswith("B:got")] == ["B:got seen by B @ localhost"], \
        b_result.describe()

    assert result.code == 0, result.describe()
    lines = result.lines
    assert lines[lines.index("#connect") + 1:lines.index("#connect") + 3] == [
        "A:connected=False session=Disconnected/Busy job=Disconnected more=True",
        "A:error=PSSessionConnectFailed,Microsoft.PowerShell.Commands.ConnectPSSessionCommand"], result.describe()
    warnings = [line for line in lines if line.startswith("WARNING:")]
    assert len(warnings) == 1 and "Force" in warnings[0], result.describe()
    assert [line for line in lines if line.startswith("A:") and not line.startswith("A:disconnected")][2:] == [
        "A:waited=1 state=Disconnected", "A:got seen by A", "A:jobs=1", "A:jobs=0"], result.describe()
    err = one_line(result.err)
    assert ('Connect-PSSession: Cannot connect PSSession "Shared", either because it is not in the Disconnected '
            'state, or it is not available for connection.') in err, result.describe()
    assert ("Remove-Job: The command cannot remove the job with the job ID 1 because the job is not finished. "
            "To remove the job, first stop the job, or use the Force parameter.") in err, result.describe()
