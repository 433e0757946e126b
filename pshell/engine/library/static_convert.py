"""Static members of System.Convert and System.BitConverter-free byte helpers."""

from __future__ import annotations

import base64
import binascii
import datetime as _dt
import math
import re
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from pshell.engine.dates import parse_datetime
from pshell.engine.library.common import DotNetException, arg_int, arg_str, enum_flags
from pshell.engine.library.psobject import dotnet_to_string
from pshell.engine.library.static_base import StaticType
from pshell.engine.library.static_numbers import (
    _INTEGERS,
    int_range,
    parse_bool,
    parse_decimal,
    parse_double,
    parse_integer,
)
from pshell.engine.library.textobjects import to_bytes
from pshell.engine.types import TypeInfo, convert_to, dotnet_name_of

CONVERT = StaticType("System.Convert", "convert")
_BAD_BASE64 = ("The input is not a valid Base-64 string as it contains a non-base 64 character, more than two "
               "padding characters, or an illegal character among the padding characters.")


def _invalid_cast(value: Any, target: str) -> DotNetException:
    source = dotnet_name_of(value).rsplit(".", 1)[-1]
    return DotNetException(f"Invalid cast from '{source}' to '{target}'.", "System.InvalidCastException")


def parse_in_base(text: str, base: int, bits: int, signed: bool, described: str) -> int:
    """Convert.ToIntN(string, fromBase): bases 2, 8, 10, 16; other bases read two's complement."""
    if base not in (2, 8, 10, 16):
        raise DotNetException("Invalid Base. (Parameter 'fromBase')")
    if text == "":
        raise DotNetException("Index was out of range. Must be non-negative and less than the size of the collection. (Parameter 'startIndex')",
                              "System.ArgumentOutOfRangeException")
    body, negative = text, False
    if body.startswith("-"):
        if base != 10:
            raise DotNetException("String cannot contain a minus sign if the base is not 10.")
        body, negative = body[1:], True
    if base == 16 and body[:2].lower() == "0x":
        body = body[2:]
    digits = "0123456789abcdef"[:base]
    count = 0
    while count < len(body) and body[count].lower() in digits:
        count += 1
    if count == 0:
        raise DotNetException("Could not find any recognizable digits.", "System.FormatException")
    if count < len(body):
        raise DotNetException("Additional non-parsable characters are at the end of the string.", "System.FormatException")
    number = int(body, base)
    overflow = DotNetException(f"Value was either too large or too small for {described}.", "System.OverflowException")
    lo, hi = int_range(bits, signed)
    if base != 10:
        if number >= 2**bits:
            raise overflow
        return number - 2**bits if signed and number > hi else number
    number = -number if negative else number
    if not lo <= number <= hi:
        raise overflow
    return number


def to_integer(value: Any, bits: int, signed: bool, described: str, target: str) -> int:
    """Convert.ToIntN(value): numbers round to even, strings parse, $null is 0."""
    lo, hi = int_range(bits, signed)
    overflow = DotNetException(f"Value was either too large or too small for {described}.", "System.OverflowException")
    if value is None:
        return 0
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str):
        return parse_integer(value, bits, signed, described)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise overflow
        number = int(round(value))
    elif isinstance(value, Decimal):
        number = int(value.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))
    elif isinstance(value, int):
        number = value
    else:
        raise _invalid_cast(value, target)
    if not lo <= number <= hi:
        raise overflow
    return number


def _integer_converter(method: str, full: str, bits: int, signed: bool, described: str) -> None:
    target = full.rsplit(".", 1)[-1]

    @CONVERT.method(method)
    def convert(value: Any, base: Any = None) -> int:
        if isinstance(base, int) and not isinstance(base, bool) and (value is None or isinstance(value, str)):
            return 0 if value is None else parse_in_base(value, base, bits, signed, described)
        return to_integer(value, bits, signed, described, target)


for _method, _full in (("ToInt32", "System.Int32"), ("ToInt64", "System.Int64"), ("ToInt16", "System.Int16"),
                       ("ToByte", "System.Byte"), ("ToSByte", "System.SByte"), ("ToUInt16", "System.UInt16"),
                       ("ToUInt32", "System.UInt32"), ("ToUInt64", "System.UInt64")):
    _, _bits, _signed, _described = _INTEGERS[_full]
    _integer_converter(_method, _full, _bits, _signed, _described)


@CONVERT.method("ToDouble", "ToSingle")
def _to_double(value: Any, provider: Any = None) -> float:
    if value is None:
        return 0.0
    if isinstance(value, str):
        return parse_double(value)
    if isinstance(value, (bool, int, float, Decimal)):
        return float(value)
    raise _invalid_cast(value, "Double")


@CONVERT.method("ToDecimal")
def _to_decimal(value: Any, provider: Any = None) -> Decimal:
    if value is None:
        return Decimal(0)
    if isinstance(value, str):
        return parse_decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, (bool, int, Decimal)):
        return Decimal(int(value)) if isinstance(value, bool) else Decimal(value)
    raise _invalid_cast(value, "Decimal")


@CONVERT.method("ToBoolean")
def _to_boolean(value: Any, provider: Any = None) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return parse_bool(value)
    if isinstance(value, (bool, int, float, Decimal)):
        return value != 0
    raise _invalid_cast(value, "Boolean")


@CONVERT.method("ToChar")
def _to_char(value: Any, provider: Any = None) -> str:
    if isinstance(value, str):
        if len(value) != 1:
            raise DotNetException("String must be exactly one character long.", "System.FormatException")
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        if not 0 <= value <= 0xFFFF:
            raise DotNetException("Value was either too large or too small for a character.", "System.OverflowException")
        return chr(value)
    if value is None:
        return "\0"
    raise _invalid_cast(value, "Char")


@CONVERT.method("ToDateTime")
def _to_datetime(value: Any, provider: Any = None) -> _dt.datetime:
    if value is None:
        return _dt.datetime(1, 1, 1)
    if isinstance(value, _dt.datetime):
        return value
    if isinstance(value, str):
        parsed = parse_datetime(value)
        if parsed is None:
            raise DotNetException(f"String '{value}' was not recognized as a valid DateTime.", "System.FormatException")
        return parsed
    raise _invalid_cast(value, "DateTime")


def _two_complement(number: int, base: int) -> str:
    if number < 0:
        number += 2**32 if number >= -(2**31) else 2**64
    return {2: format(number, "b"), 8: format(number, "o"), 16: format(number, "x")}[base]


@CONVERT.method("ToString")
def _to_string(value: Any, base: Any = None) -> str:
    if base is not None and isinstance(value, int) and not isinstance(value, bool) and isinstance(base, int):
        b = arg_int(base)
        if b not in (2, 8, 10, 16):
            raise DotNetException("Invalid Base. (Parameter 'toBase')")
        return str(value) if b == 10 else _two_complement(value, b)
    return dotnet_to_string(value)


@CONVERT.method("ToBase64String")
def _to_base64(data: Any, *rest: Any) -> str:
    raw = to_bytes(data)
    options = 0
    if len(rest) in (2, 3):
        start, length = arg_int(rest[0]), arg_int(rest[1])
        raw = raw[start:start + length]
        rest = rest[2:]
    if rest:
        options = enum_flags(rest[0], {"None": 0, "InsertLineBreaks": 1}, "System.Base64FormattingOptions")
    text = base64.b64encode(raw).decode("ascii")
    if options & 1:
        text = "\r\n".join(text[i:i + 76] for i in range(0, len(text), 76))
    return text


@CONVERT.method("FromBase64String")
def _from_base64(text: Any) -> list[int]:
    if text is None:
        raise DotNetException("Value cannot be null. (Parameter 's')", "System.ArgumentNullException")
    compact = re.sub(r"[ \t\r\n]", "", arg_str(text))
    if len(compact) % 4 or not re.fullmatch(r"[A-Za-z0-9+/]*={0,2}", compact):
        raise DotNetException(_BAD_BASE64, "System.FormatException")
    try:
        return list(base64.b64decode(compact, validate=True))
    except binascii.Error:
        raise DotNetException(_BAD_BASE64, "System.FormatException") from None


@CONVERT.method("ToHexString")
def _to_hex(data: Any, start: Any = None, length: Any = None) -> str:
    raw = to_bytes(data)
    if start is not None:
        raw = raw[arg_int(start):arg_int(start) + arg_int(length)]
    return raw.hex().upper()


@CONVERT.method("ToHexStringLower")
def _to_hex_lower(data: Any) -> str:
    return to_bytes(data).hex()


@CONVERT.method("FromHexString")
def _from_hex(text: Any) -> list[int]:
    s = arg_str(text)
    if len(s) % 2:
        raise DotNetException("The input is not a valid hex string as its length is not a multiple of 2.", "System.FormatException")
    if not re.fullmatch(r"[0-9a-fA-F]*", s):
        raise DotNetException("The input is not a valid hex string as it contains a non-hex character.", "System.FormatException")
    return list(bytes.fromhex(s))


@CONVERT.method("ChangeType")
def _change_type(value: Any, target: Any, provider: Any = None) -> Any:
    name = target.written if isinstance(target, TypeInfo) else arg_str(target)
    return convert_to(value, name)


@CONVERT.method("IsDBNull")
def _is_db_null(value: Any) -> bool:
    return False
