"""The fork server (forkserver.py) must start processes that look like fresh `python -m` runs.

The script cases run through it, so these tests hold it to that: a probe module describes the
process it finds itself in (argv, sys.path, working directory, environment at Python and C
level, time zone, standard streams and descriptors, signal dispositions, __main__, exit), once
from a fresh interpreter and once from the server, and the descriptions must be equal. Some
cases also run through a fresh `python -m pshell`, so the real start-up path stays covered.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import forkserver  # type: ignore[import-not-found]
import pytest
from test_scripts import ROOT, case_env, check_script  # type: ignore[import-not-found]

PROBE = Path(__file__).with_name("forkserver_probe.py")


def _probe_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = case_env(tmp_path)
    env.update(extra)
    return env


def _run_both(tmp_path: Path, env: dict[str, str], args: list[str]) -> tuple[Any, Any]:
    shutil.copy(PROBE, tmp_path / PROBE.name)
    argv = [sys.executable, "-m", PROBE.stem, *args]
    fresh = subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
                           stdin=subprocess.DEVNULL)
    forked = forkserver.run(argv, cwd=str(tmp_path), env=env, timeout=120)
    return fresh, forked


def _split(result: Any) -> tuple[dict[str, Any], list[str]]:
    first, _, rest = result.stdout.partition("\n")
    return json.loads(first), rest.splitlines()


@pytest.mark.parametrize("tz", ["UTC", "America/New_York"])
def test_a_forked_child_looks_like_a_fresh_process(tmp_path: Path, tz: str) -> None:
    fresh, forked = _run_both(tmp_path, _probe_env(tmp_path, TZ=tz), ["3", "second arg"])
    assert (fresh.returncode, forked.returncode) == (3, 3)
    assert fresh.stderr == forked.stderr == "to stderr\n"
    fresh_description, fresh_tail = _split(fresh)
    forked_description, forked_tail = _split(forked)
    assert sorted(fresh_tail) == sorted(forked_tail) == ["atexit ran", "thread ran"]
    for key in fresh_description:
        assert forked_description[key] == fresh_description[key], key
    assert forked_description == fresh_description
    assert fresh_description["argv"][1:] == ["3", "second arg"]
    assert fresh_description["tz"]["tzname"][0] == ("UTC" if tz == "UTC" else "EST")


def test_environment_changes_reach_the_child_at_c_level(tmp_path: Path) -> None:
    env = _probe_env(tmp_path, PSHELL_FORKSERVER_PROBE="a value", TZ="Asia/Tokyo")
    env.pop("COLUMNS", None)
    fresh, forked = _run_both(tmp_path, env, ["0"])
    fresh_description, _ = _split(fresh)
    forked_description, _ = _split(forked)
    assert forked_description["environ"] == env
    assert "PSHELL_FORKSERVER_PROBE=a value" in forked_description["native"]["stdout"]
    assert not any(line.startswith("COLUMNS=") for line in forked_description["native"]["stdout"])
    assert forked_description["native"] == fresh_description["native"]


def test_a_child_that_runs_too_long_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "slow.ps1"
    script.write_text("'started'\nStart-Sleep 60\n'never'\n", encoding="utf-8")
    with pytest.raises(subprocess.TimeoutExpired):
        forkserver.run([sys.executable, "-m", "pshell", str(script)], cwd=str(tmp_path), env=case_env(tmp_path),
                       timeout=1)
    # the server goes on serving
    result = forkserver.run([sys.executable, "-m", "pshell", "-c", "'after'"], cwd=str(tmp_path),
                            env=case_env(tmp_path), timeout=120)
    assert (result.returncode, result.stdout) == (0, "after\n")


def test_random_numbers_differ_between_children(tmp_path: Path) -> None:
    argv = [sys.executable, "-m", "pshell", "-c", "Get-Random"]
    outputs = {forkserver.run(argv, cwd=str(tmp_path), env=case_env(tmp_path), timeout=120).stdout for _ in range(3)}
    assert len(outputs) == 3


# A few cases also run through a fresh `python -m pshell` (the real start-up path, as
# PSHELL_TEST_NO_FORKSERVER=1 does for all of them): errors and an exit code, a native program
# writing to stderr, and dates in the time zone.
FRESH_CASES = ["language/throw_uncaught.ps1", "language/native_stderr_exitcode.ps1", "system/get_date_display.ps1"]


@pytest.mark.parametrize("case", FRESH_CASES)
def test_cases_in_a_fresh_process(case: str, tmp_path: Path) -> None:
    check_script(ROOT / case, tmp_path, fresh=True)
