"""Values across the wire: typed property bags, as PowerShell's CLIXML does it, in JSON.

`serialize(value)` gives something json.dumps can write; `deserialize(data)` gives it back.
Primitives stay primitives (str, bool, int, finite float, None). Everything else is a JSON
object whose "t" names its kind:

    {"t": "f", "v": "NaN"}                       float NaN / Infinity / -Infinity
    {"t": "dec", "v": "1.50"}                    Decimal
    {"t": "dt", "v": "<ISO 8601>"}               datetime (naive stays naive)
    {"t": "ts", "v": [days, seconds, micros]}    timedelta
    {"t": "guid", "v": "<uuid>"}                 UUID
    {"t": "bytes", "v": "<base64>"}              bytes
    {"t": "enum", "v": 1, "n": "Name", "T": "System.X"}
    {"t": "ht", "o": true|false, "v": [[k, v], ...]}   Hashtable / [ordered] / any mapping
    {"t": "err", ...}                            ErrorRecord
    {"t": "obj", "T": [type names], "P": {name: value}, "S": "ToString text"}

Arrays are JSON arrays. Objects and collections are expanded `depth` levels deep (default 2:
the value itself and the objects in its properties); deeper than that, an object becomes its
ToString text (as PowerShell's remoting serializer does, whose default is 1 or 2 by type).
Arrays do not count as a level (their elements are serialized at the array's own depth).
Deserialized objects are PSObjects whose type names carry the prefix "Deserialized."
(`Deserialized.System.IO.FileInfo`, ...), with the original ToString text kept.
"""

from __future__ import annotations

import base64
import datetime as _dt
import math
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

DEFAULT_DEPTH = 2
DESERIALIZED = "Deserialized."


class _Engine:
    """The engine's value types, imported on first use (not when this module is: the SSH
    bridge imports the wire package without the engine) and then kept, not imported again
    on every call."""

    loaded = False

    @classmethod
    def load(cls) -> type["_Engine"]:
        if not cls.loaded:
            from pshell.engine.values import (
                AutomationNull,
                Hashtable,
                PSObject,
                ScriptBlock,
                is_enumerable,
                to_string,
            )
            from pshell.errors import ErrorRecord

            cls.AutomationNull, cls.Hashtable, cls.PSObject, cls.ScriptBlock = AutomationNull, Hashtable, PSObject, ScriptBlock
            cls.is_enumerable, cls.to_string, cls.ErrorRecord = staticmethod(is_enumerable), staticmethod(to_string), ErrorRecord
            cls.loaded = True
        return cls


# Values that are JSON as they are, whichever way they go (a finite float too).
_PLAIN = frozenset({str, int, bool, type(None)})


def _text(value: Any) -> str:
    to_string = _Engine.load().to_string
    try:
        return to_string(value)
    except Exception:  # noqa: BLE001 - a broken ToString must not break the stream
        return f"{type(value).__name__}"


MAX_NESTING = 64  # arrays in arrays: beyond this, text (a list that contains itself)


def serialize(value: Any, depth: int = DEFAULT_DEPTH, _nesting: int = 0) -> Any:
    """A value as JSON-ready data; objects and hashtables expand `depth` levels deep
    (arrays do not count as a level)."""
    kind = type(value)
    if kind in _PLAIN or (kind is float and math.isfinite(value)):
        return value
    engine = _Engine.load()
    AutomationNull, Hashtable, PSObject, ScriptBlock = engine.AutomationNull, engine.Hashtable, engine.PSObject, engine.ScriptBlock
    is_enumerable, ErrorRecord = engine.is_enumerable, engine.ErrorRecord

    if value is None or isinstance(value, AutomationNull):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        enum_type = getattr(value, "enum_type", None)
        if enum_type is not None:
            return {"t": "enum", "v": int(value), "n": str(getattr(value, "name", value)), "T": enum_type}
        return int(value)
    if isinstance(value, float):
        if math.isfinite(value):
            return float(value)
        return {"t": "f", "v": "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")}
    if isinstance(value, str):
        return str(value)
    if isinstance(value, Decimal):
        return {"t": "dec", "v": str(value)}
    if isinstance(value, _dt.datetime):
        return {"t": "dt", "v": value.isoformat()}
    if isinstance(value, _dt.date):
        return {"t": "dt", "v": _dt.datetime(value.year, value.month, value.day).isoformat()}
    if isinstance(value, _dt.timedelta):
        return {"t": "ts", "v": [value.days, value.seconds, value.microseconds]}
    if isinstance(value, uuid.UUID):
        return {"t": "guid", "v": str(value)}
    if isinstance(value, (bytes, bytearray)):
        return {"t": "bytes", "v": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, ScriptBlock):
        return value.text
    if isinstance(value, ErrorRecord):
        return serialize_error(value)
    if isinstance(value, (list, tuple, range)) or (is_enumerable(value) and getattr(value, "PS_ENUMERABLE", False)):
        if _nesting >= MAX_NESTING:
            return _text(value)
        return [serialize(v, depth, _nesting + 1) for v in value]
    if depth <= 0:
        return _text(value)
    if isinstance(value, Mapping):
        ordered = bool(getattr(value, "ordered", not isinstance(value, Hashtable)))
        return {"t": "ht", "o": ordered, "v": [[serialize(k, depth - 1), serialize(v, depth - 1)] for k, v in value.items()]}
    if isinstance(value, PSObject):
        return _object(value, list(value.type_names), list(value.properties.items()), depth, value.to_string_value)
    return _generic(value, depth)


def _object(value: Any, names: list[str], props: list[tuple[str, Any]], depth: int, text: str | None) -> dict[str, Any]:
    return {"t": "obj", "T": names, "P": {str(k): serialize(v, depth - 1) for k, v in props},
            "S": text if text is not None else _text(value)}


def _generic(value: Any, depth: int) -> Any:
    """Any other object: its type names and the properties PowerShell would show."""
    from pshell.engine.members import get_property, property_names
    from pshell.engine.values import type_names

    try:
        names = list(type_names(value))
        props: list[tuple[str, Any]] = []
        for name in property_names(value):
            try:
                props.append((name, get_property(value, name)))
            except Exception as exc:  # noqa: BLE001 - a failing getter becomes its message, as PowerShell shows it
                props.append((name, f"{type(exc).__name__}: {exc}"))
    except Exception:  # noqa: BLE001
        return _text(value)
    return _object(value, names, props, depth, None)


def serialize_error(record: Any) -> dict[str, Any]:
    span = record.span
    return {
        "t": "err",
        "message": record.message,
        "error_id": record.error_id,
        "fqid": record.FullyQualifiedErrorId,
        "category": record.category,
        "target": None if record.target is None else _text(record.target),
        "command": record.command_name,
        "exception_type": record.exception_type,
        "span": None if span is None else {"file": span.file, "line": span.line, "column": span.column,
                                            "line_text": span.line_text, "length": span.length},
    }


def deserialize(data: Any) -> Any:
    """The value that `serialize` wrote, as the receiving side sees it."""
    if data is None or isinstance(data, (bool, int, float, str)):
        return data
    engine = _Engine.load()
    Hashtable, PSObject = engine.Hashtable, engine.PSObject
    if isinstance(data, list):
        return [deserialize(v) for v in data]
    if not isinstance(data, dict):
        raise ValueError(f"cannot deserialize {type(data).__name__}")
    kind = data.get("t")
    if kind == "obj":
        names = [n if n.startswith(DESERIALIZED) else DESERIALIZED + n for n in data.get("T") or []]
        props = [(k, deserialize(v)) for k, v in (data.get("P") or {}).items()]
        return PSObject(props, names, data.get("S"))
    if kind == "ht":
        return Hashtable([(deserialize(k), deserialize(v)) for k, v in data["v"]], ordered=bool(data.get("o")))
    if kind == "err":
        return deserialize_error(data)
    if kind == "f":
        return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}[data["v"]]
    if kind == "dec":
        return Decimal(data["v"])
    if kind == "dt":
        return _dt.datetime.fromisoformat(data["v"])
    if kind == "ts":
        days, seconds, micros = data["v"]
        return _dt.timedelta(days=days, seconds=seconds, microseconds=micros)
    if kind == "guid":
        return uuid.UUID(data["v"])
    if kind == "bytes":
        return base64.b64decode(data["v"])
    if kind == "enum":
        from pshell.engine.library.common import EnumValue

        return EnumValue(int(data["v"]), str(data.get("n")), str(data.get("T")))
    raise ValueError(f"unknown serialized kind {kind!r}")


def deserialize_error(data: dict[str, Any]) -> Any:
    from pshell.errors import ErrorRecord, SourceSpan

    span = data.get("span")
    record = ErrorRecord(
        str(data.get("message", "")),
        str(data.get("error_id") or "RuntimeException"),
        str(data.get("category") or "NotSpecified"),
        target=data.get("target"),
        command_name=data.get("command"),
        span=SourceSpan(span.get("file"), int(span.get("line", 0)), int(span.get("column", 0)), span.get("line_text") or "",
                        int(span.get("length", 1))) if isinstance(span, dict) else None,
        exception_type=str(data.get("exception_type") or "System.Management.Automation.RuntimeException"),
    )
    record.extra["remote"] = True
    return record
