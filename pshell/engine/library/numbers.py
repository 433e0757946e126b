"""Members of the numeric types and System.Boolean: ToString([format]), CompareTo, Equals, GetType."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pshell.engine.library.common import DotNetException, EnumValue, ps_method, type_of
from pshell.engine.text import DotNetFormatError, format_value
from pshell.engine.types import TypeInfo
from pshell.engine.values import format_number, to_string

NUMBERS = (int, float, Decimal)


def format_number_as(value: int | float | Decimal, fmt: Any = None) -> str:
    """A number's ToString([format]) in the invariant culture."""
    if fmt is None or not isinstance(fmt, str) or fmt == "":
        return format_value(value, "R", to_string) if isinstance(value, float) else format_number(value)
    try:
        return format_value(value, fmt, to_string)
    except DotNetFormatError as e:
        raise DotNetException(str(e), "System.FormatException") from None


@ps_method(NUMBERS, "ToString")
def _to_string(n: Any, fmt: Any = None, provider: Any = None) -> str:
    if isinstance(n, EnumValue):
        return n.ToString(fmt)
    return format_number_as(n, fmt)


@ps_method(bool, "ToString")
def _bool_to_string(b: bool, provider: Any = None) -> str:
    return "True" if b else "False"


def _type_label(n: Any) -> str:
    return type_of(n).Name


@ps_method(NUMBERS, "CompareTo")
def _compare_to(n: Any, other: Any) -> int:
    if other is None:
        return 1
    if isinstance(n, bool):
        if not isinstance(other, bool):
            raise DotNetException("Object must be of type Boolean.")
        return (n > other) - (n < other)
    if isinstance(other, bool) or not isinstance(other, NUMBERS):
        raise DotNetException(f"Object must be of type {_type_label(n)}.")
    if n != n:
        return 0 if other != other else -1
    if other != other:
        return 1
    a, b = (Decimal(str(n)), Decimal(str(other))) if isinstance(n, Decimal) or isinstance(other, Decimal) else (n, other)
    return (a > b) - (a < b)


def _family(n: Any) -> str:
    if isinstance(n, bool):
        return "bool"
    if isinstance(n, int):
        return "int"
    return "float" if isinstance(n, float) else "decimal"


@ps_method(NUMBERS, "Equals")
def _equals(n: Any, other: Any) -> bool:
    if other is None or not isinstance(other, NUMBERS) or _family(n) != _family(other):
        return False
    if isinstance(n, int) and not isinstance(n, bool) and type_of(n).Name != type_of(other).Name:
        return False
    if isinstance(n, float) and n != n:
        return other != other
    return n == other


@ps_method(NUMBERS, "GetType")
def _get_type(n: Any) -> TypeInfo:
    return type_of(n)


@ps_method(NUMBERS, "GetHashCode")
def _hash(n: Any) -> int:
    if isinstance(n, bool):
        return int(n)
    if isinstance(n, int) and -(2**31) <= n < 2**31:
        return n
    value = hash(n) & 0xFFFFFFFF
    return value - 2**32 if value >= 2**31 else value


@ps_method(NUMBERS, "GetTypeCode")
def _type_code(n: Any) -> EnumValue:
    codes = {"Boolean": 3, "Int32": 9, "Int64": 11, "Double": 14, "Decimal": 15}
    name = _type_label(n)
    return EnumValue(codes.get(name, 1), name, "System.TypeCode")
