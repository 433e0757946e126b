"""Commands in disconnected sessions: Invoke-Command -InDisconnectedSession, commands that keep
running with nobody connected, and output kept for whoever connects next (another client)."""

from __future__ import annotations

from pathlib import Path

from client_helpers import Clients, clients, gate, open_gate, session_rows
from host_helpers import wait_for


def test_in_disconnected_session_then_another_client_receives(clients: Clients, tmp_path: Path) -> None:
    done = tmp_path / "done"
    started = clients.ok(f"""
Invoke-Command -ComputerName localhost -InDisconnectedSession -SessionName Nightly -ScriptBlock {{
    1..3 | ForEach-Object {{ [pscustomobject]@{{ N = $_; Square = $_ * $_ }} }}
    'text output'
    Set-Content -Path '{done}' -Value finished
}}
""")
    rows = session_rows(started.out)
    assert [(r["Name"], r["ComputerName"], r["State"], r["ConfigurationName"], r["Availability"]) for r in rows] == [
        ("Nightly", "localhost", "Disconnected", "Microsoft.PowerShell", "None")], started.describe()
    shown = [line for line in started.lines if line.strip()]
    assert len(shown) == 3 and shown[0].split() == ["Id", "Name", "ComputerName", "State", "ConfigurationName",
                                                    "Availability"], started.describe()  # the table, no command output

    # the command finishes with nobody connected (its client has even exited)
    wait_for(done.exists, what="the command to finish in the disconnected session")
    listed = clients.ok("Get-PSSession -ComputerName localhost")
    assert [(r["Name"], r["State"], r["Availability"]) for r in session_rows(listed.out)] == [
        ("Nightly", "Disconnected", "None")], listed.describe()

    received = clients.ok("""
$r = Receive-PSSession -ComputerName localhost -Name Nightly
$r | ForEach-Object { "got $_ from $($_.PSComputerName)" }
$r | Where-Object { $_.N } | ForEach-Object { "N=$($_.N) Square=$($_.Square) PSComputerName=$($_.PSComputerName)" }
"type=$($r[0].PSObject.TypeNames[0])"
'#after'
Get-PSSession -ComputerName localhost -Name Nightly
'#again'
Receive-PSSession -ComputerName localhost -Name Nightly
'#end'
""")
    lines = received.lines
    assert "got text output from localhost" in lines, received.describe()
    assert [line for line in lines if line.startswith("N=")] == [
        "N=1 Square=1 PSComputerName=localhost", "N=2 Square=4 PSComputerName=localhost",
        "N=3 Square=9 PSComputerName=localhost"], received.describe()
    assert "type=Deserialized.System.Management.Automation.PSCustomObject" in lines, received.describe()
    after = "\n".join(lines[lines.index("#after"):lines.index("#again")])
    assert [(r["Name"], r["State"], r["Availability"]) for r in session_rows(after)] == [
        ("Nightly", "Opened", "Available")], received.describe()
    # what was received is not delivered a second time
    assert [line for line in lines[lines.index("#again") + 1:lines.index("#end")] if line.strip()] == [], \
        received.describe()


def test_command_keeps_running_while_disconnected_and_output_waits_for_the_next_client(
        clients: Clients, tmp_path: Path) -> None:
    phase1, phase2, phase3 = (tmp_path / f"phase{n}" for n in (1, 2, 3))
    go2, go3, b_disconnect = (tmp_path / n for n in ("go2", "go3", "b-disconnect"))
    clients.ok(f"""
Invoke-Command -ComputerName localhost -InDisconnectedSession -SessionName Worker -ScriptBlock {{
    'phase 1: nobody connected'
    Set-Content -Path '{phase1}' -Value 1
    {gate(go2)}
    'phase 2: client B connected'
    Set-Content -Path '{phase2}' -Value 2
    {gate(go3)}
    'phase 3: disconnected again'
    Set-Content -Path '{phase3}' -Value 3
}} | Out-Null
""")
    wait_for(phase1.exists, what="the command to run with nobody connected")

    b = clients.start(f"""
$s = Connect-PSSession -ComputerName localhost -Name Worker
"B:$($s.State)/$($s.Availability)"
{gate(b_disconnect)}
Disconnect-PSSession -Session $s | Out-Null
"B:$($s.State)/$($s.Availability)"
""")
    b.wait_line("B:Opened/Busy")  # connected while its command runs
    open_gate(go2)
    wait_for(phase2.exists, what="the command to go on while B is connected")
    open_gate(b_disconnect)
    b.wait_line("B:Disconnected/None")
    result = b.finish()
    assert result.code == 0 and not result.err, b.describe()
    assert "phase" not in result.out, b.describe()  # Connect-PSSession does not take the output

    open_gate(go3)
    wait_for(phase3.exists, what="the command to go on after B disconnected")
    received = clients.ok("Receive-PSSession -ComputerName localhost -Name Worker")
    assert [line for line in received.lines if line.startswith("phase")] == [
        "phase 1: nobody connected", "phase 2: client B connected", "phase 3: disconnected again"], \
        received.describe()


def test_receive_of_a_session_without_a_command_just_connects(clients: Clients) -> None:
    parked = clients.ok("""
$s = New-PSSession -ComputerName localhost -Name Empty | Disconnect-PSSession
$again = Disconnect-PSSession -Session $s
"again=$($again.State)/$($again.Availability) same=$($again -eq $s)"
""")
    assert parked.lines[-1] == "again=Disconnected/None same=True", parked.describe()  # passed through, no error
    received = clients.ok("""
Receive-PSSession -ComputerName localhost -Name Empty
'#after'
Get-PSSession -ComputerName localhost -Name Empty
""")
    lines = received.lines
    assert [line for line in lines[:lines.index("#after")] if line.strip()] == [], received.describe()
    assert [(r["Name"], r["State"], r["Availability"]) for r in session_rows(received.out)] == [
        ("Empty", "Opened", "Available")], received.describe()
