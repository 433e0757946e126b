"""JSON text as PowerShell 7 writes and reads it (ConvertTo-Json / ConvertFrom-Json).

Writing follows Newtonsoft.Json with PowerShell's pre-processing: objects deeper than -Depth
become their string form, doubles are written "R"-style with a decimal place (`1.0`, `1E+20`),
dates as ISO 8601, and the indented layout is two spaces with `"key": value`.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import re
import uuid
from decimal import Decimal
from typing import Any, Callable

from pshell.engine.members import get_property, property_names
from pshell.engine.values import (
    CaseInsensitiveDict,
    Hashtable,
    PSObject,
    ScriptBlock,
    is_enumerable,
    to_string,
)
from pshell.errors import ErrorCategory, ErrorRecord, PSError

ESCAPE_DEFAULT = "Default"
ESCAPE_NON_ASCII = "EscapeNonAscii"
ESCAPE_HTML = "EscapeHtml"

_TIMESPAN_PROPERTIES = (
    ("Ticks", lambda t: _ticks(t)), ("Days", lambda t: _parts(t)[0]), ("Hours", lambda t: _parts(t)[1]),
    ("Milliseconds", lambda t: _parts(t)[4]), ("Microseconds", lambda t: _parts(t)[5]), ("Nanoseconds", lambda t: _parts(t)[6]),
    ("Minutes", lambda t: _parts(t)[2]), ("Seconds", lambda t: _parts(t)[3]),
    ("TotalDays", lambda t: _ticks(t) / 864_000_000_000), ("TotalHours", lambda t: _ticks(t) / 36_000_000_000),
    ("TotalMilliseconds", lambda t: _ticks(t) / 10_000), ("TotalMicroseconds", lambda t: _ticks(t) / 10),
    ("TotalNanoseconds", lambda t: float(_ticks(t) * 100)), ("TotalMinutes", lambda t: _ticks(t) / 600_000_000),
    ("TotalSeconds", lambda t: _ticks(t) / 10_000_000),
)


def _ticks(t: _dt.timedelta) -> int:
    return (t.days * 86_400 + t.seconds) * 10_000_000 + t.microseconds * 10


def _parts(t: _dt.timedelta) -> tuple[int, ...]:
    ticks = _ticks(t)
    sign = -1 if ticks < 0 else 1
    ticks = abs(ticks)
    days, rest = divmod(ticks, 864_000_000_000)
    hours, rest = divmod(rest, 36_000_000_000)
    minutes, rest = divmod(rest, 600_000_000)
    seconds, rest = divmod(rest, 10_000_000)
    ms, rest = divmod(rest, 10_000)
    us, rest = divmod(rest, 10)
    return tuple(sign * v for v in (days, hours, minutes, seconds, ms, us, rest * 100))


class _Raw:
    """A value already in its final JSON text form (numbers)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def format_double(value: float) -> str:
    """A double as .NET's "R" format writes it, with Newtonsoft's guaranteed decimal place."""
    if math.isnan(value) or math.isinf(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if value == 0:
        return "-0.0" if math.copysign(1.0, value) < 0 else "0.0"
    sign, digits, exponent = Decimal(repr(value)).as_tuple()
    text = "".join(map(str, digits)).rstrip("0") or "0"
    exponent += len(digits) - len(text)
    point = exponent + len(text) - 1
    prefix = "-" if sign else ""
    if point >= 15 or point < -4:
        mantissa = text[0] + ("." + text[1:] if len(text) > 1 else "")
        return f"{prefix}{mantissa}E{'+' if point >= 0 else '-'}{abs(point):02d}"
    if exponent >= 0:
        body = text + "0" * exponent + ".0"
    elif -exponent >= len(text):
        body = "0." + "0" * (-exponent - len(text)) + text
    else:
        body = text[:exponent] + "." + text[exponent:]
    return prefix + body


def format_datetime(value: _dt.datetime) -> str:
    """ISO 8601 as Newtonsoft writes it: fraction to 7 digits without trailing zeros, then the zone."""
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    if value.microsecond:
        text += "." + f"{value.microsecond * 10:07d}".rstrip("0")
    if value.tzinfo is not None:
        offset = value.utcoffset() or _dt.timedelta(0)
        if value.tzinfo is _dt.timezone.utc:
            text += "Z"
        else:
            total = int(offset.total_seconds()) // 60
            sign = "-" if total < 0 else "+"
            text += f"{sign}{abs(total) // 60:02d}:{abs(total) % 60:02d}"
    return text


def _scalar(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return _Raw(str(value))
    if isinstance(value, float):
        text = format_double(value)
        return text if text in ("NaN", "Infinity", "-Infinity") else _Raw(text)
    if isinstance(value, Decimal):
        text = format(value, "f")
        return _Raw(text if "." in text else text + ".0")
    if isinstance(value, _dt.datetime):
        return format_datetime(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    return _NOT_SCALAR


_NOT_SCALAR = object()


class JsonWriter:
    """Turns values into JSON text; `warn` is called once when -Depth cuts the object graph."""

    def __init__(self, *, depth: int = 2, compress: bool = False, escape: str = ESCAPE_DEFAULT,
                 warn: Callable[[str], None] | None = None) -> None:
        self.depth = depth
        self.compress = compress
        self.escape = escape
        self.warn = warn
        self._warned = False

    def convert(self, value: Any) -> str:
        return self._render(self._process(value, 0), "")

    # ------------------------------------------------------------ pre-processing
    def _process(self, value: Any, depth: int) -> Any:
        scalar = _scalar(value)
        if scalar is not _NOT_SCALAR:
            return scalar
        if depth > self.depth:
            if not self._warned and self.warn is not None:
                self._warned = True
                self.warn(f"Resulting JSON is truncated as serialization has exceeded the set depth of {self.depth}.")
            return to_string(value)
        if isinstance(value, (Hashtable, CaseInsensitiveDict, dict)):
            out: dict[str, Any] = {}
            for key, item in value.items():
                if not isinstance(key, str):
                    raise PSError(ErrorRecord(
                        f"The type '{_dotnet(value)}' is not supported for serialization or deserialization of a "
                        "dictionary. Keys must be strings.", "NonStringKeyInDictionary", ErrorCategory.InvalidOperation,
                        target=value, exception_type="System.InvalidOperationException"))
                out[key] = self._process(item, depth + 1)
            return out
        if isinstance(value, PSObject):
            return {name: self._process(item, depth + 1) for name, item in value.properties.items()}
        if isinstance(value, _dt.timedelta):
            return {name: self._process(getter(value), depth + 1) for name, getter in _TIMESPAN_PROPERTIES}
        if isinstance(value, ScriptBlock):
            return to_string(value)
        if is_enumerable(value) or isinstance(value, (list, tuple)):
            return [self._process(item, depth + 1) for item in value]
        names = property_names(value)
        if not names:
            return to_string(value)
        result: dict[str, Any] = {}
        for name in names:
            try:
                item = get_property(value, name)
            except Exception:  # noqa: BLE001 - a property that cannot be read serializes as null
                item = None
            result[name] = self._process(item, depth + 1)
        return result

    # ------------------------------------------------------------ text
    def _render(self, value: Any, indent: str) -> str:
        if value is None:
            return "null"
        if value is True:
            return "true"
        if value is False:
            return "false"
        if isinstance(value, _Raw):
            return value.text
        if isinstance(value, str):
            return self.quote(value)
        inner = indent + "  "
        if isinstance(value, dict):
            if not value:
                return "{}"
            if self.compress:
                return "{" + ",".join(f"{self.quote(k)}:{self._render(v, '')}" for k, v in value.items()) + "}"
            rows = [f"{inner}{self.quote(k)}: {self._render(v, inner)}" for k, v in value.items()]
            return "{\n" + ",\n".join(rows) + "\n" + indent + "}"
        if not value:
            return "[]"
        if self.compress:
            return "[" + ",".join(self._render(v, "") for v in value) + "]"
        rows = [f"{inner}{self._render(v, inner)}" for v in value]
        return "[\n" + ",\n".join(rows) + "\n" + indent + "]"

    def quote(self, text: str) -> str:
        out = ['"']
        for ch in text:
            code = ord(ch)
            if ch == '"':
                out.append("\\u0022" if self.escape == ESCAPE_HTML else '\\"')
            elif ch == "\\":
                out.append("\\\\")
            elif ch in _SHORT_ESCAPES:
                out.append(_SHORT_ESCAPES[ch])
            elif code < 0x20 or code in (0x85, 0x2028, 0x2029) or (self.escape == ESCAPE_NON_ASCII and code > 0x7E) \
                    or (self.escape == ESCAPE_HTML and ch in "<>'&"):
                out.append(f"\\u{code:04x}")
            else:
                out.append(ch)
        out.append('"')
        return "".join(out)


_SHORT_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _dotnet(value: Any) -> str:
    from pshell.engine.types import dotnet_name_of

    return dotnet_name_of(value)


# ------------------------------------------------------------------ reading
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?(Z|[+-]\d{2}:\d{2})?$")


def parse_iso_date(text: str) -> _dt.datetime | None:
    """A string Newtonsoft would read as a DateTime, or None."""
    m = _ISO_DATE.match(text)
    if m is None:
        return None
    year, month, day, hour, minute, second = (int(m.group(i)) for i in range(1, 7))
    micro = int((m.group(7) or "0").ljust(7, "0")) // 10
    try:
        value = _dt.datetime(year, month, day, hour, minute, second, micro)
    except ValueError:
        return None
    zone = m.group(8)
    if zone and zone != "Z":
        sign = -1 if zone[0] == "-" else 1
        offset = _dt.timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6])) * sign
        value = (value - offset).replace(tzinfo=_dt.timezone.utc).astimezone().replace(tzinfo=None)
    return value


class JsonReadError(ValueError):
    """JSON that cannot be converted; the message is PowerShell's."""

    def __init__(self, message: str, error_id: str = "System.ArgumentException", category: str = ErrorCategory.NotSpecified) -> None:
        super().__init__(message)
        self.error_id = error_id
        self.category = category


def read_json(text: str, *, as_hashtable: bool = False, max_depth: int = 1024, parse_dates: bool = True) -> Any:
    """Parse JSON text into PSObjects (or ordered hashtables) and lists."""

    def build(pairs: list[tuple[str, Any]]) -> Any:
        if as_hashtable:
            table = Hashtable(ordered=True)
            for key, value in pairs:
                table[key] = value
            return table
        obj = PSObject()
        for key, value in pairs:
            if key == "":
                raise JsonReadError("The provided JSON includes a property whose name is an empty string, this is "
                                    "only supported using the -AsHashTable switch.", "EmptyKeyInJsonString",
                                    ErrorCategory.InvalidOperation)
            if key in obj.properties:
                existing = obj.properties.original_name(key)
                if existing != key:
                    raise JsonReadError(
                        "Cannot convert the JSON string because it contains keys with different casing. Please use "
                        f"the -AsHashTable switch instead. The key that was attempted to be added to the existing key "
                        f"'{existing}' was '{key}'.", "KeysWithDifferentCasingInJsonString", ErrorCategory.InvalidOperation)
            obj.properties[key] = value
        return obj

    try:
        value = json.loads(text, object_pairs_hook=build, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise JsonReadError("Conversion from JSON failed with error: " + _newtonsoft_message(text, exc)) from None
    except RecursionError:
        raise JsonReadError(f"Conversion from JSON failed with error: The reader's MaxDepth of {max_depth} has been exceeded.") from None
    if parse_dates:
        value = _dates(value)
    if _depth(value) > max_depth:
        raise JsonReadError(f"Conversion from JSON failed with error: The reader's MaxDepth of {max_depth} has been exceeded.")
    return value


def _constant(name: str) -> float:
    return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}[name]


def _dates(value: Any) -> Any:
    if isinstance(value, str):
        parsed = parse_iso_date(value)
        return parsed if parsed is not None else value
    if isinstance(value, list):
        return [_dates(v) for v in value]
    if isinstance(value, PSObject):
        for key, item in value.properties.items():
            value.properties[key] = _dates(item)
    elif isinstance(value, Hashtable):
        for key, item in value.items():
            value[key] = _dates(item)
    return value


def _depth(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    if isinstance(value, PSObject):
        return 1 + max((_depth(v) for v in value.properties.values()), default=0)
    if isinstance(value, Hashtable):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    return 0


def _newtonsoft_message(text: str, exc: json.JSONDecodeError) -> str:
    line, position = exc.lineno, exc.colno
    ch = text[exc.pos] if exc.pos < len(text) else ""
    if exc.pos >= len(text.rstrip()):
        return f"Unexpected end when reading JSON. Path '', line {line}, position {position - 1}."
    if exc.msg.startswith("Extra data"):
        return (f"Additional text encountered after finished reading JSON content: {ch}. Path '', "
                f"line {line}, position {position - 1}.")
    if exc.msg.startswith("Expecting property name"):
        return f"Invalid property identifier character: {ch}. Path '', line {line}, position {position - 1}."
    return f"Unexpected character encountered while parsing value: {ch}. Path '', line {line}, position {position - 1}."
