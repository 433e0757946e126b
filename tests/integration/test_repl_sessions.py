"""Enter-PSSession and Exit-PSSession in the real interactive shell, driven in a tmux terminal
(the helpers of test_repl.py). The shell uses a private session host state directory whose
daemon is stopped at teardown. Every wait polls with a deadline."""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from test_repl import Terminal, start  # `start`: the fixture that opens a terminal

sys.path.insert(0, str(Path(__file__).resolve().parent / "host"))
from host_helpers import HostEnv  # noqa: E402 - after the path is set


@pytest.fixture
def state_dir() -> Iterator[HostEnv]:
    root = tempfile.mkdtemp(prefix="psh-", dir="/tmp")  # short: Unix socket paths are limited
    env = HostEnv(root)
    try:
        yield env
    finally:
        env.stop()
        shutil.rmtree(root, ignore_errors=True)


def last_line(term: Terminal) -> str:
    shown = [line for line in term.lines() if line]
    return shown[-1] if shown else ""


def wait_last(term: Terminal, line: str, count: int | None = None) -> None:
    """Wait until the last line on the screen is `line` (a prompt), shown `count` times in all."""
    def ready(lines: list[str]) -> bool:
        shown = [text for text in lines if text]
        return bool(shown) and shown[-1] == line and (count is None or sum(1 for t in lines if t.startswith(line)) >= count)
    term.wait_for(ready, f"the prompt {line!r}" + (f" (number {count})" if count else ""))


def enter_line(term: Terminal, text: str) -> None:
    term.type(text)
    term.send("Enter")


def test_enter_pssession_runs_lines_in_the_session(start: Callable[..., Terminal], state_dir: HostEnv,
                                                   tmp_path: Path) -> None:
    term = start("-NoProfile", env={"PSHELL_STATE_DIR": state_dir.root})
    local = term.prompt
    enter_line(term, "$s = New-PSSession -ComputerName localhost -Name Inter")
    term.wait_prompt(2)
    enter_line(term, "Enter-PSSession -Session $s")
    term.wait_for(lambda lines: any(line.startswith("[localhost]: PS /") and line.endswith(">") for line in lines),
                  "the remote prompt")
    remote = last_line(term)
    assert remote.startswith("[localhost]: PS /") and remote.endswith(">"), term.screen()

    enter_line(term, "$x = 5")
    wait_last(term, remote, 2)
    enter_line(term, "$x * 2")
    term.wait_line("10")
    wait_last(term, remote, 3)
    enter_line(term, "cd /tmp")
    wait_last(term, "[localhost]: PS /tmp>")
    enter_line(term, "\"remote x=$x\"")
    term.wait_line("remote x=5")
    wait_last(term, "[localhost]: PS /tmp>", 2)

    enter_line(term, "exit")
    wait_last(term, local)
    enter_line(term, "\"local x=[$x] state=$($s.State)/$($s.Availability)\"")
    term.wait_line("local x=[] state=Opened/Available")  # the entered session is kept, Opened
    enter_line(term, "Invoke-Command -Session $s { \"kept x=$x at $((Get-Location).Path)\" }")
    term.wait_line("kept x=5 at /tmp")
    wait_last(term, local)


def test_enter_pssession_computername_session_is_removed_on_exit(start: Callable[..., Terminal],
                                                                 state_dir: HostEnv) -> None:
    term = start("-NoProfile", env={"PSHELL_STATE_DIR": state_dir.root})
    local = term.prompt
    enter_line(term, "Enter-PSSession -ComputerName localhost")
    term.wait_for(lambda lines: any(line.startswith("[localhost]: PS /") for line in lines), "the remote prompt")
    remote = last_line(term)
    enter_line(term, "'inside the session'")
    term.wait_line("inside the session")
    wait_last(term, remote, 2)
    observer = state_dir.connect()  # lists the sessions without connecting any
    assert [(i["state"], i["availability"]) for i in observer.list_sessions()] == [("Disconnected", "Busy")]
    enter_line(term, "Exit-PSSession")
    wait_last(term, local)
    enter_line(term, "\"sessions here=$(@(Get-PSSession -ComputerName localhost).Count)\"")
    term.wait_line("sessions here=0")
    wait_last(term, local)
    assert observer.list_sessions() == []
