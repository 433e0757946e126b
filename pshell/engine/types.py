"""Type names and conversions: `[int]"5"`, parameter types, `-as`, `-is`."""

from __future__ import annotations

import datetime as _dt
import re
import uuid
from decimal import Decimal, InvalidOperation, ROUND_HALF_EVEN
from typing import Any, Callable

from pshell.engine.values import (
    Hashtable,
    PSObject,
    ScriptBlock,
    as_list,
    is_enumerable,
    to_bool,
    to_string,
)
from pshell.errors import ErrorCategory, ErrorRecord, PSError


class ConversionError(PSError):
    """A value that cannot become the requested type."""


def conversion_error(value: Any, type_name: str, reason: str = "") -> ConversionError:
    full = full_name(type_name)
    shown = to_string(value)
    message = f'Cannot convert value "{shown}" to type "{full}".'
    if reason:
        message += f' Error: "{reason}"'
    if value is not None and not isinstance(value, (str, int, float, bool, Decimal)):
        message = f'Cannot convert the "{shown}" value of type "{dotnet_name_of(value)}" to type "{full}".'
    return ConversionError(
        ErrorRecord(message, "InvalidCastFromStringToInteger" if isinstance(value, str) else "ConvertToFinalInvalidCastException",
                    ErrorCategory.InvalidArgument, target=value, exception_type="System.Management.Automation.PSInvalidCastException")
    )


class Char(str):
    """A System.Char: one character that is also a number (`[int][char]'A'` is 65)."""

    __slots__ = ()


class SwitchParameter:
    """The value of a `[switch]` parameter inside a script: true or false, with .IsPresent."""

    PS_TYPE_NAMES = ("System.Management.Automation.SwitchParameter", "System.ValueType", "System.Object")
    PS_PROPERTIES = ("IsPresent",)

    __slots__ = ("IsPresent",)

    def __init__(self, present: bool) -> None:
        self.IsPresent = bool(present)

    def __bool__(self) -> bool:
        return self.IsPresent

    def __ps_bool__(self) -> bool:
        return self.IsPresent

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SwitchParameter):
            return self.IsPresent == other.IsPresent
        if isinstance(other, bool):
            return self.IsPresent == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.IsPresent)

    def ToBool(self) -> bool:
        return self.IsPresent

    def ToString(self) -> str:
        return "True" if self.IsPresent else "False"


# canonical lower-case name -> .NET full name
_FULL_NAMES = {
    "int": "System.Int32", "long": "System.Int64", "double": "System.Double", "float": "System.Single",
    "decimal": "System.Decimal", "byte": "System.Byte", "string": "System.String", "char": "System.Char",
    "bool": "System.Boolean", "datetime": "System.DateTime", "timespan": "System.TimeSpan",
    "object": "System.Object", "hashtable": "System.Collections.Hashtable",
    "ordered": "System.Collections.Specialized.OrderedDictionary",
    "pscustomobject": "System.Management.Automation.PSObject", "psobject": "System.Management.Automation.PSObject",
    "scriptblock": "System.Management.Automation.ScriptBlock", "switch": "System.Management.Automation.SwitchParameter",
    "regex": "System.Text.RegularExpressions.Regex", "guid": "System.Guid", "version": "System.Version",
    "array": "System.Array", "void": "System.Void", "math": "System.Math", "type": "System.Type",
    "errorrecord": "System.Management.Automation.ErrorRecord", "exception": "System.Exception",
    "uint": "System.UInt32", "ulong": "System.UInt64", "short": "System.Int16", "sbyte": "System.SByte",
    "ushort": "System.UInt16", "bigint": "System.Numerics.BigInteger", "valuetype": "System.ValueType",
}
_ALIASES = {
    "int32": "int", "system.int32": "int", "int64": "long", "system.int64": "long", "system.double": "double",
    "single": "float", "system.single": "float", "system.decimal": "decimal", "system.byte": "byte",
    "system.string": "string", "system.char": "char", "boolean": "bool", "system.boolean": "bool",
    "system.datetime": "datetime", "system.timespan": "timespan", "system.object": "object",
    "system.collections.hashtable": "hashtable", "system.collections.specialized.ordereddictionary": "ordered",
    "system.management.automation.pscustomobject": "pscustomobject",
    "system.management.automation.psobject": "psobject", "system.management.automation.scriptblock": "scriptblock",
    "switchparameter": "switch", "system.management.automation.switchparameter": "switch",
    "system.text.regularexpressions.regex": "regex", "system.guid": "guid", "system.version": "version",
    "system.array": "array", "system.void": "void", "system.math": "math", "system.type": "type",
    "management.automation.errorrecord": "errorrecord", "system.management.automation.errorrecord": "errorrecord",
    "system.exception": "exception", "uint32": "uint", "uint64": "ulong", "int16": "short",
    "system.numerics.biginteger": "bigint", "numerics.biginteger": "bigint", "system.valuetype": "valuetype",
}

_INT_RANGES = {
    "int": (-(2**31), 2**31 - 1), "long": (-(2**63), 2**63 - 1), "byte": (0, 255), "short": (-(2**15), 2**15 - 1),
    "uint": (0, 2**32 - 1), "ulong": (0, 2**64 - 1), "sbyte": (-128, 127), "ushort": (0, 2**16 - 1),
}

# Types that other modules add (PSSession, PSCredential, ...): lower name -> (python class, full name)
_REGISTERED: dict[str, tuple[type, str]] = {}


_all_registered = False


def _registered(key: str) -> bool:
    """Whether a type name is registered by a module of pshell; the cmdlet modules (which
    declare their types) are loaded the first time a name is not found, so that what a type
    name means never depends on which cmdlets happened to run before."""
    global _all_registered
    if key in _REGISTERED:
        return True
    if not _all_registered:
        _all_registered = True
        from pshell.cmdlets.base import all_cmdlets

        all_cmdlets()
    return key in _REGISTERED


def register_type(name: str, cls: type, full: str | None = None, *aliases: str) -> None:
    """Make a Python class usable as a PowerShell type name (for binding, casts and -is)."""
    _REGISTERED[name.lower()] = (cls, full or name)
    for alias in aliases:
        _REGISTERED[alias.lower()] = (cls, full or name)


def canonical(type_name: str) -> str:
    """`Int32`, `System.Int32`, `int` -> `int`; unknown names lower-cased as they are."""
    name = type_name.strip().lower()
    if name.startswith("system.") and name not in _ALIASES and name[7:] in _FULL_NAMES:
        name = name[7:]
    return _ALIASES.get(name, name)


def full_name(type_name: str) -> str:
    name = type_name.strip()
    if name.endswith("[]"):
        return full_name(name[:-2]) + "[]"
    key = canonical(name)
    if key in _FULL_NAMES:
        return _FULL_NAMES[key]
    if _registered(key):
        return _REGISTERED[key][1]
    return name


def is_known(type_name: str) -> bool:
    name = type_name.strip()
    while name.endswith("[]"):
        name = name[:-2]
    key = canonical(name)
    from pshell.engine.statics import STATIC_TYPES

    return key in _FULL_NAMES or _registered(key) or key in STATIC_TYPES or re.match(r"^(system\.)?collections\.", key) is not None


def dotnet_name_of(value: Any) -> str:
    """The .NET full type name PowerShell would show for a value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "System.Boolean"
    if isinstance(value, int):
        return "System.Int32" if -(2**31) <= value < 2**31 else "System.Int64"
    if isinstance(value, float):
        return "System.Double"
    if isinstance(value, Decimal):
        return "System.Decimal"
    if isinstance(value, Char):
        return "System.Char"
    if isinstance(value, str):
        return "System.String"
    if isinstance(value, (list, tuple)):
        return "System.Object[]"
    if isinstance(value, Hashtable):
        return value.ps_type_names[0]
    if isinstance(value, _dt.datetime):
        return "System.DateTime"
    if isinstance(value, _dt.timedelta):
        return "System.TimeSpan"
    if isinstance(value, PSObject):
        return "System.Management.Automation.PSCustomObject"
    if isinstance(value, uuid.UUID):
        return "System.Guid"
    names = getattr(value, "PS_TYPE_NAMES", None)
    if names:
        return names[0]
    return f"System.{type(value).__name__}"


class TypeInfo:
    """What `[int]` or `$x.GetType()` evaluates to."""

    PS_TYPE_NAMES = ("System.RuntimeType", "System.Object")

    def __init__(self, name: str) -> None:
        self.written = name
        self.FullName = full_name(name)
        self.Name = self.FullName.rsplit(".", 1)[-1]

    @property
    def key(self) -> str:
        return canonical(self.written)

    def ToString(self) -> str:
        return self.FullName

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TypeInfo) and other.FullName.lower() == self.FullName.lower()

    def __hash__(self) -> int:
        return hash(self.FullName.lower())


# ------------------------------------------------------------------ numbers
def parse_int_text(text: str) -> int:
    s = text.strip().replace("_", "")
    if re.fullmatch(r"[+-]?0x[0-9a-fA-F]+", s):
        return int(s, 16)
    return int(s)


def to_number(value: Any, *, for_type: str = "double") -> int | float | Decimal:
    """A value as a number for arithmetic: strings parse, $null is 0, bools are 0/1."""
    if value is None:
        return 0
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float, Decimal)):
        return value
    if isinstance(value, Char):
        return ord(value)
    if isinstance(value, str):
        s = value.strip()
        if s == "":
            return 0
        from pshell.syntax.numbers import parse_number

        n = parse_number(s.lstrip("+-"))
        if n is not None and re.fullmatch(r"[+-]?[\w.]+", s):
            return -n if s.startswith("-") else n
        try:
            return float(s)
        except ValueError:
            raise conversion_error(value, for_type, f"The input string '{value}' was not in a correct format.") from None
    if isinstance(value, (list, tuple)) and len(value) == 1:
        return to_number(value[0], for_type=for_type)
    if isinstance(value, _dt.timedelta):
        return int(value.total_seconds() * 10_000_000)
    raise conversion_error(value, for_type)


def round_half_even(value: float | Decimal, digits: int = 0) -> float | int:
    d = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN)
    return int(d) if digits == 0 else float(d)


def _to_int(value: Any, key: str) -> int:
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?0x[0-9a-fA-F]+\s*", value):
        n: Any = parse_int_text(value)
    else:
        n = to_number(value, for_type=key)
    if isinstance(n, (float, Decimal)):
        if n != n or n in (float("inf"), float("-inf")):
            raise conversion_error(value, key, "Value was either too large or too small for an Int32.")
        n = int(round_half_even(n))
    lo, hi = _INT_RANGES[key]
    if not lo <= n <= hi:
        raise conversion_error(value, key, f"Value was either too large or too small for {'an' if key == 'int' else 'a'} {full_name(key).split('.')[-1]}.")
    return n


def _to_datetime(value: Any) -> _dt.datetime:
    if isinstance(value, _dt.datetime):
        return value
    if isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        from pshell.engine.dates import parse_datetime

        parsed = parse_datetime(value)
        if parsed is None:
            raise conversion_error(value, "datetime", f'String \'{value}\' was not recognized as a valid DateTime.')
        return parsed
    if isinstance(value, int) and not isinstance(value, bool):
        return _dt.datetime(1, 1, 1) + _dt.timedelta(microseconds=value // 10)
    raise conversion_error(value, "datetime")


def _to_timespan(value: Any) -> _dt.timedelta:
    if isinstance(value, _dt.timedelta):
        return value
    if isinstance(value, bool):
        raise conversion_error(value, "timespan")
    if isinstance(value, int):
        return _dt.timedelta(microseconds=value / 10)
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(-)?(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?\s*", value)
        if m:
            sign = -1 if m.group(1) else 1
            days = int(m.group(2) or 0)
            frac = (m.group(6) or "").ljust(7, "0")
            td = _dt.timedelta(days=days, hours=int(m.group(3)), minutes=int(m.group(4)),
                               seconds=int(m.group(5) or 0), microseconds=int(frac) // 10 if frac else 0)
            return td * sign
        if re.fullmatch(r"\s*-?\d+\s*", value):
            return _dt.timedelta(days=int(value))
        raise conversion_error(value, "timespan", f"String '{value}' was not recognized as a valid TimeSpan.")
    raise conversion_error(value, "timespan")


def _to_bool_strict(value: Any) -> bool:
    return to_bool(value)


def _to_char(value: Any) -> str:
    if isinstance(value, str):
        if len(value) == 1:
            return Char(value)
        raise conversion_error(value, "char", "String must be exactly one character long.")
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 0xFFFF:
        return Char(chr(value))
    raise conversion_error(value, "char")


def _to_scriptblock(value: Any) -> ScriptBlock:
    if isinstance(value, ScriptBlock):
        return value
    raise conversion_error(value, "scriptblock")


def _to_hashtable(value: Any) -> Hashtable:
    if isinstance(value, Hashtable):
        return value
    if isinstance(value, PSObject):
        return Hashtable(value.properties.items())
    if isinstance(value, dict):
        return Hashtable(value.items())
    raise conversion_error(value, "hashtable")


def _to_pscustomobject(value: Any) -> Any:
    if isinstance(value, Hashtable):
        return PSObject(value.items())
    return value


def _to_double(value: Any) -> float:
    n = to_number(value, for_type="double")
    return float(n)


def _to_decimal(value: Any) -> Decimal:
    if isinstance(value, str) and not isinstance(value, Char):
        try:  # straight from the text, so that '1.10' keeps its scale
            return Decimal(value.strip().replace("_", "x"))
        except InvalidOperation:
            pass
    n = to_number(value, for_type="decimal")
    try:
        return Decimal(str(n))
    except InvalidOperation:
        raise conversion_error(value, "decimal") from None


def _to_guid(value: Any) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(to_string(value))
    except ValueError:
        raise conversion_error(value, "guid", "Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).") from None


def _to_version(value: Any) -> Any:
    from pshell.engine.statics import Version

    if isinstance(value, Version):
        return value
    return Version.parse(to_string(value))


def _to_regex(value: Any) -> Any:
    from pshell.engine.statics import Regex

    return value if isinstance(value, Regex) else Regex(to_string(value))


def _to_string(value: Any) -> str:
    if value is None:
        return ""
    return to_string(value)


def _to_type(value: Any) -> TypeInfo:
    if isinstance(value, TypeInfo):
        return value
    return TypeInfo(to_string(value))


_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "string": _to_string,
    "double": _to_double,
    "float": _to_double,
    "decimal": _to_decimal,
    "bool": _to_bool_strict,
    "switch": _to_bool_strict,
    "char": _to_char,
    "datetime": _to_datetime,
    "timespan": _to_timespan,
    "scriptblock": _to_scriptblock,
    "hashtable": _to_hashtable,
    "pscustomobject": _to_pscustomobject,
    "psobject": lambda v: v,
    "object": lambda v: v,
    "guid": _to_guid,
    "version": _to_version,
    "regex": _to_regex,
    "type": _to_type,
    "bigint": lambda v: int(to_number(v)),
}


def convert_to(value: Any, type_name: str) -> Any:
    """Convert a value the way a cast or a typed parameter does; raise ConversionError."""
    name = type_name.strip()
    if name.endswith("[]"):
        element = name[:-2]
        return [convert_to(v, element) for v in as_list(value)]
    key = canonical(name)
    if key in ("array",):
        return as_list(value)
    if key == "ordered":
        if isinstance(value, Hashtable):
            return Hashtable(value.items(), ordered=True)
        raise conversion_error(value, key)
    if key in _INT_RANGES:
        if value is None:
            return 0
        if is_enumerable(value):
            items = list(value)
            if len(items) == 1:
                return _to_int(items[0], key)
            raise conversion_error(value, key)
        return _to_int(value, key)
    if key == "void":
        return None
    if key in _CONVERTERS:
        if key not in ("object", "psobject", "bool", "switch", "string") and is_enumerable(value):
            items = list(value)
            if len(items) == 1:
                return _CONVERTERS[key](items[0])
            raise conversion_error(value, key)
        return _CONVERTERS[key](value)
    if _registered(key):
        cls = _REGISTERED[key][0]
        if isinstance(value, cls):
            return value
        from_ps = getattr(cls, "ps_convert_from", None)
        if from_ps is not None:
            converted = from_ps(value)
            if converted is not None:
                return converted
        raise conversion_error(value, name)
    from pshell.engine.statics import construct_collection

    collection = construct_collection(name, value)
    if collection is not None:
        return collection
    raise PSError(ErrorRecord(f"Unable to find type [{type_name}].", "TypeNotFound", ErrorCategory.InvalidOperation,
                              target=type_name, exception_type="System.Management.Automation.RuntimeException"))


def is_instance(value: Any, type_name: str) -> bool:
    """`$x -is [type]`."""
    name = type_name.strip()
    if name.endswith("[]"):
        return isinstance(value, (list, tuple))
    key = canonical(name)
    checks: dict[str, Callable[[Any], bool]] = {
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool) and -(2**31) <= v < 2**31,
        "long": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "double": lambda v: isinstance(v, float),
        "float": lambda v: isinstance(v, float),
        "decimal": lambda v: isinstance(v, Decimal),
        "string": lambda v: isinstance(v, str),
        "char": lambda v: isinstance(v, Char),
        "bool": lambda v: isinstance(v, bool),
        "datetime": lambda v: isinstance(v, _dt.datetime),
        "timespan": lambda v: isinstance(v, _dt.timedelta),
        "hashtable": lambda v: isinstance(v, Hashtable),
        "ordered": lambda v: isinstance(v, Hashtable) and v.ordered,
        "pscustomobject": lambda v: isinstance(v, PSObject),
        "psobject": lambda v: v is not None,
        "object": lambda v: v is not None,
        "scriptblock": lambda v: isinstance(v, ScriptBlock),
        "array": lambda v: isinstance(v, (list, tuple)),
        "guid": lambda v: isinstance(v, uuid.UUID),
        "valuetype": lambda v: isinstance(v, (int, float, bool, Decimal, _dt.datetime, _dt.timedelta)),
    }
    if key in checks:
        return checks[key](value)
    if _registered(key):
        return isinstance(value, _REGISTERED[key][0])
    from pshell.engine.values import type_names

    full = full_name(name).lower()
    return any(t.lower() in (full, "deserialized." + full) or t.lower().endswith("." + key) for t in type_names(value))
