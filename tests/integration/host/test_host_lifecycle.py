"""Starting on demand, --status, --stop, the start-up race, stale sockets, permissions, --stdio."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys

from host_helpers import WAIT, HostEnv, pid_gone, wait_for

from pshell.remoting.connection import HostConnection


def test_started_on_demand_then_status_and_stop(host: HostEnv) -> None:
    before = host.cli("--status")
    assert before.returncode == 1 and "No session host is running." in before.stdout
    conn = host.connect()
    pid = conn.server_pid
    assert host.pid == pid and conn.status()["pid"] == pid
    conn.close()
    shown = host.cli("--status")
    assert shown.returncode == 0, shown.stderr
    assert f"Pid:           {pid}" in shown.stdout and "Uptime:" in shown.stdout and "Sessions:      0" in shown.stdout
    # the daemon lives on after its clients exit
    assert not pid_gone(pid)
    stopped = host.cli("--stop")
    assert stopped.returncode == 0 and f"Session host stopped (pid {pid})." in stopped.stdout
    assert host.pid is None
    wait_for(lambda: pid_gone(pid), what="the daemon to exit")
    assert not os.path.exists(os.path.join(host.root, "host.sock"))
    assert host.cli("--status").returncode == 1


def test_status_counts_sessions(host: HostEnv) -> None:
    conn = host.connect()
    conn.new_session("A")
    conn.disconnect_session(conn.new_session("B")["instance_id"])
    out = host.cli("--status").stdout
    assert "Sessions:      2 (Connected 1, Disconnected 1)" in out


RACER = """
import sys
from pshell.remoting.connection import HostConnection
c = HostConnection.open(heartbeat=False)
print(c.status()["pid"], flush=True)
c.close()
"""


def test_clients_starting_at_once_end_with_one_daemon(host: HostEnv) -> None:
    racers = [host.spawn(RACER) for _ in range(4)]
    pids = set()
    for proc in racers:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        pids.add(int(out.strip()))
    assert len(pids) == 1
    assert host.pid == pids.pop()
    import psutil

    daemons = [p for p in psutil.process_iter(["cmdline", "environ"])
               if "--daemon" in (p.info["cmdline"] or []) and (p.info["environ"] or {}).get("PSHELL_STATE_DIR") == host.root]
    assert len(daemons) == 1


def test_stale_socket_of_a_dead_daemon_is_replaced(host: HostEnv) -> None:
    first = host.connect(heartbeat=False)
    old = first.server_pid
    os.kill(old, signal.SIGKILL)
    wait_for(lambda: pid_gone(old, zombie_ok=False), what="the killed daemon to go")
    sock_path = os.path.join(host.root, "host.sock")
    assert stat.S_ISSOCK(os.lstat(sock_path).st_mode)  # left behind
    conn = host.connect()
    assert conn.server_pid != old and conn.status()["pid"] == conn.server_pid


def test_stale_socket_with_no_daemon_ever(host: HostEnv) -> None:
    path = os.path.join(host.root, "host.sock")
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(path)
    s.close()  # a socket file nobody listens on: connection refused
    conn = host.connect()
    assert conn.status()["pid"] == conn.server_pid


def test_private_directory_socket_and_peer_credentials(host: HostEnv) -> None:
    conn = host.connect()
    assert stat.S_IMODE(os.stat(host.root).st_mode) == 0o700
    sock_mode = os.lstat(os.path.join(host.root, "host.sock")).st_mode
    assert stat.S_ISSOCK(sock_mode) and stat.S_IMODE(sock_mode) == 0o600
    for name in ("sessions.db", "host.log", "host.pid", "host.lock"):
        assert stat.S_IMODE(os.stat(os.path.join(host.root, name)).st_mode) == 0o600, name
    peer = conn.status()["peer"]  # what SO_PEERCRED told the daemon about us
    assert peer == {"pid": os.getpid(), "uid": os.geteuid(), "gid": os.getegid()}


def test_stdio_relay(host: HostEnv) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "pshell", "host", "--stdio"], env=host.env, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE)
    assert proc.stdin is not None and proc.stdout is not None
    read_fd, write_fd = os.dup(proc.stdout.fileno()), os.dup(proc.stdin.fileno())
    proc.stdout.close()
    proc.stdin.close()
    conn = HostConnection.over_pipes(read_fd, write_fd, heartbeat=False)
    info = conn.new_session("Relayed")
    command = conn.invoke(info["instance_id"], "'over the relay'; 6 * 7")
    records = list(conn.output(info["instance_id"]).until_end(command, timeout=WAIT))
    assert [r.value for r in records if r.stream == "output"] == ["over the relay", 42]
    assert conn.status()["peer"]["pid"] == proc.pid
    conn.close()  # the relay sees EOF, the host closes the connection, the relay ends
    assert proc.wait(timeout=WAIT) == 0
    wait_for(lambda: conn.closed.is_set(), what="the connection to end")


def test_stdio_relay_run_by_hand_says_what_it_is_for(host: HostEnv) -> None:
    done = subprocess.run([sys.executable, "-m", "pshell", "host", "--stdio"], env=host.env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=WAIT, check=False)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert "standard input must be a pipe or a socket" in done.stderr, done.stderr
    assert host.pid is None  # nothing was started


# A session host of another pshell version: holds the pid lock, answers every hello in protocol 0.
OLD_HOST = """
import fcntl, os, signal, socket, sys
sys.path.insert(0, os.environ["PYTHONPATH"])
from pshell.wire import frames
root = os.environ["PSHELL_STATE_DIR"]
pid_fd = os.open(os.path.join(root, "host.pid"), os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(pid_fd, fcntl.LOCK_EX)
os.write(pid_fd, str(os.getpid()).encode())
server = socket.socket(socket.AF_UNIX)
server.bind(os.path.join(root, "host.sock"))
server.listen()
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
print("ready", flush=True)
while True:
    conn, _ = server.accept()
    with conn:
        frames.read_frame(conn.recv)
        conn.sendall(frames.encode({"type": "welcome", "protocol": 0, "server": "pshell/0.0.1", "pid": os.getpid(),
                                    "computer": "old", "connection": 1, "heartbeat_ms": 5000}))
"""


def test_stop_stops_a_session_host_of_another_version(host: HostEnv) -> None:
    old = host.spawn(OLD_HOST)
    try:
        assert old.stdout is not None and old.stdout.readline().strip() == "ready"
        done = host.cli("--stop")
        assert done.returncode == 0 and done.stdout.strip() == f"Session host stopped (pid {old.pid}).", done
        assert old.wait(timeout=WAIT) == 0
    finally:
        if old.poll() is None:
            old.kill()


def test_stop_ends_running_commands(host: HostEnv) -> None:
    conn = host.connect()
    sid = conn.new_session()["instance_id"]
    conn.invoke(sid, "sh -c 'echo $$; exec sleep 600'")
    first = conn.output(sid).get(timeout=WAIT)
    assert first is not None and first.stream == "output"
    sleeper = int(first.value)
    assert not pid_gone(sleeper)
    conn.disconnect_session(sid)
    assert host.cli("--stop").returncode == 0
    wait_for(lambda: pid_gone(sleeper), what="the session's native program to end")


def test_bad_settings_are_reported_to_the_starting_client(host: HostEnv) -> None:
    import pytest

    from pshell.host.starter import HostStartError

    host.settings(output_buffer_records=0)
    with pytest.raises(HostStartError, match="output_buffer_records"):
        host.connect()
    assert host.pid is None


def _connect_as(uid: int, path: str) -> bytes:
    """Connect from a forked child running as another account; what the daemon said."""
    import struct

    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.settimeout(10)
            s.connect(path)
            s.sendall(struct.pack(">I", 2) + b"{}")
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
            os.write(write_end, data or b"<nothing>")
        except BaseException as exc:  # noqa: BLE001
            os.write(write_end, f"<{type(exc).__name__}: {exc}>".encode())
        finally:
            os._exit(0)
    os.close(write_end)
    out = b""
    while True:
        chunk = os.read(read_end, 65536)
        if not chunk:
            break
        out += chunk
    os.close(read_end)
    os.waitpid(child, 0)
    return out


def test_peer_of_another_account_is_refused(host: HostEnv) -> None:
    import pytest

    if os.geteuid() != 0:
        pytest.skip("needs root, to connect as another account")
    conn = host.connect()
    sock_path = os.path.join(host.root, "host.sock")
    # open the way on purpose (0700/0600 alone already keep other accounts out), to reach the uid check
    os.chmod(host.root, 0o711)
    os.chmod(sock_path, 0o666)
    try:
        answer = _connect_as(65534, sock_path)
    finally:
        os.chmod(sock_path, 0o600)
        os.chmod(host.root, 0o700)
    assert b"AccessDenied" in answer and b"another account" in answer, answer
    assert conn.status()["pid"] == conn.server_pid
