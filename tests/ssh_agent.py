"""A real ssh-agent for tests: on a socket of its own, holding one key made for the test
(comment `network-access-test`); `ssh-add -l` with SSH_AUTH_SOCK=agent.socket lists it. The
`agent` fixture kills it at the end."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


class Agent:
    """An ssh-agent on a socket of its own, holding one key; killed at the end."""

    def __init__(self) -> None:
        for tool in ("ssh-agent", "ssh-add", "ssh-keygen"):
            if shutil.which(tool) is None:
                pytest.skip(f"{tool} is not installed (openssh-client)")
        self.root = Path(tempfile.mkdtemp(prefix="psag-", dir="/tmp"))
        self.socket = self.root / "agent.sock"
        started = subprocess.run(["ssh-agent", "-s", "-a", str(self.socket)], capture_output=True, text=True,
                                 check=True, timeout=30)
        self.pid = int(re.search(r"SSH_AGENT_PID=(\d+)", started.stdout).group(1))
        key = self.root / "id_ed25519"
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "network-access-test", "-f", str(key)],
                       check=True, timeout=30, capture_output=True)
        subprocess.run(["ssh-add", "-q", str(key)], env=dict(os.environ, SSH_AUTH_SOCK=str(self.socket)),
                       check=True, timeout=30, capture_output=True)

    def close(self) -> None:
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture
def agent() -> Iterator[Agent]:
    running = Agent()
    try:
        yield running
    finally:
        running.close()
