"""The errors a user sees from the PSSession cmdlets: PowerShell's texts on stderr
(`Cmdlet: message`), FullyQualifiedErrorIds in $Error and in try/catch, exit codes."""

from __future__ import annotations

from pathlib import Path

from client_helpers import Clients, clients, gate, one_line, open_gate, session_rows

DISCONNECT = "Microsoft.PowerShell.Commands.DisconnectPSSessionCommand"
INVOKE = "Microsoft.PowerShell.Commands.InvokeCommandCommand"
GET = "Microsoft.PowerShell.Commands.GetPSSessionCommand"


def test_error_texts_and_ids(clients: Clients) -> None:
    result = clients.run("""
$s = New-PSSession -ComputerName localhost -Name Removed
Remove-PSSession -Session $s
"removed=$($s.State)"
Disconnect-PSSession -Session $s
"e1=$($Error[0].FullyQualifiedErrorId)"
$d = New-PSSession -ComputerName localhost -Name Parked | Disconnect-PSSession
"iid=$($d.InstanceId)"
Invoke-Command -Session $d { 'never run' }
"e2=$(@($Error | Where-Object { $_.FullyQualifiedErrorId -like 'InvokeCommandCommandInvalidSessionState*' }).Count)"
Get-PSSession -Id 99
"e3=$($Error[0].FullyQualifiedErrorId)"
$before = $Error.Count
Get-PSSession -Name 'NoSuch*'
"wildcard-errors=$($Error.Count - $before)"
try { Invoke-Command -Session $d { 1 } -ErrorAction Stop; 'not stopped' } catch { "caught=$($_.FullyQualifiedErrorId)" }
try { Invoke-Command -ComputerName localhost -InDisconnectedSession -AsJob { 1 } } catch { "asjob=$($_.Exception.Message)" }
try { Invoke-Command -ComputerName localhost -SessionName Named { 1 } } catch { "sessionname=$($_.Exception.Message)" }
'#end'
""")
    lines = result.lines
    assert result.code == 0 and lines[-1] == "#end", result.describe()
    assert "never run" not in result.out and "not stopped" not in result.out, result.describe()
    iid = next(line for line in lines if line.startswith("iid="))[4:]
    err = result.err_text
    for text in [
        'Disconnect-PSSession: Cannot disconnect PSSession "Removed" because it is not in the Opened state.',
        f"Invoke-Command: Because the session state for session Parked, {iid}, localhost is not equal to Open, you "
        "cannot run a command in the session. The session state is Disconnected.",
        "Get-PSSession: The remote session with the session ID 99 is not available.",
    ]:
        assert one_line(text) in err, f"missing on stderr: {text}\n{result.describe()}"
    assert "NoSuch" not in err, result.describe()
    expected = [
        "removed=Closed",
        f"e1=CannotDisconnectSessionWhenNotOpened,{DISCONNECT}",
        "e2=1",
        f"e3=RemoteRunspaceNotAvailableForSpecifiedSessionId,{GET}",
        "wildcard-errors=0",
        f"caught=InvokeCommandCommandInvalidSessionState,{INVOKE}",
        "asjob=You cannot use the Invoke-Command cmdlet with both the AsJob and Disconnected parameters in the same "
        "command.",
        "sessionname=The SessionName parameter can only be used with the Disconnected switch parameter.",
    ]
    assert [line for line in lines if line.split("=")[0] in {e.split("=")[0] for e in expected}] == expected, \
        result.describe()


def test_failing_last_command_sets_the_exit_code(clients: Clients) -> None:
    result = clients.run("Get-PSSession -Id 99")
    assert result.code == 1 and result.out.strip() == "", result.describe()
    assert result.err.strip() == "Get-PSSession: The remote session with the session ID 99 is not available.", \
        result.describe()
    named = clients.run("Get-PSSession -Name Nothing")
    assert named.code == 1 and "Get-PSSession: The remote session with the name Nothing" in named.err_text, \
        named.describe()


def test_connect_to_a_session_another_client_removed(clients: Clients, tmp_path: Path) -> None:
    go = tmp_path / "go"
    a = clients.start(f"""
$s = New-PSSession -ComputerName localhost -Name Gone
Disconnect-PSSession -Session $s | Out-Null
'A:parked'
{gate(go)}
Connect-PSSession -Session $s
"A:state=$($s.State) id=$($Error[0].FullyQualifiedErrorId)"
""")
    a.wait_line("A:parked")
    removed = clients.ok("""
Get-PSSession -ComputerName localhost -Name Gone | Remove-PSSession
'#after'
Get-PSSession -ComputerName localhost
""")
    assert session_rows(removed.out) == [], removed.describe()
    open_gate(go)
    result = a.finish()
    assert one_line("Connect-PSSession: The connect operation failed for session Gone with the following error "
                    "message: Cannot connect to session Gone. The session no longer exists on computer localhost.") \
        in result.err_text, a.describe()
    assert result.lines[-1] == "A:state=Broken id=PSSessionConnectFailed,Microsoft.PowerShell.Commands." \
                               "ConnectPSSessionCommand", a.describe()


def test_invoke_in_a_busy_session_fails_and_the_other_sessions_still_run(clients: Clients, tmp_path: Path) -> None:
    release = tmp_path / "release"
    clients.ok(f"""
Invoke-Command -ComputerName localhost -InDisconnectedSession -SessionName Working -ScriptBlock {{
    {gate(release)}
}} | Out-Null
""")
    result = clients.run("""
$busy = Connect-PSSession -ComputerName localhost -Name Working
$free = New-PSSession -ComputerName localhost -Name Free
"busy=$($busy.State)/$($busy.Availability) iid=$($busy.InstanceId)"
Invoke-Command -Session $busy, $free { 'ran' } | ForEach-Object { "$_ on $($_.PSComputerName)" }
"id=$($Error[0].FullyQualifiedErrorId)"
""")
    release.write_text("go")
    lines = result.lines
    iid = next(line for line in lines if line.startswith("busy="))[len("busy=Opened/Busy iid="):]
    assert lines[0] == f"busy=Opened/Busy iid={iid}", result.describe()
    assert lines[-2:] == ["ran on localhost", f"id=InvokeCommandCommandInvalidSessionAvailability,{INVOKE}"], \
        result.describe()
    assert one_line(f"Invoke-Command: The session Working, {iid}, localhost is not available to run commands. The "
                    "session availability is Busy.") in result.err_text, result.describe()
