"""Static members of String, Regex, Text.Encoding, StringBuilder and StringComparer."""

from __future__ import annotations

from typing import Any

from pshell.engine.library.common import (
    DotNetException,
    arg_chars,
    arg_int,
    arg_str,
    comparison_ignores_case,
)
from pshell.engine.library.dictionaries import StringComparer
from pshell.engine.library.psobject import dotnet_to_string
from pshell.engine.library.regex import Regex, escape, unescape
from pshell.engine.library.static_base import StaticType
from pshell.engine.library.strings import culture_compare
from pshell.engine.library.textobjects import (
    ENCODINGS,
    Encoding,
    StringBuilder,
    get_encoding,
)
from pshell.engine.text import DotNetFormatError, format_composite
from pshell.engine.values import as_list, to_string

STRING = StaticType("System.String", "string")
STRING.constant("Empty", "")


@STRING.method("IsNullOrEmpty")
def _is_null_or_empty(value: Any) -> bool:
    return value is None or arg_str(value) == ""


@STRING.method("IsNullOrWhiteSpace")
def _is_null_or_white_space(value: Any) -> bool:
    return value is None or arg_str(value).strip() == ""


def _text(value: Any) -> str:
    return "" if value is None else dotnet_to_string(value)


@STRING.method("Join")
def _join(separator: Any, *values: Any) -> str:
    sep = arg_chars([separator]) if isinstance(separator, (list, tuple)) else arg_str(separator)
    if len(values) == 3 and isinstance(values[0], (list, tuple)) and all(isinstance(v, int) for v in values[1:]):
        start, count = arg_int(values[1]), arg_int(values[2])
        return sep.join(_text(v) for v in list(values[0])[start:start + count])
    items = as_list(values[0]) if len(values) == 1 and values[0] is not None else list(values)
    return sep.join(_text(v) for v in items)


def format_string(fmt: Any, args: tuple[Any, ...] | list[Any]) -> str:
    """String.Format(fmt, args...): a single array argument supplies all the values."""
    if fmt is None:
        raise DotNetException("Value cannot be null. (Parameter 'format')", "System.ArgumentNullException")
    values = list(args[0]) if len(args) == 1 and isinstance(args[0], (list, tuple)) else list(args)
    try:
        return format_composite(arg_str(fmt), values, to_string)
    except DotNetFormatError as e:
        raise DotNetException(str(e), "System.FormatException") from None


@STRING.method("Format")
def _format(first: Any, *rest: Any) -> str:
    if not isinstance(first, str) and first is not None and rest and isinstance(rest[0], str):
        return format_string(rest[0], rest[1:])
    return format_string(first, rest)


@STRING.method("Concat")
def _concat(*values: Any) -> str:
    items = as_list(values[0]) if len(values) == 1 else list(values)
    return "".join(_text(v) for v in items)


def _ordinal(a: str | None, b: str | None, ignore: bool = False) -> int:
    if a is None or b is None:
        return 0 if a is b else (-1 if a is None else 1)
    if ignore:
        a, b = a.upper(), b.upper()
    for x, y in zip(a, b):
        if x != y:
            return ord(x) - ord(y)
    return len(a) - len(b)


@STRING.method("Compare")
def _compare(a: Any, b: Any, *rest: Any) -> int:
    if len(rest) >= 3 or (len(rest) == 2 and isinstance(b, int) and not isinstance(b, bool)):
        start_a, other, start_b, length = arg_int(b), rest[0], arg_int(rest[1]), arg_int(rest[2]) if len(rest) > 2 else 0
        tail = rest[3:]
        a = arg_str(a)[start_a:start_a + length]
        b = arg_str(other)[start_b:start_b + length]
        rest = tuple(tail)
    x = None if a is None else arg_str(a)
    y = None if b is None else arg_str(b)
    how = rest[0] if rest else None
    if how is not None and not isinstance(how, bool) and "ordinal" in arg_str(how).lower():
        return _ordinal(x, y, comparison_ignores_case(how))
    return culture_compare(x, y, how is not None and comparison_ignores_case(how))


@STRING.method("CompareOrdinal")
def _compare_ordinal(a: Any, b: Any) -> int:
    return _ordinal(None if a is None else arg_str(a), None if b is None else arg_str(b))


@STRING.method("Equals")
def _equals(a: Any, b: Any, how: Any = None) -> bool:
    if a is None or b is None:
        return a is b
    x, y = arg_str(a), arg_str(b)
    if how is not None and comparison_ignores_case(how):
        return x.casefold() == y.casefold()
    return x == y


@STRING.method("Copy")
def _copy(value: Any) -> str:
    return arg_str(value)


@STRING.new()
def _new_string(value: Any, count: Any = None, length: Any = None) -> str:
    if count is None:
        return arg_chars([value]) if isinstance(value, (list, tuple)) else arg_str(value)
    if length is not None:
        return arg_chars([value])[arg_int(count):arg_int(count) + arg_int(length)]
    return arg_str(value) * arg_int(count)


# ------------------------------------------------------------------ Regex
REGEX = StaticType("System.Text.RegularExpressions.Regex", "regex", "text.regularexpressions.regex")
REGEX.constant("CacheSize", 15)
REGEX.method("Escape")(lambda text: escape(arg_str(text)))
REGEX.method("Unescape")(lambda text: unescape(arg_str(text)))
REGEX.method("IsMatch")(lambda text, pattern, options=None, timeout=None: Regex(pattern, options).IsMatch(text))
REGEX.method("Match")(lambda text, pattern, options=None, timeout=None: Regex(pattern, options).Match(text))
REGEX.method("Matches")(lambda text, pattern, options=None, timeout=None: Regex(pattern, options).Matches(text))
REGEX.method("Split")(lambda text, pattern, options=None, timeout=None: Regex(pattern, options).Split(text))
REGEX.new()(lambda pattern, options=None, timeout=None: Regex(pattern, options, timeout))


@REGEX.method("Replace", needs_context=True)
def _regex_replace(context: Any, text: Any, pattern: Any, replacement: Any, options: Any = None, timeout: Any = None) -> str:
    return Regex(pattern, options).Replace(text, replacement, context=context)


# ------------------------------------------------------------------ Encoding, StringBuilder, StringComparer
ENCODING = StaticType("System.Text.Encoding", "text.encoding")
ENCODING.constants({"UTF8": ENCODINGS["utf8"], "ASCII": ENCODINGS["ascii"], "Unicode": ENCODINGS["unicode"],
                    "BigEndianUnicode": ENCODINGS["bigendianunicode"], "UTF32": ENCODINGS["utf32"],
                    "Default": ENCODINGS["utf8nobom"], "Latin1": ENCODINGS["latin1"]})
ENCODING.method("GetEncoding")(lambda name, *fallbacks: get_encoding(name))


@ENCODING.method("Convert")
def _convert(source: Encoding, target: Encoding, data: Any) -> list[int]:
    return target.GetBytes(source.GetString(data))


StaticType("System.Text.UTF8Encoding", "text.utf8encoding").new()(
    lambda bom=False, throw=False: ENCODINGS["utf8"] if bom else ENCODINGS["utf8nobom"])
StaticType("System.Text.ASCIIEncoding", "text.asciiencoding").new()(lambda: ENCODINGS["ascii"])
StaticType("System.Text.UnicodeEncoding", "text.unicodeencoding").new()(
    lambda big_endian=False, bom=True, throw=False: ENCODINGS["bigendianunicode" if big_endian else "unicode"])
StaticType("System.Text.StringBuilder", "text.stringbuilder").new()(
    lambda value=None, capacity=None: StringBuilder(value, capacity))

COMPARER = StaticType("System.StringComparer", "stringcomparer")
for _name in ("Ordinal", "OrdinalIgnoreCase", "CurrentCulture", "CurrentCultureIgnoreCase", "InvariantCulture",
              "InvariantCultureIgnoreCase"):
    COMPARER.constant(_name, StringComparer(_name, _name.endswith("IgnoreCase")))
