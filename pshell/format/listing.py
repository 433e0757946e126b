"""PowerShell 7 ``Format-List`` layout as a rich renderable.

Follows PowerShell's ``ListWriter``:

* Each record prints one ``Name : value`` line per property.  Names are padded
  to the longest name *in that record* (widths in terminal cells).  A name is
  clipped (no ellipsis) when the labels would leave no room for a one-cell value.
* A value wider than the room left after ``"Name : "`` is word-wrapped; the
  continuation lines are indented to the value column.  A multi-line value keeps
  its lines, each continuation indented the same way (and wrapped if needed).
* Records are separated by exactly one blank line; no blank line is added before
  the first or after the last (the caller prints PowerShell's surrounding ones).
  A record with no properties prints nothing.
* Trailing blanks are stripped (an empty value prints as ``Name :``).  If the
  width cannot hold even ``"N : v"`` (5 cells) nothing is printed, as in PowerShell.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text

from pshell.format.measure import cell_width, first_line, split_lines, truncate_tail, wrap_line

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

SEPARATOR = " : "
"""What goes between a property name and its value."""

MIN_LABEL_WIDTH = 1
MIN_VALUE_WIDTH = 1


class ListRenderable:
    """A PowerShell-style list of records, each a sequence of ``(name, value)`` pairs.

    ``label_style`` (PowerShell 7.2+ uses ``$PSStyle.Formatting.FormatAccent``,
    bold green) styles the padded name and its ``" : "`` on the first line of
    each property.
    """

    def __init__(
        self,
        records: Sequence[Sequence[tuple[str, str]]],
        *,
        label_style: str | None = None,
    ) -> None:
        self.records: tuple[tuple[tuple[str, str], ...], ...] = tuple(
            tuple(record) for record in records
        )
        self.label_style = label_style

    def render_lines(self, max_width: int) -> list[Text]:
        """Lay the records out within *max_width* cells and return their lines."""
        if max_width - len(SEPARATOR) - MIN_VALUE_WIDTH - MIN_LABEL_WIDTH < 0:
            return []
        lines: list[Text] = []
        for record in self.records:
            if not record:
                continue
            if lines:
                lines.append(Text())
            lines += self._record_lines(record, max_width)
        return lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.render_lines(options.max_width):
            yield from line.render(console)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = 0
        for record in self.records:
            if not record:
                continue
            label = max(cell_width(first_line(name)) for name, _ in record) + len(SEPARATOR)
            value = max(cell_width(line) for _, text in record for line in split_lines(text))
            widest = max(widest, label + value)
        minimum = MIN_LABEL_WIDTH + len(SEPARATOR) + MIN_VALUE_WIDTH if widest else 0
        return Measurement(min(minimum, widest), widest).clamp(max_width=options.max_width)

    def _record_lines(self, record: Sequence[tuple[str, str]], max_width: int) -> list[Text]:
        """Render one record: every property, wrapped to the value column."""
        names = [first_line(name) for name, _ in record]  # a label is one line
        label_width = max(cell_width(name) for name in names)
        label_width = min(label_width, max_width - len(SEPARATOR) - MIN_VALUE_WIDTH)
        value_width = max_width - label_width - len(SEPARATOR)
        indent = " " * (label_width + len(SEPARATOR))
        lines: list[Text] = []
        for name, (_, value) in zip(names, record):
            name = truncate_tail(name, label_width)
            label = name + " " * (label_width - cell_width(name)) + SEPARATOR
            first = True
            for source_line in split_lines(value):
                for piece in wrap_line(source_line, value_width):
                    line = Text()
                    if first:
                        line.append(label, self.label_style)
                        first = False
                    else:
                        line.append(indent)
                    line.append(piece)
                    line.rstrip()
                    lines.append(line)
        return lines
