"""Members of System.DateTime and System.TimeSpan."""

from __future__ import annotations

import calendar
import datetime as _dt
from typing import Any

from pshell.engine.dates import DAYS, ticks_of, timespan_ticks
from pshell.engine.library.common import (
    DotNetException,
    arg_float,
    arg_int,
    arg_str,
    ps_method,
    ps_property,
    type_info,
)
from pshell.engine.text import (
    DotNetFormatError,
    default_datetime_string,
    default_timespan_string,
    format_value,
)
from pshell.engine.values import to_string

DT = _dt.datetime
TS = _dt.timedelta
FILETIME_EPOCH = _dt.datetime(1601, 1, 1, tzinfo=_dt.timezone.utc)
_UNREPRESENTABLE = "The added or subtracted value results in an un-representable DateTime. (Parameter 'value')"


def _ticks_to_timedelta(ticks: int) -> TS:
    return TS(microseconds=ticks // 10) if ticks >= 0 else -TS(microseconds=(-ticks) // 10)


def _shift(value: DT, delta: TS) -> DT:
    try:
        return value + delta
    except OverflowError:
        raise DotNetException(_UNREPRESENTABLE, "System.ArgumentOutOfRangeException") from None


def _naive(value: DT) -> DT:
    return value.replace(tzinfo=None)


def format_date(value: DT, fmt: Any = None) -> str:
    """DateTime.ToString([format]) in en-US."""
    if fmt is None or not isinstance(fmt, str) or fmt == "":
        return default_datetime_string(value)
    try:
        return format_value(value, fmt, to_string)
    except DotNetFormatError as e:
        raise DotNetException(str(e), "System.FormatException") from None


# ------------------------------------------------------------------ DateTime properties
def _kind(d: DT) -> str:
    return "Unspecified" if d.tzinfo is None else "Utc" if d.tzinfo is _dt.timezone.utc else "Local"


_DATE_PROPERTIES: dict[str, Any] = {
    "Date": lambda d: d.replace(hour=0, minute=0, second=0, microsecond=0),
    "Day": lambda d: d.day,
    "DayOfWeek": lambda d: DAYS[d.weekday()].capitalize(),
    "DayOfYear": lambda d: d.timetuple().tm_yday,
    "Hour": lambda d: d.hour,
    "Kind": _kind,
    "Millisecond": lambda d: d.microsecond // 1000,
    "Microsecond": lambda d: d.microsecond % 1000,
    "Nanosecond": lambda d: 0,
    "Minute": lambda d: d.minute,
    "Month": lambda d: d.month,
    "Second": lambda d: d.second,
    "Ticks": ticks_of,
    "TimeOfDay": lambda d: TS(hours=d.hour, minutes=d.minute, seconds=d.second, microseconds=d.microsecond),
    "Year": lambda d: d.year,
    "DateTime": lambda d: format_date(d, "D") + " " + format_date(d, "T"),
}
for _name, _getter in _DATE_PROPERTIES.items():
    ps_property(DT, _name)(_getter)


# ------------------------------------------------------------------ DateTime methods
def _adder(name: str, unit: str) -> None:
    @ps_method(DT, name)
    def add(d: DT, value: Any) -> DT:
        try:
            return _shift(d, TS(**{unit: arg_float(value)}))
        except OverflowError:
            raise DotNetException(_UNREPRESENTABLE, "System.ArgumentOutOfRangeException") from None


for _name, _unit in (("AddDays", "days"), ("AddHours", "hours"), ("AddMinutes", "minutes"), ("AddSeconds", "seconds"),
                     ("AddMilliseconds", "milliseconds"), ("AddMicroseconds", "microseconds")):
    _adder(_name, _unit)


def add_months(d: DT, months: int) -> DT:
    """DateTime.AddMonths: the day is clamped to the length of the target month."""
    total = d.year * 12 + (d.month - 1) + months
    year, month = divmod(total, 12)
    if not 1 <= year <= 9999:
        raise DotNetException("The added or subtracted value results in an un-representable DateTime. (Parameter 'months')",
                              "System.ArgumentOutOfRangeException")
    day = min(d.day, calendar.monthrange(year, month + 1)[1])
    return d.replace(year=year, month=month + 1, day=day)


@ps_method(DT, "AddMonths")
def _add_months(d: DT, months: Any) -> DT:
    return add_months(d, arg_int(months))


@ps_method(DT, "AddYears")
def _add_years(d: DT, years: Any) -> DT:
    return add_months(d, arg_int(years) * 12)


@ps_method(DT, "AddTicks")
def _add_ticks(d: DT, ticks: Any) -> DT:
    return _shift(d, _ticks_to_timedelta(int(arg_float(ticks))))


@ps_method(DT, "Add")
def _add(d: DT, span: Any) -> DT:
    if not isinstance(span, TS):
        from pshell.engine.types import convert_to

        span = convert_to(span, "timespan")
    return _shift(d, span)


@ps_method(DT, "Subtract")
def _subtract(d: DT, other: Any) -> Any:
    if isinstance(other, DT):
        return _naive(d) - _naive(other)
    if not isinstance(other, TS):
        from pshell.engine.types import convert_to

        other = convert_to(other, "timespan")
    return _shift(d, -other)


@ps_method(DT, "ToString")
def _to_string(d: DT, fmt: Any = None, provider: Any = None) -> str:
    return format_date(d, fmt)


@ps_method(DT, "GetDateTimeFormats")
def _formats(d: DT, spec: Any = None) -> list[str]:
    specs = [arg_str(spec)] if spec is not None else list("dDfFgGmMoOrRstTuUyY")
    return [format_date(d, s) for s in specs]


@ps_method(DT, "ToShortDateString")
def _short_date(d: DT) -> str:
    return format_date(d, "d")


@ps_method(DT, "ToLongDateString")
def _long_date(d: DT) -> str:
    return format_date(d, "D")


@ps_method(DT, "ToShortTimeString")
def _short_time(d: DT) -> str:
    return format_date(d, "t")


@ps_method(DT, "ToLongTimeString")
def _long_time(d: DT) -> str:
    return format_date(d, "T")


@ps_method(DT, "ToUniversalTime")
def _to_utc(d: DT) -> DT:
    if d.tzinfo is _dt.timezone.utc:
        return d
    return d.astimezone(_dt.timezone.utc)


@ps_method(DT, "ToLocalTime")
def _to_local(d: DT) -> DT:
    if d.tzinfo is None:
        return d
    return d.astimezone().replace(tzinfo=None)


def file_time(d: DT) -> int:
    """DateTime.ToFileTimeUtc of a value's UTC instant."""
    utc = d.astimezone(_dt.timezone.utc) if d.tzinfo is None else d
    if utc < FILETIME_EPOCH:
        raise DotNetException("Not a valid Win32 FileTime. (Parameter 'fileTime')", "System.ArgumentOutOfRangeException")
    return timespan_ticks(utc - FILETIME_EPOCH)


@ps_method(DT, "ToFileTime", "ToFileTimeUtc")
def _to_file_time(d: DT) -> int:
    return file_time(d)


@ps_method(DT, "ToOADate")
def _to_oa_date(d: DT) -> float:
    delta = _naive(d) - _dt.datetime(1899, 12, 30)
    return delta.days + delta.seconds / 86400 + delta.microseconds / 86400e6


@ps_method(DT, "IsDaylightSavingTime")
def _is_dst(d: DT) -> bool:
    return bool((d if d.tzinfo else d.astimezone()).dst())


def compare(a: Any, b: Any) -> int:
    """-1, 0 or 1 for two dates or two time spans (DateTime kinds are ignored, as in .NET)."""
    if isinstance(a, DT):
        a, b = _naive(a), _naive(b)
    return (a > b) - (a < b)


@ps_method(DT, "CompareTo")
def _compare_to(d: DT, other: Any) -> int:
    if other is None:
        return 1
    if not isinstance(other, DT):
        raise DotNetException("Object must be of type DateTime.")
    return compare(d, other)


@ps_method(DT, "Equals")
def _equals(d: DT, other: Any) -> bool:
    return isinstance(other, DT) and _naive(d) == _naive(other)


@ps_method(DT, "GetType")
def _get_type(d: DT) -> Any:
    return type_info("System.DateTime")


# ------------------------------------------------------------------ TimeSpan
def _parts(t: TS) -> tuple[int, int, int, int, int, int]:
    ticks = timespan_ticks(t)
    sign = -1 if ticks < 0 else 1
    rest = abs(ticks)
    days, rest = divmod(rest, 864_000_000_000)
    hours, rest = divmod(rest, 36_000_000_000)
    minutes, rest = divmod(rest, 600_000_000)
    seconds, rest = divmod(rest, 10_000_000)
    return sign, days, hours, minutes, seconds, rest


_SPAN_PROPERTIES: dict[str, Any] = {
    "Days": lambda t: _parts(t)[0] * _parts(t)[1],
    "Hours": lambda t: _parts(t)[0] * _parts(t)[2],
    "Minutes": lambda t: _parts(t)[0] * _parts(t)[3],
    "Seconds": lambda t: _parts(t)[0] * _parts(t)[4],
    "Milliseconds": lambda t: _parts(t)[0] * (_parts(t)[5] // 10_000),
    "Ticks": timespan_ticks,
    "TotalDays": lambda t: timespan_ticks(t) / 864_000_000_000,
    "TotalHours": lambda t: timespan_ticks(t) / 36_000_000_000,
    "TotalMinutes": lambda t: timespan_ticks(t) / 600_000_000,
    "TotalSeconds": lambda t: timespan_ticks(t) / 10_000_000,
    "TotalMilliseconds": lambda t: timespan_ticks(t) / 10_000,
    "Microseconds": lambda t: _parts(t)[0] * (_parts(t)[5] // 10 % 1000),
    "Nanoseconds": lambda t: 0,
    "TotalMicroseconds": lambda t: timespan_ticks(t) / 10,
    "TotalNanoseconds": lambda t: float(timespan_ticks(t) * 100),
}
for _name, _getter in _SPAN_PROPERTIES.items():
    ps_property(TS, _name)(_getter)


def _span(value: Any) -> TS:
    if isinstance(value, TS):
        return value
    from pshell.engine.types import convert_to

    return convert_to(value, "timespan")


def _checked_span(fn: Any) -> TS:
    try:
        return fn()
    except OverflowError:
        raise DotNetException("TimeSpan overflowed because the duration is too long.", "System.OverflowException") from None


@ps_method(TS, "Add")
def _span_add(t: TS, other: Any) -> TS:
    return _checked_span(lambda: t + _span(other))


@ps_method(TS, "Subtract")
def _span_subtract(t: TS, other: Any) -> TS:
    return _checked_span(lambda: t - _span(other))


@ps_method(TS, "Negate")
def _negate(t: TS) -> TS:
    return -t


@ps_method(TS, "Duration")
def _duration(t: TS) -> TS:
    return abs(t)


@ps_method(TS, "Multiply")
def _multiply(t: TS, factor: Any) -> TS:
    return _checked_span(lambda: _ticks_to_timedelta(round(timespan_ticks(t) * arg_float(factor))))


@ps_method(TS, "Divide")
def _divide(t: TS, divisor: Any) -> Any:
    if isinstance(divisor, TS):
        return timespan_ticks(t) / timespan_ticks(divisor)
    amount = arg_float(divisor)
    if amount == 0:
        raise DotNetException("TimeSpan overflowed because the duration is too long.", "System.OverflowException")
    return _ticks_to_timedelta(round(timespan_ticks(t) / amount))


@ps_method(TS, "ToString")
def _span_to_string(t: TS, fmt: Any = None, provider: Any = None) -> str:
    if fmt is None or not isinstance(fmt, str) or fmt == "":
        return default_timespan_string(t)
    try:
        return format_value(t, fmt, to_string)
    except DotNetFormatError as e:
        raise DotNetException(str(e), "System.FormatException") from None


@ps_method(TS, "CompareTo")
def _span_compare(t: TS, other: Any) -> int:
    if other is None:
        return 1
    if not isinstance(other, TS):
        raise DotNetException("Object must be of type TimeSpan.")
    return compare(t, other)


@ps_method(TS, "Equals")
def _span_equals(t: TS, other: Any) -> bool:
    return isinstance(other, TS) and t == other


@ps_method(TS, "GetType")
def _span_type(t: TS) -> Any:
    return type_info("System.TimeSpan")
