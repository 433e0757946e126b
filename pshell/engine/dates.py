"""Reading dates from text as .NET does in the invariant / en-US culture: `[datetime]'...'`,
`[datetime]::Parse` and `[datetime]::ParseExact`.

Kinds: a naive datetime is Unspecified/Local; an aware UTC datetime is Kind Utc. Text with an
offset or `Z` becomes local time, as DateTime.Parse does.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Iterable

from pshell.engine.dotnet_format import _STANDARD_DATES

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
TICKS_EPOCH = _dt.datetime(1, 1, 1)

_ISO = re.compile(
    r"\s*([+-]?\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?"
    r"\s*(Z|[+-]\d{2}(?::?\d{2})?)?\s*$",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"(?<![\d:])(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d+))?)?(?:\s*([AP])\.?(?:M\.?)?(?![A-Za-z]))?",
    re.IGNORECASE,
)
_HOUR_ONLY = re.compile(r"(?<![\d:/.-])(\d{1,2})\s*([AP])\.?M\.?(?![A-Za-z])", re.IGNORECASE)
_ZONE = re.compile(r"(?:\s|(?<=\d))(Z|GMT|UTC|[+-]\d{1,2}(?::?\d{2})?)\s*$", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z]+|\d+|[^\sA-Za-z\d]")


def month_number(word: str) -> int | None:
    """1-12 for a full or three-letter English month name ('Sept' too)."""
    w = word.lower()
    if w == "sept":
        w = "sep"
    for i, name in enumerate(MONTHS, 1):
        if w == name or (len(w) == 3 and name.startswith(w)):
            return i
    return None


def day_number(word: str) -> int | None:
    """0 (Monday) - 6 for a full or three-letter English day name."""
    w = word.lower()
    for i, name in enumerate(DAYS):
        if w == name or (len(w) == 3 and name.startswith(w)):
            return i
    return None


def two_digit_year(value: int) -> int:
    """A two-digit year in .NET's window (up to 2049)."""
    return 2000 + value if value <= 49 else 1900 + value


def _fraction(digits: str | None) -> int:
    return int(digits[:7].ljust(7, "0")) // 10 if digits else 0


def _zone(text: str | None) -> _dt.tzinfo | None:
    if not text:
        return None
    t = text.upper()
    if t in ("Z", "GMT", "UTC"):
        return _dt.timezone.utc
    m = re.fullmatch(r"([+-])(\d{1,2}):?(\d{2})?", t)
    if not m:
        return None
    minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
    return _dt.timezone(_dt.timedelta(minutes=-minutes if m.group(1) == "-" else minutes))


def to_local(value: _dt.datetime, zone: _dt.tzinfo | None) -> _dt.datetime:
    """A time read with an offset, as the naive local time .NET gives back."""
    if zone is None:
        return value
    return value.replace(tzinfo=zone).astimezone().replace(tzinfo=None)


def _hour(hour: int, meridiem: str | None) -> int | None:
    if not meridiem:
        return hour if hour < 24 else None
    if not 1 <= hour <= 12 and hour != 0:
        return None
    hour %= 12
    return hour + 12 if meridiem.upper() == "P" else hour


def _parse_iso(text: str) -> _dt.datetime | None:
    m = _ISO.match(text)
    if not m:
        return None
    year, month, day, hour, minute, second, frac, zone = m.groups()
    try:
        value = _dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0),
                             _fraction(frac))
    except ValueError:
        return None
    return to_local(value, _zone(zone))


def _resolve_date(numbers: list[str], month: int | None, today: _dt.date) -> tuple[int, int, int] | None:
    values = [int(n) for n in numbers]
    if month is not None:
        if len(values) == 1:
            return (values[0], month, 1) if len(numbers[0]) >= 3 else (today.year, month, values[0])
        if len(values) == 2:
            if len(numbers[0]) >= 3:
                return values[0], month, values[1]
            year = values[1] if len(numbers[1]) >= 3 else two_digit_year(values[1])
            return year, month, values[0]
        return None
    if len(values) == 0:
        return today.year, today.month, today.day
    if len(values) == 2:
        if len(numbers[0]) >= 3:
            return values[0], values[1], 1
        if len(numbers[1]) >= 3:
            return values[1], values[0], 1
        return today.year, values[0], values[1]
    if len(values) == 3:
        if len(numbers[0]) >= 3:
            return values[0], values[1], values[2]
        year = values[2] if len(numbers[2]) >= 3 else two_digit_year(values[2])
        return year, values[0], values[1]
    return None


def _parse_general(text: str) -> _dt.datetime | None:
    rest = text.strip()
    zone_match = _ZONE.search(rest)
    zone = None
    if zone_match and (_TIME.search(rest[: zone_match.start()]) or zone_match.group(1).upper() in ("GMT", "UTC", "Z")):
        zone = _zone(zone_match.group(1))
        rest = rest[: zone_match.start()]
    hour = minute = second = micro = 0
    has_time = False
    tm = _TIME.search(rest)
    if tm:
        h, mi, s, frac, meridiem = tm.groups()
        fixed = _hour(int(h), meridiem)
        if fixed is None:
            return None
        hour, minute, second, micro = fixed, int(mi), int(s or 0), _fraction(frac)
        rest = rest[: tm.start()] + " " + rest[tm.end():]
        has_time = True
    else:
        hm = _HOUR_ONLY.search(rest)
        if hm:
            fixed = _hour(int(hm.group(1)), hm.group(2))
            if fixed is None:
                return None
            hour, has_time = fixed, True
            rest = rest[: hm.start()] + " " + rest[hm.end():]
    numbers: list[str] = []
    month: int | None = None
    weekday: int | None = None
    for token in _TOKEN.findall(rest):
        if token.isdigit():
            numbers.append(token)
        elif token.isalpha():
            if month is None and month_number(token) is not None:
                month = month_number(token)
            elif weekday is None and day_number(token) is not None:
                weekday = day_number(token)
            elif token.upper() not in ("T", "AT"):
                return None
        elif token not in ",/-.":
            return None
    if not numbers and month is None and not has_time:
        return None
    today = _dt.date.today()
    ymd = _resolve_date(numbers, month, today)
    if ymd is None:
        return None
    try:
        value = _dt.datetime(ymd[0], ymd[1], ymd[2], hour, minute, second, micro)
    except ValueError:
        return None
    if weekday is not None and value.weekday() != weekday:
        return None
    return to_local(value, zone)


def parse_datetime(text: str) -> _dt.datetime | None:
    """A date and time from text as `[datetime]` accepts it (ISO 8601, `11/23/2026 7:05 PM`,
    `Nov 23 2026`, `Monday, November 23, 2026 7:05:09 PM`, ...); None when it is not one."""
    if not text or not text.strip():
        return None
    return _parse_iso(text) or _parse_general(text)


# ------------------------------------------------------------------ ParseExact
_FIELDS = {
    "d": r"(?P<d>\d{1,2})", "dd": r"(?P<d>\d{2})", "ddd": r"(?P<ddd>[A-Za-z]{3})", "dddd": r"(?P<ddd>[A-Za-z]+)",
    "M": r"(?P<M>\d{1,2})", "MM": r"(?P<M>\d{2})", "MMM": r"(?P<MMM>[A-Za-z]{3})", "MMMM": r"(?P<MMM>[A-Za-z]+)",
    "y": r"(?P<yy>\d{1,2})", "yy": r"(?P<yy>\d{2})", "yyy": r"(?P<y>\d{3,4})", "yyyy": r"(?P<y>\d{4})",
    "yyyyy": r"(?P<y>\d{5})", "h": r"(?P<h>\d{1,2})", "hh": r"(?P<h>\d{2})", "H": r"(?P<H>\d{1,2})",
    "HH": r"(?P<H>\d{2})", "m": r"(?P<m>\d{1,2})", "mm": r"(?P<m>\d{2})", "s": r"(?P<s>\d{1,2})",
    "ss": r"(?P<s>\d{2})", "t": r"(?P<t>[AaPp])", "tt": r"(?P<t>[AaPp][Mm])", "z": r"(?P<z>[+-]\d{1,2})",
    "zz": r"(?P<z>[+-]\d{2})", "zzz": r"(?P<z>[+-]\d{2}:\d{2})", "K": r"(?P<z>Z|[+-]\d{2}:\d{2})?",
}


def _format_regex(fmt: str) -> re.Pattern[str] | None:
    if len(fmt) == 1:
        if fmt not in _STANDARD_DATES:
            return None
        fmt = _STANDARD_DATES[fmt]
    out: list[str] = []
    seen: set[str] = set()
    i = 0
    while i < len(fmt):
        c = fmt[i]
        if c in "'\"":
            j = fmt.find(c, i + 1)
            if j < 0:
                return None
            out.append(re.escape(fmt[i + 1:j]))
            i = j + 1
        elif c == "\\":
            out.append(re.escape(fmt[i + 1:i + 2]))
            i += 2
        elif c == "%":
            i += 1
        elif c in "dMyhHmstzfFK":
            j = i
            while j < len(fmt) and fmt[j] == c:
                j += 1
            run = fmt[i:j]
            i = j
            if c in "fF":
                if len(run) > 7:
                    return None
                pattern = rf"(?P<f>\d{{{len(run)}}})" if c == "f" else rf"(?P<f>\d{{0,{len(run)}}})"
            elif run in _FIELDS:
                pattern = _FIELDS[run]
            elif c == "d" or c == "M":
                pattern = _FIELDS[c * 4]
            else:
                return None
            group = re.search(r"\?P<(\w+)>", pattern).group(1)  # type: ignore[union-attr]
            if group in seen:
                pattern = re.sub(r"\?P<\w+>", "?:", pattern)
            seen.add(group)
            out.append(pattern)
        else:
            out.append(re.escape(c))
            i += 1
    return re.compile("".join(out) + r"\Z")


def _from_fields(g: dict[str, str | None]) -> _dt.datetime | None:
    today = _dt.date.today()
    has_date = any(g.get(k) for k in ("d", "M", "MMM", "y", "yy"))
    year = int(g["y"]) if g.get("y") else two_digit_year(int(g["yy"])) if g.get("yy") else today.year  # type: ignore[arg-type]
    if g.get("MMM"):
        month = month_number(g["MMM"] or "")
        if month is None:
            return None
    else:
        month = int(g["M"]) if g.get("M") else (today.month if not has_date else 1)
    day = int(g["d"]) if g.get("d") else (today.day if not has_date else 1)
    if g.get("h"):
        hour = _hour(int(g["h"] or 0), (g.get("t") or "")[:1] or "A")
    else:
        hour = int(g["H"]) if g.get("H") else 0
        if g.get("t") and hour is not None:
            hour = _hour(hour, g["t"][:1])  # type: ignore[index]
    if hour is None:
        return None
    try:
        value = _dt.datetime(year, month, day, hour, int(g.get("m") or 0), int(g.get("s") or 0), _fraction(g.get("f")))
    except ValueError:
        return None
    if g.get("ddd") and day_number(g["ddd"] or "") != value.weekday():
        return None
    return to_local(value, _zone(g.get("z")))


def parse_exact(text: str, formats: str | Iterable[str]) -> _dt.datetime | None:
    """DateTime.ParseExact with one format or several (invariant culture); None on failure."""
    for fmt in [formats] if isinstance(formats, str) else formats:
        pattern = _format_regex(fmt)
        if pattern is None:
            continue
        m = pattern.match(text)
        if m:
            found = _from_fields(m.groupdict())
            if found is not None:
                return found
    return None


def ticks_of(value: _dt.datetime) -> int:
    """DateTime.Ticks: 100-nanosecond intervals since 0001-01-01."""
    delta = value.replace(tzinfo=None) - TICKS_EPOCH
    return (delta.days * 86_400 + delta.seconds) * 10_000_000 + delta.microseconds * 10


def timespan_ticks(value: _dt.timedelta) -> int:
    """TimeSpan.Ticks."""
    return (value.days * 86_400 + value.seconds) * 10_000_000 + value.microseconds * 10
