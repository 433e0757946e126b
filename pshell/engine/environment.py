"""The environment variables a command sees: the process's, or its session's.

A shell has one runspace and uses the process environment (`os.environ`). A session host
runs many sessions' commands in one process, each on its own thread; each session has an
environment of its own (so `$env:X = 1` in one session is not seen in another, and only a
session made with -EnableNetworkAccess sees SSH_AUTH_SOCK). The session host runs a command
inside `using(session.environment)`; everything that reads or writes environment variables
(`$env:`, [Environment], native programs, command lookup on PATH) goes through `current()`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager

_local = threading.local()


def current() -> MutableMapping[str, str]:
    """The environment of the command running on this thread."""
    environment = getattr(_local, "environment", None)
    return os.environ if environment is None else environment


@contextmanager
def using(environment: MutableMapping[str, str]) -> Iterator[None]:
    """Run the body (on this thread) with the given environment."""
    previous = getattr(_local, "environment", None)
    _local.environment = environment
    try:
        yield
    finally:
        _local.environment = previous
