"""The user's document (about_Remote_Disconnected_Sessions), walked through across two SSH
computers, Server01 and Server02, by two client processes: the first makes and disconnects the
sessions and starts a command in a disconnected session, then exits; the command produces its
output while no client is connected; the second client finds the sessions, connects, and
receives that output as a job ("How to get PSSessions" through "How to get the results")."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from types import SimpleNamespace

from ssh_helpers import SshLab

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "host"))
from client_helpers import Client, gate, open_gate, run_client, session_rows

WAIT = 60.0


def between(lines: list[str], start: str | None, end: str) -> str:
    begin = 0 if start is None else lines.index(start) + 1
    return "\n".join(lines[begin:lines.index(end)])


def summary(rows: list[dict[str, str]]) -> list[tuple[str, ...]]:
    """The rows without their Id (each client counts its own)."""
    return [(r["Name"], r["ComputerName"], r["State"], r["ConfigurationName"], r["Availability"]) for r in rows]


def wait_for(path: Path, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path.name} did not appear within {timeout} s"
        time.sleep(0.05)


def test_document_walkthrough_across_two_computers_and_two_clients(ssh_clean: SshLab, tmp_path: Path) -> None:
    ssh_clean.computers(2)
    lab = SimpleNamespace(env=ssh_clean.env)
    started, go_on, finished = tmp_path / "started", tmp_path / "go-on", tmp_path / "finished"

    first = run_client(lab, f"""
New-PSSession -ComputerName Server01
'#get-computer'
Get-PSSession -ComputerName Server01
'#get'
Get-PSSession
'#disconnect'
Get-PSSession -ComputerName Server01 | Disconnect-PSSession
'#second-computer'
New-PSSession -ComputerName Server02 | Disconnect-PSSession
'#in-disconnected'
Invoke-Command -ComputerName Server02 -InDisconnectedSession -ScriptBlock {{
    New-Item '{started}' | Out-Null
    {gate(go_on)}
    1..3 | ForEach-Object {{ [pscustomobject]@{{ Step = $_; Note = 'made while disconnected' }} }}
    New-Item '{finished}' | Out-Null
}}
'#end'
""")
    assert first.code == 0 and not first.err.strip(), first.describe()
    lines = first.lines
    opened = [("Session1", "Server01", "Opened", "Microsoft.PowerShell", "Available")]
    assert summary(session_rows(between(lines, None, "#get-computer"))) == opened, first.describe()
    assert summary(session_rows(between(lines, "#get-computer", "#get"))) == opened, first.describe()
    assert summary(session_rows(between(lines, "#get", "#disconnect"))) == opened, first.describe()
    assert summary(session_rows(between(lines, "#disconnect", "#second-computer"))) == [
        ("Session1", "Server01", "Disconnected", "Microsoft.PowerShell", "None")], first.describe()
    assert summary(session_rows(between(lines, "#second-computer", "#in-disconnected"))) == [
        ("Session2", "Server02", "Disconnected", "Microsoft.PowerShell", "None")], first.describe()
    assert summary(session_rows(between(lines, "#in-disconnected", "#end"))) == [
        ("Session3", "Server02", "Disconnected", "Microsoft.PowerShell", "None")], first.describe()

    # The first client has exited; the command runs on and makes its output with nobody connected.
    wait_for(started)
    open_gate(go_on)
    wait_for(finished)

    second = Client(lab, """
Get-PSSession -ComputerName Server02 | Sort-Object Name
'#connect'
Connect-PSSession -ComputerName Server02 -Name Session2
'#receive'
Receive-PSSession -ComputerName Server02 -Name Session3 -OutTarget Job | Format-Table Name, PSJobTypeName, Location
'#results'
Get-Job | Wait-Job | Out-Null
Get-Job | Receive-Job -Keep | Format-Table Step, Note, PSComputerName
'#server01'
$s1 = Connect-PSSession -ComputerName Server01 -Name Session1
Invoke-Command -Session $s1 { 'Session1 answers' }
Get-PSSession -ComputerName Server01, Server02 | Remove-PSSession
"left: $(@(Get-PSSession -ComputerName Server01, Server02).Count)"
""")
    done = second.finish()
    assert done.code == 0 and not done.err.strip(), second.describe()
    lines = second.lines
    assert summary(session_rows(between(lines, None, "#connect"))) == [
        ("Session2", "Server02", "Disconnected", "Microsoft.PowerShell", "None"),
        ("Session3", "Server02", "Disconnected", "Microsoft.PowerShell", "None")], second.describe()
    assert summary(session_rows(between(lines, "#connect", "#receive"))) == [
        ("Session2", "Server02", "Opened", "Microsoft.PowerShell", "Available")], second.describe()
    job = [line.split() for line in between(lines, "#receive", "#results").splitlines() if "RemoteJob" in line]
    assert len(job) == 1 and job[0][1:] == ["RemoteJob", "Server02"], second.describe()
    results = [line.split(maxsplit=1) for line in between(lines, "#results", "#server01").splitlines()
               if line.strip()[:1].isdigit()]
    assert [(step, " ".join(rest.split())) for step, rest in results] == [
            (str(n), "made while disconnected Server02") for n in (1, 2, 3)], second.describe()
    assert "Session1 answers" in lines and lines[-1] == "left: 0", second.describe()
