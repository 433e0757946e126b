"""Starting the session host bridge on computers without the pshell subsystem (bootstrap.py):
`pshell` on the computer's PATH, else pshell brought along as a zipapp and run with the
computer's python3, else a clear error.

Each computer here has no `pshell` subsystem; its PATH and HOME are set through sshd's SetEnv
(HOME: a folder of the lab, so nothing is left in the real home), and PYTHONPATH is emptied
where pshell must come from the archive. The client's own cache (XDG_CACHE_HOME, where the
archive is built) is a temporary folder too.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from ssh_helpers import REPO, WAIT, Computer, SshLab, stop_session_host

from pshell import __version__
from pshell.remoting import bootstrap, zipapp
from pshell.wire import frames

TIMEOUT = 120
SYSTEM_PATH = "/usr/bin:/bin"
SCRIPT = "Invoke-Command -ComputerName {name} {{ 1 + 1 }}"


class SftpComputer(Computer):
    """A computer whose sshd also serves SFTP (the lab's computers have no sftp subsystem)."""

    def sshd_config(self) -> str:
        return super().sshd_config() + "Subsystem sftp internal-sftp\n"


@pytest.fixture(scope="module")
def client_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The client's XDG_CACHE_HOME: the archive is built there once for the module."""
    return tmp_path_factory.mktemp("client-cache")


def computer(lab: SshLab, name: str, *, path: str, sftp: bool = False, pythonpath: str | None = None) -> Computer:
    """A computer without the pshell subsystem whose sessions get PATH=path and a HOME of
    their own (lab.root/<name>-home)."""
    home = lab.root / f"{name}-home"
    home.mkdir(mode=0o700, exist_ok=True)
    setenv = {"PATH": path, "HOME": str(home)}
    if pythonpath is not None:
        setenv["PYTHONPATH"] = pythonpath
    if name not in lab.computers_by_name and sftp:
        lab.computers_by_name[name] = SftpComputer(lab, name, subsystem=False, setenv=setenv)
    return lab.computer(name, subsystem=False, setenv=setenv)


def home_of(c: Computer) -> Path:
    return Path(c.setenv["HOME"])


def bin_dir(lab: SshLab, name: str) -> Path:
    folder = lab.root / f"{name}-bin"
    folder.mkdir(exist_ok=True)
    return folder


def script(path: Path, text: str) -> Path:
    path.write_text(text)
    path.chmod(0o755)
    return path


def python_version(python: str) -> tuple[int, int] | None:
    """(major, minor) of an interpreter, None if it does not run (a pyenv shim of a Python
    that is not installed, say)."""
    try:
        done = subprocess.run([python, "-c", "import sys; print(*sys.version_info[:2])"], capture_output=True,
                              text=True, timeout=30, stdin=subprocess.DEVNULL, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    parts = done.stdout.split()
    return (int(parts[0]), int(parts[1])) if done.returncode == 0 and len(parts) == 2 else None


def find_python(minors: tuple[int, ...]) -> str | None:
    """A real Python 3.<minor> of this machine, the first of minors found."""
    pyenv = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    for minor in minors:
        for found in sorted(glob.glob(f"{pyenv}/versions/3.{minor}.*/bin/python3.{minor}")) + [
                f"/usr/bin/python3.{minor}", f"/usr/local/bin/python3.{minor}"]:
            if os.access(found, os.X_OK) and python_version(found) == (3, minor):
                return found
    return None


def python_at_least_310() -> str:
    """A Python >= 3.10 for the computer: a 3.10 when there is one (the oldest pshell supports,
    unlike the client's), else this one."""
    return find_python((10,)) or sys.executable


def run(lab: SshLab, cache: Path, text: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pshell", "-NoProfile", "-c", text],
                          env=dict(lab.env, XDG_CACHE_HOME=str(cache), COLUMNS="120"), capture_output=True, text=True,
                          timeout=TIMEOUT, cwd=str(REPO), stdin=subprocess.DEVNULL, check=False)


def describe(done: subprocess.CompletedProcess[str]) -> str:
    return f"exit {done.returncode}\n--- stdout ---\n{done.stdout}\n--- stderr ---\n{done.stderr}"


def archives(c: Computer) -> list[Path]:
    return sorted((home_of(c) / ".cache" / "pshell").glob("*/*.pyz"))


def expected_archive(c: Computer) -> Path:
    name = f"{__version__}-{zipapp.key(zipapp.sources())}"
    return home_of(c) / ".cache" / "pshell" / name / "pshell.pyz"


# ---------------------------------------------------------------- pshell on the PATH
def test_pshell_on_the_path_runs_the_bridge(ssh_clean: SshLab, client_cache: Path) -> None:
    folder = bin_dir(ssh_clean, "Bootpath01")
    marker = folder / "started"
    script(folder / "pshell", f'#!/bin/sh\necho "$@" >> "{marker}"\n'
                              f'PYTHONPATH="{REPO}" exec "{sys.executable}" -m pshell "$@"\n')
    path = f"{folder}:{SYSTEM_PATH}"
    assert shutil.which("pshell", path=path) == str(folder / "pshell")
    c = computer(ssh_clean, "Bootpath01", path=path)
    done = run(ssh_clean, client_cache, SCRIPT.format(name="Bootpath01"))
    assert done.returncode == 0 and done.stdout.split() == ["2"] and not done.stderr, describe(done)
    assert marker.read_text().split() == ["host", "--stdio"]
    assert archives(c) == []  # nothing was brought along


# ---------------------------------------------------------------- pshell brought along
@pytest.mark.parametrize("sftp", [True, False], ids=["sftp", "no-sftp"])
def test_pshell_is_brought_along_once(ssh_clean: SshLab, client_cache: Path, sftp: bool) -> None:
    name = "Bootsftp01" if sftp else "Bootcat01"
    folder = bin_dir(ssh_clean, name)
    script(folder / "python3", f'#!/bin/sh\nexec "{python_at_least_310()}" "$@"\n')
    path = f"{folder}:{SYSTEM_PATH}"
    assert shutil.which("pshell", path=path) is None
    c = computer(ssh_clean, name, path=path, sftp=sftp, pythonpath="")  # pshell cannot come from the repo
    done = run(ssh_clean, client_cache, SCRIPT.format(name=name) + f"; Invoke-Command -ComputerName {name} "
               "{ $env:PYTHONPATH }")
    assert done.returncode == 0 and not done.stderr, describe(done)
    archive = expected_archive(c)
    assert done.stdout.split() == ["2", str(archive)], describe(done)  # the session host runs from it
    assert archives(c) == [archive]
    assert sorted(p.name for p in archive.parent.iterdir()) == ["pshell.pyz"]  # no partial copy left
    assert archive.parent.stat().st_mode & 0o777 == 0o700
    assert archive.stat().st_size == os.path.getsize(zipapp.build(str(client_cache / "pshell")))
    before = archive.stat()

    ssh_clean.stop_hosts()  # a new session host and a new bridge, from the same archive
    again = run(ssh_clean, client_cache, SCRIPT.format(name=name))
    assert again.returncode == 0 and again.stdout.split() == ["2"] and not again.stderr, describe(again)
    after = archive.stat()
    assert (after.st_mtime_ns, after.st_ino) == (before.st_mtime_ns, before.st_ino)  # not copied again
    assert archives(c) == [archive]


def test_a_session_host_of_another_protocol_version_is_left_alone(ssh_clean: SshLab, client_cache: Path) -> None:
    """`pshell` on the PATH whose session host answers in another protocol version: this pshell is
    brought along and its session host gets a state directory of its own."""
    folder = bin_dir(ssh_clean, "Bootproto01")
    script(folder / "python3", f'#!/bin/sh\nexec "{python_at_least_310()}" "$@"\n')
    script(folder / "pshell", f"""#!{sys.executable}
import json, struct, sys
length = struct.unpack(">I", sys.stdin.buffer.read(4))[0]
sys.stdin.buffer.read(length)
body = json.dumps({{"type": "welcome", "protocol": 0, "server": "pshell/0.0.1", "pid": 1, "computer": "old",
                   "connection": 1, "heartbeat_ms": 5000}}).encode()
sys.stdout.buffer.write(struct.pack(">I", len(body)) + body)
sys.stdout.buffer.flush()
""")
    c = computer(ssh_clean, "Bootproto01", path=f"{folder}:{SYSTEM_PATH}", pythonpath="")
    own_state = f"{c.state_dir}-protocol{frames.PROTOCOL_VERSION}"
    try:
        done = run(ssh_clean, client_cache, "Invoke-Command -ComputerName Bootproto01 { 1 + 1; $env:PSHELL_STATE_DIR }")
        assert done.returncode == 0 and not done.stderr, describe(done)
        assert done.stdout.split() == ["2", own_state], describe(done)
        assert archives(c) == [expected_archive(c)]
    finally:
        stop_session_host(own_state)


def test_a_session_host_of_another_protocol_already_running_is_left_alone(ssh_clean: SshLab,
                                                                          client_cache: Path) -> None:
    """The computer's session host (on its state directory's socket) answers in another protocol
    version: the pshell brought along starts its own, in a state directory of its own."""
    folder = bin_dir(ssh_clean, "Bootsock01")
    script(folder / "python3", f'#!/bin/sh\nexec "{python_at_least_310()}" "$@"\n')
    c = computer(ssh_clean, "Bootsock01", path=f"{folder}:{SYSTEM_PATH}", pythonpath="")
    own_state = f"{c.state_dir}-protocol{frames.PROTOCOL_VERSION}"
    socket_path = c.state_dir / "host.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(socket_path))
    server.listen()
    server.settimeout(0.1)
    stop = threading.Event()
    answered: list[dict[str, object]] = []

    def old_host() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(WAIT)
                try:
                    answered.append(frames.read_frame(conn.recv))
                    conn.sendall(frames.encode({"type": "welcome", "protocol": 0, "server": "pshell/0.0.1", "pid": 1,
                                                "computer": "old", "connection": 1, "heartbeat_ms": 5000}))
                except (OSError, frames.FrameError, frames.ConnectionClosed):
                    pass

    thread = threading.Thread(target=old_host, name="old-session-host", daemon=True)
    thread.start()
    try:
        done = run(ssh_clean, client_cache, "Invoke-Command -ComputerName Bootsock01 { 1 + 1; $env:PSHELL_STATE_DIR }")
        assert done.returncode == 0 and not done.stderr, describe(done)
        assert done.stdout.split() == ["2", own_state], describe(done)
        assert [frame.get("type") for frame in answered] == ["hello"]
    finally:
        stop.set()
        thread.join(WAIT)
        server.close()
        socket_path.unlink(missing_ok=True)
        stop_session_host(own_state)
    assert not thread.is_alive()


def test_a_pshell_on_the_path_that_fails_gives_way_to_the_one_brought_along(ssh_clean: SshLab,
                                                                           client_cache: Path) -> None:
    folder = bin_dir(ssh_clean, "Bootbroken01")
    script(folder / "python3", f'#!/bin/sh\nexec "{python_at_least_310()}" "$@"\n')
    script(folder / "pshell", '#!/bin/sh\necho "pshell: broken here" >&2\nexit 3\n')
    c = computer(ssh_clean, "Bootbroken01", path=f"{folder}:{SYSTEM_PATH}", pythonpath="")
    done = run(ssh_clean, client_cache, SCRIPT.format(name="Bootbroken01"))
    assert done.returncode == 0 and done.stdout.split() == ["2"] and not done.stderr, describe(done)
    assert archives(c) == [expected_archive(c)]


def test_a_pshell_on_the_path_that_fails_without_python_is_explained(ssh_clean: SshLab, client_cache: Path) -> None:
    folder = bin_dir(ssh_clean, "Bootbroken02")
    script(folder / "pshell", '#!/bin/sh\necho "pshell: broken here" >&2\nexit 3\n')
    computer(ssh_clean, "Bootbroken02", path=str(folder))
    done = run(ssh_clean, client_cache, SCRIPT.format(name="Bootbroken02"))
    text = " ".join(done.stderr.split())
    expected = (f"pshell on the computer ({folder / 'pshell'}) ended before the handshake (exit status 3: pshell: "
                "broken here). The computer has no python3 >= 3.10 to run this pshell there instead "
                "(found no python3).")
    assert expected in text, describe(done)


# ---------------------------------------------------------------- no way to run pshell
@pytest.mark.parametrize("python", ["missing", "old"])
def test_no_pshell_and_no_usable_python_is_a_clear_error(ssh_clean: SshLab, client_cache: Path, python: str) -> None:
    name = f"Boot{python}py01"
    folder = bin_dir(ssh_clean, name)  # the only folder on the PATH: no pshell, no system python3
    expected = "found no python3"
    if python == "old":
        real = find_python((9, 8, 7, 6))
        if real is not None:
            script(folder / "python3", f'#!/bin/sh\nexec "{real}" "$@"\n')
            expected = "found Python " + ".".join(map(str, python_version(real) or ()))
        else:  # a Python that says it is 3.8
            script(folder / "python3", f'#!/bin/sh\nexec "{sys.executable}" -c "import sys; '
                                       f'sys.version_info = (3, 8, 18, \'final\', 0); exec(sys.argv[1])" "$2"\n')
            expected = "found Python 3.8"
    computer(ssh_clean, name, path=str(folder))
    done = run(ssh_clean, client_cache, SCRIPT.format(name=name))
    assert "2" not in done.stdout.split(), describe(done)
    text = " ".join(done.stderr.split())
    assert f"The computer has no pshell and no python3 >= 3.10 to run it ({expected})." in text, describe(done)
    assert f"Connecting to remote server {name} failed" in text, describe(done)


# ---------------------------------------------------------------- the handshake, without sshd
class FakeChannel:
    def __init__(self, incoming: bytes = b"") -> None:
        self.sent = bytearray()
        self.incoming = bytearray(incoming)
        self.timeout: float | None = None

    def sendall(self, data: bytes) -> None:
        self.sent += data

    def recv(self, size: int) -> bytes:
        chunk = bytes(self.incoming[:size])
        del self.incoming[:size]
        return chunk

    def settimeout(self, timeout: float | None) -> None:
        self.timeout = timeout


def test_the_bridge_channel_does_not_say_hello_twice() -> None:
    welcome = {"type": "welcome", "protocol": frames.PROTOCOL_VERSION, "server": "pshell/x", "pid": 7}
    raw = FakeChannel(b"later")
    channel = bootstrap.BridgeChannel(raw, welcome)
    hello = frames.encode(bootstrap.hello_message())
    channel.sendall(hello[:3])  # a hello in pieces is recognised all the same
    channel.sendall(hello[3:] + frames.encode({"type": "ping"}))
    assert bytes(raw.sent) == frames.encode({"type": "ping"})
    assert frames.read_frame(channel.recv) == welcome
    assert channel.recv(100) == b"later"
    channel.settimeout(5)
    assert raw.timeout == 5  # everything else is the channel's


def test_the_bridge_channel_passes_a_first_frame_that_is_not_a_hello() -> None:
    raw = FakeChannel()
    channel = bootstrap.BridgeChannel(raw, {"type": "welcome", "protocol": frames.PROTOCOL_VERSION})
    channel.sendall(frames.encode({"type": "request", "id": 1, "op": "status", "args": {}}))
    assert frames.read_frame(FakeChannel(bytes(raw.sent)).recv)["op"] == "status"
