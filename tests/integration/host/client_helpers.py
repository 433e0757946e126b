"""Running real pshell clients against a test's private session host.

A client is `python -m pshell -NoProfile -c <script>` with the HostEnv's environment (its
private PSHELL_STATE_DIR, so the client starts and uses that state directory's daemon).
`run_client` runs one to the end; `Clients.start` runs one in the background (its stdout and
stderr read by threads, so a test can wait for a line while it runs) and kills it in teardown
if it is still running. Scripts wait for the test with gate files (`gate(path)`), never with
fixed sleeps; the test waits for the client with `Client.wait_line` (every wait polls with a
deadline).

`session_rows` reads the PSSession table a client printed (SPEC §2 default view).

Test modules import the `clients` fixture from here (it needs the `host` fixture of conftest.py).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from host_helpers import REPO, WAIT, HostEnv

CLIENT_TIMEOUT = 90.0  # seconds a whole client run may take (slow, busy 2-core machine)

TABLE_HEADER = " Id Name"  # how the PSSession table's header line starts
SESSION_COLUMNS = ("Id", "Name", "ComputerName", "State", "ConfigurationName", "Availability")


def client_env(host: HostEnv, **extra: str) -> dict[str, str]:
    """The environment of a client of this host: the private state dir, a fixed width (the
    console is a pipe), output not held back in Python's buffers (a test waits for lines)."""
    env = dict(host.env, PYTHONUNBUFFERED="1", COLUMNS="120", TERM="dumb")
    env.pop("LINES", None)
    env.update(extra)
    return env


def client_command(script: str) -> list[str]:
    return [sys.executable, "-m", "pshell", "-NoProfile", "-c", script]


def one_line(text: str) -> str:
    """Text with every run of white space made one space (error text may be wrapped)."""
    return " ".join(text.split())


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.out.splitlines()]

    @property
    def err_text(self) -> str:
        return one_line(self.err)

    def describe(self) -> str:
        return f"exit code {self.code}\n--- stdout ---\n{self.out}\n--- stderr ---\n{self.err}"


def run_client(host: HostEnv, script: str, *, timeout: float = CLIENT_TIMEOUT, cwd: str | Path | None = None,
               **env: str) -> Result:
    """Run a client to its end."""
    done = subprocess.run(client_command(script), env=client_env(host, **env), capture_output=True, text=True,
                          timeout=timeout, cwd=str(cwd or REPO), stdin=subprocess.DEVNULL)
    return Result(done.returncode, done.stdout, done.stderr)


def ok_client(host: HostEnv, script: str, **kw: Any) -> Result:
    """Run a client that must succeed: exit code 0 and nothing on stderr."""
    result = run_client(host, script, **kw)
    assert result.code == 0 and not result.err.strip(), result.describe()
    return result


class Client:
    """A client running in the background."""

    def __init__(self, host: HostEnv, script: str, *, cwd: str | Path | None = None, **env: str) -> None:
        self.script = script
        self.process = subprocess.Popen(client_command(script), env=client_env(host, **env), stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        cwd=str(cwd or REPO))
        self._out: list[str] = []
        self._err: list[str] = []
        self._readers = [threading.Thread(target=self._read, args=(self.process.stdout, self._out), daemon=True),
                         threading.Thread(target=self._read, args=(self.process.stderr, self._err), daemon=True)]
        for reader in self._readers:
            reader.start()

    @staticmethod
    def _read(stream: Any, into: list[str]) -> None:
        for line in iter(stream.readline, ""):
            into.append(line)
        stream.close()

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def out(self) -> str:
        return "".join(self._out)

    @property
    def err(self) -> str:
        return "".join(self._err)

    @property
    def lines(self) -> list[str]:
        return [line.rstrip("\n").rstrip() for line in list(self._out)]

    def describe(self) -> str:
        return f"exit code {self.process.poll()}\n--- stdout ---\n{self.out}\n--- stderr ---\n{self.err}"

    def wait_line(self, line: str | Callable[[str], bool], timeout: float = WAIT) -> str:
        """Wait until the client prints a line equal to `line` (or one the predicate accepts)."""
        check = line if callable(line) else (lambda text: text == line)
        deadline = time.monotonic() + timeout
        while True:
            for text in self.lines:
                if check(text):
                    return text
            if self.process.poll() is not None:
                for reader in self._readers:
                    reader.join(timeout=5)
                for text in self.lines:
                    if check(text):
                        return text
                raise AssertionError(f"the client ended without printing {line!r}:\n{self.describe()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout} s waiting for the client to print {line!r}:\n"
                                     f"{self.describe()}")
            time.sleep(0.05)

    def wait_err(self, text: str, timeout: float = WAIT) -> str:
        """Wait until the client's stderr contains the text (white space made one space)."""
        deadline = time.monotonic() + timeout
        while True:
            err = one_line(self.err)
            if one_line(text) in err:
                return err
            if self.process.poll() is not None:
                for reader in self._readers:
                    reader.join(timeout=5)
                if one_line(text) in one_line(self.err):
                    return one_line(self.err)
                raise AssertionError(f"the client ended without writing {text!r} to stderr:\n{self.describe()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout} s waiting for {text!r} on the client's stderr:\n"
                                     f"{self.describe()}")
            time.sleep(0.05)

    def finish(self, timeout: float = CLIENT_TIMEOUT) -> Result:
        """Wait for the client to end by itself."""
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"the client did not end within {timeout} s:\n{self.describe()}") from None
        for reader in self._readers:
            reader.join(timeout=10)
        return Result(code, self.out, self.err)

    def kill(self) -> None:
        """SIGKILL this client (by its pid) and reap it."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=WAIT)
        for reader in self._readers:
            reader.join(timeout=10)


class Clients:
    """The background clients of one test; any still running at teardown is killed."""

    def __init__(self, host: HostEnv) -> None:
        self.host = host
        self.started: list[Client] = []

    def start(self, script: str, **kw: Any) -> Client:
        client = Client(self.host, script, **kw)
        self.started.append(client)
        return client

    def run(self, script: str, **kw: Any) -> Result:
        return run_client(self.host, script, **kw)

    def ok(self, script: str, **kw: Any) -> Result:
        return ok_client(self.host, script, **kw)

    def close(self) -> None:
        for client in self.started:
            if client.process.poll() is None:
                client.kill()


@pytest.fixture
def clients(host: HostEnv) -> Iterator[Clients]:
    pool = Clients(host)
    try:
        yield pool
    finally:
        pool.close()


def gate(path: str | Path) -> str:
    """PowerShell that waits (in the client or in a session) until the file exists."""
    return f"while (-not (Test-Path '{path}')) {{ Start-Sleep -Milliseconds 50 }}"


def open_gate(path: Path) -> None:
    path.write_text("go")


# ---------------------------------------------------------------- tables
_ROW = re.compile(r"^\s*(\d+)\s+(\S+)\s+(\S+)\s+(Opened|Disconnected|Closed|Broken|Opening|Disconnecting|Connecting|"
                  r"Closing)\s+(\S+)\s+(Available|Busy|None)\s*$")


def session_rows(text: str) -> list[dict[str, str]]:
    """The rows of every PSSession table in the text, as dicts keyed by column name."""
    rows = []
    for line in text.splitlines():
        match = _ROW.match(line)
        if match:
            rows.append(dict(zip(SESSION_COLUMNS, match.groups())))
    return rows


def row_of(text: str, name: str) -> dict[str, str] | None:
    found = [row for row in session_rows(text) if row["Name"] == name]
    assert len(found) <= 1, f"more than one row for {name}:\n{text}"
    return found[0] if found else None


def tables(text: str) -> list[list[str]]:
    """Each PSSession table in the text as its lines (header, dashes, rows)."""
    lines = text.splitlines()
    found = []
    for i, line in enumerate(lines):
        if line.startswith(TABLE_HEADER):
            table = [line.rstrip()]
            for following in lines[i + 1:]:
                if not following.strip():
                    break
                table.append(following.rstrip())
            found.append(table)
    return found


def poll_clients(host: HostEnv, script: str, accept: Callable[[Result], bool], *, timeout: float = 60.0,
                 what: str = "the clients to see it") -> Result:
    """Run a client again and again until its result is accepted (each run is a new client)."""
    deadline = time.monotonic() + timeout
    last: Result | None = None
    while True:
        last = run_client(host, script)
        if accept(last):
            return last
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}; the last client showed:\n"
                                 f"{last.describe()}")
        time.sleep(0.2)


def numbers(lines: list[str]) -> list[int]:
    return [int(line) for line in lines if line.strip().lstrip("-").isdigit()]
