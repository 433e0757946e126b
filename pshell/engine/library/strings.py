"""Members of System.String: `'abc'.Length`, `.ToUpper()`, `.Split(',')`, `.Substring(1)`, ..."""

from __future__ import annotations

from typing import Any

from pshell.engine.library.common import (
    DotNetException,
    EnumValue,
    arg_chars,
    arg_int,
    arg_str,
    comparison_ignores_case,
    enum_flags,
    overload_error,
    ps_method,
    ps_property,
    type_info,
)
from pshell.engine.library.splitting import MAX_COUNT, split_string
from pshell.engine.library.splitting import WHITESPACE as _WHITESPACE

OUT_OF_RANGE = "System.ArgumentOutOfRangeException"
_SPLIT_OPTIONS = {"None": 0, "RemoveEmptyEntries": 1, "TrimEntries": 2}


def is_dotnet_whitespace(c: str) -> bool:
    """char.IsWhiteSpace."""
    return c in _WHITESPACE


def culture_compare(a: str | None, b: str | None, ignore_case: bool = False) -> int:
    """String.Compare in the invariant/en-US culture: -1, 0 or 1 (lower case sorts first on ties)."""
    if a is None or b is None:
        return 0 if a is b else (-1 if a is None else 1)
    ka, kb = a.casefold(), b.casefold()
    if ka != kb:
        return -1 if ka < kb else 1
    if ignore_case or a == b:
        return 0
    for x, y in zip(a, b):
        if x != y:
            return -1 if x.islower() else 1
    return 0


def _out_of_range(message: str, param: str) -> DotNetException:
    return DotNetException(f"{message} (Parameter '{param}')", OUT_OF_RANGE)


@ps_property(str, "Length")
def _length(s: str) -> int:
    return len(s)


@ps_method(str, "ToUpper", "ToUpperInvariant")
def _upper(s: str, culture: Any = None) -> str:
    return s.upper()


@ps_method(str, "ToLower", "ToLowerInvariant")
def _lower(s: str, culture: Any = None) -> str:
    return s.lower()


def _trim_set(chars: tuple[Any, ...]) -> str | None:
    text = arg_chars(chars)
    return text or None


@ps_method(str, "Trim")
def _trim(s: str, *chars: Any) -> str:
    found = _trim_set(chars)
    return s.strip(found if found else _WHITESPACE)


@ps_method(str, "TrimStart")
def _trim_start(s: str, *chars: Any) -> str:
    found = _trim_set(chars)
    return s.lstrip(found if found else _WHITESPACE)


@ps_method(str, "TrimEnd")
def _trim_end(s: str, *chars: Any) -> str:
    found = _trim_set(chars)
    return s.rstrip(found if found else _WHITESPACE)


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, (bool, EnumValue))


@ps_method(str, "Split")
def _split(s: str, *args: Any) -> list[str]:
    if not args:
        return split_string(s, [], chars=True)
    if len(args) > 1 and all(isinstance(a, str) and len(a) == 1 for a in args):
        return split_string(s, list(args), chars=True)
    sep, rest = args[0], list(args[1:])
    count, options = MAX_COUNT, 0
    if len(rest) > 2:
        raise overload_error("Split", len(args))
    if len(rest) == 2:
        count, options = arg_int(rest[0]), enum_flags(rest[1], _SPLIT_OPTIONS, "System.StringSplitOptions")
    elif len(rest) == 1:
        if _is_count(rest[0]):
            count = arg_int(rest[0])
        else:
            options = enum_flags(rest[0], _SPLIT_OPTIONS, "System.StringSplitOptions")
    if sep is None:
        return split_string(s, [], count, options, chars=True)
    if isinstance(sep, (list, tuple)):
        items = [arg_str(x) for x in sep]
        as_chars = all(len(x) == 1 for x in items)
        return split_string(s, items, count, options, chars=as_chars)
    if isinstance(sep, int) and not isinstance(sep, bool):
        return split_string(s, [chr(sep)], count, options, chars=True)
    return split_string(s, [arg_str(sep)], count, options)


@ps_method(str, "Replace")
def _replace(s: str, old: Any, new: Any, *how: Any) -> str:
    old_text, new_text = arg_str(old), arg_str(new)
    if old is None or old_text == "":
        raise DotNetException("String cannot be of zero length. (Parameter 'oldValue')"
                              if old is not None else "Value cannot be null. (Parameter 'oldValue')")
    if how and comparison_ignores_case(how[0]):
        import re

        return re.sub(re.escape(old_text), lambda _: new_text, s, flags=re.IGNORECASE)
    return s.replace(old_text, new_text)


def _fold(s: str, ignore: bool) -> str:
    return s.casefold() if ignore else s


@ps_method(str, "StartsWith")
def _starts_with(s: str, value: Any, *how: Any) -> bool:
    if value is None:
        raise DotNetException("Value cannot be null. (Parameter 'value')", "System.ArgumentNullException")
    ignore = bool(how) and comparison_ignores_case(how[0])
    return _fold(s, ignore).startswith(_fold(arg_str(value), ignore))


@ps_method(str, "EndsWith")
def _ends_with(s: str, value: Any, *how: Any) -> bool:
    if value is None:
        raise DotNetException("Value cannot be null. (Parameter 'value')", "System.ArgumentNullException")
    ignore = bool(how) and comparison_ignores_case(how[0])
    return _fold(s, ignore).endswith(_fold(arg_str(value), ignore))


@ps_method(str, "Contains")
def _contains(s: str, value: Any, how: Any = None) -> bool:
    if value is None:
        raise DotNetException("Value cannot be null. (Parameter 'value')", "System.ArgumentNullException")
    ignore = how is not None and comparison_ignores_case(how)
    return _fold(arg_str(value), ignore) in _fold(s, ignore)


def _index_args(s: str, args: tuple[Any, ...]) -> tuple[int, int, bool]:
    start, end, ignore = 0, len(s), False
    numbers = [a for a in args if _is_count(a)]
    others = [a for a in args if not _is_count(a)]
    if numbers:
        start = arg_int(numbers[0])
        if not 0 <= start <= len(s):
            raise _out_of_range("Index was out of range. Must be non-negative and less than or equal to the size of the collection.", "startIndex")
        if len(numbers) > 1:
            count = arg_int(numbers[1])
            if count < 0 or start + count > len(s):
                raise _out_of_range("Count must be positive and count must refer to a location within the string/array/collection.", "count")
            end = start + count
    if others:
        ignore = comparison_ignores_case(others[0])
    return start, end, ignore


@ps_method(str, "IndexOf")
def _index_of(s: str, value: Any, *args: Any) -> int:
    start, end, ignore = _index_args(s, args)
    return _fold(s, ignore).find(_fold(arg_str(value), ignore), start, end)


@ps_method(str, "LastIndexOf")
def _last_index_of(s: str, value: Any, *args: Any) -> int:
    needle = arg_str(value)
    numbers = [a for a in args if _is_count(a)]
    others = [a for a in args if not _is_count(a)]
    ignore = bool(others) and comparison_ignores_case(others[0])
    hay = _fold(s, ignore)
    if not numbers:
        return hay.rfind(_fold(needle, ignore))
    start = arg_int(numbers[0])
    if s and not 0 <= start < len(s):
        raise _out_of_range("Index was out of range. Must be non-negative and less than the size of the collection.", "startIndex")
    low = 0 if len(numbers) < 2 else max(0, start - arg_int(numbers[1]) + 1)
    return hay.rfind(_fold(needle, ignore), low, start + 1)


@ps_method(str, "IndexOfAny")
def _index_of_any(s: str, chars: Any, start: Any = 0, count: Any = None) -> int:
    wanted = arg_chars([chars])
    begin = arg_int(start)
    end = len(s) if count is None else begin + arg_int(count)
    return next((i for i in range(begin, min(end, len(s))) if s[i] in wanted), -1)


@ps_method(str, "LastIndexOfAny")
def _last_index_of_any(s: str, chars: Any, start: Any = None) -> int:
    wanted = arg_chars([chars])
    top = len(s) - 1 if start is None else arg_int(start)
    return next((i for i in range(top, -1, -1) if s[i] in wanted), -1)


@ps_method(str, "Substring")
def _substring(s: str, start: Any, length: Any = None) -> str:
    begin = arg_int(start)
    if begin < 0:
        raise _out_of_range("StartIndex cannot be less than zero.", "startIndex")
    if begin > len(s):
        raise _out_of_range("startIndex cannot be larger than length of string.", "startIndex")
    if length is None:
        return s[begin:]
    size = arg_int(length)
    if size < 0:
        raise _out_of_range("Length cannot be less than zero.", "length")
    if begin + size > len(s):
        raise _out_of_range("Index and length must refer to a location within the string.", "length")
    return s[begin:begin + size]


def _pad_char(char: Any) -> str:
    text = arg_str(char)
    if len(text) != 1:
        raise DotNetException(f'Cannot convert value "{text}" to type "System.Char". Error: "String must be exactly one character long."')
    return text


@ps_method(str, "PadLeft")
def _pad_left(s: str, width: Any, char: Any = " ") -> str:
    total = arg_int(width)
    if total < 0:
        raise _out_of_range("Non-negative number required.", "totalWidth")
    return s.rjust(total, _pad_char(char))


@ps_method(str, "PadRight")
def _pad_right(s: str, width: Any, char: Any = " ") -> str:
    total = arg_int(width)
    if total < 0:
        raise _out_of_range("Non-negative number required.", "totalWidth")
    return s.ljust(total, _pad_char(char))


@ps_method(str, "Insert")
def _insert(s: str, index: Any, value: Any) -> str:
    at = arg_int(index)
    if not 0 <= at <= len(s):
        raise _out_of_range("Specified argument was out of the range of valid values.", "startIndex")
    return s[:at] + arg_str(value) + s[at:]


@ps_method(str, "Remove")
def _remove(s: str, start: Any, count: Any = None) -> str:
    begin = arg_int(start)
    if begin < 0:
        raise _out_of_range("StartIndex cannot be less than zero.", "startIndex")
    if count is None:
        if begin >= len(s) and begin != 0:
            raise _out_of_range("startIndex must be less than length of string.", "startIndex")
        return s[:begin]
    size = arg_int(count)
    if size < 0:
        raise _out_of_range("Count cannot be less than zero.", "count")
    if begin + size > len(s):
        raise _out_of_range("Index and count must refer to a location within the string.", "count")
    return s[:begin] + s[begin + size:]


@ps_method(str, "ToCharArray")
def _to_char_array(s: str, start: Any = None, length: Any = None) -> list[str]:
    if start is None:
        return list(s)
    return list(_substring(s, start, length))


@ps_method(str, "Chars")
def _chars(s: str, index: Any) -> str:
    at = arg_int(index)
    if not 0 <= at < len(s):
        raise DotNetException("Index was outside the bounds of the array.", "System.IndexOutOfRangeException")
    return s[at]


@ps_method(str, "Equals")
def _equals(s: str, other: Any, how: Any = None) -> bool:
    if not isinstance(other, str):
        return False
    if how is not None and comparison_ignores_case(how):
        return s.casefold() == other.casefold()
    return s == other


@ps_method(str, "CompareTo")
def _compare_to(s: str, other: Any) -> int:
    if other is not None and not isinstance(other, str):
        raise DotNetException("Object must be of type String.")
    return culture_compare(s, other)


@ps_method(str, "GetType")
def _get_type(s: str) -> Any:
    return type_info("System.String")


@ps_method(str, "ToString")
def _to_string(s: str, provider: Any = None) -> str:
    return s


@ps_method(str, "Clone")
def _clone(s: str) -> str:
    return s


@ps_method(str, "Normalize")
def _normalize(s: str, form: Any = "FormC") -> str:
    import unicodedata

    name = arg_str(form).upper().replace("FORM", "")
    return unicodedata.normalize("NF" + (name or "C"), s)


@ps_method(str, "GetHashCode")
def _hash(s: str) -> int:
    value = hash(s) & 0xFFFFFFFF
    return value - 2**32 if value >= 2**31 else value


@ps_method(str, "IsNormalized")
def _is_normalized(s: str, form: Any = "FormC") -> bool:
    return _normalize(s, form) == s

