"""Every test run gets its own session-configuration store (PSHELL_CONFIGURATION_DIR), so no
test reads or changes the machine's /etc/pshell; processes the tests start inherit it."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

_made: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    if not os.environ.get("PSHELL_CONFIGURATION_DIR"):
        directory = tempfile.mkdtemp(prefix="psconf-")
        _made.append(directory)
        os.environ["PSHELL_CONFIGURATION_DIR"] = directory


def pytest_unconfigure(config: pytest.Config) -> None:
    for directory in _made:
        shutil.rmtree(directory, ignore_errors=True)
