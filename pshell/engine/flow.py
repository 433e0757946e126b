"""Control flow as exceptions: break, continue, return, exit, and pipeline stops."""

from __future__ import annotations

from typing import Any


class FlowControl(Exception):
    """Base of the non-error jumps out of a block."""


class BreakLoop(FlowControl):
    def __init__(self, label: str = "") -> None:
        super().__init__(label)
        self.label = label.lower()


class ContinueLoop(FlowControl):
    def __init__(self, label: str = "") -> None:
        super().__init__(label)
        self.label = label.lower()


class ReturnFromBlock(FlowControl):
    def __init__(self) -> None:
        super().__init__("return")


class ExitScript(FlowControl):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class PipelineStopped(Exception):
    """Ctrl+C or Stop-Job: the running pipeline ends without an error record."""


def loop_matches(exc: BreakLoop | ContinueLoop, label: str) -> bool:
    """Does a labelled break/continue target this loop?"""
    return not exc.label or exc.label == label.lower()


def is_flow(exc: BaseException) -> bool:
    return isinstance(exc, FlowControl)


MISSING: Any = object()
