"""Pure helpers of the object and data cmdlets: ordering, property specs, JSON and CSV text."""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal

import pytest

from pshell.cmdlets._csv_text import CsvFormatter, CsvReader, field_text
from pshell.cmdlets._json_text import JsonReadError, JsonWriter, format_datetime, format_double, parse_iso_date, read_json
from pshell.cmdlets._properties import (
    MISSING,
    compare_rows,
    compare_values,
    culture_compare,
    parse_property_specs,
    resolve_names,
    type_display_name,
)
from pshell.cmdlets.measurement import count_lines, count_words
from pshell.cmdlets.ordering import group_name
from pshell.cmdlets.selection import _Window
from pshell.engine.values import Hashtable, PSObject
from pshell.errors import PSError


def _sorted(values: list[object], **kw: bool) -> list[object]:
    return sorted(values, key=functools.cmp_to_key(lambda a, b: compare_values(a, b, **kw)))


# ------------------------------------------------------------------ ordering
def test_strings_sort_by_culture_without_case() -> None:
    assert _sorted(["b10", "b9", "_x", "B1", "a"]) == ["_x", "a", "B1", "b10", "b9"]
    assert culture_compare("apple", "Apple") == 0
    assert culture_compare("a", "A", case_sensitive=True) < 0
    assert culture_compare("é", "f") < 0


def test_numbers_nulls_and_mixed_values() -> None:
    assert _sorted([3, None, -1, 1.5]) == [-1, None, 1.5, 3]
    assert compare_values(10, "9") > 0
    assert compare_values("10", 9) < 0
    assert compare_values(True, False) > 0
    assert compare_values(dt.datetime(2024, 1, 2), "2024-01-01") > 0


def test_missing_properties_sort_last_either_way() -> None:
    assert compare_rows([MISSING], [5], [True]) > 0
    assert compare_rows([MISSING], [5], [False]) > 0
    assert compare_rows(["a", 2], ["a", 1], [True, False]) < 0


# ------------------------------------------------------------------ property specs
def test_calculated_property_keys_may_be_shortened() -> None:
    spec = parse_property_specs([Hashtable([("n", "KB"), ("e", "Length")])])[0]
    assert (spec.name, spec.expression) == ("KB", "Length")
    spec = parse_property_specs([Hashtable([("Label", "X"), ("Expr", "Y")])])[0]
    assert (spec.name, spec.expression) == ("X", "Y")
    sort = parse_property_specs([Hashtable([("e", "Dept"), ("Desc", True)])], extra_keys=("ascending", "descending"),
                                allow_name=False)[0]
    assert sort.options == {"descending": True}


@pytest.mark.parametrize("table, message", [
    (Hashtable([("Foo", 1), ("e", "x")]), "The Foo key is not valid."),
    (Hashtable([("n", "x")]), "A mandatory entry for expression is missing."),
])
def test_bad_calculated_properties(table: Hashtable, message: str) -> None:
    with pytest.raises(PSError) as info:
        parse_property_specs([table])
    assert info.value.record.message == message


def test_wildcard_names_resolve_in_property_order() -> None:
    obj = PSObject([("Name", 1), ("NickName", 2), ("Size", 3)])
    assert resolve_names(obj, "*name") == ["Name", "NickName"]
    assert resolve_names(obj, "size") == ["Size"]
    assert resolve_names(obj, "missing") == ["missing"]


def test_type_display_names() -> None:
    assert [type_display_name(v) for v in (1, "x", 2.5, None, [1], True)] == \
        ["int", "string", "double", "object", "Object[]", "bool"]


# ------------------------------------------------------------------ Select-Object window
def _window(items: range, **kw: int) -> list[int]:
    w = _Window(first=kw.get("first", 0), last=kw.get("last", 0), skip=kw.get("skip", 0),
                skip_last=kw.get("skip_last", 0), first_or_last="first" in kw or "last" in kw)
    out: list[int] = []
    for i in items:
        out.extend(w.push(i))
    return out + w.drain()


def test_select_window() -> None:
    assert _window(range(1, 11), first=3) == [1, 2, 3]
    assert _window(range(1, 11), skip=2, first=2) == [3, 4]
    assert _window(range(1, 11), last=3, skip=2) == [6, 7, 8]
    assert _window(range(1, 11), first=2, last=2) == [1, 2, 9, 10]
    assert _window(range(1, 6), skip_last=2) == [1, 2, 3]
    assert _window(range(1, 6), skip=3) == [4, 5]


# ------------------------------------------------------------------ groups and measures
def test_group_names_and_text_counts() -> None:
    assert group_name(["a", 2, None, ["x", "y"]]) == "a, 2, {x, y}"
    assert count_lines("a\nb") == 2 and count_lines("a\n") == 1 and count_lines("") == 0
    assert count_words("  one two\tthree ") == 3


# ------------------------------------------------------------------ JSON
@pytest.mark.parametrize("value, text", [
    (1.0, "1.0"), (2.5, "2.5"), (1e20, "1E+20"), (1e15, "1E+15"), (123456789012345.0, "123456789012345.0"),
    (0.0001, "0.0001"), (1e-5, "1E-05"), (-0.0, "-0.0"), (0.1, "0.1"),
])
def test_doubles_as_newtonsoft_writes_them(value: float, text: str) -> None:
    assert format_double(value) == text


def test_json_layout_and_depth() -> None:
    warnings: list[str] = []
    value = Hashtable([("a", [1, "x"]), ("b", Hashtable()), ("c", []), ("d", None), ("e", Decimal("1"))], ordered=True)
    assert JsonWriter().convert(value) == (
        '{\n  "a": [\n    1,\n    "x"\n  ],\n  "b": {},\n  "c": [],\n  "d": null,\n  "e": 1.0\n}')
    deep = Hashtable([("a", Hashtable([("b", Hashtable([("c", Hashtable([("d", 1)]))]))]))])
    text = JsonWriter(compress=True, warn=warnings.append).convert(deep)
    assert text == '{"a":{"b":{"c":"System.Collections.Hashtable"}}}'
    assert warnings == ["Resulting JSON is truncated as serialization has exceeded the set depth of 2."]


def test_json_escaping() -> None:
    assert JsonWriter().quote('a"b\\c\n\x1b') == '"a\\"b\\\\c\\n\\u001b"'
    assert JsonWriter(escape="EscapeNonAscii").quote("é") == '"\\u00e9"'
    assert JsonWriter(escape="EscapeHtml").quote("<&>") == '"\\u003c\\u0026\\u003e"'


def test_json_reading() -> None:
    obj = read_json('{"b": 1, "a": [true, null], "d": "2020-01-02T03:04:05.5"}')
    assert isinstance(obj, PSObject)
    assert list(obj.properties.keys()) == ["b", "a", "d"]
    assert obj.properties["a"] == [True, None]
    assert obj.properties["d"] == dt.datetime(2020, 1, 2, 3, 4, 5, 500000)
    table = read_json('{"x": {"y": 2}}', as_hashtable=True)
    assert isinstance(table, Hashtable) and table["x"]["y"] == 2
    with pytest.raises(JsonReadError):
        read_json('{"a": 1, "A": 2}')
    with pytest.raises(JsonReadError):
        read_json("{bad")


def test_dates() -> None:
    assert format_datetime(dt.datetime(2024, 1, 2, 3, 4, 5, 120000)) == "2024-01-02T03:04:05.12"
    assert format_datetime(dt.datetime(2024, 1, 2, tzinfo=dt.timezone.utc)) == "2024-01-02T00:00:00Z"
    assert parse_iso_date("2024-01-02") is None


# ------------------------------------------------------------------ CSV
def test_csv_quoting() -> None:
    obj = PSObject([("a", "x,y"), ("b", None), ("c", 'q"')])
    names = ["a", "b", "c"]
    assert CsvFormatter().row(obj, names) == '"x,y",,"q"""'
    assert CsvFormatter(quote="AsNeeded").row(obj, names) == '"x,y",,"q"""'
    assert CsvFormatter(quote="Never").row(obj, names) == 'x,y,,q"'
    assert CsvFormatter(quote_fields=["c"], delimiter=";").header(names) == 'a;b;"c"'
    assert field_text([1, 2]) == "System.Object[]"


def test_csv_reader_is_lenient() -> None:
    reader = CsvReader('a, "b,c" ,d\n"x""y",  z  \n')
    assert reader.record() == ["a", "b,c", "d"]
    assert reader.record() == ['x"y', "z "]
    assert reader.record() == []
