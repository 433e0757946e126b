"""Computer names: which ones mean this machine, and how each is reached.

`localhost`, `.`, `127.0.0.1`, `::1` and this machine's own host name are loopback: the
client talks to this account's session host over its Unix socket, no sshd involved.
"""

from __future__ import annotations

import functools
import socket
from dataclasses import dataclass

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
class Computer:
    """A computer as the user named it, and how it is reached."""

    name: str  # as typed (`.` shows as localhost, as in PowerShell)
    transport: str  # "Local" or "SSH"
    key: str  # sessions to computers with the same key share one connection

    @property
    def is_local(self) -> bool:
        return self.transport == "Local"


def resolve(name: str) -> Computer:
    """The Computer a -ComputerName value names."""
    text = (name or "").strip() or "localhost"
    if is_loopback(text):
        return Computer("localhost" if text == "." else text, "Local", "local")
    return Computer(text, "SSH", text.lower())
