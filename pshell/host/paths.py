"""Where the session host keeps its state, and the checks that keep it private.

State directory: $PSHELL_STATE_DIR, else $XDG_STATE_HOME/pshell, else ~/.local/state/pshell.
It is created with mode 0700, and so is each missing folder above it (~/.local/state of an
account that had none: the XDG base directory spec asks for 0700, and nobody else needs to
see what is in it). One owned by another account, or writable by group or others, is refused
with a clear error (someone else could have put files there); one of ours that is merely
readable by others is tightened to 0700.
"""

from __future__ import annotations

import os
import socket
import stat
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

SOCKET_NAME = "host.sock"
PID_NAME = "host.pid"
LOCK_NAME = "host.lock"
LOG_NAME = "host.log"
DB_NAME = "sessions.db"
SETTINGS_NAME = "host.json"
_SUN_PATH_MAX = 107  # bytes in sockaddr_un.sun_path, less the terminating NUL


class StateDirError(Exception):
    """The state directory cannot be used safely."""


def default_state_dir() -> str:
    explicit = os.environ.get("PSHELL_STATE_DIR")
    if explicit:
        return os.path.abspath(os.path.expanduser(explicit))
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return os.path.join(os.path.abspath(base), "pshell")


@dataclass(frozen=True)
class StatePaths:
    root: str

    @property
    def socket(self) -> str:
        return os.path.join(self.root, SOCKET_NAME)

    @property
    def pid(self) -> str:
        return os.path.join(self.root, PID_NAME)

    @property
    def lock(self) -> str:
        return os.path.join(self.root, LOCK_NAME)

    @property
    def log(self) -> str:
        return os.path.join(self.root, LOG_NAME)

    @property
    def db(self) -> str:
        return os.path.join(self.root, DB_NAME)

    @property
    def settings(self) -> str:
        return os.path.join(self.root, SETTINGS_NAME)

    @property
    def spool(self) -> str:
        return os.path.join(self.root, "spool")


def state_paths(root: str | None = None) -> StatePaths:
    return StatePaths(os.path.abspath(root) if root else default_state_dir())


def ensure_state_dir(paths: StatePaths) -> StatePaths:
    """Create the state directory (0700) or check an existing one; StateDirError if unsafe."""
    try:
        make_private_dirs(paths.root)
    except OSError as exc:
        raise StateDirError(f"Cannot create the session host's state directory '{paths.root}': {exc.strerror}.") from None
    check_state_dir(paths.root)
    return paths


def make_private_dirs(path: str) -> None:
    """`mkdir -p` in which every folder made gets mode 0700 (os.makedirs gives the folders
    above the last the umask's mode, 0755 as a rule); folders already there are left as they are."""
    missing: list[str] = []
    folder = os.path.abspath(path)
    while not os.path.isdir(folder):
        missing.append(folder)
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            if not os.path.isdir(folder):  # a file there: the same error as mkdir -p
                raise


def check_state_dir(root: str) -> None:
    info = os.stat(root)
    if not stat.S_ISDIR(info.st_mode):
        raise StateDirError(f"The session host's state directory '{root}' is not a directory.")
    if info.st_uid != os.geteuid():
        raise StateDirError(f"The session host's state directory '{root}' belongs to another account (uid {info.st_uid}); "
                            "it must belong to you. Set PSHELL_STATE_DIR to a directory of your own.")
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o022:
        raise StateDirError(f"The session host's state directory '{root}' can be written by other accounts "
                            f"(mode {mode:04o}); make it private with: chmod 700 '{root}'")
    if mode != 0o700:
        os.chmod(root, 0o700)


@contextmanager
def socket_address(path: str) -> Iterator[str]:
    """An address for bind/connect; a path too long for sockaddr_un goes through /proc/self/fd."""
    if len(os.fsencode(path)) <= _SUN_PATH_MAX or not os.path.isdir("/proc/self/fd"):
        yield path
        return
    fd = os.open(os.path.dirname(path) or ".", os.O_RDONLY | getattr(os, "O_PATH", 0) | os.O_DIRECTORY)
    try:
        yield f"/proc/self/fd/{fd}/{os.path.basename(path)}"
    finally:
        os.close(fd)


def connect_unix(path: str, timeout: float | None = 5.0) -> socket.socket:
    """A connected AF_UNIX stream socket (blocking). Raises OSError as connect does."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        with socket_address(path) as address:
            sock.connect(address)
        sock.settimeout(None)
    except BaseException:
        sock.close()
        raise
    return sock
