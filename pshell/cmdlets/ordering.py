"""Sort-Object, Group-Object and Compare-Object: commands that order and match objects by their
property values (see `_properties` for how values compare)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, ClassVar

from pshell.cmdlets._properties import (
    MISSING,
    OrderEntry,
    PropertySpec,
    compare_rows,
    expand_wildcard_specs,
    order_values,
    parse_property_specs,
)
from pshell.cmdlets.base import Cmdlet, Example, Param, cmdlet
from pshell.engine.values import Hashtable, PSObject, is_enumerable, to_string
from pshell.errors import ErrorCategory, ErrorRecord, PSError
from pshell.format.views import ListView, TableView, ViewColumn, register_view

_SORT_KEYS = ("ascending", "descending")


def _ordering_error(cmd: Cmdlet, exc: PSError) -> None:
    cmd.write_error(ErrorRecord(exc.record.message, "ExpressionEvaluation", ErrorCategory.InvalidResult,
                                target=None, exception_type=exc.record.exception_type))


@cmdlet(
    "Sort-Object",
    aliases=("sort",),
    synopsis="Sorts objects by property values.",
    description=(
        "Sorts the input objects by the values of the given properties (or by the objects themselves): "
        "numbers numerically, strings alphabetically without regard to case (-CaseSensitive to change "
        "that), $null first. Several properties sort by the first, then the second... A hashtable "
        "@{Expression='Name'; Descending=$true} sets the direction of one key. -Unique drops duplicates; "
        "-Top and -Bottom keep only the first or last N."
    ),
    default_set="Default",
    related=("Group-Object", "Select-Object"),
    examples=[
        Example("3,1,2 | Sort-Object", "Sorts numbers.", output="1\n2\n3"),
        Example("3,1,2 | Sort-Object -Descending", "Largest first.", output="3\n2\n1"),
        Example("'b','A','a','B' | Sort-Object -Unique", "Drops duplicates (without regard to case).", output="A\nb"),
    ],
)
class SortObject(Cmdlet):
    """Sort-Object."""

    InputObject = Param("psobject", pipeline=True, help="The objects to sort.")
    Property = Param("object[]", position=0, help="Properties, script blocks or @{Expression=...; Descending=...} hashtables to sort by.")
    Descending = Param("switch", help="Sorts from largest to smallest.")
    Unique = Param("switch", help="Outputs only one of each set of equal objects.")
    CaseSensitive = Param("switch", help="Sorts lower case before upper case and treats them as different.")
    Culture = Param("string", help="The culture to compare strings with.")
    Stable = Param("switch", sets=("Default",), help="Keeps the input order of equal objects.")
    Top = Param("int", mandatory=True, sets=("Top",), range=(1, None), help="How many of the first sorted objects to output.")
    Bottom = Param("int", mandatory=True, sets=("Bottom",), range=(1, None), help="How many of the last sorted objects to output.")

    def begin(self) -> None:
        self._items: list[Any] = []
        self._specs = parse_property_specs(self.Property, extra_keys=_SORT_KEYS, allow_name=False) if self.Property else []

    def process(self) -> None:
        if self.InputObject is not None and (self.expecting_input or self.is_bound("InputObject")):
            self._items.append(self.InputObject)

    def end(self) -> None:
        if not self._items:
            return
        specs = expand_wildcard_specs(self._specs, self._items)
        entries = [OrderEntry(obj, order_values(obj, specs, self.context, lambda e: _ordering_error(self, e)), i)
                   for i, obj in enumerate(self._items)]
        width = max(len(e.values) for e in entries)
        ascending = [_ascending(specs[k] if k < len(specs) else None, not self.Descending) for k in range(width)]
        case = bool(self.CaseSensitive)

        def cmp(a: OrderEntry, b: OrderEntry) -> int:
            return compare_rows(a.values, b.values, ascending, case_sensitive=case) or (a.index - b.index)

        entries.sort(key=functools.cmp_to_key(cmp))
        if self.Unique:
            kept: list[OrderEntry] = []
            for entry in entries:
                if not kept or compare_rows(kept[-1].values, entry.values, ascending, case_sensitive=case) != 0:
                    kept.append(entry)
            entries = kept
        if self.is_bound("Top"):
            entries = entries[: self.Top]
        elif self.is_bound("Bottom"):
            entries = entries[-self.Bottom:] if self.Bottom else []
        for entry in entries:
            self.write_output(entry.obj)


def _ascending(spec: PropertySpec | None, default: bool) -> bool:
    if spec is None:
        return default
    asc, desc = spec.options.get("ascending"), spec.options.get("descending")
    from pshell.engine.values import to_bool

    if asc is not None and desc is not None and to_bool(asc) == to_bool(desc):
        return default
    if asc is not None:
        return to_bool(asc)
    if desc is not None:
        return not to_bool(desc)
    return default


# ------------------------------------------------------------------ Group-Object
@dataclass
class GroupInfo:
    """One group made by Group-Object."""

    Values: list[Any]
    Count: int
    Group: list[Any]
    Name: str

    PS_TYPE_NAMES: ClassVar[tuple[str, ...]] = ("Microsoft.PowerShell.Commands.GroupInfo", "System.Object")

    def ToString(self) -> str:
        return "Microsoft.PowerShell.Commands.GroupInfo"


@dataclass
class GroupInfoNoElement(GroupInfo):
    """A group without its members (Group-Object -NoElement)."""

    PS_TYPE_NAMES: ClassVar[tuple[str, ...]] = (
        "Microsoft.PowerShell.Commands.GroupInfoNoElement", "Microsoft.PowerShell.Commands.GroupInfo", "System.Object")

    def ToString(self) -> str:
        return "Microsoft.PowerShell.Commands.GroupInfoNoElement"


register_view(TableView(("Microsoft.PowerShell.Commands.GroupInfoNoElement",),
                        [ViewColumn("Count", width=5, align="right"), ViewColumn("Name", width=25)]))
register_view(TableView(("Microsoft.PowerShell.Commands.GroupInfo",),
                        [ViewColumn("Count", width=5, align="right"), ViewColumn("Name", width=25), ViewColumn("Group")]))
register_view(ListView(("Microsoft.PowerShell.Commands.GroupInfoNoElement",),
                       [ViewColumn("Name"), ViewColumn("Count"), ViewColumn("Values")]))
register_view(ListView(("Microsoft.PowerShell.Commands.GroupInfo",),
                       [ViewColumn("Name"), ViewColumn("Count"), ViewColumn("Group"), ViewColumn("Values")]))


def group_name(values: list[Any]) -> str:
    """The Name of a group: its key values joined by ", " (collections as {a, b})."""
    parts: list[str] = []
    for value in values:
        if value is None or value is MISSING:
            continue
        if is_enumerable(value):
            parts.append("{" + ", ".join(to_string(v) for v in value) + "}")
        else:
            parts.append(to_string(value))
    return ", ".join(parts)


@cmdlet(
    "Group-Object",
    aliases=("group",),
    synopsis="Groups objects that contain the same value for specified properties.",
    description=(
        "Puts the input objects into groups by the values of the given properties (or by the objects "
        "themselves) and outputs one GroupInfo per group (Count, Name, Group), sorted by the key. "
        "-NoElement leaves out the members; -AsHashTable returns one hashtable from key to members."
    ),
    related=("Sort-Object", "Measure-Object"),
    examples=[
        Example("'a','b','a' | Group-Object -NoElement",
                "Counts equal strings.", output="\nCount Name\n----- ----\n    2 a\n    1 b\n"),
    ],
)
class GroupObject(Cmdlet):
    """Group-Object."""

    InputObject = Param("psobject", pipeline=True, help="The objects to group.")
    Property = Param("object[]", position=0, help="Properties or script blocks to group by.")
    NoElement = Param("switch", help="Leaves the members out of the groups.")
    AsHashTable = Param("switch", sets=("HashTable",), aliases=("AHT",), help="Returns a hashtable from key to members.")
    AsString = Param("switch", sets=("HashTable",), help="Uses the group names (strings) as hashtable keys.")
    CaseSensitive = Param("switch", help="Treats values that differ in case as different.")
    Culture = Param("string", help="The culture to compare strings with.")

    def begin(self) -> None:
        self._entries: list[OrderEntry] = []
        self._specs: list[PropertySpec] | None = None
        if self.AsString and not self.AsHashTable:
            self.throw(ErrorRecord("Grouping objects as string is only supported with the AsHashTable parameter.",
                                   "ArgumentException", ErrorCategory.InvalidArgument, target=True,
                                   exception_type="System.ArgumentException"))

    def process(self) -> None:
        obj = self.InputObject
        if obj is None or not (self.expecting_input or self.is_bound("InputObject")):
            return
        if self._specs is None:
            self._specs = parse_property_specs(self.Property, allow_name=False) if self.Property else []
            self._specs = expand_wildcard_specs(self._specs, [obj])
            if self.AsHashTable and not self.AsString and len(self._specs) > 1:
                self.throw(ErrorRecord("The AsHashTable parameter is not supported for more than one property.",
                                       "ArgumentException", ErrorCategory.InvalidArgument, target=self.Property,
                                       exception_type="System.ArgumentException"))
        values = order_values(obj, self._specs, self.context, lambda e: _ordering_error(self, e))
        if self._specs:
            values = [None if v is MISSING else v for v in values]
        self._entries.append(OrderEntry(obj, values, len(self._entries)))

    def end(self) -> None:
        if not self._entries:
            return
        case = bool(self.CaseSensitive)
        width = max(len(e.values) for e in self._entries)
        ascending = [True] * width
        groups: list[tuple[OrderEntry, list[Any]]] = []

        def same(a: OrderEntry, b: OrderEntry) -> bool:
            return compare_rows(a.values, b.values, ascending, case_sensitive=case) == 0

        if self._same_types():
            ordered = sorted(self._entries, key=functools.cmp_to_key(
                lambda a, b: compare_rows(a.values, b.values, ascending, case_sensitive=case) or a.index - b.index))
            for entry in ordered:
                if groups and same(groups[-1][0], entry):
                    groups[-1][1].append(entry.obj)
                else:
                    groups.append((entry, [entry.obj]))
        else:
            for entry in self._entries:
                home = next((g for g in groups if same(g[0], entry)), None)
                if home is None:
                    groups.append((entry, [entry.obj]))
                else:
                    home[1].append(entry.obj)
        infos = [self._info(key, members) for key, members in groups]
        if not self.AsHashTable:
            for info in infos:
                self.write_output(info)
            return
        table = Hashtable()
        for (key, members), info in zip(groups, infos):
            hkey = info.Name if self.AsString else key.values[0]
            if hkey in table:
                self.write_error(ErrorRecord(f"Item has already been added. Key in dictionary: '{to_string(hkey)}'",
                                             "InvalidOperation", ErrorCategory.InvalidArgument,
                                             exception_type="System.ArgumentException"))
                return
            table[hkey] = list(members)
        self.write_output(table)

    def _info(self, key: OrderEntry, members: list[Any]) -> GroupInfo:
        values = list(key.values)
        if self.NoElement:
            return GroupInfoNoElement(values, len(members), [], group_name(values))
        return GroupInfo(values, len(members), list(members), group_name(values))

    def _same_types(self) -> bool:
        kinds: list[type | None] | None = None
        for entry in self._entries:
            row = [type(v) if v is not None else None for v in entry.values]
            if kinds is None:
                kinds = row
                continue
            if len(row) != len(kinds):
                return False
            for i, kind in enumerate(row):
                if kind is None:
                    continue
                if kinds[i] is None:
                    kinds[i] = kind
                elif kinds[i] is not kind:
                    return False
        return True


# ------------------------------------------------------------------ Compare-Object
@cmdlet(
    "Compare-Object",
    aliases=("compare", "diff"),
    synopsis="Compares two sets of objects.",
    description=(
        "Reports the objects that are only in the reference set (SideIndicator <=) or only in the "
        "difference set (=>); -IncludeEqual also reports the common ones (==), -ExcludeDifferent only "
        "those. -Property compares by property values instead of the whole objects."
    ),
    related=("Group-Object", "Sort-Object"),
    examples=[
        Example("Compare-Object a,b,c b,c,d", "Shows what differs.",
                output="\nInputObject SideIndicator\n----------- -------------\nd           =>\na           <=\n"),
    ],
)
class CompareObject(Cmdlet):
    """Compare-Object."""

    ReferenceObject = Param("psobject[]", position=0, mandatory=True, help="The reference set.")
    DifferenceObject = Param("psobject[]", position=1, mandatory=True, pipeline=True, help="The set to compare with the reference set.")
    SyncWindow = Param("int", range=(0, None), default=2**31 - 1, help="How far apart matching objects may be.")
    Property = Param("object[]", help="Properties to compare.")
    ExcludeDifferent = Param("switch", help="Reports only the objects that are in both sets.")
    IncludeEqual = Param("switch", help="Also reports the objects that are in both sets.")
    PassThru = Param("switch", help="Outputs the objects themselves, with a SideIndicator property where possible.")
    CaseSensitive = Param("switch", help="Treats strings that differ in case as different.")
    Culture = Param("string", help="The culture to compare strings with.")

    def begin(self) -> None:
        self._include_equal = bool(self.IncludeEqual) or (self.ExcludeDifferent and not self.is_bound("IncludeEqual"))
        self._reference: list[OrderEntry] | None = None
        self._next_reference = 0
        self._reference_backlog: list[OrderEntry] = []
        self._difference_backlog: list[OrderEntry] = []
        self._specs: list[PropertySpec] = []

    def _row(self, obj: Any) -> OrderEntry:
        return OrderEntry(obj, order_values(obj, self._specs, self.context, lambda e: _ordering_error(self, e)))

    def _same(self, a: OrderEntry, b: OrderEntry) -> bool:
        width = max(len(a.values), len(b.values))
        return compare_rows(a.values, b.values, [True] * width, case_sensitive=bool(self.CaseSensitive)) == 0

    def _init(self) -> None:
        if self._reference is not None:
            return
        refs = _objects(self.ReferenceObject)
        specs = parse_property_specs(self.Property, allow_name=False) if self.Property else []
        self._specs = expand_wildcard_specs(specs, refs)
        self._reference = [self._row(o) for o in refs]

    def process(self) -> None:
        refs = _objects(self.ReferenceObject)
        diffs = _objects(self.DifferenceObject)
        if not refs:
            specs = parse_property_specs(self.Property, allow_name=False) if self.Property else []
            self._specs = expand_wildcard_specs(specs, diffs)
            for obj in diffs:
                self._emit(self._row(obj), "=>")
            return
        self._init()
        if not diffs:
            self._step(None)
            return
        for obj in diffs:
            self._step(self._row(obj))

    def end(self) -> None:
        if self._reference is not None:
            while self._next_reference < len(self._reference):
                self._step(None)
        for entry in self._difference_backlog:
            self._emit(entry, "=>")
        for entry in self._reference_backlog:
            self._emit(entry, "<=")
        self._difference_backlog.clear()
        self._reference_backlog.clear()

    def _step(self, diff: OrderEntry | None) -> None:
        assert self._reference is not None
        ref: OrderEntry | None = None
        if self._next_reference < len(self._reference):
            ref = self._reference[self._next_reference]
            self._next_reference += 1
        if ref is not None and diff is not None and self._same(ref, diff):
            self._emit(ref, "==")
            return
        if diff is not None:
            match = self._take(diff, self._reference_backlog)
            if match is not None:
                self._emit(match, "==")
                diff = None
        if ref is not None and self._take(ref, self._difference_backlog) is not None:
            self._emit(ref, "==")
            ref = None
        window = self.SyncWindow if self.SyncWindow is not None else 2**31 - 1
        for entry, backlog, side in ((diff, self._difference_backlog, "=>"), (ref, self._reference_backlog, "<=")):
            if entry is None:
                continue
            if window > 0:
                while len(backlog) >= window:
                    self._emit(backlog.pop(0), side)
                backlog.append(entry)
            else:
                self._emit(entry, side)

    def _take(self, entry: OrderEntry, backlog: list[OrderEntry]) -> OrderEntry | None:
        for i, other in enumerate(backlog):
            if self._same(entry, other):
                return backlog.pop(i)
        return None

    def _emit(self, entry: OrderEntry, side: str) -> None:
        if side == "==" and not self._include_equal:
            return
        if side != "==" and self.ExcludeDifferent:
            return
        if self.PassThru:
            obj = entry.obj
            if isinstance(obj, PSObject):
                obj.properties["SideIndicator"] = side
            self.write_output(obj)
            return
        result = PSObject()
        if not self._specs:
            result.properties["InputObject"] = entry.obj
        else:
            for spec, value in zip(self._specs, entry.values):
                if spec.text not in result.properties:
                    result.properties[spec.text] = None if value is MISSING else value
        result.properties["SideIndicator"] = side
        self.write_output(result)


def _objects(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]
