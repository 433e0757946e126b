from __future__ import annotations

from typing import Any, Callable

import pytest

from pshell.engine.values import ScriptBlock


class FakeHost:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.text = ""

    def write_line(self, text: str = "") -> None:
        self.lines.append(text)

    def write(self, text: str, foreground: Any = None, background: Any = None) -> None:
        self.text += text


class FakeContext:
    """Runs 'script blocks' whose body is a Python function of ($_, *args)."""

    def __init__(self) -> None:
        self.host = FakeHost()
        self.calls: list[tuple[Any, tuple[Any, ...], bool]] = []

    def invoke_block(self, block: ScriptBlock, *, args: Any = (), dollar_under: Any = None, new_scope: bool = True,
                     **_: Any) -> list[Any]:
        self.calls.append((dollar_under, tuple(args), new_scope))
        result = block.body(dollar_under, *args)
        if result is None:
            return []
        return result if isinstance(result, list) else [result]


def _block(fn: Callable[..., Any]) -> ScriptBlock:
    return ScriptBlock(fn, "{ ... }")


@pytest.fixture
def context() -> FakeContext:
    return FakeContext()


@pytest.fixture
def block() -> Callable[[Callable[..., Any]], ScriptBlock]:
    """Make a ScriptBlock whose body is a Python function of ($_, *args)."""
    return _block
