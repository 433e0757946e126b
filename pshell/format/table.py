"""PowerShell 7 ``Format-Table`` layout as a rich renderable.

The cells arrive already converted to strings; this module only lays them out,
following PowerShell 7's ``TableWriter`` and ``ColumnWidthManager``:

* Columns are separated by one blank.  The header line is followed by a line of
  dashes under each header, as long as the header text (capped at the column
  width; a column with an empty header gets a full-width run of dashes).
  Right-aligned columns put header, dashes and values flush right.
* Column width: the view's declared ``width`` when given (and ``autosize`` is
  off); otherwise the widest of the header and the cells, as PowerShell computes
  from the objects it has buffered (``-AutoSize``).  ``autosize=True`` ignores
  declared widths and measures every column.
* Too wide for ``options.max_width``: the last visible column is shrunk by the
  excess; if that would leave it narrower than one cell it is dropped instead
  and the check repeats with the new last column.  So columns are shrunk and
  dropped strictly from the right, and only the last one shown is ever shrunk
  (PowerShell drops columns silently here; so do we).
* A value too long for its column is cut and marked with "…" (left-aligned:
  ``"abc…"``; right-aligned: ``"…xyz"``; a one-cell column has no room for it).
* A multi-line value shows its first line followed by "…", unless ``wrap=True``:
  then every line is word-wrapped inside the column and the row grows taller.
  Headers always wrap when their column is narrower than the header text.
* Widths count terminal cells (:func:`pshell.format.measure.cell_width`).
  Trailing blanks are stripped from every line, and the renderable adds no
  blank lines of its own (the caller prints PowerShell's blank line around it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text

from pshell.format.measure import cell_width, first_line, fit, split_lines, wrap_text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

SEPARATOR = " "
"""What goes between two columns."""

MIN_COLUMN_WIDTH = 1
"""A column that cannot get at least this many cells is dropped."""


@dataclass(frozen=True)
class TableColumn:
    """One table column: its header text, alignment and optional fixed width.

    ``width`` is the width a view declares (``None`` or ``0``: compute it from the
    data).  ``align`` applies to the header, the dashes and every cell.
    """

    header: str
    align: Literal["left", "right"] = "left"
    width: int | None = None


class TableRenderable:
    """A PowerShell-style table of pre-stringified cells (see the module docstring).

    Rows shorter than the column list are padded with empty cells; extra cells
    are ignored.  With no rows only the header and dash lines are printed; with
    ``hide_headers=True`` those two lines are left out.
    """

    def __init__(
        self,
        columns: Sequence[TableColumn],
        rows: Sequence[Sequence[str]],
        *,
        hide_headers: bool = False,
        autosize: bool = False,
        header_style: str | None = None,
        wrap: bool = False,
    ) -> None:
        self.columns: tuple[TableColumn, ...] = tuple(columns)
        count = len(self.columns)
        self.rows: tuple[tuple[str, ...], ...] = tuple(
            tuple(row[:count]) + ("",) * (count - len(row)) for row in rows
        )
        self.hide_headers = hide_headers
        self.autosize = autosize
        self.header_style = header_style
        self.wrap = wrap

    def natural_widths(self) -> list[int]:
        """Return each column's width before fitting it to the available width."""
        return [self._natural_width(index) for index in range(len(self.columns))]

    def column_widths(self, max_width: int) -> list[int]:
        """Return the widths used within *max_width* cells; ``0`` marks a dropped column."""
        widths = self.natural_widths()
        while True:
            shown = [width for width in widths if width > 0]
            total = sum(shown) + len(SEPARATOR) * (len(shown) - 1)
            excess = total - max_width
            if not shown or excess <= 0:
                return widths
            last = len(shown) - 1  # dropped columns are always a suffix
            if widths[last] - excess < MIN_COLUMN_WIDTH:
                widths[last] = 0
            else:
                widths[last] -= excess

    def render_lines(self, max_width: int) -> list[Text]:
        """Lay the table out within *max_width* cells and return its lines."""
        widths = self.column_widths(max_width)
        if not any(widths):
            return []
        lines: list[Text] = []
        if not self.hide_headers:
            headers = [column.header for column in self.columns]
            dashes = [
                "-" * (min(width, cell_width(header)) if header else width)
                for header, width in zip(headers, widths)
            ]
            lines += self._row_lines(headers, widths, self.header_style, wrap=True)
            lines += self._row_lines(dashes, widths, self.header_style, wrap=False)
        for row in self.rows:
            lines += self._row_lines(row, widths, None, wrap=self.wrap)
        return lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.render_lines(options.max_width):
            yield from line.render(console)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widths = self.natural_widths()
        if not widths:
            return Measurement(0, 0)
        total = sum(widths) + len(SEPARATOR) * (len(widths) - 1)
        return Measurement(min(MIN_COLUMN_WIDTH, total), total).clamp(max_width=options.max_width)

    def _natural_width(self, index: int) -> int:
        column = self.columns[index]
        if column.width and column.width > 0 and not self.autosize:
            return column.width
        values: Iterable[str] = (row[index] for row in self.rows)
        widest = max((_display_width(value, self.wrap) for value in values), default=0)
        return max(_display_width(column.header, True), widest, MIN_COLUMN_WIDTH)

    def _row_lines(
        self, values: Sequence[str], widths: Sequence[int], style: str | None, *, wrap: bool
    ) -> list[Text]:
        """Render one logical row (possibly several screen lines tall)."""
        shown = [index for index, width in enumerate(widths) if width > 0]
        cells: list[list[str]] = []
        for index in shown:
            width, align = widths[index], self.columns[index].align
            pieces = wrap_text(values[index], width) if wrap else [first_line(values[index])]
            cells.append([fit(piece, width, align) for piece in pieces])
        lines: list[Text] = []
        for line_no in range(max(len(pieces) for pieces in cells)):
            line = Text()
            for position, (index, pieces) in enumerate(zip(shown, cells)):
                if position:
                    line.append(SEPARATOR)
                piece = pieces[line_no] if line_no < len(pieces) else " " * widths[index]
                line.append(piece, style)
            line.rstrip()
            lines.append(line)
        return lines


def _display_width(value: str, wrap: bool) -> int:
    """Cells *value* needs on one line: its widest line, or its first line plus "…"."""
    if wrap:
        return max(cell_width(line) for line in split_lines(value))
    return cell_width(first_line(value))
