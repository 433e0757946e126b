""".NET composite formatting and format strings for numbers, dates and time spans (en-US)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Callable, Sequence

ToString = Callable[[object], str]

BAD_FORMAT = "Input string was not in a correct format."
BAD_INDEX = (
    "Index (zero based) must be greater than or equal to zero and less than the size of the argument list."
)
BAD_SPECIFIER = "Format specifier was invalid."


class DotNetFormatError(ValueError):
    """A FormatException, carrying .NET's message."""


def format_composite(fmt: str, args: Sequence[object], to_string: ToString) -> str:
    """Expand `{index[,alignment][:format]}` items in *fmt*, as `-f` and String.Format do."""
    out: list[str] = []
    i, n = 0, len(fmt)
    while i < n:
        ch = fmt[i]
        if ch not in "{}":
            j = i
            while j < n and fmt[j] not in "{}":
                j += 1
            out.append(fmt[i:j])
            i = j
            continue
        if i + 1 < n and fmt[i + 1] == ch:
            out.append(ch)
            i += 2
            continue
        if ch == "}":
            raise DotNetFormatError(BAD_FORMAT)
        index, i = _digits(fmt, i + 1)
        i = _skip_spaces(fmt, i)
        width, left = 0, False
        if i < n and fmt[i] == ",":
            i = _skip_spaces(fmt, i + 1)
            if i < n and fmt[i] == "-":
                left, i = True, i + 1
            width, i = _digits(fmt, i)
            i = _skip_spaces(fmt, i)
        spec: str | None = None
        if i < n and fmt[i] == ":":
            j = i + 1
            while j < n and fmt[j] not in "{}":
                j += 1
            spec, i = fmt[i + 1 : j], j
        if i >= n or fmt[i] != "}":
            raise DotNetFormatError(BAD_FORMAT)
        i += 1
        if index >= len(args):
            raise DotNetFormatError(BAD_INDEX)
        value = args[index]
        text = "" if value is None else format_value(value, spec, to_string) if spec else to_string(value)
        out.append(text.ljust(width) if left else text.rjust(width))
    return "".join(out)


def _digits(s: str, i: int) -> tuple[int, int]:
    j = i
    while j < len(s) and "0" <= s[j] <= "9":
        j += 1
    if j == i:
        raise DotNetFormatError(BAD_FORMAT)
    return int(s[i:j]), j


def _skip_spaces(s: str, i: int) -> int:
    while i < len(s) and s[i] == " ":
        i += 1
    return i


def format_value(value: object, spec: str, to_string: ToString) -> str:
    """Apply one .NET format string to *value*; non-formattable values use *to_string*."""
    if not spec:
        return to_string(value)
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return _format_number(value, spec)
    if isinstance(value, datetime):
        return _format_datetime(value, spec)
    if isinstance(value, timedelta):
        return _format_timespan(value, spec)
    return to_string(value)


# Numbers: a port of .NET's NumberBuffer formatting (digits without a decimal point plus a scale).


@dataclass
class _Num:
    digits: str
    scale: int
    negative: bool
    kind: str


def _from_decimal(d: Decimal, negative: bool, kind: str) -> _Num:
    _, digit_tuple, exponent = d.as_tuple()
    assert isinstance(exponent, int)
    digits = "".join(map(str, digit_tuple)).lstrip("0")
    if not digits:
        return _Num("", exponent if kind == "decimal" else 0, negative, kind)
    scale = len(digits) + exponent
    return _Num(digits.rstrip("0") if kind == "float" else digits, scale, negative, kind)


def _from_float(x: float, text: Callable[[float], str]) -> _Num:
    negative = math.copysign(1.0, x) < 0
    if x == 0:
        return _Num("", 0, negative, "float")
    return _from_decimal(Decimal(text(abs(x))), negative, "float")


def _format_number(value: int | float | Decimal, spec: str) -> str:
    if not isinstance(value, int) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else "-∞" if value < 0 else "∞"
    m = re.fullmatch(r"([A-Za-z])([0-9]*)", spec)
    if not m:
        return _custom(_buffer(value, "custom", 15), spec)
    ch, precision = m.group(1), int(m.group(2)) if m.group(2) else -1
    up = ch.upper()
    if isinstance(value, int) and up in "DX":
        return _integer(value, up == "X", ch == "x", precision)
    if up == "R" and not isinstance(value, float) or up not in "CEFGNPR":
        raise DotNetFormatError(BAD_SPECIFIER)
    if isinstance(value, int) and up == "G" and precision < 1:
        return str(value)
    num = _buffer(value, up, precision)
    if up in "GR" and num.kind == "float" and precision < 1:
        precision = max(len(num.digits), 17)
    return _standard(num, "E" if ch in "GR" else "e" if ch in "gr" else ch, up, precision)


def _buffer(value: int | float | Decimal, up: str, precision: int) -> _Num:
    if isinstance(value, int):
        digits = str(abs(value)).lstrip("0")
        return _Num(digits, len(digits), value < 0, "int")
    if isinstance(value, Decimal):
        return _from_decimal(value, value.is_signed(), "decimal")
    if up in ("custom", "E") or up == "G" and precision > 0:
        significant = (6 if precision < 0 else precision) + 1 if up == "E" else precision
        return _from_float(value, lambda a: f"{a:.{significant - 1}e}")
    if up in "GR":
        return _from_float(value, repr)
    places = (2 if precision < 0 else precision) + (2 if up == "P" else 0)
    return _from_float(value, lambda a: f"{a:.{places}f}")


def _integer(value: int, hexadecimal: bool, lower: bool, precision: int) -> str:
    width = max(precision, 1)
    if not hexadecimal:
        return ("-" if value < 0 else "") + str(abs(value)).zfill(width)
    if value < 0:
        bits = 32 if value >= -(2**31) else 64 if value >= -(2**63) else (value.bit_length() // 4 + 1) * 4
        value &= (1 << bits) - 1
    return format(value, "x" if lower else "X").zfill(width)


def _round(num: _Num, pos: int, exact: bool) -> None:
    d = num.digits
    i = max(0, min(pos, len(d)))
    if i == pos and i < len(d) and not exact and d[i] >= "5":
        while i > 0 and d[i - 1] == "9":
            i -= 1
        if i > 0:
            d = d[: i - 1] + chr(ord(d[i - 1]) + 1)
        else:
            num.scale += 1
            d, i = "1", 1
    else:
        while i > 0 and d[i - 1] == "0":
            i -= 1
    if i == 0:
        if num.kind != "float":
            num.negative = False
        num.scale = 0
    num.digits = d[:i]


def _standard(num: _Num, ch: str, up: str, md: int) -> str:
    exact = num.kind == "float"
    sign = "-" if num.negative else ""
    if up in "CFNP":
        md = 2 if md < 0 else md
        if up == "P":
            num.scale += 2
        _round(num, num.scale + md, exact)
        sign = "-" if num.negative else ""
        body = _fixed(num, md, up != "F")
        return {"C": f"{sign}${body}", "P": f"{sign}{body} %"}.get(up, sign + body)
    if up == "E":
        md = (6 if md < 0 else md) + 1
        _round(num, md, exact)
        return ("-" if num.negative else "") + _scientific(num, md, ch)
    if md == -1 and num.kind == "decimal":
        return (sign if num.digits else "") + _general(num, md, ch, True)
    md = len(num.digits) if md < 1 else md
    _round(num, md, exact)
    return ("-" if num.negative else "") + _general(num, md, ch, False)


def _fixed(num: _Num, md: int, group: bool) -> str:
    d, pos = num.digits, num.scale
    start = 0
    whole = "0"
    if pos > 0:
        whole = d[:pos].ljust(pos, "0")
        whole = f"{int(whole):,}" if group else whole
        start = min(pos, len(d))
    if md <= 0:
        return whole
    zeros = min(-pos, md) if pos < 0 else 0
    return whole + "." + "0" * zeros + d[start : start + md - zeros].ljust(md - zeros, "0")


def _exponent(value: int, ch: str, min_digits: int, positive_sign: bool) -> str:
    sign = "-" if value < 0 else "+" if positive_sign else ""
    return ch + sign + str(abs(value)).zfill(min_digits)


def _scientific(num: _Num, md: int, ch: str) -> str:
    d = num.digits
    text = d[:1] or "0"
    if md != 1:
        text += "." + d[1:md].ljust(md - 1, "0")
    return text + _exponent(num.scale - 1 if d else 0, ch, 3, True)


def _general(num: _Num, md: int, ch: str, suppress_scientific: bool) -> str:
    d, pos = num.digits, num.scale
    scientific = not suppress_scientific and (pos > md or pos < -3)
    if scientific:
        pos = 1
    text, used = "0", 0
    if pos > 0:
        text, used, pos = d[:pos].ljust(pos, "0"), min(pos, len(d)), 0
    if used < len(d) or pos < 0:
        text += "." + "0" * -pos + d[used:]
    return text + (_exponent(num.scale - 1, ch, 2, True) if scientific else "")


def _skip_quoted(fmt: str, i: int, quote: str) -> int:
    while i < len(fmt):
        i += 1
        if fmt[i - 1] == quote:
            break
    return i


def _find_section(fmt: str, section: int) -> int:
    i = 0
    while section and i < len(fmt):
        ch, i = fmt[i], i + 1
        if ch in "'\"":
            i = _skip_quoted(fmt, i, ch)
        elif ch == "\\":
            i += 1
        elif ch == ";":
            section -= 1
            if section == 0:
                return i if i < len(fmt) and fmt[i] != ";" else 0
    return 0


def _custom(num: _Num, fmt: str) -> str:
    n = len(fmt)
    section = _find_section(fmt, 2 if not num.digits else 1 if num.negative else 0)
    while True:
        count, decimal_pos, first, last = 0, -1, 0x7FFFFFFF, 0
        scientific, thousand_pos, thousand_count, seps, adjust_scale = False, -1, 0, False, 0
        i = section
        while i < n and fmt[i] != ";":
            ch, i = fmt[i], i + 1
            if ch == "#":
                count += 1
            elif ch == "0":
                first = count if first == 0x7FFFFFFF else first
                count += 1
                last = count
            elif ch == "." and decimal_pos < 0:
                decimal_pos = count
            elif ch == "," and count > 0 and decimal_pos < 0:
                if thousand_pos >= 0:
                    if thousand_pos == count:
                        thousand_count += 1
                        continue
                    seps = True
                thousand_pos, thousand_count = count, 1
            elif ch in "%\u2030":
                adjust_scale += 2 if ch == "%" else 3
            elif ch in "'\"":
                i = _skip_quoted(fmt, i, ch)
            elif ch == "\\":
                i += 1
            elif ch in "Ee" and (fmt[i : i + 1] == "0" or fmt[i : i + 1] in ("+", "-") and fmt[i + 1 : i + 2] == "0"):
                i += 1
                while i < n and fmt[i] == "0":
                    i += 1
                scientific = True
        decimal_pos = count if decimal_pos < 0 else decimal_pos
        if thousand_pos >= 0:
            if thousand_pos == decimal_pos:
                adjust_scale -= thousand_count * 3
            else:
                seps = True
        if num.digits:
            num.scale += adjust_scale
            _round(num, count if scientific else num.scale + count - decimal_pos, False)
            if not num.digits:
                zero_section = _find_section(fmt, 2)
                if zero_section != section:
                    section = zero_section
                    continue
        else:
            num.negative = num.negative and num.kind == "float"
            num.scale = 0
        break
    first = decimal_pos - first if first < decimal_pos else 0
    last = decimal_pos - last if last > decimal_pos else 0
    dig_pos = decimal_pos if scientific else max(num.scale, decimal_pos)
    adjust = 0 if scientific else num.scale - decimal_pos
    sep_at: list[int] = []
    if seps:
        wanted, group = max(first, dig_pos + min(adjust, 0)), 3
        while wanted > group:
            sep_at.append(group)
            group += 3
    digits, cur = num.digits, 0
    out: list[str] = []
    decimal_written = False

    def put_digit(c: str) -> None:
        out.append(c)
        if sep_at and dig_pos > 1 and dig_pos == sep_at[-1] + 1:
            out.append(",")
            sep_at.pop()

    i = section
    while i < n and fmt[i] != ";":
        ch, i = fmt[i], i + 1
        if adjust > 0 and ch in "#0.":
            while adjust > 0:
                put_digit(digits[cur] if cur < len(digits) else "0")
                cur += cur < len(digits)
                dig_pos, adjust = dig_pos - 1, adjust - 1
        if ch in "#0":
            if adjust < 0:
                adjust += 1
                c = "0" if dig_pos <= first else ""
            elif cur < len(digits):
                c, cur = digits[cur], cur + 1
            else:
                c = "0" if dig_pos > last else ""
            if c:
                put_digit(c)
            dig_pos -= 1
        elif ch == ".":
            if dig_pos == 0 and not decimal_written and (last < 0 or decimal_pos < count and cur < len(digits)):
                out.append(".")
                decimal_written = True
        elif ch in "%\u2030":
            out.append(ch)
        elif ch in "'\"":
            end = fmt.find(ch, i)
            end = n if end < 0 else end
            out.append(fmt[i:end])
            i = end + 1
        elif ch == "\\":
            out.append(fmt[i : i + 1])
            i += 1
        elif ch in "Ee" and scientific:
            nxt = fmt[i : i + 2]
            if not (nxt[:1] == "0" or nxt in ("+0", "-0")):
                out.append(ch)
                continue
            zeros = 1 if nxt[:1] == "0" else 0
            i += 1
            while i < n and fmt[i] == "0":
                i, zeros = i + 1, zeros + 1
            exp = num.scale - decimal_pos if digits else 0
            out.append(_exponent(exp, ch, min(zeros, 10), nxt == "+0"))
            scientific = False
        elif ch in "Ee":
            j = i + (1 if fmt[i : i + 1] in ("+", "-") else 0)
            while j < n and fmt[j] == "0":
                j += 1
            out.append(ch + fmt[i:j])
            i = j
        elif ch != ",":
            out.append(ch)
    text = "".join(out)
    if num.negative and section == 0 and (num.scale != 0 or text):
        text = "-" + text
    return text


# Dates and time spans.

_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
_ROUND_TRIP = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK"
_RFC1123 = "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'"
_STANDARD_DATES = {
    "d": "M/d/yyyy", "D": "dddd, MMMM d, yyyy", "t": "h:mm tt", "T": "h:mm:ss tt",
    "f": "dddd, MMMM d, yyyy h:mm tt", "F": "dddd, MMMM d, yyyy h:mm:ss tt",
    "g": "M/d/yyyy h:mm tt", "G": "M/d/yyyy h:mm:ss tt", "m": "MMMM d", "M": "MMMM d",
    "y": "MMMM yyyy", "Y": "MMMM yyyy", "o": _ROUND_TRIP, "O": _ROUND_TRIP, "r": _RFC1123, "R": _RFC1123,
    "s": "yyyy'-'MM'-'dd'T'HH':'mm':'ss", "u": "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
    "U": "dddd, MMMM d, yyyy h:mm:ss tt",
}


def default_datetime_string(d: datetime) -> str:
    """How PowerShell (en-US) stringifies a DateTime: `11/23/2026 7:05:09 PM`."""
    return _format_datetime(d, "G")


def default_timespan_string(t: timedelta) -> str:
    """.NET TimeSpan.ToString(): `[-][d.]hh:mm:ss[.fffffff]`."""
    return _format_timespan(t, "c")


def _format_datetime(d: datetime, spec: str) -> str:
    if len(spec) == 1:
        if spec not in _STANDARD_DATES:
            raise DotNetFormatError(BAD_FORMAT)
        if spec in "rRu" and d.tzinfo is not None or spec == "U":
            d = d.astimezone(timezone.utc)
        spec = _STANDARD_DATES[spec]
    return _custom_datetime(d, spec)


def _offset(d: datetime, style: int) -> str:
    delta = d.utcoffset() if d.tzinfo is not None else d.astimezone().utcoffset()
    minutes = int((delta or timedelta()).total_seconds()) // 60
    sign, minutes = ("-" if minutes < 0 else "+"), abs(minutes)
    if style == 1:
        return f"{sign}{minutes // 60}"
    return f"{sign}{minutes // 60:02}" + (f":{minutes % 60:02}" if style > 2 else "")


def _run_length(fmt: str, i: int) -> int:
    j = i
    while j < len(fmt) and fmt[j] == fmt[i]:
        j += 1
    return j - i


def _quoted(fmt: str, i: int) -> tuple[str, int]:
    quote, out, i = fmt[i], [], i + 1
    while i < len(fmt) and fmt[i] != quote:
        if fmt[i] == "\\" and i + 1 < len(fmt):
            i += 1
        out.append(fmt[i])
        i += 1
    if i >= len(fmt):
        raise DotNetFormatError(BAD_FORMAT)
    return "".join(out), i + 1


def _custom_datetime(d: datetime, fmt: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(fmt):
        ch = fmt[i]
        if ch in "'\"":
            text, i = _quoted(fmt, i)
            out.append(text)
            continue
        if ch in "%\\":
            if i + 1 >= len(fmt) or ch == "%" and fmt[i + 1] == "%":
                raise DotNetFormatError(BAD_FORMAT)
            out.append(_custom_datetime(d, fmt[i + 1]) if ch == "%" else fmt[i + 1])
            i += 2
            continue
        run = _run_length(fmt, i) if ch in "dfFghHKmMstyz" else 1
        i += run
        if ch in "hHms":
            number = {"h": d.hour % 12 or 12, "H": d.hour, "m": d.minute, "s": d.second}[ch]
            out.append(f"{number:0{min(run, 2)}}")
        elif ch in "fF":
            if run > 7:
                raise DotNetFormatError(BAD_FORMAT)
            text = f"{d.microsecond * 10 // 10 ** (7 - run):0{run}}"
            if ch == "F":
                text = text.rstrip("0")
                if not text and out and out[-1].endswith("."):
                    out[-1] = out[-1][:-1]
            out.append(text)
        elif ch == "d":
            out.append(f"{d.day:0{run}}" if run < 3 else _DAY_NAMES[d.weekday()][: 3 if run == 3 else None])
        elif ch == "M":
            out.append(f"{d.month:0{run}}" if run < 3 else _MONTH_NAMES[d.month - 1][: 3 if run == 3 else None])
        elif ch == "y":
            out.append(f"{d.year % 100:0{run}}" if run <= 2 else f"{d.year:0{run}}")
        elif ch == "t":
            out.append(("AM" if d.hour < 12 else "PM")[: 1 if run == 1 else 2])
        elif ch == "z":
            out.append(_offset(d, min(run, 3)))
        elif ch == "K":
            out.append("" if d.tzinfo is None else "Z" if d.tzinfo is timezone.utc else _offset(d, 3))
        elif ch == "g":
            out.append("A.D.")
        else:
            out.append(ch)
    return "".join(out)


def _format_timespan(t: timedelta, spec: str) -> str:
    ticks = (t.days * 86_400_000_000 + t.seconds * 1_000_000 + t.microseconds) * 10
    sign = "-" if ticks < 0 else ""
    days, rest = divmod(abs(ticks), 864_000_000_000)
    hours, rest = divmod(rest, 36_000_000_000)
    minutes, rest = divmod(rest, 600_000_000)
    seconds, fraction = divmod(rest, 10_000_000)
    if spec in ("c", "t", "T"):
        day_part = f"{days}." if days else ""
        frac_part = f".{fraction:07}" if fraction else ""
        return f"{sign}{day_part}{hours:02}:{minutes:02}:{seconds:02}{frac_part}"
    if spec == "g":
        day_part = f"{days}:" if days else ""
        frac_part = f".{fraction:07}".rstrip("0") if fraction else ""
        return f"{sign}{day_part}{hours}:{minutes:02}:{seconds:02}{frac_part}"
    if spec == "G":
        return f"{sign}{days}:{hours:02}:{minutes:02}:{seconds:02}.{fraction:07}"
    if len(spec) == 1:
        raise DotNetFormatError(BAD_FORMAT)
    return _custom_timespan(spec, days, hours, minutes, seconds, fraction)


def _custom_timespan(fmt: str, days: int, hours: int, minutes: int, seconds: int, fraction: int) -> str:
    out: list[str] = []
    i = 0
    while i < len(fmt):
        ch = fmt[i]
        if ch in "'\"":
            text, i = _quoted(fmt, i)
            out.append(text)
        elif ch in "%\\":
            if i + 1 >= len(fmt) or ch == "%" and fmt[i + 1] == "%":
                raise DotNetFormatError(BAD_FORMAT)
            nxt = fmt[i + 1]
            out.append(_custom_timespan(nxt, days, hours, minutes, seconds, fraction) if ch == "%" else nxt)
            i += 2
        elif ch in "dhmsfF":
            run = _run_length(fmt, i)
            i += run
            if run > {"d": 8, "h": 2, "m": 2, "s": 2}.get(ch, 7):
                raise DotNetFormatError(BAD_FORMAT)
            if ch in "fF":
                text = f"{fraction // 10 ** (7 - run):0{run}}"
                out.append(text.rstrip("0") if ch == "F" else text)
            else:
                out.append(f"{ {'d': days, 'h': hours, 'm': minutes, 's': seconds}[ch]:0{run}}")
        else:
            raise DotNetFormatError(BAD_FORMAT)
    return "".join(out)
