"""Sessions: runspaces that persist, output streaming, Block and Drop buffering while
disconnected, idle expiry with no orphans, and a client that is killed mid-command."""

from __future__ import annotations

import os
import signal
import time

import pytest
from host_helpers import WAIT, HostEnv, pid_gone, wait_for

from pshell.engine.values import PSObject
from pshell.errors import ErrorRecord
from pshell.remoting.connection import HostError, OutputRecord


def outputs(records: list[OutputRecord]) -> list[object]:
    return [r.value for r in records if r.stream == "output"]


def run(conn, sid: str, script: str, **kw) -> list[OutputRecord]:  # type: ignore[no-untyped-def]
    command = conn.invoke(sid, script, **kw)
    return list(conn.output(sid).until_end(command, timeout=WAIT))


def test_runspace_persists_and_output_streams_as_events(host: HostEnv, tmp_path) -> None:  # type: ignore[no-untyped-def]
    conn = host.connect()
    info = conn.new_session("Session1")
    sid = info["instance_id"]
    assert (info["state"], info["availability"], info["configuration"]) == ("Opened", "Available", "Microsoft.PowerShell")
    assert info["idle_timeout_ms"] == 7200000 and info["output_buffering"] == "Block"
    assert outputs(run(conn, sid, "$x = 5")) == []
    assert outputs(run(conn, sid, "$x * 2")) == [10]
    run(conn, sid, "function Double($n) { $n * 2 }; Set-Location /tmp")
    assert outputs(run(conn, sid, "Double 21; (Get-Location).Path")) == [42, "/tmp"]
    assert outputs(run(conn, sid, "param($a, $b) $a + $b + $using:c", arguments=[1, 2], using={"c": 3})) == [6]

    records = run(conn, sid, "[pscustomobject]@{Name='n'; Size=3}; Write-Warning 'careful'; Write-Error 'bad'; "
                             "Write-Host hi -ForegroundColor Red")
    obj = outputs(records)[0]
    assert isinstance(obj, PSObject) and obj.type_names[0] == "Deserialized.System.Management.Automation.PSCustomObject"
    assert obj.properties["Size"] == 3
    streams = [(r.stream, r.value if r.stream != "error" else r.value.message) for r in records[1:]]
    assert streams[:3] == [("warning", "careful"), ("error", "bad"), ("host", "hi\n")]
    assert records[-1].stream == "end" and records[-1].value == "Completed"
    assert [r.seq for r in records] == sorted(r.seq for r in records)

    failed = run(conn, sid, "throw 'boom'")
    assert failed[-1].value == "Failed" and isinstance(failed[-1].error, ErrorRecord) and failed[-1].error.message == "boom"
    parse = run(conn, sid, "1 +")
    assert parse[-1].value == "Failed" and parse[0].stream == "error"

    # output is streamed while the command runs, not collected first
    gate = tmp_path / "gate"
    command = conn.invoke(sid, f"'first'; while (-not (Test-Path '{gate}')) {{ Start-Sleep -Milliseconds 20 }}; 'second'")
    first = conn.output(sid).get(timeout=WAIT)
    assert first is not None and first.value == "first"
    running = conn.get_session(sid)
    assert running["command"]["state"] == "Running" and running["availability"] == "Busy"
    with pytest.raises(HostError) as busy:
        conn.invoke(sid, "1")  # one command at a time
    assert busy.value.error_id == "SessionBusy"
    gate.write_text("go")
    rest = list(conn.output(sid).until_end(command, timeout=WAIT))
    assert outputs(rest) == ["second"]

    with pytest.raises(HostError) as small:
        conn.new_session(idle_timeout_ms=2000)
    assert small.value.error_id == "InvalidIdleTimeout" and "60000 ms" in small.value.record.message


@pytest.mark.parametrize("script, expected", [
    ("1..20000", list(range(1, 20001))),
    ("seq 20000", [str(i) for i in range(1, 20001)]),
], ids=["pipeline", "native"])
def test_block_mode_suspends_and_loses_nothing(host: HostEnv, script: str, expected: list[object]) -> None:
    host.settings(output_buffer_records=1000)
    conn = host.connect()
    sid = conn.new_session(output_buffering="Block")["instance_id"]
    conn.invoke(sid, script, stream=False)
    conn.disconnect_session(sid)
    suspended = wait_for(lambda: (lambda i: i if i["command"]["blocked"] else None)(conn.get_session(sid)),
                         what="the command to fill the buffer and be suspended")
    assert suspended["buffered"] == 1000 and suspended["command"]["state"] == "Running"
    assert (suspended["state"], suspended["availability"]) == ("Disconnected", "None")
    if script.startswith("seq"):
        import psutil

        seqs = [p for p in psutil.Process(conn.server_pid).children(recursive=True) if p.name() == "seq"]
        assert seqs and seqs[0].status() != psutil.STATUS_ZOMBIE  # held back by the full pipe, not finished
    info = conn.receive(sid)
    assert info["state"] == "Opened"
    records = list(conn.output(sid).until_end(timeout=60))
    assert outputs(records) == expected
    assert not [r for r in records if r.stream == "dropped"]
    assert records[-1].value == "Completed" and records[-1].data["dropped"] == 0


def test_drop_mode_keeps_running_and_counts_what_it_dropped(host: HostEnv) -> None:
    host.settings(output_buffer_records=1000)
    conn = host.connect()
    sid = conn.new_session(output_buffering="Drop")["instance_id"]
    conn.invoke(sid, "1..20000", stream=False)
    conn.disconnect_session(sid)
    wait_for(lambda: conn.get_session(sid)["command"]["state"] == "Completed", what="the command to finish")
    records = list(conn.output(sid).until_end(timeout=WAIT)) if conn.receive(sid) else []
    dropped = [r.value for r in records if r.stream == "dropped"]
    assert dropped == [19000] and conn.output(sid).dropped_total == 19000
    assert outputs(records) == list(range(19001, 20001))
    assert records[0].stream == "dropped"
    assert records[-1].value == "Completed" and records[-1].data["dropped"] == 19000


def test_idle_timeout_removes_the_session_and_its_processes(host: HostEnv) -> None:
    host.settings(min_idle_timeout_ms=1000)
    conn = host.connect()
    with pytest.raises(HostError):
        conn.new_session(idle_timeout_ms=500)
    sid = conn.new_session(idle_timeout_ms=2000)["instance_id"]
    conn.invoke(sid, "sh -c 'echo $$; exec /bin/sleep 600'")
    first = conn.output(sid).get(timeout=WAIT)
    assert first is not None
    sleeper = int(first.value)
    assert not pid_gone(sleeper)
    info = conn.disconnect_session(sid)
    assert info["state"] == "Disconnected" and info["expires_on"] is not None
    assert info["command"]["state"] == "Running"  # the idle clock runs even while a command runs
    wait_for(lambda: sid not in [s["instance_id"] for s in conn.list_sessions()], what="the session to expire")
    wait_for(lambda: pid_gone(sleeper), what="the session's sleep to be ended")
    with pytest.raises(HostError) as gone:
        conn.connect_session(sid)
    assert gone.value.error_id == "SessionNotFound"


CLIENT = """
import sys
from pshell.remoting.connection import HostConnection
conn = HostConnection.open()
sid = conn.new_session("Doomed")["instance_id"]
conn.invoke(sid, "'one'; while (-not (Test-Path '{gate}')) {{ Start-Sleep -Milliseconds 20 }}; 'two'; 'three'")
print(sid, conn.output(sid).get(timeout=30).value, flush=True)
sys.stdin.read()
"""


def test_killed_client_leaves_a_disconnected_session_that_another_client_receives(host: HostEnv, tmp_path) -> None:  # type: ignore[no-untyped-def]
    gate = tmp_path / "gate"
    doomed = host.spawn(CLIENT.format(gate=gate))
    assert doomed.stdout is not None
    line = doomed.stdout.readline().split()
    assert line[1] == "one", doomed.stderr.read() if doomed.stderr else ""
    sid = line[0]
    other = host.connect()
    seen = other.get_session(sid)
    assert (seen["state"], seen["availability"]) == ("Disconnected", "Busy")  # connected to another client
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.communicate(timeout=WAIT)
    killed_at = time.monotonic()
    wait_for(lambda: (lambda i: (i["state"], i["availability"]) == ("Disconnected", "None"))(other.get_session(sid)),
             what="the session to show as Disconnected/None")
    assert time.monotonic() - killed_at < 10
    gate.write_text("go")  # the command carries on with nobody connected
    wait_for(lambda: other.get_session(sid)["command"]["state"] == "Completed", what="the command to finish")
    info = other.receive(sid)
    assert (info["state"], info["availability"]) == ("Opened", "Available")
    records = list(other.output(sid).until_end(timeout=WAIT))
    assert outputs(records)[-2:] == ["two", "three"]
    assert records[-1].value == "Completed"


def test_stop_and_remove_end_what_runs(host: HostEnv) -> None:
    conn = host.connect()
    sid = conn.new_session()["instance_id"]
    for script in ("while ($true) { }", "Start-Sleep 600", "sh -c 'exec sleep 600'"):
        command = conn.invoke(sid, script)
        wait_for(lambda: conn.get_session(sid)["command"]["state"] == "Running", what="the command to start")
        info = conn.stop(sid)
        records = list(conn.output(sid).until_end(command, timeout=WAIT))
        assert records[-1].value == "Stopped", script
        assert info["command"]["state"] == "Stopped"
    assert outputs(run(conn, sid, "'still usable'")) == ["still usable"]
    conn.invoke(sid, "sh -c 'echo $$; sleep 600 & wait'")
    first = conn.output(sid).get(timeout=WAIT)
    assert first is not None
    shell = int(first.value)
    import psutil

    children = wait_for(lambda: psutil.Process(shell).children(), what="the background sleep")
    conn.remove(sid)
    assert sid not in [s["instance_id"] for s in conn.list_sessions()]
    wait_for(lambda: pid_gone(shell) and all(pid_gone(c.pid) for c in children), what="the processes to end")
