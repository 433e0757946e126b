"""Helpers for the session host tests: a private state directory and its daemon.

The daemon is started through the real starter (HostConnection.open or the CLI) and always
stopped in teardown; one that will not stop is killed. Every wait polls with a deadline.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

from pshell.host.starter import HostNotRunning, host_pid
from pshell.remoting.connection import HostConnection

REPO = Path(__file__).resolve().parents[3]
WAIT = 20.0  # seconds: generous for a slow, busy 2-core machine


def wait_for(predicate: Callable[[], Any], timeout: float = WAIT, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)


def pid_gone(pid: int, *, zombie_ok: bool = True) -> bool:
    """The process has ended (a zombie its parent has not reaped yet counts). zombie_ok=False:
    also every thread has exited (a killed multi-threaded process shows as a zombie while its
    other threads are still exiting and still hold its files)."""
    import psutil

    try:
        process = psutil.Process(pid)
        if process.status() != psutil.STATUS_ZOMBIE:
            return False
        return zombie_ok or process.num_threads() <= 1
    except psutil.NoSuchProcess:
        return True


class HostEnv:
    """One private state directory and the daemon that serves it."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.connections: list[HostConnection] = []
        # its own "computer": the session host and the session configurations (pshell/host/configurations.py)
        self.env = dict(os.environ, PSHELL_STATE_DIR=root, PYTHONPATH=str(REPO),
                        PSHELL_CONFIGURATION_DIR=os.path.join(root, "configurations"))

    def settings(self, **values: Any) -> None:
        with open(os.path.join(self.root, "host.json"), "w", encoding="utf-8") as f:
            json.dump(values, f)

    def connect(self, **kw: Any) -> HostConnection:
        conn = HostConnection.open(self.root, **kw)
        self.connections.append(conn)
        return conn

    def cli(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pshell", "host", *args], env=self.env, capture_output=True,
                              text=True, timeout=timeout, cwd=str(REPO))

    def spawn(self, code: str) -> subprocess.Popen[str]:
        return subprocess.Popen([sys.executable, "-c", code], env=self.env, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=str(REPO))

    @property
    def pid(self) -> int | None:
        return host_pid(self.root)

    def stop(self) -> None:
        for conn in self.connections:
            conn.close()
        pid = self.pid
        if pid is None:
            return
        try:
            conn = HostConnection.open(self.root, start=False, heartbeat=False)
            conn.shutdown()
            conn.close()
        except (HostNotRunning, Exception):  # noqa: BLE001 - then a signal asks it to stop
            if pid > 0:
                os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + WAIT
        while self.pid is not None and time.monotonic() < deadline:
            time.sleep(0.05)
        if self.pid is not None and pid > 0:
            os.kill(pid, signal.SIGKILL)
            wait_for(lambda: pid_gone(pid, zombie_ok=False), what="the killed daemon to go")
