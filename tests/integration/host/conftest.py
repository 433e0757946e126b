"""Real session host daemons, each test with its own state directory.

The daemon is started through the real starter (HostConnection.open or the CLI) and always
stopped in teardown; one that will not stop is killed. Every wait polls with a deadline.
"""

from __future__ import annotations

import shutil
import tempfile
from typing import Iterator

import pytest
from host_helpers import HostEnv


@pytest.fixture
def host(monkeypatch: pytest.MonkeyPatch) -> Iterator[HostEnv]:
    root = tempfile.mkdtemp(prefix="psh-", dir="/tmp")  # short: Unix socket paths are limited
    monkeypatch.setenv("PSHELL_STATE_DIR", root)
    env = HostEnv(root)
    try:
        yield env
    finally:
        env.stop()
        shutil.rmtree(root, ignore_errors=True)
