"""Collects every `.ps1` with a sibling `.out` under tests/scripts as one test item."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest

from test_scripts import ROOT, check_script  # type: ignore[import-not-found]


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix == ".ps1" and file_path.with_suffix(".out").exists():
        return ScriptFile.from_parent(parent, path=file_path)
    return None


class ScriptFile(pytest.File):
    """A `.ps1` case file: one item that runs it."""

    def collect(self) -> Iterator[pytest.Item]:
        yield ScriptCase.from_parent(self, name=str(self.path.relative_to(ROOT)))


class ScriptCase(pytest.Item):
    """Runs the script with the real pshell program and compares output, errors and exit code."""

    def runtest(self) -> None:
        tmp_path_factory: Any = self.config._tmp_path_factory  # type: ignore[attr-defined]
        check_script(self.path, tmp_path_factory.mktemp(self.path.stem))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"script: {self.name}"

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, AssertionError):
            return str(excinfo.value)
        return super().repr_failure(excinfo)
