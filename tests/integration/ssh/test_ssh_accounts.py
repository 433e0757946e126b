"""Sessions belong to the account that logged in: another account on the same computer can
neither see nor touch them.

Account A is the lab's usual user; account B is a second Unix account made for the test
(`ssh_account`: useradd, removed with userdel -r afterwards). Both log in to the same sshd,
Server01, with the same client key, from real pshell client processes: A as the lab's config
says, B with `-UserName`. B's login is what a real second user's is: its own HOME, no SetEnv,
no PYTHONPATH, and the repository's Python is not one it may run (it lives under root's home),
so its client brings pshell along (the zipapp, copied to B's ~/.cache/pshell/) and runs it
with B's python3; B's session host keeps its state in B's ~/.local/state/pshell.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import psutil
from ssh_helpers import REPO, WAIT, Account, FrameChannel, SshLab, paramiko_client, unavailable

from pshell.host.paths import connect_unix
from pshell.wire import frames

TIMEOUT = 120

# Run as B: connect to a Unix socket; prints "connected" or the errno's name.
CONNECT_AS_B = """
import errno, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
try:
    s.connect(sys.argv[1])
except OSError as exc:
    print(errno.errorcode.get(exc.errno, exc.errno))
else:
    print("connected")
"""


def run(lab: SshLab, cache: Path, script: str) -> subprocess.CompletedProcess[str]:
    """A pshell client (this account's process; whom it logs in as is up to the script)."""
    return subprocess.run([sys.executable, "-m", "pshell", "-NoProfile", "-c", script],
                          env=dict(lab.env, XDG_CACHE_HOME=str(cache), COLUMNS="160"), capture_output=True, text=True,
                          timeout=TIMEOUT, cwd=str(REPO), stdin=subprocess.DEVNULL, check=False)


def describe(done: subprocess.CompletedProcess[str]) -> str:
    return f"exit {done.returncode}\n--- stdout ---\n{done.stdout}\n--- stderr ---\n{done.stderr}"


def sessions_seen(stdout: str, prefix: str) -> dict[str, tuple[str, str, str]]:
    """Lines '<prefix> <Name> <InstanceId> <State> <Availability>' -> {Name: (InstanceId, State, Availability)}."""
    seen = {}
    for line in stdout.splitlines():
        parts = line.split()
        if len(parts) == 5 and parts[0] == prefix:
            seen[parts[1]] = (parts[2], parts[3], parts[4])
    return seen


def wait_for(path: Path, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not path.exists():
        assert time.monotonic() < deadline, f"{what} did not happen within {TIMEOUT} s"
        time.sleep(0.05)


LIST = ('Get-PSSession -ComputerName Server01{user} | Sort-Object Name | '
        'ForEach-Object {{ "{prefix} $($_.Name) $($_.InstanceId) $($_.State) $($_.Availability)" }}')


def test_another_account_cannot_see_or_touch_the_sessions(ssh_clean: SshLab, ssh_account: Account,
                                                          tmp_path: Path) -> None:
    lab, b = ssh_clean, ssh_account
    python = b.python()
    if python is None:
        unavailable(f"the account {b.name} has no python3 >= 3.10 on its PATH ({b.env['PATH']}) to run pshell with")
    server = lab.computer("Server01").allow(b)
    cache, started, go = tmp_path / "client-cache", tmp_path / "started", tmp_path / "go"
    as_b = f" -UserName {b.name}"

    # ---- A: an idle session (disconnected) and one running a command (disconnected)
    made = run(lab, cache, f"""
        $idle = New-PSSession -ComputerName Server01 -Name AIdle
        Invoke-Command -Session $idle {{ $secret = 'kept' }}
        Disconnect-PSSession $idle | Out-Null
        Invoke-Command -ComputerName Server01 -InDisconnectedSession -SessionName ANightly {{
            'before'; New-Item '{started}' | Out-Null
            while (-not (Test-Path '{go}')) {{ Start-Sleep -Milliseconds 50 }}
            1..3 | ForEach-Object {{ "after $_" }} }} | Out-Null
        {LIST.format(user='', prefix='A')}
    """)
    assert made.returncode == 0 and not made.stderr, describe(made)
    a_sessions = sessions_seen(made.stdout, "A")
    assert sorted(a_sessions) == ["AIdle", "ANightly"], describe(made)
    assert all(state[1:] == ("Disconnected", "None") for state in a_sessions.values()), describe(made)
    nightly_id = a_sessions["ANightly"][0]
    wait_for(started, "A's command starting")
    a_host = server.host_pid
    assert a_host is not None

    # ---- B: sees none of them, cannot connect, receive or remove them; has its own session
    tried = run(lab, cache, f"""
        "count: $(@(Get-PSSession -ComputerName Server01{as_b}).Count)"
        Connect-PSSession -ComputerName Server01{as_b} -Name ANightly
        Receive-PSSession -ComputerName Server01{as_b} -Name ANightly
        Connect-PSSession -ComputerName Server01{as_b} -InstanceId {nightly_id}
        Receive-PSSession -ComputerName Server01{as_b} -InstanceId {nightly_id}
        Get-PSSession -ComputerName Server01{as_b} -Name AIdle | Remove-PSSession
        Remove-PSSession -Name ANightly
        $mine = New-PSSession -ComputerName Server01{as_b} -Name BOwn
        Invoke-Command -Session $mine {{ $x = 41 }}
        Invoke-Command -Session $mine {{ "x: $($x + 1)"; "user: $(whoami)"; "home: $env:HOME"
            "state: [$env:PSHELL_STATE_DIR]"; "pid: $PID" }}
        Disconnect-PSSession $mine | Out-Null
        {LIST.format(user=as_b, prefix='B')}
        'done'
    """)
    out, err = tried.stdout.splitlines(), " ".join(tried.stderr.split())
    assert out[0] == "count: 0" and out[-1] == "done", describe(tried)
    assert "Traceback" not in tried.stderr and "InternalError" not in tried.stderr, describe(tried)
    for expected in ("Connect-PSSession: The remote session with the name ANightly is not available.",
                     "Receive-PSSession: The remote session with the name ANightly is not available.",
                     f"Connect-PSSession: Remote session is not available for {nightly_id}.",
                     f"Receive-PSSession: Remote session is not available for {nightly_id}.",
                     "Get-PSSession: The remote session with the name AIdle is not available.",
                     "Remove-PSSession: The remote session with the name ANightly is not available."):
        assert expected in err, f"{expected!r} missing\n{describe(tried)}"
    assert "before" not in out and not any(line.startswith("after") for line in out), describe(tried)
    b_host = b.host_pid
    assert b_host is not None and b_host != a_host, (b_host, a_host)
    assert [line for line in out if line.partition(":")[0] in ("x", "user", "home", "state", "pid")] == [
        "x: 42", f"user: {b.name}", f"home: {b.home}", f"state: [{b.state_dir}]", f"pid: {b_host}"], describe(tried)
    b_sessions = sessions_seen(tried.stdout, "B")
    assert sorted(b_sessions) == ["BOwn"] and b_sessions["BOwn"][1:] == ("Disconnected", "None"), describe(tried)

    # ---- the operating system's view: two session hosts, two owners, two state dirs
    a_proc, b_proc = psutil.Process(a_host), psutil.Process(b_host)
    assert (a_proc.uids().real, a_proc.uids().effective) == (os.getuid(), os.getuid())
    assert (b_proc.uids().real, b_proc.uids().effective) == (b.uid, b.uid)
    for folder, owner in ((server.state_dir, os.getuid()), (b.state_dir, b.uid)):
        info, sock = folder.stat(), (folder / "host.sock").stat()
        assert (info.st_uid, stat.S_IMODE(info.st_mode)) == (owner, 0o700), folder
        assert stat.S_ISSOCK(sock.st_mode) and (sock.st_uid, stat.S_IMODE(sock.st_mode)) == (owner, 0o600), folder
    for folder in (b.home / ".local", b.home / ".local" / "state"):  # made by B's session host: private too
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    if b.run(sys.executable, "-c", "import pshell").returncode != 0:  # the repository's pshell is not B's to run
        archives = b.archives()
        assert len(archives) == 1 and archives[0].stat().st_uid == b.uid, archives
        assert b_proc.exe() == os.path.realpath(python), (b_proc.exe(), python)
        assert b_proc.environ().get("PYTHONPATH", "").split(os.pathsep)[0] == str(archives[0])
        assert b_proc.environ().get("PSHELL_STATE_DIR") == str(b.state_dir)  # its default, made explicit

    # B cannot even reach A's socket: the directory around it is A's, mode 0700
    knock = b.run(python, "-c", CONNECT_AS_B, str(server.state_dir / "host.sock"))
    assert knock.returncode == 0 and knock.stdout.strip() == "EACCES", f"{knock.stdout}{knock.stderr}"
    # and a process of another account that does reach a socket (root here, at B's) is turned
    # away by the session host's peer uid check
    with connect_unix(str(b.state_dir / "host.sock"), timeout=WAIT) as sock:
        sock.settimeout(WAIT)
        sock.sendall(frames.encode({"type": "hello", "protocol": frames.PROTOCOL_VERSION, "client": "pshell-tests",
                                    "client_id": "intruder", "host": "here", "pid": os.getpid()}))
        refusal = frames.read_frame(sock.recv)
    assert refusal["type"] == "error" and refusal["error"]["error_id"] == "AccessDenied", refusal
    assert "belongs to another account" in refusal["error"]["message"], refusal

    # Knowing the InstanceId does not help either: B's own session host (B's login, the bridge
    # its client uses) has no such session to connect to, stop or remove.
    client = paramiko_client(lab, "Server01", user=b.name)
    try:
        archives = b.archives()
        command = f"{python} {archives[0]} host --stdio" if archives else f"{python} -m pshell host --stdio"
        raw = client.get_transport().open_session(timeout=WAIT)
        raw.exec_command(command)
        channel = FrameChannel(raw)
        welcome = channel.hello()
        assert welcome["type"] == "welcome" and welcome["pid"] == b_host, welcome
        listed = channel.request("list_sessions")
        assert [s["name"] for s in listed["result"]] == ["BOwn"], listed
        for op in ("get_session", "connect", "receive", "stop", "remove"):
            reply = channel.request(op, session=nightly_id)
            assert reply["ok"] is False and reply["error"]["error_id"] == "SessionNotFound", (op, reply)
        channel.close()
    finally:
        client.close()

    # ---- A afterwards: both sessions intact, the command's output complete
    go.write_text("go")
    back = run(lab, cache, f"""
        {LIST.format(user='', prefix='A')}
        Receive-PSSession -ComputerName Server01 -Name ANightly
        $idle = Connect-PSSession -ComputerName Server01 -Name AIdle
        Invoke-Command -Session $idle {{ "secret: $secret" }}
        Get-PSSession -ComputerName Server01 | Remove-PSSession
        "left: $(@(Get-PSSession -ComputerName Server01).Count)"
    """)
    assert back.returncode == 0 and not back.stderr, describe(back)
    seen = sessions_seen(back.stdout, "A")
    assert {name: ids[0] for name, ids in seen.items()} == {name: ids[0] for name, ids in a_sessions.items()}, \
        describe(back)  # the same two sessions, and not B's
    lines = [line for line in back.stdout.splitlines() if not line.startswith("A ")]
    assert lines == ["before", "after 1", "after 2", "after 3", "secret: kept", "left: 0"], describe(back)
    assert server.host_pid == a_host and b.host_pid == b_host  # neither session host was restarted
