"""Default formatting: which objects become a table, a list or plain lines, and the text of cells.

PowerShell's rules: a type's declared view first; otherwise a table for up to four
properties and a list for more; scalars one per line. Consecutive objects of the same shape
share one table.
"""

from __future__ import annotations

import datetime as _dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.text import Text

from pshell.engine.members import property_names
from pshell.engine.values import (
    Hashtable,
    PSObject,
    is_enumerable,
    to_string,
    type_names,
)
from pshell.errors import ErrorRecord
from pshell.format.errors import render_error
from pshell.format.listing import ListRenderable
from pshell.format.table import TableColumn, TableRenderable
from pshell.format.views import (
    CustomView,
    ListView,
    TableView,
    ViewColumn,
    WideView,
    find_view,
)
from pshell.format.wide import WideRenderable

ENUMERATION_LIMIT = 4


class FormattedText:
    """What Format-Table/-List/-Wide emit: a renderable block, printed as is by Out-*.

    The block is laid out when it is printed (so Out-String -Width applies); `blank_before`
    and `blank_after` are PowerShell's empty lines around a formatted document.
    """

    PS_TYPE_NAMES = ("Microsoft.PowerShell.Commands.Internal.Format.FormatEntryData",)

    def __init__(self, renderable: Any, *, blank_before: bool = True, blank_after: bool = True) -> None:
        self.renderable = renderable
        self.blank_before = blank_before
        self.blank_after = blank_after

    def ToString(self) -> str:
        return self.PS_TYPE_NAMES[0]


class Blocks:
    """Renderables (or lines of text) printed one after another: group headers and their tables."""

    def __init__(self, parts: Sequence[Any]) -> None:
        self.parts = list(parts)

    def __rich_console__(self, console: Any, options: Any) -> Any:
        for part in self.parts:
            yield Text(part) if isinstance(part, str) else part


GROUP_BY_INDENT = 3
"""A generated group header ("   TypeName: x", -GroupBy's "   Name: value") is indented by three blanks."""

FRAMED_GROUP_HEADERS = {"system.io.fileinfo": 4, "system.io.directoryinfo": 4}
"""Views whose PowerShell group header is a custom control in a frame of its own width
("    Directory: /tmp" is indented by four blanks), by type name."""


def view_group_indent(view: Any) -> int:
    """How far a view's group header is indented."""
    for name in getattr(view, "type_names", ()):
        if name.lower() in FRAMED_GROUP_HEADERS:
            return FRAMED_GROUP_HEADERS[name.lower()]
    return GROUP_BY_INDENT


def group_header(label: str, value: Any, *, indent: int = GROUP_BY_INDENT) -> str:
    """The line that starts a group: PowerShell's `   {label}: {value}`."""
    return " " * indent + f"{label}: {cell_text(value)}"


def group_runs(objects: Sequence[Any], key: Callable[[Any], Any]) -> list[tuple[Any, list[Any]]]:
    """Consecutive objects with the same group value, with that value (PowerShell does not sort)."""
    runs: list[tuple[Any, list[Any]]] = []
    for obj in objects:
        value = key(obj)
        if runs and _same_group(runs[-1][0], value):
            runs[-1][1].append(obj)
        else:
            runs.append((value, [obj]))
    return runs


def _same_group(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return a.lower() == b.lower()
    return a == b or cell_text(a) == cell_text(b)


def grouped_blocks(runs: Sequence[tuple[str | None, Any]], *, gap: int = 1) -> Any:
    """Group headers and their bodies as PowerShell prints them: header, blank line, body,
    and `gap` blank lines between groups (lists end each record with a blank line, so they
    have two). A run without a header is just its body."""
    if len(runs) == 1 and runs[0][0] is None:
        return runs[0][1]
    parts: list[Any] = []
    for header, body in runs:
        if parts:
            parts.extend([""] * gap)
        if header is not None:
            parts.extend([header, ""])
        parts.append(body)
    return Blocks(parts)


def cell_text(value: Any) -> str:
    """A property value as a table or list cell shows it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, _dt.datetime):
        from pshell.engine.text import default_datetime_string

        return default_datetime_string(value)
    if isinstance(value, (int, float, Decimal)):
        return to_string(value)
    if isinstance(value, Hashtable):
        return "{" + ", ".join(f"[{to_string(k)}, {cell_text(v)}]" for k, v in list(value.items())[:ENUMERATION_LIMIT]) + ("…}" if len(value) > ENUMERATION_LIMIT else "}")
    if is_enumerable(value) and not isinstance(value, str):
        items = list(value)
        shown = ", ".join(cell_text(v) for v in items[:ENUMERATION_LIMIT])
        return "{" + shown + ("…" if len(items) > ENUMERATION_LIMIT else "") + "}"
    if isinstance(value, PSObject) and value.to_string_value is None and "System.Management.Automation.PSCustomObject" in value.type_names:
        return to_string(value)
    return to_string(value)


REMOTE_NAME_PROPERTIES = ("PSComputerName", "RunspaceId")
"""Properties a remote command's output objects carry; shown unless -HideComputerName."""


def shown_properties(obj: Any) -> list[str]:
    """The properties default formatting shows: all of them, except remote output's
    PSShowComputerName flag (and the computer name properties when the flag is off)."""
    names = property_names(obj)
    if isinstance(obj, PSObject) and "PSShowComputerName" in obj.properties:
        hidden = {"psshowcomputername"}
        if not obj.properties["PSShowComputerName"]:
            hidden.update(n.lower() for n in REMOTE_NAME_PROPERTIES)
        names = [n for n in names if n.lower() not in hidden]
    return names


def view_columns(obj: Any, view: Any) -> list[ViewColumn]:
    """A view's columns, plus PSComputerName for a remote command's output (as PowerShell adds it)."""
    columns = list(view.columns)
    if isinstance(obj, PSObject) and obj.properties.get("PSShowComputerName") and \
            not any(c.label.lower() == "pscomputername" for c in columns):
        columns.append(ViewColumn("PSComputerName"))
    return columns


def _is_scalar(obj: Any) -> bool:
    return obj is None or isinstance(obj, (str, int, float, bool, Decimal))


@dataclass(frozen=True)
class Shape:
    kind: str  # "scalar" | "table" | "list" | "custom" | "wide" | "formatted" | "error" | "datetime"
    key: Any = None
    view: Any = None


def shape_of(obj: Any) -> Shape:
    if isinstance(obj, FormattedText):
        return Shape("formatted")
    if isinstance(obj, ErrorRecord):
        return Shape("error")
    if _is_scalar(obj):
        return Shape("scalar")
    view = find_view(obj)
    if isinstance(obj, _dt.datetime) and not isinstance(view, CustomView):
        return Shape("datetime")
    if isinstance(view, TableView):
        return Shape("table", id(view), view)
    if isinstance(view, ListView):
        return Shape("list", id(view), view)
    if isinstance(view, CustomView):
        return Shape("custom", id(view), view)
    if isinstance(view, WideView):
        return Shape("wide", id(view), view)
    if isinstance(obj, Hashtable):
        return Shape("table", "hashtable")
    names = shown_properties(obj)
    if not names:
        return Shape("scalar")
    key = (type_names(obj)[:1], tuple(n.lower() for n in names))
    return Shape("table" if len(names) <= 4 else "list", key)


class SizedTable(TableRenderable):
    """A table whose declared widths are kept and whose other columns share what is left.

    PowerShell's ColumnWidthManager: when a table is not autosized (its first column has a
    declared width), columns without a width start at one cell and the remaining width is dealt
    out to them one cell at a time, left to right; a table that is too wide loses cells (then
    whole columns) from the right."""

    def column_widths(self, max_width: int) -> list[int]:
        declared = [c.width if c.width and c.width > 0 else 0 for c in self.columns]
        if self.autosize or not declared or all(declared):
            return super().column_widths(max_width)
        widths = [w or 1 for w in declared]
        spare = max_width - (sum(widths) + len(widths) - 1)
        free = [i for i, w in enumerate(declared) if not w]
        while spare > 0:
            for i in free:
                widths[i] += 1
                spare -= 1
                if spare == 0:
                    break
        while True:
            shown = [w for w in widths if w > 0]
            excess = sum(shown) + len(shown) - 1 - max_width
            if not shown or excess <= 0:
                return widths
            last = len(shown) - 1
            widths[last] = 0 if widths[last] - excess < 1 else widths[last] - excess


TABLE_PROPERTY_LIMIT = 10
"""A table made from an object's properties (no view, no -Property) shows at most ten columns."""

DICTIONARY_COLUMNS = [ViewColumn("Name", width=30), ViewColumn("Value")]
"""A hashtable is shown as its entries, in PowerShell's DictionaryEntry view."""


def columns_for(obj: Any, shape: Shape) -> list[ViewColumn]:
    if shape.view is not None and hasattr(shape.view, "columns"):
        return view_columns(obj, shape.view)
    if shape.key == "hashtable":
        return list(DICTIONARY_COLUMNS)
    return [ViewColumn(n) for n in shown_properties(obj)[:TABLE_PROPERTY_LIMIT]]


def default_alignment(value: Any) -> str:
    """How a column made from properties is aligned: by the first object's value, numbers and
    booleans to the right (PowerShell's DefaultScalarTypes), everything else to the left."""
    if isinstance(value, (bool, int, float, Decimal)):
        return "right"
    return "left"


def _rows(objects: Sequence[Any], shape: Shape, columns: list[ViewColumn]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for obj in objects:
        if shape.key == "hashtable" and isinstance(obj, Hashtable):
            rows.extend([[k, v] for k, v in obj.items()])
        else:
            rows.append([c.get(obj) for c in columns])
    return rows


def _fitted_width(column: ViewColumn, index: int, rows: list[list[str]]) -> int:
    """A `fit` column's width: its widest cell or header, and one blank."""
    from rich.cells import cell_len

    return max([cell_len(column.label)] + [cell_len(r[index]) for r in rows]) + 1


def table_for(objects: Sequence[Any], shape: Shape, *, columns: list[ViewColumn] | None = None,
              autosize: bool = False, hide_headers: bool = False, wrap: bool = False) -> TableRenderable:
    """A table of the objects: the view's columns (or the first object's properties).

    Columns from a view are left-aligned unless the view says otherwise; columns made from
    properties follow the first object's values. When the first column has no declared width,
    every column is sized from the data (PowerShell's autosize hint)."""
    columns = columns or columns_for(objects[0], shape)
    raw = _rows(objects, shape, columns)
    from_view = shape.view is not None or shape.key == "hashtable"
    aligns = [c.align or ("left" if from_view or not raw else default_alignment(raw[0][i]))
              for i, c in enumerate(columns)]
    autosize = autosize or not columns[0].width
    rows = [[cell_text(v) for v in r] for r in raw]
    widths = [_fitted_width(c, i, rows) if c.fit else c.width for i, c in enumerate(columns)]
    table_columns = [TableColumn(c.label, align, None if autosize else width)
                     for c, align, width in zip(columns, aligns, widths)]
    return SizedTable(table_columns, rows, hide_headers=hide_headers, autosize=autosize, wrap=wrap)


def list_for(objects: Sequence[Any], shape: Shape | None = None, *, columns: list[ViewColumn] | None = None) -> ListRenderable:
    records = []
    for obj in objects:
        cols = columns or (columns_for(obj, shape) if shape and shape.view is not None else [ViewColumn(n) for n in shown_properties(obj)])
        if isinstance(obj, Hashtable) and not columns:
            records.append([(to_string(k), cell_text(v)) for k, v in obj.items()])
            continue
        records.append([(c.label, cell_text(c.get(obj))) for c in cols])
    return ListRenderable(records)


def render_group(objects: Sequence[Any], shape: Shape) -> list[tuple[Any, bool]]:
    """Renderables for one group, each with whether it is framed by blank lines."""
    if shape.kind == "scalar":
        return [("\n".join(to_string(o) for o in objects if o is not None or True), False)]
    if shape.kind == "datetime":
        from pshell.engine.text import format_value

        return [("\n".join(format_value(o, "dddd, MMMM d, yyyy h:mm:ss tt", to_string) for o in objects), False)]
    if shape.kind == "error":
        return [("\n".join(render_error(o) for o in objects), False)]
    if shape.kind == "formatted":
        return [(o.renderable, o.blank_before) for o in objects]
    if shape.kind == "custom":
        try:
            parts = [shape.view.render(o) for o in objects]
        except Exception:  # noqa: BLE001 - e.g. a deserialized object lacks what the view reads
            return [(list_for(objects), True)]
        if all(isinstance(part, str) for part in parts):
            return [("\n".join(parts), False)]
        return [(Blocks(parts), False)]
    if shape.kind == "wide":
        return [(WideRenderable([cell_text(shape.view.column.get(o)) for o in objects]), True)]
    if shape.kind == "list":
        return [(list_for(objects, shape), True)]
    view = shape.view
    if isinstance(view, TableView) and view.group_by is not None:
        getter = ViewColumn(view.group_label or "", view.group_by)
        label = view.group_label or (view.group_by if isinstance(view.group_by, str) else "")
        runs = [(group_header(label, value, indent=view_group_indent(view)), table_for(items, shape, wrap=view.wrap))
                for value, items in group_runs(objects, getter.get)]
        return [(grouped_blocks(runs), True)]
    return [(table_for(objects, shape, wrap=bool(view is not None and getattr(view, "wrap", False))), True)]


def groups(objects: Sequence[Any]) -> list[tuple[Shape, list[Any]]]:
    out: list[tuple[Shape, list[Any]]] = []
    for obj in objects:
        shape = shape_of(obj)
        if out and out[-1][0] == shape and shape.kind not in ("formatted",):
            out[-1][1].append(obj)
        else:
            out.append((shape, [obj]))
    return out


def _render_to_lines(renderable: Any, width: int) -> list[str]:
    if isinstance(renderable, str):
        return renderable.split("\n")
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, legacy_windows=False, highlight=False,
                      emoji=False, markup=False, soft_wrap=False)
    console.print(renderable, end="")
    text = buffer.getvalue()
    text = text.removesuffix("\n")
    return text.split("\n") if text else []


def format_to_lines(objects: Sequence[Any], *, width: int) -> list[str]:
    """The lines the console shows for some objects (as Out-String makes them)."""
    lines: list[str] = []
    for shape, items in groups([o for o in objects]):
        if shape.kind == "formatted":
            for item in items:
                lines.extend([""] if item.blank_before else [])
                lines.extend(_render_to_lines(item.renderable, width))
                lines.extend([""] if item.blank_after else [])
            continue
        for renderable, framed in render_group(items, shape):
            body = _render_to_lines(renderable, width)
            if framed:
                lines.append("")
                lines.extend(body)
                lines.append("")
            else:
                lines.extend(body)
    return lines


@dataclass
class OpenTable:
    """A table whose header and first rows are written, and which may get more rows."""

    shape: Shape
    columns: list[ViewColumn]
    widths: list[int]
    lines: list[str]


def open_table(objects: Sequence[Any], shape: Shape | None, *, width: int) -> OpenTable | None:
    """The first part of a table that more rows may follow (None for what is not a plain table)."""
    if shape is None or shape.kind != "table" or shape.key == "hashtable" or \
            getattr(shape.view, "group_by", None) is not None:
        return None
    columns = columns_for(objects[0], shape)
    table = table_for(objects, shape, columns=columns)
    widths = table.column_widths(width)
    return OpenTable(shape, columns, widths, [""] + _render_to_lines(table, width))


def continue_table(table: OpenTable, objects: Sequence[Any], *, width: int) -> list[str]:
    """More rows of an open table, in its column widths."""
    rows = table_for(objects, table.shape, columns=table.columns, hide_headers=True)
    kept = [i for i, w in enumerate(table.widths) if w > 0]
    fixed = SizedTable([TableColumn(rows.columns[i].header, rows.columns[i].align, table.widths[i]) for i in kept],
                       [[row[i] for i in kept] for row in rows.rows], hide_headers=True, wrap=rows.wrap)
    return _render_to_lines(fixed, width)


def format_to_text(objects: Sequence[Any], *, width: int) -> str:
    lines = format_to_lines(objects, width=width)
    return "\n".join(line.rstrip() for line in lines) + ("\n" if lines else "")
