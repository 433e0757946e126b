"""Runs every tests/scripts/**/*.ps1 with the real pshell program and compares its output.

Each case is a `.ps1` file with a sibling `.out` (expected standard output, exact, trailing
whitespace on each line ignored). Optional siblings: `.err` (expected standard error) and
`.exit` (expected exit code, default 0). Cases run in a fresh temporary directory.

The cases are collected by `conftest.py` beside this file (one test item per `.ps1`), so that
`pytest tests/scripts/<area>` runs just that area; this module holds the check itself.

Each case is its own `python -m pshell case.ps1` process. To save the interpreter's start-up
and pshell's imports per case, the process is forked from a server that has done them once
(`forkserver.py`; `test_forkserver.py` checks that its children look like fresh processes).
PSHELL_TEST_NO_FORKSERVER=1 runs every case as a fresh `python -m pshell` instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import forkserver  # type: ignore[import-not-found]

ROOT = Path(__file__).parent
TIMEOUT = 120


def use_forkserver() -> bool:
    return os.environ.get("PSHELL_TEST_NO_FORKSERVER", "") in ("", "0")


def _normalize(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).rstrip("\n")


def case_env(tmp_path: Path) -> dict[str, str]:
    """The environment a case runs with."""
    env = dict(os.environ, COLUMNS="120", NO_COLOR="1", PSHELL_STATE_DIR=str(tmp_path / ".state"), TZ="UTC")
    env["PYTHONPATH"] = str(ROOT.parents[1]) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run_pshell(args: list[str], tmp_path: Path, *, fresh: bool = False) -> Any:
    """`python -m pshell args...` in tmp_path; a `subprocess.CompletedProcess` with text output."""
    argv = [sys.executable, "-m", "pshell", *args]
    env = case_env(tmp_path)
    if fresh or not use_forkserver():
        return subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=TIMEOUT,
                              stdin=subprocess.DEVNULL)
    return forkserver.run(argv, cwd=str(tmp_path), env=env, timeout=TIMEOUT)


def check_script(case: Path, tmp_path: Path, *, fresh: bool = False) -> None:
    """Run one case and assert its output, error output and exit code."""
    result = run_pshell([str(case)], tmp_path, fresh=fresh)
    expected = case.with_suffix(".out").read_text(encoding="utf-8")
    assert _normalize(result.stdout) == _normalize(expected), f"stderr was:\n{result.stderr}"
    err_file = case.with_suffix(".err")
    if err_file.exists():
        assert _normalize(result.stderr) == _normalize(err_file.read_text(encoding="utf-8").replace("{case}", str(case)))
    code_file = case.with_suffix(".exit")
    expected_code = int(code_file.read_text().strip()) if code_file.exists() else 0
    assert result.returncode == expected_code, f"stderr was:\n{result.stderr}"
