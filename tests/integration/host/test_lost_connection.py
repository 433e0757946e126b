"""A connection lost while Invoke-Command runs: the command goes on, and a job collects it later.

(The session host — another process — disconnects the session; Wait-Job returns the job at
once, and with -Force waits until the session is received again and the command ends.)

The client is frozen (SIGSTOP) for longer than the session host's heartbeat allows, so the
host declares its connection lost and closes it; when the client runs again it finds the
connection gone. Nothing of the command may be lost: it keeps running in the session host,
the client writes PowerShell's warnings, and a Disconnected job holds the command until the
session is received again.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from client_helpers import Clients, clients, gate, open_gate  # noqa: F401 - clients is a fixture
from host_helpers import HostEnv, wait_for


def test_a_lost_connection_leaves_a_job_for_reconnection(host: HostEnv, clients: Clients, tmp_path: Path) -> None:
    host.settings(heartbeat_ms=200)
    started = tmp_path / "started"
    go_on = tmp_path / "go-on"
    client = clients.start(f"""
        $s = New-PSSession -Name Robust
        Invoke-Command -Session $s {{
            New-Item '{started}' -ItemType File | Out-Null
            {gate(go_on)}
            1..5 | ForEach-Object {{ "tick $_" }}
        }}
        "after invoke: $($s.State)"
        $j = Get-Job
        "job: $($j.Name) $($j.State) $($j.HasMoreData)"
        "waited: $((Wait-Job $j).State)"
        "forced within a second: $(@(Wait-Job $j -Force -Timeout 1).Count)"
        Receive-PSSession $s | Out-Null
        "forced: $((Wait-Job $j -Force).State)"
        Receive-Job $j
        "job: $($j.State) $($j.HasMoreData)"
    """)
    wait_for(started.exists, what="the command to start")
    os.kill(client.pid, signal.SIGSTOP)
    try:
        time.sleep(1.5)  # well over 3 heartbeats: the host gives the connection up
        probe = host.connect()
        wait_for(lambda: [s for s in probe.list_sessions() if s["name"] == "Robust" and s["availability"] == "None"],
                 what="the session host to mark the session Disconnected")
        open_gate(go_on)  # the command runs on, with nobody connected
        wait_for(lambda: [s for s in probe.list_sessions()
                          if s["name"] == "Robust" and (s["command"] or {}).get("state") == "Completed"],
                 what="the command to finish while disconnected")
    finally:
        os.kill(client.pid, signal.SIGCONT)
    result = client.finish()
    assert result.code == 0, result.describe()
    assert "WARNING: Session Robust with instance ID" in result.out + result.err, result.describe()
    assert "has been successfully disconnected." in result.out + result.err, result.describe()
    assert "WARNING: Job Job1 has been created for reconnection." in result.out + result.err, result.describe()
    lines = result.lines
    assert "after invoke: Disconnected" in lines, result.describe()
    assert "job: Job1 Disconnected True" in lines, result.describe()
    # Wait-Job returns a Disconnected job at once (with a warning); -Force waits for it to end
    assert "waited: Disconnected" in lines and "forced within a second: 0" in lines, result.describe()
    assert "Use the Force parameter" in result.out + result.err, result.describe()
    assert "forced: Completed" in lines, result.describe()
    assert [line for line in lines if line.startswith("tick")] == [f"tick {n}" for n in range(1, 6)], \
        result.describe()
    assert lines[-1] == "job: Completed False", result.describe()
