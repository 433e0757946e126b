"""Serialization: every kind of value survives the trip, objects come back Deserialized."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import uuid
from decimal import Decimal

import pytest

from pshell.engine.library.common import EnumValue
from pshell.engine.values import AutomationNull, Hashtable, PSObject, ScriptBlock, to_string
from pshell.errors import ErrorRecord, SourceSpan
from pshell.wire import frames
from pshell.wire.serialize import deserialize, serialize


def trip(value, depth=2):  # type: ignore[no-untyped-def]
    """Through JSON and a frame, as on the wire."""
    data = serialize(value, depth)
    body = frames.encode({"type": "x", "v": data})[4:]
    return deserialize(frames.decode_body(body)["v"])


@pytest.mark.parametrize("value", [None, True, False, 0, -7, 2**31, 2**70, 1.5, -0.0, 1e300, "", "text", "ünï ✓ 日本",
                                   "line\nbreak"])
def test_primitives_unchanged(value) -> None:  # type: ignore[no-untyped-def]
    out = trip(value)
    assert out == value and type(out) is type(value)


def test_non_finite_floats() -> None:
    assert math.isnan(trip(float("nan")))
    assert trip(float("inf")) == math.inf
    assert trip(float("-inf")) == -math.inf


def test_tagged_scalars() -> None:
    naive = dt.datetime(2024, 5, 6, 7, 8, 9, 123456)
    aware = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert trip(naive) == naive and trip(naive).tzinfo is None
    assert trip(aware) == aware and trip(aware).utcoffset() == dt.timedelta(hours=2)
    assert trip(dt.timedelta(days=-1, seconds=5, microseconds=7)) == dt.timedelta(days=-1, seconds=5, microseconds=7)
    assert trip(Decimal("1.50")) == Decimal("1.50") and str(trip(Decimal("1.50"))) == "1.50"
    g = uuid.uuid4()
    assert trip(g) == g
    assert trip(b"\x00\xffabc") == b"\x00\xffabc"
    assert trip(AutomationNull()) is None
    assert trip(ScriptBlock(None, "{ 1 + 1 }")) == "{ 1 + 1 }"


def test_enum_keeps_name_and_value() -> None:
    out = trip(EnumValue(1, "RemoveEmptyEntries", "System.StringSplitOptions"))
    assert int(out) == 1 and str(out) == "RemoveEmptyEntries" and out.enum_type == "System.StringSplitOptions"


def test_lists_and_nesting() -> None:
    assert trip([1, "a", [2, [3]], None]) == [1, "a", [2, [3]], None]
    assert trip((1, 2)) == [1, 2]
    assert trip(range(3)) == [0, 1, 2]


def test_hashtables_keep_order_case_and_key_types() -> None:
    h = Hashtable([("Name", "x"), (1, "one"), ("b", [1, 2])])
    out = trip(h)
    assert isinstance(out, Hashtable) and not out.ordered
    assert out.keys() == ["Name", 1, "b"] and out["NAME"] == "x" and out[1] == "one" and out["b"] == [1, 2]
    ordered = trip(Hashtable([("z", 1), ("a", 2)], ordered=True))
    assert ordered.ordered and ordered.keys() == ["z", "a"]
    assert trip({"plain": 1})["plain"] == 1


def test_psobject_becomes_deserialized_with_its_text() -> None:
    obj = PSObject([("Name", "n"), ("Size", 3), ("When", dt.datetime(2020, 1, 1))], ["My.Type", "System.Object"])
    out = trip(obj)
    assert isinstance(out, PSObject)
    assert out.type_names == ["Deserialized.My.Type", "Deserialized.System.Object"]
    assert out.properties["name"] == "n" and out.properties["Size"] == 3 and out.properties["When"] == dt.datetime(2020, 1, 1)
    assert to_string(out) == to_string(obj)
    custom = trip(PSObject([("a", 1)]))
    assert custom.type_names[0] == "Deserialized.System.Management.Automation.PSCustomObject"
    assert to_string(custom) == "@{a=1}"
    again = trip(out)
    assert again.type_names == ["Deserialized.My.Type", "Deserialized.System.Object"]  # no double prefix


def test_error_record_round_trip() -> None:
    record = ErrorRecord("it broke", "Broke", "InvalidOperation", target=42, command_name="Get-Thing",
                         span=SourceSpan("f.ps1", 3, 5, "  Get-Thing", 9),
                         exception_type="System.InvalidOperationException")
    out = trip(record)
    assert isinstance(out, ErrorRecord)
    assert (out.message, out.error_id, out.category, out.target, out.command_name) == ("it broke", "Broke",
                                                                                       "InvalidOperation", "42", "Get-Thing")
    assert out.FullyQualifiedErrorId == "Broke,Get-Thing"
    assert out.exception_type == "System.InvalidOperationException"
    assert out.span == SourceSpan("f.ps1", 3, 5, "  Get-Thing", 9)


@dataclasses.dataclass
class Item:
    Name: str
    Length: int
    Inner: object = None

    PS_TYPE_NAMES = ("System.IO.FileInfo", "System.IO.FileSystemInfo", "System.Object")

    def ToString(self) -> str:
        return f"/tmp/{self.Name}"


def test_any_object_becomes_a_property_bag() -> None:
    out = trip(Item("a.txt", 10))
    assert isinstance(out, PSObject)
    assert out.type_names[0] == "Deserialized.System.IO.FileInfo"
    assert dict(out.properties.items()) == {"Name": "a.txt", "Length": 10, "Inner": None}
    assert to_string(out) == "/tmp/a.txt"


def test_depth_limit_turns_deep_objects_into_text() -> None:
    deep = Item("l0", 0, Item("l1", 1, Item("l2", 2, Item("l3", 3))))
    out = trip(deep, depth=2)
    level1 = out.properties["Inner"]
    assert isinstance(level1, PSObject) and level1.properties["Name"] == "l1"
    assert level1.properties["Inner"] == "/tmp/l2"  # beyond the depth: its ToString text
    shallow = trip(deep, depth=1)
    assert shallow.properties["Inner"] == "/tmp/l1" and shallow.properties["Length"] == 0
    nested = trip(Hashtable([("a", Hashtable([("b", Hashtable([("c", 1)]))]))]), depth=2)
    assert nested["a"]["b"] == "System.Collections.Hashtable"


def test_self_reference_is_bounded() -> None:
    a = PSObject([("Name", "a")])
    a.properties["Self"] = a
    out = trip(a)
    assert isinstance(out.properties["Self"], PSObject)
    assert isinstance(out.properties["Self"].properties["Self"], str)


def test_serialized_data_is_plain_json() -> None:
    value = [PSObject([("d", dt.datetime(2020, 1, 1)), ("n", float("nan"))]), Hashtable([(1, b"x")])]
    json.dumps(serialize(value), allow_nan=False)


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        deserialize({"t": "martian"})
