"""Finding the session host, and starting it on demand without races.

A client connects to host.sock. If nobody is there (no socket, or a stale one: connection
refused), it takes an exclusive flock on host.lock, tries again (another client may have just
started one), and only then starts `python -m pshell host --daemon`. The daemon forks once
more (so it is nobody's child), takes the pid lock, listens, and reports "ok" on a pipe; the
starter waits for that (deadline), connects, and releases the lock. Two clients starting at
once therefore end with one daemon.
"""

from __future__ import annotations

import fcntl
import os
import select
import socket
import subprocess
import sys
import time

from pshell.host.paths import StatePaths, connect_unix, ensure_state_dir, state_paths

START_TIMEOUT = 20.0  # seconds: generous for a slow, busy machine


class HostNotRunning(Exception):
    """No session host is running (and we were asked not to start one)."""


class HostStartError(Exception):
    """The session host could not be started."""


def _try_connect(paths: StatePaths) -> socket.socket | None:
    try:
        return connect_unix(paths.socket)
    except (FileNotFoundError, ConnectionRefusedError):
        return None


def connect(root: str | None = None, *, start: bool = True, timeout: float = START_TIMEOUT) -> socket.socket:
    """A socket connected to the session host of this account, starting one if needed."""
    paths = state_paths(root)
    sock = _try_connect(paths)
    if sock is not None:
        return sock
    if not start:
        raise HostNotRunning("No session host is running.")
    ensure_state_dir(paths)
    deadline = time.monotonic() + timeout
    fd = os.open(paths.lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        _lock(fd, deadline)
        sock = _try_connect(paths)
        if sock is not None:
            return sock
        start_daemon(paths, deadline)
        while True:
            sock = _try_connect(paths)
            if sock is not None:
                return sock
            if time.monotonic() > deadline:
                raise HostStartError(f"The session host started but does not accept connections on {paths.socket}."
                                     + _log_tail(paths))
            time.sleep(0.05)
    finally:
        os.close(fd)  # releases the flock


def _lock(fd: int, deadline: float) -> None:
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise HostStartError("Timed out waiting for another client that is starting the session host.") from None
            time.sleep(0.02)


def daemon_command() -> list[str]:
    return [sys.executable, "-m", "pshell", "host", "--daemon"]


def start_daemon(paths: StatePaths, deadline: float, *, debug: bool = False) -> None:
    """Start the daemon and wait until it says it is listening (or why it could not)."""
    import pshell

    env = dict(os.environ)
    env["PSHELL_STATE_DIR"] = paths.root
    package_parent = os.path.dirname(os.path.dirname(os.path.abspath(pshell.__file__)))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_parent, env.get("PYTHONPATH")) if p)
    read_end, write_end = os.pipe()
    try:
        with open(paths.log, "ab") as log:
            os.chmod(paths.log, 0o600)
            argv = daemon_command() + ["--ready-fd", str(write_end)] + (["--debug"] if debug else [])
            proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=log, cwd="/", env=env,
                                    pass_fds=(write_end,), start_new_session=True, close_fds=True)
        os.close(write_end)
        write_end = -1
        answer = _read_ready(read_end, deadline)
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))  # the intermediate process exits at once
        except subprocess.TimeoutExpired:
            pass
    finally:
        os.close(read_end)
        if write_end >= 0:
            os.close(write_end)
    if answer == "ok" or answer.startswith("running:"):
        return
    if answer.startswith("error:"):
        raise HostStartError(answer[len("error:"):].strip())
    raise HostStartError("The session host did not start." + _log_tail(paths))


def _read_ready(fd: int, deadline: float) -> str:
    data = b""
    while b"\n" not in data:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            break
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        data += chunk
    return data.decode("utf-8", errors="replace").strip()


def _log_tail(paths: StatePaths, lines: int = 10) -> str:
    try:
        with open(paths.log, encoding="utf-8", errors="replace") as f:
            tail = f.readlines()[-lines:]
    except OSError:
        return ""
    return (f" The end of {paths.log}:\n" + "".join(tail)) if tail else ""


def host_pid(root: str | None = None) -> int | None:
    """The pid of the running session host, or None if none runs (judged by its pid lock)."""
    paths = state_paths(root)
    try:
        fd = os.open(paths.pid, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            text = os.read(fd, 64).decode(errors="replace").strip()
            return int(text) if text.isdigit() else -1
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)
