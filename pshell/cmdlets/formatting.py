"""Format-Table, Format-List and Format-Wide (the Out-* cmdlets are in `out_commands.py`).

The Format-* cmdlets emit `FormattedText` blocks that are laid out when they are printed, so
`Out-String -Width` and the console width apply. Their input is collected first: PowerShell
sizes table columns from the objects it has seen, and so do we.
"""

from __future__ import annotations

import abc

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rich.text import Text

from pshell.cmdlets._properties import (
    PropertySpec,
    evaluate,
    evaluate_spec,
    parse_property_specs,
    resolve_names,
)
from pshell.cmdlets.base import Cmdlet, Example, Param, cmdlet
from pshell.engine.dotnet_format import DotNetFormatError, format_value
from pshell.engine.members import get_property, property_names
from pshell.engine.values import Hashtable, to_string
from pshell.errors import ErrorRecord
from pshell.format.listing import ListRenderable
from pshell.format.render import (
    DICTIONARY_COLUMNS,
    GROUP_BY_INDENT,
    TABLE_PROPERTY_LIMIT,
    FormattedText,
    SizedTable,
    cell_text,
    default_alignment,
    format_to_lines,
    group_header,
    group_runs,
    grouped_blocks,
    view_group_indent,
)
from pshell.format.table import TableColumn
from pshell.format.views import (
    ListView,
    TableView,
    ViewColumn,
    WideView,
    find_view,
    register_view,
)
from pshell.format.wide import WideRenderable

_EXPAND = ("CoreOnly", "EnumOnly", "Both")
_DISPLAY_NAMES = ("name", "id", "key", "*key", "*name", "*id")


@dataclass
class Column:
    """One column (or list entry) of a Format-* command: label, how to get the value, layout."""

    label: str
    value: Callable[[Any], Any]
    width: int | None = None
    align: str | None = None
    format: str | None = None


def display(value: Any, format_string: str | None = None) -> str:
    """A value as a cell shows it, through a FormatString when one was given."""
    if format_string:
        try:
            return format_value(value, format_string, cell_text)
        except (DotNetFormatError, ValueError):
            return cell_text(value)
    return cell_text(value)


def _is_out_of_band(obj: Any) -> bool:
    """Values the Format-* cmdlets print as text rather than as a table: strings, numbers, errors."""
    return obj is None or isinstance(obj, (str, int, float, bool, Decimal, ErrorRecord))


class DefaultText:
    """Objects printed as Out-Default prints them, laid out at print time."""

    def __init__(self, objects: list[Any]) -> None:
        self.objects = objects

    def __rich_console__(self, console: Any, options: Any) -> Any:
        for line in format_to_lines(self.objects, width=options.max_width):
            yield Text(line)


class FormatCommand(Cmdlet):
    """What Format-Table, Format-List and Format-Wide share: input, -GroupBy, runs of objects."""

    InputObject = Param("psobject", pipeline=True, help="The objects to format.")
    GroupBy = Param("object", help="Starts a new group whenever this property or expression changes.")
    View = Param("string", help="The name of a view (pshell has one view per type; accepted and ignored).")
    Force = Param("switch", help="Also format error objects and strings as objects.")
    Expand = Param("string", choices=_EXPAND, help="How collections are formatted (accepted for compatibility).")
    ShowError = Param("switch", help="Shows errors in the formatted output.")
    DisplayError = Param("switch", help="Shows errors on the command line.")

    property_keys: tuple[str, ...] = ("formatstring",)
    group_gap = 1

    def begin(self) -> None:
        self.items: list[Any] = []
        self.specs: list[PropertySpec] | None = None
        prop = getattr(self, "Property", None)
        if prop is not None:
            self.specs = parse_property_specs(prop, extra_keys=self.property_keys)

    def process(self) -> None:
        if self.InputObject is not None:
            self.items.append(self.InputObject)

    def end(self) -> None:
        pending: list[Any] = []
        for obj in self._expanded():
            if isinstance(obj, FormattedText) or (not self.Force and _is_out_of_band(obj)):
                self._flush(pending)
                pending = []
                if isinstance(obj, FormattedText):
                    self.write_output(obj)
                else:
                    self.write_output(FormattedText(DefaultText([obj]), blank_before=False, blank_after=False))
            else:
                pending.append(obj)
        self._flush(pending)

    def _expanded(self) -> list[Any]:
        """The input, with hashtables shown as their entries (PowerShell's -Expand EnumOnly)."""
        if self.Expand is not None and to_string(self.Expand).lower() == "coreonly":
            return self.items
        out: list[Any] = []
        for obj in self.items:
            if isinstance(obj, Hashtable):
                out.extend(DictionaryEntry(k, v) for k, v in obj.items())
            else:
                out.append(obj)
        return out

    def _flush(self, objects: list[Any]) -> None:
        if objects:
            self.write_output(FormattedText(self.document(objects), blank_before=True, blank_after=True))

    # ------------------------------------------------------------ grouping
    def document(self, objects: list[Any]) -> Any:
        """The renderable for a run of objects: groups (if any), each with its body."""
        grouping = self.grouping(objects[0])
        if grouping is None:
            return self.body(objects)
        label, key, indent = grouping
        return grouped_blocks([(group_header(label, value, indent=indent), self.body(items))
                               for value, items in group_runs(objects, key)], gap=self.group_gap)

    def grouping(self, first: Any) -> tuple[str, Callable[[Any], Any], int] | None:
        if self.GroupBy is None:
            return None
        spec = parse_property_specs(self.GroupBy, extra_keys=("formatstring",))[0]
        label = spec.name or spec.text
        fmt = spec.options.get("formatstring")
        return label, lambda obj: display(evaluate(spec, obj, self.context), fmt), GROUP_BY_INDENT

    @abc.abstractmethod
    def body(self, objects: list[Any]) -> Any:
        """The renderable for one group of objects (a table, a list, a wide list)."""

    # ------------------------------------------------------------ columns
    def spec_columns(self, first: Any) -> list[Column]:
        """-Property resolved against the first object (wildcards become its matching names)."""
        columns: list[Column] = []
        for spec in self.specs or []:
            fmt = spec.options.get("formatstring")
            width = _width(spec.options.get("width"))
            align = spec.options.get("alignment")
            align = to_string(align).lower() if align is not None else None
            if spec.is_script:
                columns.append(Column(spec.name or spec.text.strip(), self._script_getter(spec), width, align, fmt))
                continue
            for name in resolve_names(first, spec.expression) if spec.has_wildcard else [spec.expression]:
                columns.append(Column(spec.name or _spelled(first, name), _property_getter(name), width, align, fmt))
        return columns

    def _script_getter(self, spec: PropertySpec) -> Callable[[Any], Any]:
        return lambda obj: evaluate(spec, obj, self.context)


def _width(value: Any) -> int | None:
    try:
        width = int(value) if value is not None else None
    except (TypeError, ValueError):
        return None
    return width if width and width > 0 else None


def _property_getter(name: str) -> Callable[[Any], Any]:
    return lambda obj: get_property(obj, name)


def _spelled(obj: Any, name: str) -> str:
    found = resolve_names(obj, name) if obj is not None else [name]
    return found[0] if found else name


def _view_columns(columns: Any) -> list[Column]:
    return [Column(c.label, c.get, c.width, c.align) for c in columns]


# ------------------------------------------------------------------ Format-Table
@cmdlet(
    "Format-Table", aliases=("ft",), synopsis="Formats the output as a table.",
    description="Shows each object as a row of a table. Without -Property the columns come from the object's "
                "view (or its first ten properties); -Property takes names, wildcards, script blocks and "
                "calculated properties (@{Name=...; Expression=...; Width=...; Alignment=...; FormatString=...}). "
                "Columns are as wide as their data unless a view or -Property sets a width.",
    outputs="Microsoft.PowerShell.Commands.Internal.Format.FormatEntryData",
    related=("Format-List", "Format-Wide", "Out-String"),
    examples=[
        Example("[pscustomobject]@{Name='pshell'; Size=42} | Format-Table",
                "Shows an object as a table.", output="\nName   Size\n----   ----\npshell   42\n"),
        Example("1..3 | ForEach-Object { [pscustomobject]@{N=$_; Square=$_*$_} } | Format-Table N, "
                "@{Name='Sq'; Expression={$_.Square}}",
                "Chooses the columns, one of them calculated.",
                output="\nN Sq\n- --\n1  1\n2  4\n3  9\n"),
        Example("[pscustomobject]@{a=1; b=2} | Format-Table -HideTableHeaders",
                "Leaves out the header lines.", output="\n1 2\n"),
        Example("1..4 | ForEach-Object { [pscustomobject]@{Odd=$_ % 2; N=$_} } | Sort-Object Odd | "
                "Format-Table N -GroupBy Odd",
                "Starts a new table for each value of Odd.",
                output="\n   Odd: 0\n\nN\n-\n2\n4\n\n   Odd: 1\n\nN\n-\n1\n3\n"),
    ],
)
class FormatTable(FormatCommand):
    Property = Param("object[]", position=0, help="The properties (or calculated properties) to show as columns.")
    AutoSize = Param("switch", help="Sizes every column to its data, ignoring the widths a view declares.")
    HideTableHeaders = Param("switch", help="Leaves out the column headers and the dashes under them.")
    Wrap = Param("switch", help="Wraps long values onto more lines instead of cutting them.")
    RepeatHeader = Param("switch", help="Repeats the header after every screenful (accepted; pshell does not page).")

    property_keys = ("formatstring", "width", "alignment")

    def grouping(self, first: Any) -> tuple[str, Callable[[Any], Any], int] | None:
        found = super().grouping(first)
        if found is not None or self.specs:
            return found
        view = find_view(first, TableView)
        if isinstance(view, TableView) and view.group_by is not None:
            getter = ViewColumn(view.group_label or "", view.group_by)
            label = view.group_label or (view.group_by if isinstance(view.group_by, str) else "")
            return label, getter.get, view_group_indent(view)
        return None

    def columns(self, first: Any) -> tuple[list[Column], bool]:
        """The columns, and whether they come from a view (views align left unless they say so)."""
        if self.specs:
            return self.spec_columns(first), False
        view = find_view(first, TableView)
        if isinstance(view, TableView):
            return _view_columns(view.columns), True
        names = property_names(first)[:TABLE_PROPERTY_LIMIT]
        return [Column(n, _property_getter(n)) for n in names], False

    def body(self, objects: list[Any]) -> SizedTable:
        first = objects[0]
        columns, from_view = self.columns(first)
        if not self.is_bound("Wrap"):
            view = find_view(first, TableView)
            wrap = bool(view is not None and not self.specs and getattr(view, "wrap", False))
        else:
            wrap = bool(self.Wrap)
        rows: list[list[str]] = []
        first_values: list[Any] = []
        for index, obj in enumerate(objects):
            values = [c.value(obj) for c in columns]
            if index == 0:
                first_values = values
            rows.append([display(v, c.format) for v, c in zip(values, columns)])
        aligns = [c.align if c.align in ("left", "right") else
                  ("left" if from_view or not first_values else default_alignment(first_values[i]))
                  for i, c in enumerate(columns)]
        autosize = bool(self.AutoSize) or not columns or not columns[0].width
        table_columns = [TableColumn(c.label, align, None if autosize else c.width) for c, align in zip(columns, aligns)]
        return SizedTable(table_columns, rows, hide_headers=bool(self.HideTableHeaders), autosize=autosize, wrap=wrap)



class DictionaryEntry:
    """A hashtable entry as the Format-* cmdlets show it (System.Collections.DictionaryEntry)."""

    PS_TYPE_NAMES = ("System.Collections.DictionaryEntry", "System.Object")
    PS_PROPERTIES = ("Name", "Key", "Value")

    def __init__(self, key: Any, value: Any) -> None:
        self.Name = self.Key = key
        self.Value = value


register_view(TableView(("System.Collections.DictionaryEntry",), DICTIONARY_COLUMNS))
register_view(ListView(("System.Collections.DictionaryEntry",), [ViewColumn("Name"), ViewColumn("Value")]))


# ------------------------------------------------------------------ Format-List
@cmdlet(
    "Format-List", aliases=("fl",), synopsis="Formats the output as a list of properties in which each property "
                                             "appears on a new line.",
    description="Shows each object as 'Name : Value' lines, one per property, with a blank line between objects. "
                "Without -Property the object's list view (or all its properties) is used; `*` shows every "
                "property.",
    outputs="Microsoft.PowerShell.Commands.Internal.Format.FormatEntryData",
    related=("Format-Table", "Format-Wide", "Out-String"),
    examples=[
        Example("[pscustomobject]@{Name='pshell'; Size=42} | Format-List",
                "Shows each property on its own line.", output="\nName : pshell\nSize : 42\n"),
        Example("[pscustomobject]@{Name='pshell'; Size=42; Kind='shell'} | Format-List -Property Na*, Kind",
                "Chooses properties by name and wildcard.", output="\nName : pshell\nKind : shell\n"),
        Example("'hello' | Format-List -Property * -Force", "Shows the properties of a string (without -Force "
                "strings and numbers are printed as they are).", output="\nLength : 5\n"),
    ],
)
class FormatList(FormatCommand):
    Property = Param("object[]", position=0, help="The properties (or calculated properties) to show.")

    group_gap = 2

    def body(self, objects: list[Any]) -> ListRenderable:
        records: list[list[tuple[str, str]]] = []
        for obj in objects:
            records.extend(self.records(obj))
        return ListRenderable(records)

    def records(self, obj: Any) -> list[list[tuple[str, str]]]:
        if self.specs:
            record: list[tuple[str, str]] = []
            for spec in self.specs:
                fmt = spec.options.get("formatstring")
                for prop in evaluate_spec(spec, obj, self.context):
                    label = prop.name.strip() if spec.is_script and not spec.name else prop.name
                    record.append((label, display(prop.value, fmt)))
            return [record]
        view = find_view(obj, ListView)
        if isinstance(view, ListView):
            return [[(c.label, cell_text(c.get(obj))) for c in view.columns]]
        return [[(name, cell_text(get_property(obj, name))) for name in property_names(obj)]]


# ------------------------------------------------------------------ Format-Wide
@cmdlet(
    "Format-Wide", aliases=("fw",), synopsis="Formats objects as a wide table that displays only one property of "
                                             "each object.",
    description="Shows one value per object in columns across the screen, filled row by row: two columns unless "
                "-Column gives the number or -AutoSize fits as many as the longest value allows. The value is the "
                "-Property, else the object's Name (or Id, Key, ...) property.",
    outputs="Microsoft.PowerShell.Commands.Internal.Format.FormatEntryData",
    related=("Format-Table", "Format-List"),
    examples=[
        Example("'a','b','c','d','e' | ForEach-Object { [pscustomobject]@{Name=$_} } | Format-Wide -Column 3",
                "Shows the names of five objects in three columns.",
                output="\na" + " " * 40 + "b" + " " * 39 + "c\nd" + " " * 40 + "e\n"),
        Example("1..6 | ForEach-Object { [pscustomobject]@{Name=\"item$_\"; Size=$_} } | Format-Wide -AutoSize",
                "Fits as many columns as the width allows; the Name property is shown.",
                output="\nitem1  item2 item3 item4 item5 item6\n"),
    ],
)
class FormatWide(FormatCommand):
    Property = Param("object", position=0, help="The property (or expression) to show for each object.")
    AutoSize = Param("switch", sets=("AutoSize",), help="Fits as many columns as the longest value allows.")
    Column = Param("int", sets=("Column",), range=(1, None), help="The number of columns.")

    def begin(self) -> None:
        super().begin()
        if self.specs and len(self.specs) > 1:
            self.specs = self.specs[:1]

    def body(self, objects: list[Any]) -> WideRenderable:
        columns: int | None = 2
        if self.AutoSize:
            columns = None
        elif self.Column:
            columns = int(self.Column)
        return WideRenderable([self.value_text(obj) for obj in objects], columns=columns)

    def value_text(self, obj: Any) -> str:
        if self.specs:
            spec = self.specs[0]
            return display(evaluate(spec if spec.is_script else spec.expression, obj, self.context),
                           spec.options.get("formatstring"))
        view = find_view(obj, WideView)
        if isinstance(view, WideView):
            return cell_text(view.column.get(obj))
        if _is_out_of_band(obj):
            return to_string(obj)
        for pattern in _DISPLAY_NAMES:
            names = resolve_names(obj, pattern)
            if names and any(n.lower() == names[0].lower() for n in property_names(obj)):
                return cell_text(get_property(obj, names[0]))
        names = property_names(obj)
        return cell_text(get_property(obj, names[0])) if names else to_string(obj)
