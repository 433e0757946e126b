"""Static members of DateTime, TimeSpan, Guid, Version, Diagnostics.Stopwatch and Threading.Thread."""

from __future__ import annotations

import calendar
import datetime as _dt
import math
import time
import uuid
from typing import Any

from pshell.engine.dates import parse_datetime, parse_exact
from pshell.engine.library.common import (
    DotNetException,
    EnumValue,
    arg_float,
    arg_int,
    arg_str,
    overload_error,
)
from pshell.engine.library.dates import FILETIME_EPOCH, compare
from pshell.engine.library.objects import Stopwatch, Version
from pshell.engine.library.static_base import StaticType
from pshell.engine.library.static_numbers import try_parse
from pshell.engine.library.textobjects import to_bytes
from pshell.engine.types import ConversionError, convert_to
from pshell.engine.values import as_list

DATETIME = StaticType("System.DateTime", "datetime")
DATETIME.constants({"MinValue": _dt.datetime(1, 1, 1), "MaxValue": _dt.datetime(9999, 12, 31, 23, 59, 59, 999999),
                    "UnixEpoch": _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)})
DATETIME.property("Now")(lambda: _dt.datetime.now())
DATETIME.property("UtcNow")(lambda: _dt.datetime.now(_dt.timezone.utc))
DATETIME.property("Today")(lambda: _dt.datetime.combine(_dt.date.today(), _dt.time()))
_UNRECOGNIZED = "String '{0}' was not recognized as a valid DateTime."


def _parse(text: Any, *rest: Any) -> _dt.datetime:
    if text is None:
        raise DotNetException("Value cannot be null. (Parameter 's')", "System.ArgumentNullException")
    value = parse_datetime(arg_str(text))
    if value is None:
        raise DotNetException(_UNRECOGNIZED.format(arg_str(text)), "System.FormatException")
    return value


def _parse_exact(text: Any, formats: Any, provider: Any = None, styles: Any = None) -> _dt.datetime:
    if text is None:
        raise DotNetException("Value cannot be null. (Parameter 's')", "System.ArgumentNullException")
    wanted = [arg_str(f) for f in as_list(formats)]
    value = parse_exact(arg_str(text), wanted)
    if value is None:
        raise DotNetException(_UNRECOGNIZED.format(arg_str(text)), "System.FormatException")
    return value


DATETIME.method("Parse")(_parse)
DATETIME.method("ParseExact")(_parse_exact)
DATETIME.method("TryParse")(lambda text, *rest: try_parse(_parse, (text, *rest), _dt.datetime(1, 1, 1)))


@DATETIME.method("TryParseExact")
def _try_parse_exact(text: Any, formats: Any, *rest: Any) -> bool:
    return try_parse(lambda t: _parse_exact(t, formats), (text, *rest), _dt.datetime(1, 1, 1))


@DATETIME.method("DaysInMonth")
def _days_in_month(year: Any, month: Any) -> int:
    y, m = arg_int(year), arg_int(month)
    if not 1 <= m <= 12:
        raise DotNetException("Month must be between one and twelve. (Parameter 'month')", "System.ArgumentOutOfRangeException")
    if not 1 <= y <= 9999:
        raise DotNetException("Year must be between 1 and 9999. (Parameter 'year')", "System.ArgumentOutOfRangeException")
    return calendar.monthrange(y, m)[1]


@DATETIME.method("IsLeapYear")
def _is_leap_year(year: Any) -> bool:
    y = arg_int(year)
    if not 1 <= y <= 9999:
        raise DotNetException("Year must be between 1 and 9999. (Parameter 'year')", "System.ArgumentOutOfRangeException")
    return calendar.isleap(y)


@DATETIME.method("SpecifyKind")
def _specify_kind(value: Any, kind: Any) -> _dt.datetime:
    d = convert_to(value, "datetime").replace(tzinfo=None)
    return d.replace(tzinfo=_dt.timezone.utc) if arg_str(kind).lower() == "utc" else d


@DATETIME.method("FromFileTimeUtc")
def _from_file_time_utc(ticks: Any) -> _dt.datetime:
    return FILETIME_EPOCH + _dt.timedelta(microseconds=arg_int(ticks) // 10)


DATETIME.method("FromFileTime")(lambda ticks: _from_file_time_utc(ticks).astimezone().replace(tzinfo=None))
DATETIME.method("FromOADate")(lambda days: _dt.datetime(1899, 12, 30) + _dt.timedelta(days=arg_float(days)))
DATETIME.method("Compare")(lambda a, b: compare(convert_to(a, "datetime"), convert_to(b, "datetime")))
DATETIME.method("Equals")(lambda a, b: compare(convert_to(a, "datetime"), convert_to(b, "datetime")) == 0)


@DATETIME.new()
def _new_datetime(*args: Any) -> _dt.datetime:
    kind = None
    values = list(args)
    if values and isinstance(values[-1], (str, EnumValue)) and len(values) in (4, 7, 8):
        kind = str(values.pop())
    numbers = [arg_int(v) for v in values]
    if len(numbers) == 1:
        ticks = numbers[0]
        if not 0 <= ticks <= 3155378975999999999:
            raise DotNetException("Ticks must be between DateTime.MinValue.Ticks and DateTime.MaxValue.Ticks. (Parameter 'ticks')",
                                  "System.ArgumentOutOfRangeException")
        result = _dt.datetime(1, 1, 1) + _dt.timedelta(microseconds=ticks // 10)
    elif len(numbers) in (3, 6, 7):
        y, mo, d = numbers[:3]
        h, mi, s, ms = (numbers[3:] + [0, 0, 0, 0])[:4]
        try:
            _dt.date(y, mo, d)
        except ValueError:
            raise DotNetException("Year, Month, and Day parameters describe an un-representable DateTime.",
                                  "System.ArgumentOutOfRangeException") from None
        if not (0 <= h < 24 and 0 <= mi < 60 and 0 <= s < 60 and 0 <= ms < 1000):
            raise DotNetException("Hour, Minute, and Second parameters describe an un-representable DateTime.",
                                  "System.ArgumentOutOfRangeException")
        result = _dt.datetime(y, mo, d, h, mi, s, ms * 1000)
    else:
        raise overload_error("new", len(args))
    return result.replace(tzinfo=_dt.timezone.utc) if kind and kind.lower() == "utc" else result


# ------------------------------------------------------------------ TimeSpan
TIMESPAN = StaticType("System.TimeSpan", "timespan")
TIMESPAN.constants({"Zero": _dt.timedelta(0), "MaxValue": _dt.timedelta.max, "MinValue": _dt.timedelta.min,
                    "TicksPerDay": 864_000_000_000, "TicksPerHour": 36_000_000_000, "TicksPerMinute": 600_000_000,
                    "TicksPerSecond": 10_000_000, "TicksPerMillisecond": 10_000, "TicksPerMicrosecond": 10})


def _span_from(unit: str) -> Any:
    def make(value: Any, *more: Any) -> _dt.timedelta:
        amount = arg_float(value)
        if math.isnan(amount):
            raise DotNetException("TimeSpan does not accept floating point Not-a-Number values.")
        try:
            span = _dt.timedelta(**{unit: amount})
            if more:
                span += sum((_dt.timedelta(**{u: arg_float(v)}) for u, v in zip(_SMALLER[unit], more)), _dt.timedelta())
            return span
        except OverflowError:
            raise DotNetException("TimeSpan overflowed because the duration is too long.", "System.OverflowException") from None
    return make


_UNITS = ["days", "hours", "minutes", "seconds", "milliseconds", "microseconds"]
_SMALLER = {u: _UNITS[i + 1:] for i, u in enumerate(_UNITS)}
for _name, _unit in (("FromDays", "days"), ("FromHours", "hours"), ("FromMinutes", "minutes"),
                     ("FromSeconds", "seconds"), ("FromMilliseconds", "milliseconds"), ("FromMicroseconds", "microseconds")):
    TIMESPAN.method(_name)(_span_from(_unit))
TIMESPAN.method("FromTicks")(lambda ticks: _dt.timedelta(microseconds=arg_int(ticks) / 10))


def _parse_span(text: Any, *rest: Any) -> _dt.timedelta:
    if text is None:
        raise DotNetException("Value cannot be null. (Parameter 'input')", "System.ArgumentNullException")
    try:
        return convert_to(arg_str(text), "timespan")
    except ConversionError:
        raise DotNetException(f"String '{arg_str(text)}' was not recognized as a valid TimeSpan.", "System.FormatException") from None


TIMESPAN.method("Parse")(_parse_span)
TIMESPAN.method("TryParse")(lambda text, *rest: try_parse(_parse_span, (text, *rest), _dt.timedelta(0)))
TIMESPAN.method("Compare")(lambda a, b: compare(convert_to(a, "timespan"), convert_to(b, "timespan")))
TIMESPAN.method("Equals")(lambda a, b: convert_to(a, "timespan") == convert_to(b, "timespan"))


@TIMESPAN.new()
def _new_timespan(*args: Any) -> _dt.timedelta:
    numbers = [arg_int(v) for v in args]
    if len(numbers) == 1:
        return _dt.timedelta(microseconds=numbers[0] / 10)
    if len(numbers) == 3:
        return _dt.timedelta(hours=numbers[0], minutes=numbers[1], seconds=numbers[2])
    if len(numbers) in (4, 5, 6):
        d, h, m, s, ms, us = (numbers + [0, 0])[:6]
        return _dt.timedelta(days=d, hours=h, minutes=m, seconds=s, milliseconds=ms, microseconds=us)
    if not numbers:
        return _dt.timedelta(0)
    raise overload_error("new", len(args))


# ------------------------------------------------------------------ Guid, Version, Stopwatch, Thread
GUID = StaticType("System.Guid", "guid")
GUID.constant("Empty", uuid.UUID(int=0))
GUID.method("NewGuid", "CreateVersion7")(lambda *a: uuid.uuid4())


def _parse_guid(text: Any, *rest: Any) -> uuid.UUID:
    if text is None:
        raise DotNetException("Value cannot be null. (Parameter 'input')", "System.ArgumentNullException")
    s = arg_str(text).strip()
    if s.startswith("(") and s.endswith(")"):
        s = s[1:-1]
    try:
        return uuid.UUID(s)
    except ValueError:
        raise DotNetException("Unrecognized Guid format.", "System.FormatException") from None


GUID.method("Parse")(_parse_guid)
GUID.method("TryParse")(lambda text, *rest: try_parse(_parse_guid, (text, *rest), uuid.UUID(int=0)))


@GUID.new()
def _new_guid(value: Any = None) -> uuid.UUID:
    if value is None:
        return uuid.UUID(int=0)
    if isinstance(value, (list, tuple, bytes)):
        raw = to_bytes(value)
        if len(raw) != 16:
            raise DotNetException("Byte array for Guid must be exactly 16 bytes long. (Parameter 'b')")
        return uuid.UUID(bytes_le=raw)
    return _parse_guid(value)


VERSION = StaticType("System.Version", "version")
VERSION.method("Parse")(lambda text: Version.parse_text(text if text is None else arg_str(text)))
VERSION.method("TryParse")(lambda text, *rest: try_parse(lambda t: Version.parse_text(arg_str(t)), (text, *rest), None))
VERSION.new()(lambda *args: Version(*args))

STOPWATCH = StaticType("System.Diagnostics.Stopwatch", "diagnostics.stopwatch")
STOPWATCH.constants({"Frequency": Stopwatch.FREQUENCY, "IsHighResolution": True})
STOPWATCH.method("GetTimestamp")(lambda: time.perf_counter_ns())
STOPWATCH.new()(lambda: Stopwatch())


@STOPWATCH.method("StartNew")
def _start_new() -> Stopwatch:
    watch = Stopwatch()
    watch.Start()
    return watch


@STOPWATCH.method("GetElapsedTime")
def _elapsed_time(start: Any, end: Any = None) -> _dt.timedelta:
    stop = time.perf_counter_ns() if end is None else int(end)
    return _dt.timedelta(microseconds=(stop - int(start)) // 1000)


THREAD = StaticType("System.Threading.Thread", "threading.thread")


@THREAD.method("Sleep")
def _sleep(duration: Any) -> None:
    if isinstance(duration, _dt.timedelta):
        seconds = duration.total_seconds()
    else:
        ms = arg_int(duration)
        if ms < -1:
            raise DotNetException("Number must be either non-negative and less than or equal to Int32.MaxValue or -1. "
                                  "(Parameter 'millisecondsTimeout')", "System.ArgumentOutOfRangeException")
        seconds = ms / 1000
    time.sleep(max(0.0, seconds))
