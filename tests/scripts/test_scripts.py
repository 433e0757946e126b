"""Runs every tests/scripts/**/*.ps1 with the real pshell program and compares its output.

Each case is a `.ps1` file with a sibling `.out` (expected standard output, exact, trailing
whitespace on each line ignored). Optional siblings: `.err` (expected standard error) and
`.exit` (expected exit code, default 0). Cases run in a fresh temporary directory.

The cases are collected by `conftest.py` beside this file (one test item per `.ps1`), so that
`pytest tests/scripts/<area>` runs just that area; this module holds the check itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent


def _normalize(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).rstrip("\n")


def check_script(case: Path, tmp_path: Path) -> None:
    """Run one case and assert its output, error output and exit code."""
    env = dict(os.environ, COLUMNS="120", NO_COLOR="1", PSHELL_STATE_DIR=str(tmp_path / ".state"), TZ="UTC")
    env["PYTHONPATH"] = str(ROOT.parents[1]) + os.pathsep + env.get("PYTHONPATH", "")
    result = subprocess.run([sys.executable, "-m", "pshell", str(case)], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    expected = case.with_suffix(".out").read_text(encoding="utf-8")
    assert _normalize(result.stdout) == _normalize(expected), f"stderr was:\n{result.stderr}"
    err_file = case.with_suffix(".err")
    if err_file.exists():
        assert _normalize(result.stderr) == _normalize(err_file.read_text(encoding="utf-8").replace("{case}", str(case)))
    code_file = case.with_suffix(".exit")
    expected_code = int(code_file.read_text().strip()) if code_file.exists() else 0
    assert result.returncode == expected_code, f"stderr was:\n{result.stderr}"
