"""Measure-Object: counts, sums, averages, extremes, and line/word/character counts."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

from pshell.cmdlets._properties import (
    compare_values,
    property_exists,
    resolve_names,
    run_with_item,
)
from pshell.cmdlets.base import Cmdlet, Example, Param, cmdlet
from pshell.engine.members import get_property
from pshell.engine.text import has_wildcard
from pshell.engine.types import to_number
from pshell.engine.values import ScriptBlock, to_string, unwrap_single
from pshell.errors import ErrorCategory, ErrorRecord, PSError
from pshell.format.views import ListView, TableView, ViewColumn, register_view

_GENERIC = "GenericMeasure"
_TEXT = "TextMeasure"
_THIS_OBJECT = "$_"


@dataclass
class GenericMeasureInfo:
    """What Measure-Object reports about numbers (or comparable values, for -Maximum/-Minimum)."""

    Count: int = 0
    Average: float | None = None
    Sum: float | None = None
    Maximum: Any = None
    Minimum: Any = None
    StandardDeviation: float | None = None
    Property: str | None = None

    PS_TYPE_NAMES: ClassVar[tuple[str, ...]] = (
        "Microsoft.PowerShell.Commands.GenericMeasureInfo", "Microsoft.PowerShell.Commands.MeasureInfo", "System.Object")

    def ToString(self) -> str:
        return self.PS_TYPE_NAMES[0]


@dataclass
class GenericObjectMeasureInfo(GenericMeasureInfo):
    """Measure-Object's report when the maximum or minimum is not a number (a string, a date)."""

    PS_TYPE_NAMES: ClassVar[tuple[str, ...]] = (
        "Microsoft.PowerShell.Commands.GenericObjectMeasureInfo", "Microsoft.PowerShell.Commands.MeasureInfo",
        "System.Object")


@dataclass
class TextMeasureInfo:
    """What Measure-Object -Line -Word -Character reports."""

    Lines: int | None = None
    Words: int | None = None
    Characters: int | None = None
    Property: str | None = None

    PS_TYPE_NAMES: ClassVar[tuple[str, ...]] = (
        "Microsoft.PowerShell.Commands.TextMeasureInfo", "Microsoft.PowerShell.Commands.MeasureInfo", "System.Object")

    def ToString(self) -> str:
        return self.PS_TYPE_NAMES[0]


_GENERIC_COLUMNS = [ViewColumn(n) for n in ("Count", "Average", "Sum", "Maximum", "Minimum", "StandardDeviation", "Property")]
register_view(ListView(("Microsoft.PowerShell.Commands.GenericMeasureInfo",
                        "Microsoft.PowerShell.Commands.GenericObjectMeasureInfo"), _GENERIC_COLUMNS))
register_view(TableView(("Microsoft.PowerShell.Commands.TextMeasureInfo",),
                        [ViewColumn("Lines", align="right"), ViewColumn("Words", align="right"),
                         ViewColumn("Characters", align="right"), ViewColumn("Property")]))


class _Statistics:
    def __init__(self) -> None:
        self.count = 0
        self.sum = 0.0
        self.variance = 0.0
        self.maximum: Any = None
        self.minimum: Any = None
        self.lines = self.words = self.characters = 0


def _as_double(value: Any) -> float | None:
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return float(value)
    if value is None:
        return 0.0
    try:
        return float(to_number(value))
    except (PSError, TypeError, ValueError, OverflowError):
        return None


def count_lines(text: str) -> int:
    if not text:
        return 0
    return text.count("\n") + (0 if text.endswith("\n") else 1)


def count_words(text: str) -> int:
    return len(text.split())


@cmdlet(
    "Measure-Object",
    aliases=("measure",),
    synopsis="Calculates the numeric properties of objects, and the characters, words, and lines in string objects.",
    description=(
        "Counts the input objects and, on request, the sum, average, maximum, minimum and standard "
        "deviation of their values (or of the given properties), or the lines, words and characters "
        "of their text."
    ),
    default_set=_GENERIC,
    related=("Group-Object", "Select-Object"),
    examples=[
        Example("(1..10 | Measure-Object -Sum).Sum", "Adds the numbers.", output="55"),
        Example("1,2,3,4 | Measure-Object -Average -Maximum",
                "Average and maximum.",
                output="\nCount             : 4\nAverage           : 2.5\nSum               :\nMaximum           : 4\n"
                       "Minimum           :\nStandardDeviation :\nProperty          :\n"),
        Example("'one two','three' | Measure-Object -Word -Line", "Counts words and lines.",
                output="\nLines Words Characters Property\n----- ----- ---------- --------\n    2     3\n"),
    ],
)
class MeasureObject(Cmdlet):
    """Measure-Object."""

    InputObject = Param("psobject", pipeline=True, help="The objects to measure.")
    Property = Param("object[]", position=0, help="Properties (wildcards allowed) or script blocks to measure.")
    StandardDeviation = Param("switch", sets=(_GENERIC,), help="Calculates the standard deviation.")
    Sum = Param("switch", sets=(_GENERIC,), help="Adds the values.")
    AllStats = Param("switch", sets=(_GENERIC,), help="Calculates every statistic.")
    Average = Param("switch", sets=(_GENERIC,), help="Averages the values.")
    Maximum = Param("switch", sets=(_GENERIC,), help="Finds the largest value.")
    Minimum = Param("switch", sets=(_GENERIC,), help="Finds the smallest value.")
    Line = Param("switch", sets=(_TEXT,), help="Counts the lines of text.")
    Word = Param("switch", sets=(_TEXT,), help="Counts the words of text.")
    Character = Param("switch", sets=(_TEXT,), help="Counts the characters of text.")
    IgnoreWhiteSpace = Param("switch", sets=(_TEXT,), help="Does not count white space as characters.")

    def begin(self) -> None:
        all_stats = bool(self.AllStats)
        self._sum = all_stats or bool(self.Sum)
        self._average = all_stats or bool(self.Average)
        self._stdev = all_stats or bool(self.StandardDeviation)
        self._max = all_stats or bool(self.Maximum)
        self._min = all_stats or bool(self.Minimum)
        self._text = bool(self.Line or self.Word or self.Character or self.IgnoreWhiteSpace)
        self._stats: dict[str, _Statistics] = {}
        self._names: dict[str, str] = {}
        self._total = 0
        self._non_numeric = False

    def _entry(self, name: str) -> _Statistics:
        key = name.lower()
        if key not in self._stats:
            self._stats[key] = _Statistics()
            self._names[key] = name
        return self._stats[key]

    def process(self) -> None:
        obj = self.InputObject
        if obj is None or not (self.expecting_input or self.is_bound("InputObject")):
            return
        self._total += 1
        if not self.Property:
            self._analyze(_THIS_OBJECT, obj)
            return
        counted: set[str] = set()
        for prop in self.Property:
            if isinstance(prop, ScriptBlock):
                name = prop.text
                if name.lower() not in counted:
                    value = unwrap_single(run_with_item(self.context, prop, obj))
                    self._analyze(name, value)
                    counted.add(name.lower())
                continue
            pattern = to_string(prop)
            names = [n for n in resolve_names(obj, pattern) if property_exists(obj, n)]
            if not names:
                if not has_wildcard(pattern):
                    self._entry(pattern)
                continue
            for name in names:
                if name.lower() in counted:
                    continue
                self._analyze(name, get_property(obj, name))
                counted.add(name.lower())

    def _analyze(self, name: str, value: Any) -> None:
        stat = self._entry(name)
        stat.count += 1
        if self._text:
            text = to_string(value)
            if self.Character:
                stat.characters += len(text) if not self.IgnoreWhiteSpace else sum(1 for c in text if not c.isspace())
            if self.Word:
                stat.words += count_words(text)
            if self.Line:
                stat.lines += count_lines(text)
        if self._sum or self._average or self._stdev:
            number = _as_double(value)
            if number is None:
                self._non_numeric = True
                self.write_error(ErrorRecord(
                    f'Input object "{to_string(value)}" is not numeric.', "NonNumericInputObject",
                    ErrorCategory.InvalidType, target=value, exception_type="System.InvalidOperationException"))
                return
            previous = stat.sum
            stat.sum += number
            if self._stdev and stat.count > 1:
                mean = previous / (stat.count - 1)
                stat.variance *= (stat.count - 2.0) / (stat.count - 1)
                stat.variance += (number - mean) * (number - mean) / stat.count
        if self._min:
            stat.minimum = _extreme(value, stat.minimum, smaller=True)
        if self._max:
            stat.maximum = _extreme(value, stat.maximum, smaller=False)

    def end(self) -> None:
        if self._total == 0 and not self.Property:
            self._entry(_THIS_OBJECT)
        for key, stat in self._stats.items():
            if stat.count == 0 and self.Property:
                continue
            name = self._names[key] if self.Property else None
            if self.parameter_set == _TEXT or self._text:
                self.write_output(TextMeasureInfo(
                    Lines=stat.lines if self.Line else None, Words=stat.words if self.Word else None,
                    Characters=stat.characters if self.Character else None, Property=name))
                continue
            self.write_output(self._generic(stat, name))

    def _generic(self, stat: _Statistics, name: str | None) -> GenericMeasureInfo:
        numeric = all(v is None or _as_double(v) is not None for v in (stat.minimum, stat.maximum))
        info: GenericMeasureInfo = GenericMeasureInfo() if numeric else GenericObjectMeasureInfo()
        info.Count = stat.count
        if not self._non_numeric:
            if self._sum:
                info.Sum = stat.sum
            if self._average and stat.count > 0:
                info.Average = stat.sum / stat.count
            if self._stdev:
                info.StandardDeviation = math.sqrt(stat.variance)
        if self._max and stat.maximum is not None:
            info.Maximum = _as_double(stat.maximum) if numeric else stat.maximum
        if self._min and stat.minimum is not None:
            info.Minimum = _as_double(stat.minimum) if numeric else stat.minimum
        info.Property = name
        return info


def _extreme(value: Any, current: Any, *, smaller: bool) -> Any:
    if current is None:
        return value
    a = current if current is None or _as_double(current) is None else _as_double(current)
    b = value if value is None or _as_double(value) is None else _as_double(value)
    if a is not None and b is not None and type(a) is not type(b):
        a, b = to_string(a), to_string(b)
    result = compare_values(a, b, case_sensitive=True)
    if smaller:
        return value if result > 0 else current
    return value if result < 0 else current
