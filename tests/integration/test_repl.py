"""The interactive shell, driven for real in a tmux terminal.

Each test starts `python -m pshell -NoProfile` in its own tmux server (a private socket, no
user configuration) with HOME in a temporary folder, types keys with `send-keys` and reads
the screen with `capture-pane`. Every wait polls with a deadline, never a fixed sleep.
tmux is required when CI=true; elsewhere the tests are skipped without it.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
WAIT = 20.0  # seconds: generous for a slow, busy 2-core machine


class Terminal:
    """One tmux server with one 120x40 window running the program."""

    def __init__(self, workdir: Path, command: str, env: dict[str, str]) -> None:
        self.socket = f"pshell-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.workdir = workdir
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        # COLUMNS/LINES from the test runner's environment must not override the real window size.
        run = f"env -u COLUMNS -u LINES {exports} {command}"
        script = f"cd {shlex.quote(str(workdir))} && {run}; echo \"code=$?\"; sleep 600"
        self.tmux("new-session", "-d", "-x", "120", "-y", "40", "-s", "main", script)
        self.socket_path = self.tmux("display-message", "-p", "#{socket_path}").strip()

    def tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", *args], capture_output=True, text=True,
                              check=False, timeout=WAIT)
        if done.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-J", "-t", "main")

    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.screen().splitlines()]

    def send(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "main", *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "main", "-l", text)

    def wait_for(self, check: Callable[[list[str]], bool], what: str, timeout: float = WAIT) -> list[str]:
        deadline = time.monotonic() + timeout
        while True:
            lines = self.lines()
            if check(lines):
                return lines
            if time.monotonic() > deadline:
                shown = "\n".join(lines).rstrip()
                pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}; the screen shows:\n{shown}")
            time.sleep(0.1)

    def wait_line(self, line: str, timeout: float = WAIT) -> list[str]:
        return self.wait_for(lambda lines: line in lines, f"the line {line!r}", timeout)

    def prompts(self) -> int:
        return sum(1 for line in self.lines() if line.startswith(self.prompt))

    @property
    def prompt(self) -> str:
        return f"PS {self.workdir}>"

    def wait_prompt(self, count: int = 1, timeout: float = WAIT) -> None:
        """Wait until the screen shows `count` prompts and the last line is an empty prompt."""
        def ready(lines: list[str]) -> bool:
            shown = [line for line in lines if line]
            return (sum(1 for line in lines if line.startswith(self.prompt)) >= count
                    and bool(shown) and shown[-1] == self.prompt)
        self.wait_for(ready, f"prompt number {count} ({self.prompt!r})", timeout)

    def run(self, command: str, expect: str) -> None:
        """At an empty prompt: type a command, press Enter, wait for an output line and the next prompt."""
        before = self.prompts()
        self.type(command)
        self.send("Enter")
        self.wait_line(expect)
        self.wait_prompt(before + 1)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, check=False,
                       timeout=WAIT)
        if self.socket_path:
            Path(self.socket_path).unlink(missing_ok=True)


def _require_tmux() -> None:
    if shutil.which("tmux") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("tmux is required for the REPL tests in CI (.ci/run installs it)")
        pytest.skip("tmux is not installed")


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Callable[..., Terminal]]:
    """start(*args, env=...) runs pshell in a fresh terminal and waits for its first prompt."""
    _require_tmux()
    terminals: list[Terminal] = []
    home = Path(os.path.realpath(tmp_path))

    def launch(*args: str, env: dict[str, str] | None = None, wait: bool = True) -> Terminal:
        environment = {"HOME": str(home), "PYTHONPATH": str(REPO), "XDG_DATA_HOME": str(home / ".local" / "share"),
                       "XDG_CONFIG_HOME": str(home / ".config"), "TERM": "xterm-256color", **(env or {})}
        command = " ".join(shlex.quote(a) for a in [sys.executable, "-m", "pshell", *args])
        term = Terminal(home, command, environment)
        terminals.append(term)
        if wait:
            term.wait_prompt()
        return term

    yield launch
    for term in terminals:
        term.close()


def test_prompt_appears(start: Callable[..., Terminal]) -> None:
    term = start("-NoProfile")
    assert term.lines()[0] == term.prompt


def test_tab_completes_a_cmdlet_and_runs_it(start: Callable[..., Terminal]) -> None:
    term = start("-NoProfile")
    term.type("Write-Outp")
    term.send("Tab")
    term.wait_for(lambda lines: lines[0] == f"{term.prompt} Write-Output", "Write-Output on the prompt line")
    term.type(" 'hello'")
    term.send("Enter")
    term.wait_line("hello")
    term.wait_prompt(2)


def test_tab_completes_a_parameter(start: Callable[..., Terminal]) -> None:
    term = start("-NoProfile")
    term.type("Write-Host -Fore")
    term.send("Tab")
    term.wait_for(lambda lines: lines[0] == f"{term.prompt} Write-Host -ForegroundColor", "-ForegroundColor")
    term.type(" Gre")
    term.send("Tab")
    term.wait_for(lambda lines: lines[0].endswith("-ForegroundColor Green"), "the value Green")
    term.type(" 'coloured'")
    term.send("Enter")
    term.wait_line("coloured")


@pytest.mark.parametrize("busy", ["Start-Sleep 100", "while ($true) { }", "native sleep"])
def test_ctrl_c_stops_the_running_command(start: Callable[..., Terminal], busy: str) -> None:
    if busy == "native sleep":  # a child process in the foreground (`sleep` alone is Start-Sleep's alias)
        program = shutil.which("sleep")
        if program is None:
            pytest.skip("no sleep program")
        busy = f"{program} 100"
    term = start("-NoProfile")
    term.type(f"'started'; {busy}")
    term.send("Enter")
    term.wait_line("started")  # the command is running: the shell's Ctrl+C handler is in place
    term.send("C-c")
    term.wait_prompt(2, timeout=10)  # back well before the 100 seconds are up
    term.run("'alive'", "alive")


def test_ctrl_c_at_the_prompt_abandons_the_line(start: Callable[..., Terminal]) -> None:
    term = start("-NoProfile")
    term.type("'never run'")
    term.send("C-c")
    term.wait_prompt(2)
    term.run("'next'", "next")
    assert "never run" not in term.lines()


def test_multi_line_input(start: Callable[..., Terminal]) -> None:
    term = start("-NoProfile")
    term.type("if ($true) {")
    term.send("Enter")
    term.wait_for(lambda lines: lines[1] == ">>", "the continuation prompt")
    term.type("'in block'")
    term.send("Enter")
    term.wait_for(lambda lines: lines[2] == ">>", "a second continuation prompt")
    term.type("}")
    term.send("Enter")
    term.wait_line("in block")
    term.wait_prompt(2)


def test_trailing_pipe_continues(start: Callable[..., Terminal]) -> None:
    term = start("-NoProfile")
    term.type("1..5 |")
    term.send("Enter")
    term.wait_for(lambda lines: lines[1] == ">>", "the continuation prompt")
    term.type("Measure-Object -Sum | ForEach-Object { \"sum=$($_.Sum)\" }")
    term.send("Enter")
    term.wait_line("sum=15")


def test_exit_code(start: Callable[..., Terminal]) -> None:
    term = start("-NoProfile")
    term.type("exit 3")
    term.send("Enter")
    term.wait_line("code=3")


def test_ctrl_d_exits_with_zero(start: Callable[..., Terminal]) -> None:
    term = start("-NoProfile")
    term.send("C-d")
    term.wait_line("code=0")


def test_history_is_saved_and_searchable(start: Callable[..., Terminal], tmp_path: Path) -> None:
    term = start("-NoProfile")
    term.run("'first entry'", "first entry")
    term.run("'second entry'", "second entry")
    history = Path(os.path.realpath(tmp_path)) / ".local" / "share" / "pshell" / "history"
    assert "first entry" in history.read_text()
    term.send("C-r")
    term.type("first")
    found = f"{term.prompt} 'first entry'"
    term.wait_for(lambda lines: found in lines and any("search" in line.lower() for line in lines),
                  "the reverse search showing the first entry")
    term.send("Enter")  # take the found line
    term.wait_for(lambda lines: found in lines and not any("search" in line.lower() for line in lines),
                  "the found line on the prompt")
    before = term.prompts()
    term.send("Enter")  # run it
    term.wait_prompt(before + 1)
    assert term.lines().count("first entry") == 2


def test_up_arrow_recalls_history_from_an_earlier_session(start: Callable[..., Terminal]) -> None:
    first = start("-NoProfile")
    first.run("'remembered'", "remembered")
    first.type("exit")
    first.send("Enter")
    first.wait_line("code=0")
    second = start("-NoProfile")
    second.send("Up")
    second.wait_for(lambda lines: lines[0] == f"{second.prompt} exit", "the last line of the earlier session")
    second.send("Up")
    second.wait_for(lambda lines: lines[0] == f"{second.prompt} 'remembered'", "the line before it")


def test_profile_is_loaded(start: Callable[..., Terminal], tmp_path: Path) -> None:
    profile = Path(os.path.realpath(tmp_path)) / ".config" / "pshell" / "profile.ps1"
    profile.parent.mkdir(parents=True)
    profile.write_text("$fromProfile = 'profile ran'\nfunction Get-Greeting { 'hi from profile' }\n")
    term = start()
    term.run("$fromProfile", "profile ran")
    term.run("Get-Greeting", "hi from profile")


def test_output_without_newline_is_not_overwritten(start: Callable[..., Terminal]) -> None:
    term = start("-NoProfile")
    term.type("Write-Host -NoNewline 'partial'")
    term.send("Enter")
    term.wait_line("partial")
    term.wait_prompt(2)
