"""Static members of the primitive types: `[int]::MaxValue`, `[double]::Parse(...)`,
`[int]::TryParse($s, [ref]$n)`, `[bool]::Parse(...)`, `[char]::IsDigit(...)`."""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any, Callable

from pshell.engine.library.common import DotNetException, arg_int, arg_str, enum_flags
from pshell.engine.library.static_base import StaticType
from pshell.engine.library.strings import is_dotnet_whitespace
from pshell.engine.types import convert_to

NUMBER_STYLES = {"None": 0, "AllowLeadingWhite": 1, "AllowTrailingWhite": 2, "AllowLeadingSign": 4,
                 "AllowTrailingSign": 8, "AllowParentheses": 16, "AllowDecimalPoint": 32, "AllowThousands": 64,
                 "AllowExponent": 128, "AllowCurrencySymbol": 256, "AllowHexSpecifier": 512, "Integer": 7,
                 "HexNumber": 515, "Number": 111, "Float": 167, "Currency": 383, "Any": 511}
DECIMAL_MAX = Decimal("79228162514264337593543950335")
_INTEGERS = {  # name: (aliases, bits, signed, article + short name for messages)
    "System.Int32": (("int", "int32"), 32, True, "an Int32"),
    "System.Int64": (("long", "int64"), 64, True, "an Int64"),
    "System.Int16": (("short", "int16"), 16, True, "an Int16"),
    "System.Byte": (("byte",), 8, False, "an unsigned byte"),
    "System.SByte": (("sbyte",), 8, True, "a signed byte"),
    "System.UInt16": (("ushort", "uint16"), 16, False, "a UInt16"),
    "System.UInt32": (("uint", "uint32"), 32, False, "a UInt32"),
    "System.UInt64": (("ulong", "uint64"), 64, False, "a UInt64"),
}


def _format_error(text: str) -> DotNetException:
    return DotNetException(f"The input string '{text}' was not in a correct format.", "System.FormatException")


def _null(param: str = "s") -> DotNetException:
    return DotNetException(f"Value cannot be null. (Parameter '{param}')", "System.ArgumentNullException")


def _styles(args: tuple[Any, ...], default: int) -> int:
    for a in args:
        if isinstance(a, (str, int)) and not isinstance(a, bool):
            return enum_flags(a, NUMBER_STYLES, "System.Globalization.NumberStyles")
    return default


def int_range(bits: int, signed: bool) -> tuple[int, int]:
    """The smallest and largest value of an integer type."""
    return (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if signed else (0, 2**bits - 1)


def parse_integer(value: Any, bits: int, signed: bool, described: str, styles: int = 7) -> int:
    """IntN.Parse with NumberStyles (Integer, HexNumber, Number, ...)."""
    if value is None:
        raise _null()
    text = arg_str(value)
    lo, hi = int_range(bits, signed)
    overflow = DotNetException(f"Value was either too large or too small for {described}.", "System.OverflowException")
    if styles & 512:
        m = re.fullmatch(r"\s*([0-9a-fA-F]+)\s*", text)
        if not m:
            raise _format_error(text)
        number = int(m.group(1), 16)
        if number >= 2**bits:
            raise overflow
        return number - 2**bits if signed and number > hi else number
    digits = r"\d[\d,]*" if styles & 64 else r"\d+"
    point = r"(?:\.0*)?" if styles & 32 else ""
    m = re.fullmatch(r"\s*([+-]?)(" + digits + ")" + point + r"\s*", text)
    if not m:
        raise _format_error(text)
    number = int(m.group(2).replace(",", "")) * (-1 if m.group(1) == "-" else 1)
    if not lo <= number <= hi:
        raise overflow
    return number


_FLOAT = re.compile(r"\s*([+-]?)(?:(\d[\d,]*)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?\s*")


def parse_double(value: Any) -> float:
    """Double.Parse in the invariant culture (thousands separators, exponent, Infinity, NaN)."""
    if value is None:
        raise _null()
    text = arg_str(value)
    word = text.strip().lower()
    if word in ("nan", "-nan", "+nan"):
        return math.nan
    if word in ("infinity", "+infinity", "∞", "+∞"):
        return math.inf
    if word in ("-infinity", "-∞"):
        return -math.inf
    if not _FLOAT.fullmatch(text):
        raise _format_error(text)
    return float(text.strip().replace(",", ""))


def parse_decimal(value: Any) -> Decimal:
    """Decimal.Parse in the invariant culture."""
    if value is None:
        raise _null()
    text = arg_str(value)
    m = re.fullmatch(r"\s*[+-]?(\d[\d,]*(\.\d*)?|\.\d+)\s*", text)
    if not m:
        raise _format_error(text)
    try:
        number = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        raise _format_error(text) from None
    if abs(number) > DECIMAL_MAX:
        raise DotNetException("Value was either too large or too small for a Decimal.", "System.OverflowException")
    return number


def try_parse(parse: Callable[[Any], Any], args: tuple[Any, ...], default: Any) -> bool:
    """TryParse(s, [styles, provider,] [ref]result): True and the value in result, or False and default."""
    out = args[-1] if len(args) > 1 and hasattr(args[-1], "Value") and not isinstance(args[-1], (str, int)) else None
    try:
        result, ok = parse(args[0]), True
    except DotNetException:
        result, ok = default, False
    if out is not None:
        out.Value = result
    return ok


def _integer_type(full: str, aliases: tuple[str, ...], bits: int, signed: bool, described: str) -> None:
    static = StaticType(full, *aliases)
    lo, hi = int_range(bits, signed)
    static.constants({"MaxValue": hi, "MinValue": lo})

    @static.method("Parse")
    def parse(value: Any, *rest: Any) -> int:
        return parse_integer(value, bits, signed, described, _styles(rest, 7))

    @static.method("TryParse")
    def try_(value: Any, *rest: Any) -> bool:
        styles = _styles(rest[:-1], 7)
        return try_parse(lambda v: parse_integer(v, bits, signed, described, styles), (value, *rest), 0)

    @static.method("IsPow2")
    def is_pow2(value: Any) -> bool:
        n = arg_int(value)
        return n > 0 and n & (n - 1) == 0


for _full, (_aliases, _bits, _signed, _described) in _INTEGERS.items():
    _integer_type(_full, _aliases, _bits, _signed, _described)


DOUBLE = StaticType("System.Double", "double")
DOUBLE.constants({"MaxValue": 1.7976931348623157e308, "MinValue": -1.7976931348623157e308, "Epsilon": 5e-324,
                  "NaN": math.nan, "PositiveInfinity": math.inf, "NegativeInfinity": -math.inf,
                  "Pi": math.pi, "E": math.e, "Tau": math.tau})
SINGLE = StaticType("System.Single", "float", "single")
SINGLE.constants({"MaxValue": 3.4028234663852886e38, "MinValue": -3.4028234663852886e38, "Epsilon": 1.401298464324817e-45,
                  "NaN": math.nan, "PositiveInfinity": math.inf, "NegativeInfinity": -math.inf})
for _static in (DOUBLE, SINGLE):
    _static.method("Parse")(lambda value, *rest: parse_double(value))
    _static.method("TryParse")(lambda *args: try_parse(parse_double, args, 0.0))
    _static.method("IsNaN")(lambda v: math.isnan(convert_to(v, "double")))
    _static.method("IsInfinity")(lambda v: math.isinf(convert_to(v, "double")))
    _static.method("IsPositiveInfinity")(lambda v: convert_to(v, "double") == math.inf)
    _static.method("IsNegativeInfinity")(lambda v: convert_to(v, "double") == -math.inf)
    _static.method("IsFinite")(lambda v: math.isfinite(convert_to(v, "double")))
    _static.method("IsInteger")(lambda v: convert_to(v, "double").is_integer())
    _static.method("IsNegative")(lambda v: math.copysign(1.0, convert_to(v, "double")) < 0)

DECIMAL = StaticType("System.Decimal", "decimal")
DECIMAL.constants({"MaxValue": DECIMAL_MAX, "MinValue": -DECIMAL_MAX, "Zero": Decimal(0), "One": Decimal(1),
                   "MinusOne": Decimal(-1)})
DECIMAL.method("Parse")(lambda value, *rest: parse_decimal(value))
DECIMAL.method("TryParse")(lambda *args: try_parse(parse_decimal, args, Decimal(0)))


def parse_bool(value: Any) -> bool:
    """Boolean.Parse: 'True' / 'False' in any case, surrounding white space allowed."""
    if value is None:
        raise _null("value")
    text = arg_str(value)
    word = text.strip(" \t\n\r\0").lower()
    if word in ("true", "false"):
        return word == "true"
    raise DotNetException(f"String '{text}' was not recognized as a valid Boolean.", "System.FormatException")


BOOLEAN = StaticType("System.Boolean", "bool", "boolean")
BOOLEAN.constants({"TrueString": "True", "FalseString": "False"})
BOOLEAN.method("Parse")(parse_bool)
BOOLEAN.method("TryParse")(lambda *args: try_parse(parse_bool, args, False))


# ------------------------------------------------------------------ Char
CHAR = StaticType("System.Char", "char")
CHAR.constants({"MaxValue": "\uffff", "MinValue": "\0"})


def _char_at(value: Any, index: Any = None) -> str:
    if index is not None:
        text = arg_str(value)
        at = arg_int(index)
        if not 0 <= at < len(text):
            raise DotNetException("Index was out of range. Must be non-negative and less than the size of the collection. (Parameter 'index')",
                                  "System.ArgumentOutOfRangeException")
        return text[at]
    return convert_to(value, "char")


def _char_test(name: str, test: Callable[[str], bool]) -> None:
    CHAR.method(name)(lambda value, index=None: test(_char_at(value, index)))


def _category(c: str) -> str:
    return unicodedata.category(c)


_char_test("IsDigit", lambda c: _category(c) == "Nd")
_char_test("IsNumber", lambda c: _category(c) in ("Nd", "Nl", "No"))
_char_test("IsLetter", lambda c: _category(c).startswith("L"))
_char_test("IsLetterOrDigit", lambda c: _category(c).startswith("L") or _category(c) == "Nd")
_char_test("IsWhiteSpace", is_dotnet_whitespace)
_char_test("IsUpper", lambda c: _category(c) == "Lu")
_char_test("IsLower", lambda c: _category(c) == "Ll")
_char_test("IsPunctuation", lambda c: _category(c).startswith("P"))
_char_test("IsSymbol", lambda c: _category(c) in ("Sm", "Sc", "Sk", "So"))
_char_test("IsSeparator", lambda c: _category(c) in ("Zs", "Zl", "Zp"))
_char_test("IsControl", lambda c: _category(c) == "Cc")
_char_test("IsSurrogate", lambda c: _category(c) == "Cs")
_char_test("IsAscii", lambda c: ord(c) < 128)
_char_test("IsAsciiDigit", lambda c: "0" <= c <= "9")
_char_test("IsAsciiLetter", lambda c: c.isascii() and c.isalpha())
CHAR.method("ToUpper", "ToUpperInvariant")(lambda value, culture=None: _char_at(value).upper()[:1])
CHAR.method("ToLower", "ToLowerInvariant")(lambda value, culture=None: _char_at(value).lower()[:1])
CHAR.method("ToString")(lambda value: _char_at(value))
CHAR.method("ConvertFromUtf32")(lambda code: chr(arg_int(code)))
CHAR.method("ConvertToUtf32")(lambda value, index=None: ord(_char_at(value, index if index is not None else 0)))
CHAR.method("GetNumericValue")(lambda value, index=None: float(unicodedata.numeric(_char_at(value, index), -1.0)))


@CHAR.method("Parse")
def _char_parse(value: Any) -> str:
    if value is None:
        raise _null()
    text = arg_str(value)
    if len(text) != 1:
        raise DotNetException("String must be exactly one character long.", "System.FormatException")
    return text


@CHAR.method("TryParse")
def _char_try_parse(*args: Any) -> bool:
    return try_parse(_char_parse, args, "\0")
