"""Every cmdlet documents itself, and its examples run.

For each cmdlet from `all_cmdlets()`: it has a synopsis and at least one example, and every
runnable example runs in a fresh shell (in a temporary working directory); when the example
gives `output`, standard output must match it as the script tests compare text: trailing
whitespace on each line and blank lines at the very end are ignored.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pshell.cmdlets.base import CmdletInfo, Example, all_cmdlets
from pshell.console import ConsoleHost
from pshell.shell import Shell

TIMEOUT_SECONDS = 30
CMDLETS = all_cmdlets()
EXAMPLES = [(info, index, example) for info in CMDLETS for index, example in enumerate(info.examples, 1)
            if example.runnable]


def normalize(text: str) -> str:
    """The text as the script tests compare it: no trailing blanks per line, no trailing blank lines."""
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).rstrip("\n")


class CapturingHost(ConsoleHost):
    """A console host writing to memory, 120 columns wide, never a terminal, with no input."""

    def __init__(self) -> None:
        super().__init__(out=io.StringIO(), err=io.StringIO(), width=120)

    @property
    def stdout(self) -> str:
        return self.out.getvalue()

    @property
    def stderr(self) -> str:
        return self.err.getvalue()

    def read_line(self, prompt: str = "") -> str:
        raise EOFError

    def read_secret(self, prompt: str = "") -> str:
        raise EOFError


class ExampleTimeout(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise ExampleTimeout(f"the example ran longer than {TIMEOUT_SECONDS} seconds")


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh working directory, UTC time, no colours, and a time limit for each example."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("PSHELL_STATE_DIR", str(tmp_path / ".state"))
    monkeypatch.setenv("PSHELL_CONFIGURATION_DIR", str(tmp_path / ".configurations"))
    time.tzset()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(TIMEOUT_SECONDS)
    try:
        yield tmp_path
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        time.tzset()
        stop_session_host(tmp_path / ".state")


def stop_session_host(state_dir: Path) -> None:
    """Stop the session host an example started (remoting examples start one on demand)."""
    if (state_dir / "host.pid").exists():
        repo = str(Path(__file__).resolve().parents[3])
        env = dict(os.environ, PSHELL_STATE_DIR=str(state_dir), PYTHONPATH=repo)
        subprocess.run([sys.executable, "-m", "pshell", "host", "--stop"], env=env, cwd=repo, capture_output=True,
                       timeout=60, check=False)


def run_example(code: str) -> tuple[str, str, bool]:
    """Run code in a fresh shell; return its standard output, its errors, and whether it succeeded."""
    host = CapturingHost()
    shell = Shell(host)
    try:
        ok = shell.execute(code)
    finally:
        shell.close()
    return host.stdout, host.stderr, ok


@pytest.mark.parametrize("info", CMDLETS, ids=[info.name for info in CMDLETS])
def test_cmdlet_is_documented(info: CmdletInfo) -> None:
    assert info.synopsis.strip(), f"{info.name} has no synopsis"
    assert info.examples, f"{info.name} has no example"


@pytest.mark.parametrize("info,index,example", EXAMPLES,
                         ids=[f"{info.name}-{index}" for info, index, _ in EXAMPLES])
def test_example_runs(info: CmdletInfo, index: int, example: Example, sandbox: Path) -> None:
    stdout, stderr, ok = run_example(example.code)
    if example.output is None:
        assert ok, f"{info.name} example {index} failed:\n{example.code}\nstderr:\n{stderr}"
        return
    assert normalize(stdout) == normalize(example.output), (
        f"{info.name} example {index}:\n{example.code}\nstderr:\n{stderr}")


def test_normalize_ignores_trailing_blanks_only() -> None:
    assert normalize("\na b\n- -\n1 2  \n\n") == "\na b\n- -\n1 2"
    assert normalize("x\r\ny") == "x\ny"
