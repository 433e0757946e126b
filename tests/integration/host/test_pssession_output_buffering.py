"""The output buffer of a disconnected session (host setting output_buffer_records = 100):
Block suspends the command and loses nothing; Drop keeps it running, keeps the newest output
and tells the receiver how much was discarded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psutil
from client_helpers import Clients, clients, numbers, session_rows
from host_helpers import HostEnv, wait_for

BUFFER = 100


def session_info(host: HostEnv, name: str) -> dict[str, Any] | None:
    """What the session host says about the session (the test's own observer connection; it
    lists sessions without connecting to any)."""
    conn = host.connections[0] if host.connections else host.connect()
    for info in conn.list_sessions():
        if info["name"] == name:
            return info
    return None


def wait_suspended(host: HostEnv, name: str) -> dict[str, Any]:
    def blocked() -> dict[str, Any] | None:
        info = session_info(host, name)
        return info if info and info["command"] and info["command"]["blocked"] else None
    return wait_for(blocked, what=f"the command of {name} to fill the buffer and be suspended")


def dropped_warning(count: int, name: str) -> str:
    return (f"WARNING: {count} output objects of session {name} on localhost were discarded because the output buffer "
            "was full and the session's OutputBufferingMode is Drop.")


def test_block_suspends_the_command_and_receive_gets_everything(host: HostEnv, clients: Clients,
                                                                tmp_path: Path) -> None:
    host.settings(output_buffer_records=BUFFER)
    done = tmp_path / "done"
    started = clients.ok(f"""
$s = Invoke-Command -ComputerName localhost -InDisconnectedSession -SessionName Blocked -ScriptBlock {{
    1..5000
    Set-Content -Path '{done}' -Value finished
}}
"mode=$($s.OutputBufferingMode)"
""")
    assert started.lines[-1] == "mode=Block", started.describe()
    info = wait_suspended(host, "Blocked")
    assert info["command"]["state"] == "Running" and info["buffered"] == BUFFER, info
    assert (info["state"], info["availability"]) == ("Disconnected", "None"), info
    assert not done.exists()  # suspended: it has not got to its end
    listed = clients.ok("Get-PSSession -ComputerName localhost -Name Blocked")
    assert [(r["State"], r["Availability"]) for r in session_rows(listed.out)] == [("Disconnected", "None")]
    assert not done.exists()

    received = clients.ok("Receive-PSSession -ComputerName localhost -Name Blocked")
    assert numbers(received.lines) == list(range(1, 5001)), received.describe()[:3000]
    assert "WARNING" not in received.out
    assert done.exists()  # receiving drained the buffer and the command ran to its end


def test_block_native_program_loses_nothing(host: HostEnv, clients: Clients) -> None:
    host.settings(output_buffer_records=BUFFER)
    count = 50000
    clients.ok(f"Invoke-Command -ComputerName localhost -InDisconnectedSession -SessionName Native "
               f"-ScriptBlock {{ seq 1 {count} }} | Out-Null")
    info = wait_suspended(host, "Native")
    assert info["buffered"] == BUFFER, info
    daemon = psutil.Process(host.pid)
    seqs = [p for p in daemon.children(recursive=True) if p.name() == "seq"]
    assert seqs and seqs[0].status() != psutil.STATUS_ZOMBIE  # held back by its full pipe, not finished
    received = clients.ok("Receive-PSSession -ComputerName localhost -Name Native")
    assert numbers(received.lines) == list(range(1, count + 1)), received.describe()[:3000]


def test_drop_by_session_option_keeps_the_newest_and_warns(host: HostEnv, clients: Clients, tmp_path: Path) -> None:
    host.settings(output_buffer_records=BUFFER)
    done = tmp_path / "done"
    started = clients.ok(f"""
$o = New-PSSessionOption -OutputBufferingMode Drop
$s = Invoke-Command -ComputerName localhost -InDisconnectedSession -SessionName Dropping -SessionOption $o -ScriptBlock {{
    1..5000
    Set-Content -Path '{done}' -Value finished
}}
"mode=$($s.OutputBufferingMode)"
""")
    assert started.lines[-1] == "mode=Drop", started.describe()
    wait_for(done.exists, what="the command to run to its end while disconnected")
    received = clients.ok("Receive-PSSession -ComputerName localhost -Name Dropping")
    assert numbers(received.lines) == list(range(5001 - BUFFER, 5001)), received.describe()[:3000]
    assert dropped_warning(5000 - BUFFER, "Dropping") in received.lines, received.describe()[:3000]


def test_drop_set_at_disconnect_resumes_a_suspended_command(host: HostEnv, clients: Clients, tmp_path: Path) -> None:
    host.settings(output_buffer_records=BUFFER)
    done = tmp_path / "done"
    clients.ok(f"""
Invoke-Command -ComputerName localhost -InDisconnectedSession -SessionName Switched -ScriptBlock {{
    1..5000
    Set-Content -Path '{done}' -Value finished
}} | Out-Null
""")
    wait_suspended(host, "Switched")
    switched = clients.ok("""
Get-PSSession -ComputerName localhost -Name Switched | Connect-PSSession |
    Disconnect-PSSession -OutputBufferingMode Drop | ForEach-Object { "$($_.State) $($_.OutputBufferingMode)" }
""")
    assert switched.lines[-1] == "Disconnected Drop", switched.describe()
    wait_for(done.exists, what="the command to resume and finish once the mode is Drop")
    received = clients.ok("Receive-PSSession -ComputerName localhost -Name Switched")
    assert numbers(received.lines) == list(range(5001 - BUFFER, 5001)), received.describe()[:3000]
    assert dropped_warning(5000 - BUFFER, "Switched") in received.lines, received.describe()[:3000]


def test_drop_native_program_keeps_the_newest_lines_and_counts_exactly(host: HostEnv, clients: Clients,
                                                                       tmp_path: Path) -> None:
    """A native program's lines go into the buffer a block at a time: Drop still discards line
    by line, the oldest first, and the warning counts every line."""
    host.settings(output_buffer_records=BUFFER)
    done = tmp_path / "done"
    count = 50000
    clients.ok(f"""
$o = New-PSSessionOption -OutputBufferingMode Drop
Invoke-Command -ComputerName localhost -InDisconnectedSession -SessionName NativeDrop -SessionOption $o -ScriptBlock {{
    seq 1 {count}
    Set-Content -Path '{done}' -Value finished
}} | Out-Null
""")
    wait_for(done.exists, what="the command to run to its end while disconnected")
    received = clients.ok("Receive-PSSession -ComputerName localhost -Name NativeDrop")
    assert numbers(received.lines) == list(range(count + 1 - BUFFER, count + 1)), received.describe()[:3000]
    assert dropped_warning(count - BUFFER, "NativeDrop") in received.lines, received.describe()[:3000]


def test_native_lines_and_stderr_keep_their_order_through_a_session(host: HostEnv, clients: Clients) -> None:
    """Error records from a native program's stderr come between its lines where it wrote them,
    also when its lines travel in blocks; every line is a string tagged with its computer."""
    script = "echo one; sleep 0.4; echo two >&2; sleep 0.4; echo three; seq 1 3000; sleep 0.4; echo four >&2; sleep 0.4; echo five"
    result = clients.ok(f"""
$r = Invoke-Command -ComputerName localhost {{ sh -c '{script}' }} 2>&1
$r | ForEach-Object {{ "$_" }}
"tagged $(@($r | Where-Object {{ $_ -is [string] -and $_.PSComputerName -eq 'localhost' }}).Count)"
""")
    words = [line for line in result.lines if not line.strip().isdigit()]
    assert words == ["one", "two", "three", "four", "five", "tagged 3003"], result.describe()[:3000]
    assert numbers(result.lines) == list(range(1, 3001)), result.describe()[:3000]
    three = result.lines.index("three")
    assert result.lines[three + 1:three + 3001] == [str(i) for i in range(1, 3001)]
