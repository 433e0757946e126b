"""Out-Default: what happens to objects that reach the end of a top-level pipeline."""

from __future__ import annotations

from typing import Any

from pshell.format.render import Shape, continue_table, format_to_lines, open_table, shape_of


class OutDefault:
    """Writes objects to the host as they arrive: scalars at once, tables by group.

    A table's rows are collected so that its columns can be sized from them, until output of
    another shape arrives or the statement ends (`flush`), or the command is about to wait
    (`flush_early`: Start-Sleep, a remote command's output). After an early flush the table
    stays open: later rows of the same shape are written at once, under the same header and
    in the same column widths, as PowerShell streams a table after its first rows."""

    def __init__(self, host: Any) -> None:
        self.host = host
        self.shape: Shape | None = None
        self.pending: list[Any] = []
        self._open: Any = None  # the table whose header is written and which may get more rows

    def push(self, obj: Any) -> None:
        if obj is None:  # $null reaches Out-Default but prints nothing
            return
        snapshot = getattr(obj, "format_snapshot", None)
        if snapshot is not None:  # a live object is shown as it is now, not as it is when the table is drawn
            obj = snapshot()
        shape = shape_of(obj)
        if self._open is not None and shape == self._open.shape:
            self._write(continue_table(self._open, [obj], width=self.host.width))
            return
        if shape.kind in ("scalar", "datetime", "error", "custom"):
            self.flush()
            self._write(format_to_lines([obj], width=self.host.width))
            return
        if self.shape is not None and shape != self.shape:
            self.flush()
        self._close()
        self.shape = shape
        self.pending.append(obj)

    def flush_early(self) -> None:
        """The command is about to wait: show the rows collected so far and keep the table open."""
        if not self.pending:
            return
        table = open_table(self.pending, self.shape, width=self.host.width)
        if table is None:
            self.flush()
            return
        self._write(table.lines)
        self._open = table
        self.pending = []
        self.shape = None

    def flush(self) -> None:
        if self.pending:
            lines = format_to_lines(self.pending, width=self.host.width)
            self.pending = []
            self.shape = None
            self._write(lines)
        self._close()

    def _close(self) -> None:
        if self._open is not None:
            self._open = None
            self.host.write_line("")

    def _write(self, lines: list[str]) -> None:
        for line in lines:
            self.host.write_line(line.rstrip())
