"""The program: `pshell FILE.ps1 args`, `-Command`/`-c`, `-Command -` (stdin), and exit codes.

Each test runs `python -m pshell` as its own process. Those without standard input are forked
from tests/forkserver.py, which saves the interpreter's start-up and pshell's imports; the one
that feeds standard input starts a fresh interpreter (PSHELL_TEST_NO_FORKSERVER=1: all do).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import forkserver  # type: ignore[import-not-found]
import pytest

ROOT = Path(__file__).resolve().parents[3]


def run(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_COLOR="1", COLUMNS="120")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    argv = [sys.executable, "-m", "pshell", *args]
    if stdin is None and os.environ.get("PSHELL_TEST_NO_FORKSERVER", "") in ("", "0"):
        return forkserver.run(argv, cwd=str(cwd or os.getcwd()), env=env, timeout=60)  # type: ignore[no-any-return]
    return subprocess.run(argv, input=stdin, capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=60, stdin=None if stdin is not None else subprocess.DEVNULL)


def test_command_runs_text() -> None:
    result = run("-Command", "Write-Output (1+2); 'done'")
    assert result.stdout.splitlines() == ["3", "done"] and result.returncode == 0


def test_short_c_joins_the_rest_of_the_arguments() -> None:
    result = run("-c", "Write-Output", "a", "b")
    assert result.stdout.splitlines() == ["a", "b"]


def test_exit_sets_the_exit_code() -> None:
    assert run("-c", "'x'; exit 7").returncode == 7


def test_uncaught_throw_exits_1() -> None:
    result = run("-c", "throw 'boom'; 'never'")
    assert result.returncode == 1 and result.stdout == ""
    assert "boom" in result.stderr and "Traceback" not in result.stderr


def test_command_from_stdin() -> None:
    result = run("-Command", "-", stdin="$x = 20\n$x + 1\n")
    assert result.stdout.splitlines() == ["21"] and result.returncode == 0


def test_parse_error_exits_1_with_place() -> None:
    result = run("-c", "1 2")
    assert result.returncode == 1
    assert result.stderr.splitlines()[:4] == ["ParserError: ", "Line |", "   1 |  1 2", "     |    ~"]


def test_script_file_with_arguments(tmp_path: Path) -> None:
    script = tmp_path / "s.ps1"
    script.write_text('param($First, [int]$Count = 1)\n"First=$First Count=$Count rest=$($args -join \',\')"\nexit $Count\n')
    result = run(str(script), "a", "-Count", "3", "x", "y", cwd=tmp_path)
    assert result.stdout.splitlines() == ["First=a Count=3 rest=x,y"]
    assert result.returncode == 3


def test_script_file_args_without_param_block(tmp_path: Path) -> None:
    script = tmp_path / "s.ps1"
    script.write_text('"n=$($args.Count) [$($args[1])]"\n')
    assert run(str(script), "p", "q r").stdout.splitlines() == ["n=2 [q r]"]


def test_statement_terminating_error_does_not_fail_the_script(tmp_path: Path) -> None:
    script = tmp_path / "s.ps1"
    script.write_text("1/0\n'after'\n")
    result = run(str(script), cwd=tmp_path)
    assert result.stdout.splitlines() == ["after"] and result.returncode == 0
    assert "Attempted to divide by zero." in result.stderr


def test_error_action_stop_ends_the_script(tmp_path: Path) -> None:
    script = tmp_path / "s.ps1"
    script.write_text("Get-Item /no/such/path -ErrorAction Stop\n'after'\n")
    result = run(str(script), cwd=tmp_path)
    assert result.stdout == "" and result.returncode == 1


def test_missing_script_file() -> None:
    result = run("/no/such/script.ps1")
    assert result.returncode != 0 and "Traceback" not in result.stderr


@pytest.mark.parametrize("text", ["$a = @{", "function f {", "'unterminated", "}", "@(", "[int", "$x.", "& ", "1 +"])
def test_no_traceback_for_broken_input(text: str) -> None:
    result = run("-c", text)
    assert result.returncode == 1 and "Traceback" not in result.stderr and "Internal error" not in result.stderr
