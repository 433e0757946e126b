"""Default formatting: which objects become a table, a list or plain lines, and the text of cells.

PowerShell's rules: a type's declared view first; otherwise a table for up to four
properties and a list for more; scalars one per line. Consecutive objects of the same shape
share one table.
"""

from __future__ import annotations

import datetime as _dt
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Sequence

from rich.console import Console

from pshell.engine.members import get_property, property_names
from pshell.engine.values import Hashtable, PSObject, is_enumerable, to_string, type_names
from pshell.errors import ErrorRecord
from pshell.format.errors import render_error
from pshell.format.listing import ListRenderable
from pshell.format.table import TableColumn, TableRenderable
from pshell.format.views import CustomView, ListView, TableView, ViewColumn, WideView, find_view
from pshell.format.wide import WideRenderable

ENUMERATION_LIMIT = 4


class FormattedText:
    """What Format-Table/-List/-Wide emit: a renderable block, printed as is by Out-*."""

    PS_TYPE_NAMES = ("Microsoft.PowerShell.Commands.Internal.Format.FormatEntryData",)

    def __init__(self, renderable: Any, *, blank_before: bool = True, blank_after: bool = True) -> None:
        self.renderable = renderable
        self.blank_before = blank_before
        self.blank_after = blank_after


def cell_text(value: Any) -> str:
    """A property value as a table or list cell shows it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "True" if value else "False"
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


def _is_scalar(obj: Any) -> bool:
    return obj is None or isinstance(obj, (str, int, float, bool, Decimal))


def _is_numeric(value: Any) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


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
    if isinstance(obj, _dt.datetime):
        return Shape("datetime")
    view = find_view(obj)
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
    names = property_names(obj)
    if not names:
        return Shape("scalar")
    key = (type_names(obj)[:1], tuple(n.lower() for n in names))
    return Shape("table" if len(names) <= 4 else "list", key)


def columns_for(obj: Any, shape: Shape) -> list[ViewColumn]:
    if shape.view is not None and hasattr(shape.view, "columns"):
        return list(shape.view.columns)
    if shape.key == "hashtable":
        return [ViewColumn("Name"), ViewColumn("Value")]
    return [ViewColumn(n) for n in property_names(obj)]


def _rows(objects: Sequence[Any], shape: Shape, columns: list[ViewColumn]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for obj in objects:
        if shape.key == "hashtable":
            rows.extend([[k, v] for k, v in obj.items()])
        else:
            rows.append([c.get(obj) for c in columns])
    return rows


def table_for(objects: Sequence[Any], shape: Shape, *, columns: list[ViewColumn] | None = None,
              autosize: bool = False, hide_headers: bool = False, wrap: bool = False) -> TableRenderable:
    columns = columns or columns_for(objects[0], shape)
    raw = _rows(objects, shape, columns)
    aligns = []
    for i, c in enumerate(columns):
        if c.align:
            aligns.append(c.align)
        else:
            first = next((r[i] for r in raw if r[i] is not None), None)
            aligns.append("right" if _is_numeric(first) else "left")
    table_columns = [TableColumn(c.label, align, None if autosize else c.width) for c, align in zip(columns, aligns)]
    rows = [[cell_text(v) for v in r] for r in raw]
    return TableRenderable(table_columns, rows, hide_headers=hide_headers, autosize=autosize, wrap=wrap)


def list_for(objects: Sequence[Any], shape: Shape | None = None, *, columns: list[ViewColumn] | None = None) -> ListRenderable:
    records = []
    for obj in objects:
        cols = columns or (columns_for(obj, shape) if shape and shape.view is not None else [ViewColumn(n) for n in property_names(obj)])
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
        return [("\n".join(shape.view.render(o) for o in objects), False)]
    if shape.kind == "wide":
        return [(WideRenderable([cell_text(shape.view.column.get(o)) for o in objects]), True)]
    if shape.kind == "list":
        return [(list_for(objects, shape), True)]
    return [(table_for(objects, shape), True)]


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
    if text.endswith("\n"):
        text = text[:-1]
    return text.split("\n") if text else []


def format_to_lines(objects: Sequence[Any], *, width: int) -> list[str]:
    """The lines the console shows for some objects (as Out-String makes them)."""
    lines: list[str] = []
    for shape, items in groups([o for o in objects]):
        for renderable, framed in render_group(items, shape):
            body = _render_to_lines(renderable, width)
            if framed:
                lines.append("")
                lines.extend(body)
                lines.append("")
            else:
                lines.extend(body)
    return lines


def format_to_text(objects: Sequence[Any], *, width: int) -> str:
    lines = format_to_lines(objects, width=width)
    return "\n".join(line.rstrip() for line in lines) + ("\n" if lines else "")
