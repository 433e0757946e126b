"""What happens to sessions when their client goes away: killed (kill -9) in the middle of a
command, or exiting normally (SPEC §4 "Client exit", "Robust sessions")."""

from __future__ import annotations

import re
from pathlib import Path

from client_helpers import (
    Clients,
    Result,
    clients,
    gate,
    open_gate,
    poll_clients,
    session_rows,
)
from host_helpers import HostEnv

TICK = re.compile(r"^tick (\d+)$")


def ticks(lines: list[str]) -> list[int]:
    return [int(m.group(1)) for m in (TICK.match(line) for line in lines) if m]


def states(result: Result) -> list[tuple[str, str, str]]:
    return [(r["Name"], r["State"], r["Availability"]) for r in session_rows(result.out)]


def test_killed_client_leaves_the_command_running_for_another_client(host: HostEnv, clients: Clients) -> None:
    a = clients.start("""
$s = New-PSSession -ComputerName localhost -Name Ticker
Invoke-Command -Session $s { 1..20 | ForEach-Object { "tick $_"; Start-Sleep -Milliseconds 300 } }
'A:finished'
""")
    a.wait_line("tick 3")
    a.kill()
    seen_by_a = ticks(a.lines)
    assert seen_by_a and seen_by_a[-1] < 20, a.describe()

    poll_clients(host, "Get-PSSession -ComputerName localhost -Name Ticker",
                 lambda r: states(r) == [("Ticker", "Disconnected", "None")],
                 what="the killed client's session to show as Disconnected/None")
    received = clients.ok("""
Receive-PSSession -ComputerName localhost -Name Ticker
'#state'
Get-PSSession -ComputerName localhost -Name Ticker
""")
    got = ticks(received.lines)
    assert got, received.describe()
    assert got == list(range(got[0], 21)), received.describe()  # in order, no duplicates, up to the last tick
    assert got[0] > 1, received.describe()  # what the killed client had already taken is not sent again
    assert states(received) == [("Ticker", "Opened", "Available")], received.describe()


def test_exiting_client_leaves_a_running_command_disconnected(clients: Clients, tmp_path: Path) -> None:
    release = tmp_path / "release"
    clients.ok(f"""
Invoke-Command -ComputerName localhost -InDisconnectedSession -SessionName LongJob -ScriptBlock {{
    'started'
    {gate(release)}
    'finished'
}} | Out-Null
""")
    b = clients.ok("""
$s = Connect-PSSession -ComputerName localhost -Name LongJob
"B:$($s.State)/$($s.Availability)"
""")
    assert b.lines[-1] == "B:Opened/Busy", b.describe()
    # B has exited; the session, still running its command, is kept and free to connect
    listed = clients.ok("Get-PSSession -ComputerName localhost")
    assert states(listed) == [("LongJob", "Disconnected", "None")], listed.describe()
    open_gate(release)
    received = clients.ok("Receive-PSSession -ComputerName localhost -Name LongJob")
    assert [line for line in received.lines if line] == ["started", "finished"], received.describe()


def test_exiting_client_removes_its_idle_sessions(clients: Clients) -> None:
    b = clients.run("""
New-PSSession -ComputerName localhost -Name IdleOne | Out-Null
$two = New-PSSession -ComputerName localhost -Name IdleTwo
Invoke-Command -Session $two { $x = 1 }
New-PSSession -ComputerName localhost -Name Kept | Disconnect-PSSession | Out-Null
Get-PSSession -ComputerName localhost
exit 3
""")
    assert b.code == 3 and not b.err, b.describe()
    assert sorted(states(b)) == [("IdleOne", "Opened", "Available"), ("IdleTwo", "Opened", "Available"),
                                 ("Kept", "Disconnected", "None")], b.describe()
    listed = clients.ok("Get-PSSession -ComputerName localhost")
    assert states(listed) == [("Kept", "Disconnected", "None")], listed.describe()
