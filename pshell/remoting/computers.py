"""Computer names: which ones mean this machine, and how each is reached.

`localhost`, `.`, `127.0.0.1`, `::1` and this machine's own host name are loopback: the
client talks to this account's session host over its Unix socket, no sshd involved.
"""

from __future__ import annotations

import functools
import socket
from dataclasses import dataclass, field, replace

LOOPBACK_NAMES = frozenset({"localhost", ".", "127.0.0.1", "::1", "[::1]", "localhost.localdomain"})


@functools.lru_cache(maxsize=1)
def _own_names() -> frozenset[str]:
    names = {socket.gethostname().lower()}
    short = socket.gethostname().split(".", 1)[0].lower()
    names.add(short)
    return frozenset(n for n in names if n)


def is_loopback(name: str) -> bool:
    lowered = name.strip().lower()
    return lowered in LOOPBACK_NAMES or lowered in _own_names()


@dataclass(frozen=True)
class SSHOptions:
    """What the command line says about reaching a computer over SSH (PowerShell 7's -UserName,
    -Port, -KeyFilePath, -Subsystem, -Credential); None: the SSH client configuration decides."""

    user: str | None = None
    port: int | None = None
    key_file: str | None = None
    subsystem: str | None = None
    password: str | None = field(default=None, repr=False)
    open_timeout: float | None = None  # seconds to wait for the connection (the session option's OpenTimeout)
    # seconds to wait for the session host to answer a request (the session option's OperationTimeout;
    # it applies to the connection to the computer that the command opens)
    operation_timeout: float | None = None


@dataclass(frozen=True)
class Computer:
    """A computer as the user named it, and how it is reached."""

    name: str  # as typed (`.` shows as localhost, as in PowerShell)
    transport: str  # "Local" or "SSH"
    key: str  # sessions to computers with the same key share one connection
    ssh: SSHOptions = field(default_factory=SSHOptions, compare=False)

    @property
    def is_local(self) -> bool:
        return self.transport == "Local"


def resolve(name: str, ssh: SSHOptions | None = None) -> Computer:
    """The Computer a -ComputerName (or -HostName: `user@host:port`) value names."""
    text = (name or "").strip() or "localhost"
    options = ssh or SSHOptions()
    if "@" in text:
        user, _, text = text.rpartition("@")
        options = replace(options, user=options.user or user)
    if text.count(":") == 1 and text.rsplit(":", 1)[1].isdigit():
        text, port = text.rsplit(":", 1)
        options = replace(options, port=options.port or int(port))
    login = (options.user, options.port, options.key_file, options.subsystem, options.password)
    if is_loopback(text) and not any(v is not None for v in login):  # nothing says "log in over SSH"
        return Computer("localhost" if text == "." else text, "Local", "local", options)
    key = f"{options.user or ''}@{text.lower()}:{options.port or ''}"
    return Computer(text, "SSH", key, options)
