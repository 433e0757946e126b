"""PowerShell 7 ``Format-Wide`` layout as a rich renderable.

Follows PowerShell's wide view (a header-less ``TableWriter`` of equal columns):

* Number of columns: ``columns`` when given; otherwise as many as fit, PowerShell's
  ``-AutoSize`` rule: the largest ``n`` with ``n * longest + (n - 1) < width``
  (each column as wide as the longest item, one blank between columns, and at
  least one cell to spare), but never fewer than one.  A requested count larger
  than the width can hold (``n + (n - 1) > width``) is reduced to what fits.
* Column widths: the width minus the ``n - 1`` separating blanks, shared equally;
  the leftover cells go one each to the leftmost columns.
* Items fill the columns row by row; a cell too long for its column is cut and
  ends with "…"; a multi-line item shows its first line followed by "…".
* Widths count terminal cells; trailing blanks are stripped; no blank lines are
  added before or after.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text

from pshell.format.measure import cell_width, first_line, fit

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

SEPARATOR = " "
"""What goes between two columns."""


def best_fit_columns(longest: int, width: int) -> int:
    """How many columns of *longest* cells fit in *width* cells.

    PowerShell's ``ComputeWideViewBestItemsPerRowFit``: the largest ``n`` with
    ``n * longest + (n - 1) < width``, and 1 when even one item does not fit.
    """
    if longest <= 0 or width < 1 or longest >= width:
        return 1
    count = 1
    while longest * (count + 1) + count * len(SEPARATOR) < width:
        count += 1
    return count


class WideRenderable:
    """Items laid out in equal-width columns, filled row by row (see the module docstring)."""

    def __init__(self, items: Sequence[str], *, columns: int | None = None) -> None:
        if columns is not None and columns < 1:
            raise ValueError(f"columns must be at least 1, not {columns}")
        self.items: tuple[str, ...] = tuple(items)
        self.columns = columns

    def column_count(self, max_width: int) -> int:
        """Return how many columns are used within *max_width* cells."""
        if self.columns is None:
            longest = max((cell_width(first_line(item)) for item in self.items), default=0)
            count = best_fit_columns(longest, max_width)
        else:
            count = self.columns
        most = max(1, (max_width + len(SEPARATOR)) // (1 + len(SEPARATOR)))
        return min(count, most)

    def column_widths(self, max_width: int) -> list[int]:
        """Return the width of each column within *max_width* cells."""
        count = self.column_count(max_width)
        usable = max(max_width - len(SEPARATOR) * (count - 1), count)
        base, extra = divmod(usable, count)
        return [base + 1 if index < extra else base for index in range(count)]

    def render_lines(self, max_width: int) -> list[Text]:
        """Lay the items out within *max_width* cells and return the lines."""
        if not self.items or max_width < 1:
            return []
        widths = self.column_widths(max_width)
        count = len(widths)
        lines: list[Text] = []
        for start in range(0, len(self.items), count):
            chunk = self.items[start : start + count]
            cells = [fit(first_line(item), width) for item, width in zip(chunk, widths)]
            line = Text(SEPARATOR.join(cells))
            line.rstrip()
            lines.append(line)
        return lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.render_lines(options.max_width):
            yield from line.render(console)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        longest = max((cell_width(first_line(item)) for item in self.items), default=0)
        return Measurement(min(1, longest), options.max_width if longest else 0)
