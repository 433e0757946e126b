"""Out-Default: what happens to objects that reach the end of a top-level pipeline."""

from __future__ import annotations

import time
from typing import Any

from pshell.format.render import Shape, format_to_lines, shape_of

_TABLE_WAIT_SECONDS = 0.3


class OutDefault:
    """Writes objects to the host as they arrive: scalars at once, tables by group."""

    def __init__(self, host: Any) -> None:
        self.host = host
        self.shape: Shape | None = None
        self.pending: list[Any] = []
        self.first_at = 0.0

    def push(self, obj: Any) -> None:
        if obj is None:  # $null reaches Out-Default but prints nothing
            return
        shape = shape_of(obj)
        if shape.kind in ("scalar", "datetime", "error", "custom"):
            self.flush()
            for line in format_to_lines([obj], width=self.host.width):
                self.host.write_line(line)
            return
        if self.shape is not None and shape != self.shape:
            self.flush()
        if not self.pending:
            self.first_at = time.monotonic()
        self.shape = shape
        self.pending.append(obj)

    def flush(self) -> None:
        if not self.pending:
            self.shape = None
            return
        lines = format_to_lines(self.pending, width=self.host.width)
        for line in lines:
            self.host.write_line(line.rstrip())
        self.pending = []
        self.shape = None
