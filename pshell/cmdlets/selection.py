"""Select-Object and Get-Unique: picking objects out of a stream, and properties out of objects."""

from __future__ import annotations

from collections import deque
from typing import Any

from pshell.cmdlets._properties import (
    EvaluatedProperty,
    PropertySpec,
    compare_values,
    evaluate_spec,
    parse_property_specs,
    resolve_names,
    values_equal,
)
from pshell.cmdlets.base import Cmdlet, Example, Param, cmdlet
from pshell.engine.members import get_property
from pshell.engine.text import wildcard_match
from pshell.engine.types import dotnet_name_of
from pshell.engine.values import PSObject, is_enumerable, to_string, type_names
from pshell.errors import ErrorCategory, ErrorRecord, PSError

_CUSTOM = "System.Management.Automation.PSCustomObject"
_SELECT_SETS = ("DefaultParameter", "SkipLastParameter")


class _Window:
    """The -First/-Last/-Skip/-SkipLast bookkeeping: which objects to pass on, and when."""

    def __init__(self, *, first: int, last: int, skip: int, skip_last: int, first_or_last: bool) -> None:
        self.first, self.last, self.skip, self.skip_last = first, last, skip, skip_last
        self.first_or_last = first_or_last
        self.queue: deque[Any] = deque()
        self.streamed = 0

    @property
    def done(self) -> bool:
        return self.first_or_last and self.last == 0 and self.first != 0 and self.streamed >= self.first

    def push(self, obj: Any) -> list[Any]:
        """Add an object; return the objects that can be passed on at once."""
        if self.last > 0 and ((self.first == 0 and len(self.queue) >= self.last + self.skip)
                              or (self.first != 0 and len(self.queue) >= self.last)):
            self.queue.popleft()
        self.queue.append(obj)
        if self.skip == 0:
            if self.skip_last > 0:
                return [self.queue.popleft()] if len(self.queue) > self.skip_last else []
            if self.streamed < self.first or not self.first_or_last:
                self.streamed += 1
                return [self.queue.popleft()]
            if self.last == 0:
                self.queue.popleft()
        elif self.last == 0 or self.first != 0:
            self.queue.popleft()
            self.skip -= 1
        return []

    def drain(self) -> list[Any]:
        """The objects passed on at the end (the -Last ones)."""
        if self.skip_last > 0:
            out = []
        elif self.first != 0:
            out = list(self.queue)
        else:
            keep = max(len(self.queue) - self.skip, 0)
            out = list(self.queue)[:keep]
        self.queue.clear()
        return out


@cmdlet(
    "Select-Object",
    aliases=("select",),
    synopsis="Selects objects or object properties.",
    description=(
        "Selects specified properties of an object or set of objects (a new custom object per input "
        "object), unique objects, a specified number of objects from the start or end of the stream, "
        "or the objects at given positions. -First stops the commands before it as soon as it has "
        "enough objects, so `1..100000000 | Select-Object -First 3` returns at once."
    ),
    default_set="DefaultParameter",
    outputs="System.Management.Automation.PSObject",
    related=("Where-Object", "Sort-Object", "Group-Object"),
    examples=[
        Example("1..10 | Select-Object -First 3", "Gets the first three numbers.", output="1\n2\n3"),
        Example("1..10 | Select-Object -Last 2", "Gets the last two numbers.", output="9\n10"),
        Example("'a','b','a','c' | Select-Object -Unique", "Drops duplicates.", output="a\nb\nc"),
        Example("[pscustomobject]@{Name='x'; Size=2} | Select-Object -ExpandProperty Size",
                "Outputs the value of one property.", output="2"),
        Example("'hello' | Select-Object @{Name='Upper'; Expression={$_.ToUpper()}}, Length",
                "Adds a calculated property.", output="\nUpper Length\n----- ------\nHELLO      5\n"),
    ],
)
class SelectObject(Cmdlet):
    """Select-Object."""

    InputObject = Param("psobject", pipeline=True, help="The objects to select from.")
    Property = Param("object[]", position=0, sets=_SELECT_SETS,
                     help="Properties to select: names (wildcards allowed), script blocks, or hashtables "
                          "@{Name=...; Expression=...} for calculated properties.")
    ExcludeProperty = Param("string[]", sets=_SELECT_SETS, help="Properties to leave out (wildcards allowed); implies -Property *.")
    ExpandProperty = Param("string", sets=_SELECT_SETS, help="A property whose value is output instead of a new object; collections are enumerated.")
    Unique = Param("switch", help="Outputs each distinct object once (case-sensitive unless -CaseInsensitive).")
    CaseInsensitive = Param("switch", help="Compares strings without regard to case for -Unique.")
    Last = Param("int", sets=("DefaultParameter",), range=(0, None), help="How many objects to take from the end.")
    First = Param("int", sets=("DefaultParameter",), range=(0, None), help="How many objects to take from the start.")
    Skip = Param("int", sets=("DefaultParameter",), range=(0, None),
                 help="Skips this many objects: from the start, or from the end when used with -Last.")
    SkipLast = Param("int", sets=("SkipLastParameter",), range=(0, None), help="Skips this many objects at the end.")
    Wait = Param("switch", sets=("DefaultParameter", "IndexParameter"), help="Reads all input even after -First is satisfied.")
    Index = Param("int[]", sets=("IndexParameter",), range=(0, None), help="Selects the objects at these zero-based positions.")
    SkipIndex = Param("int[]", sets=("SkipIndexParameter",), range=(0, None), help="Selects all objects except those at these positions.")

    def begin(self) -> None:
        self._specs: list[PropertySpec] = parse_property_specs(self.Property) if self.Property else []
        self._exclude: list[str] = list(self.ExcludeProperty or [])
        if self.is_bound("ExcludeProperty") and not self._specs:
            self._specs = [PropertySpec("*")]
        self._expand = parse_property_specs(self.ExpandProperty, allow_name=False)[0] if self.ExpandProperty else None
        self._uniques: list[tuple[Any, list[EvaluatedProperty]]] | None = [] if self.Unique else None
        self._window = _Window(first=self.First or 0, last=self.Last or 0, skip=self.Skip or 0,
                               skip_last=self.SkipLast or 0,
                               first_or_last=self.is_bound("First") or self.is_bound("Last"))
        indexes = self.Index if self.is_bound("Index") else self.SkipIndex
        self._indexes = sorted(set(indexes or [])) if self.is_bound("Index") or self.is_bound("SkipIndex") else None
        self._position = 0
        self._ended = False

    def process(self) -> None:
        obj = self.InputObject
        if obj is None or not self.expecting_input and not self.is_bound("InputObject"):
            return
        if self._indexes is not None:
            self._process_indexed(obj)
            return
        for ready in self._window.push(obj):
            self._select(ready)
        if self._window.done and not self.Wait:
            self.stop_upstream()

    def _process_indexed(self, obj: Any) -> None:
        at = self._position
        self._position += 1
        if self.is_bound("Index"):
            if at in self._indexes:  # type: ignore[operator]
                self._select(obj)
            if not self.Wait and at >= self._indexes[-1]:  # type: ignore[index]
                self.stop_upstream()
        elif at not in self._indexes:  # type: ignore[operator]
            self._select(obj)

    def end(self) -> None:
        if self._ended:
            return
        self._ended = True
        if self._indexes is None:
            for obj in self._window.drain():
                self._select(obj)
        if self._uniques is not None:
            for obj, _notes in self._uniques:
                self.write_output(obj)

    # ------------------------------------------------------------ one object
    def _select(self, obj: Any) -> None:
        try:
            self._select_one(obj)
        except PSError as exc:
            self.write_error(exc.record)

    def _excluded(self, name: str) -> bool:
        return any(wildcard_match(p, name) for p in self._exclude)

    def _select_one(self, obj: Any) -> None:
        if not self._specs and self._expand is None:
            self._emit(obj, obj, [])
            return
        notes: list[EvaluatedProperty] = []
        for spec in self._specs:
            try:
                found = evaluate_spec(spec, obj, self.context, exclude=self._excluded if self._exclude else None)
            except PSError:
                found = [EvaluatedProperty(spec.name or spec.text, None)]
            if spec.name and len(found) > 1:
                self.write_error("Cannot rename multiple results.", "RenamingMultipleResults",
                                 ErrorCategory.InvalidOperation, obj, "System.InvalidOperationException")
                continue
            if spec.is_script and not (spec.name or spec.text.strip()):
                self.throw("A property is an empty script block and does not provide a name.",
                           "EmptyScriptBlockAndNoName", ErrorCategory.InvalidArgument, None,
                           "System.Management.Automation.PSArgumentException")
            notes.extend(found)
        if self._expand is None:
            result = PSObject(type_names=("Selected." + dotnet_name_of(obj), _CUSTOM, "System.Object"))
            for note in notes:
                if note.name in result.properties:
                    self._already_exists(note.name, obj, "AlreadyExistingUserSpecifiedPropertyNoExpand")
                    continue
                result.properties[note.name] = note.value
            self._emit(result, obj, notes)
            return
        self._expand_one(obj, notes)

    def _expand_one(self, obj: Any, notes: list[EvaluatedProperty]) -> None:
        assert self._expand is not None
        if self._expand.is_script:
            values = [EvaluatedProperty(self._expand.text, self._evaluate_script(obj))]
        else:
            names = [n for n in resolve_names(obj, self._expand.expression) if _has(obj, n)]  # type: ignore[arg-type]
            values = [EvaluatedProperty(n, get_property(obj, n)) for n in names]
        if not values:
            self.write_error(
                ErrorRecord(f'Property "{self.ExpandProperty}" cannot be found.', "ExpandPropertyNotFound",
                            ErrorCategory.InvalidArgument, target=obj,
                            exception_type="System.Management.Automation.PSArgumentException"))
            return
        if len(values) > 1:
            self.write_error(
                ErrorRecord("Multiple properties cannot be expanded.", "MutlipleExpandProperties",
                            ErrorCategory.InvalidArgument, target=obj,
                            exception_type="System.Management.Automation.PSArgumentException"))
            return
        value = values[0].value
        if value is None:
            return
        items = list(value) if is_enumerable(value) else [value]
        for item in items:
            if item is None:
                continue
            if notes and isinstance(item, PSObject):
                for note in notes:
                    if note.name in item.properties:
                        self._already_exists(note.name, obj, "AlreadyExistingUserSpecifiedPropertyExpand")
                    else:
                        item.properties[note.name] = note.value
            self._emit(item, obj, notes)

    def _evaluate_script(self, obj: Any) -> Any:
        from pshell.cmdlets._properties import evaluate

        return evaluate(self._expand, obj, self.context)  # type: ignore[arg-type]

    def _already_exists(self, name: str, obj: Any, error_id: str) -> None:
        self.write_error(ErrorRecord(f'The property cannot be processed because the property "{name}" already exists.',
                                     error_id, ErrorCategory.InvalidOperation, target=obj,
                                     exception_type="System.Management.Automation.PSArgumentException"))

    def _emit(self, result: Any, source: Any, notes: list[EvaluatedProperty]) -> None:
        if self._uniques is None:
            self._mark_selected(result, source, new=bool(notes))
            self.write_output(result)
            return
        for seen, seen_notes in self._uniques:
            if self._same(seen, seen_notes, result, notes):
                return
        self._mark_selected(result, source, new=bool(notes))
        self._uniques.append((result, notes))

    def _mark_selected(self, result: Any, source: Any, *, new: bool) -> None:
        if not isinstance(result, PSObject) or new:
            return
        if result.type_names and result.type_names[0].startswith("Selected."):
            return
        if _CUSTOM in result.type_names:
            name = "Selected." + dotnet_name_of(source)
            if name not in result.type_names:
                result.type_names.insert(0, name)

    def _same(self, a: Any, a_notes: list[EvaluatedProperty], b: Any, b_notes: list[EvaluatedProperty]) -> bool:
        case = not self.CaseInsensitive
        if len(a_notes) != len(b_notes):
            return False
        if a_notes:
            got = {n.name.lower(): n.value for n in a_notes}
            return all(n.name.lower() in got and values_equal(got[n.name.lower()], n.value, case_sensitive=case)
                       for n in b_notes)
        if isinstance(a, PSObject) and isinstance(b, PSObject):
            return to_string(a) == to_string(b) if case else to_string(a).lower() == to_string(b).lower()
        return compare_values(a, b, case_sensitive=case) == 0


def _has(obj: Any, name: str) -> bool:
    from pshell.cmdlets._properties import property_exists

    return property_exists(obj, name)


@cmdlet(
    "Get-Unique",
    aliases=("gu",),
    synopsis="Returns unique items from a sorted list.",
    description=(
        "Compares each object with the one before it and drops it when they are the same, so the input "
        "should be sorted. Strings compare case-sensitively; -AsString compares every object as text, "
        "-OnType compares types only."
    ),
    default_set="AsString",
    related=("Sort-Object", "Select-Object"),
    examples=[
        Example("1,1,2,3,3 | Get-Unique", "Drops repeated neighbours.", output="1\n2\n3"),
        Example("'a','A','a' | Get-Unique", "Strings compare case-sensitively.", output="a\nA\na"),
    ],
)
class GetUnique(Cmdlet):
    """Get-Unique."""

    InputObject = Param("psobject", pipeline=True, help="The (sorted) objects.")
    AsString = Param("switch", sets=("AsString",), help="Compares the objects as strings.")
    OnType = Param("switch", sets=("UniqueByType",), help="Returns one object of each type.")
    CaseInsensitive = Param("switch", help="Compares strings without regard to case.")

    def begin(self) -> None:
        self._last: Any = None
        self._have_last = False

    def process(self) -> None:
        obj = self.InputObject
        if not self.expecting_input and not self.is_bound("InputObject"):
            return
        if self._have_last and self._same(self._last, obj):
            return
        self._last, self._have_last = obj, True
        self.write_output(obj)

    def _same(self, a: Any, b: Any) -> bool:
        if self.OnType:
            return type_names(a)[:1] == type_names(b)[:1]
        if self.AsString or isinstance(a, str) and isinstance(b, str):
            sa, sb = to_string(a), to_string(b)
            return sa.lower() == sb.lower() if self.CaseInsensitive else sa == sb
        return compare_values(a, b, case_sensitive=not self.CaseInsensitive) == 0
