from __future__ import annotations

import datetime as dt

import pytest

from pshell.engine.dates import parse_datetime, parse_exact, ticks_of
from pshell.engine.members import call_method, get_property, property_names
from pshell.engine.types import convert_to
from pshell.errors import PSError

D = dt.datetime
TS = dt.timedelta


def call(obj, name, *args):
    return call_method(None, obj, name, list(args))


@pytest.mark.parametrize("text,expected", [
    ("2026-11-23", D(2026, 11, 23)),
    ("2026-11-23 10:00", D(2026, 11, 23, 10, 0)),
    ("2026-11-23T10:00:05", D(2026, 11, 23, 10, 0, 5)),
    ("2026-11-23T10:00:05.1234567", D(2026, 11, 23, 10, 0, 5, 123456)),
    ("2026-1-5", D(2026, 1, 5)),
    ("2026/11/23", D(2026, 11, 23)),
    ("11/23/2026", D(2026, 11, 23)),
    ("11/23/26", D(2026, 11, 23)),
    ("11/23/2026 7:05 PM", D(2026, 11, 23, 19, 5)),
    ("11/23/2026 12:00 AM", D(2026, 11, 23, 0, 0)),
    ("11/23/2026 19:05:09", D(2026, 11, 23, 19, 5, 9)),
    ("Nov 23 2026", D(2026, 11, 23)),
    ("November 23, 2026", D(2026, 11, 23)),
    ("23 November 2026", D(2026, 11, 23)),
    ("23 Nov 2026 7:05:09 pm", D(2026, 11, 23, 19, 5, 9)),
    ("Monday, November 23, 2026 7:05:09 PM", D(2026, 11, 23, 19, 5, 9)),
    ("November 2026", D(2026, 11, 1)),
    ("2026-11", D(2026, 11, 1)),
])
def test_parse_datetime(text, expected):
    assert parse_datetime(text) == expected


def test_parse_datetime_with_offsets_gives_local_time():
    utc = D(2026, 11, 23, 10, 0, tzinfo=dt.timezone.utc)
    local = utc.astimezone().replace(tzinfo=None)
    assert parse_datetime("2026-11-23T10:00:00Z") == local
    assert parse_datetime("2026-11-23T12:00:00+02:00") == local
    assert parse_datetime("Mon, 23 Nov 2026 10:00:00 GMT") == local


def test_parse_datetime_time_only_is_today():
    for text, hour, minute in (("10:30", 10, 30), ("7 PM", 19, 0)):
        before = dt.date.today()
        parsed = parse_datetime(text)
        after = dt.date.today()  # the test may run across midnight
        assert (parsed.hour, parsed.minute) == (hour, minute) and parsed.date() in (before, after)


@pytest.mark.parametrize("text", ["", "   ", "foo", "2026", "13/45/2026", "Tuesday, November 23, 2026",
                                  "11/23/2026 25:00", "2026-02-30"])
def test_parse_datetime_rejects(text):
    assert parse_datetime(text) is None


def test_cast_uses_parser():
    assert convert_to("Nov 23 2026", "datetime") == D(2026, 11, 23)
    with pytest.raises(PSError) as info:
        convert_to("garbage", "datetime")
    assert "was not recognized as a valid DateTime" in info.value.record.message


@pytest.mark.parametrize("text,fmt,expected", [
    ("23.11.2026", "dd.MM.yyyy", D(2026, 11, 23)),
    ("20261123", "yyyyMMdd", D(2026, 11, 23)),
    ("2026-11-23 19:05", "yyyy-MM-dd HH:mm", D(2026, 11, 23, 19, 5)),
    ("Nov 5, 2026 7:05 PM", "MMM d, yyyy h:mm tt", D(2026, 11, 5, 19, 5)),
    ("Monday 23 November 2026", "dddd d MMMM yyyy", D(2026, 11, 23)),
    ("2026-11-23T19:05:09.123", "yyyy-MM-ddTHH:mm:ss.fff", D(2026, 11, 23, 19, 5, 9, 123000)),
    ("11/23/2026", "d", D(2026, 11, 23)),
    ("2026-11-23T19:05:09", "s", D(2026, 11, 23, 19, 5, 9)),
    ("at 23|11|2026", "'at' dd|MM|yyyy", D(2026, 11, 23)),
])
def test_parse_exact(text, fmt, expected):
    assert parse_exact(text, fmt) == expected


def test_parse_exact_failures():
    assert parse_exact("2026-11-23", "dd.MM.yyyy") is None
    assert parse_exact("31.02.2026", "dd.MM.yyyy") is None
    assert parse_exact("Tuesday 23 November 2026", "dddd d MMMM yyyy") is None
    assert parse_exact("23.11.2026", ["yyyy-MM-dd", "dd.MM.yyyy"]) == D(2026, 11, 23)


# ------------------------------------------------------------------ DateTime members
SAMPLE = D(2026, 11, 23, 19, 5, 9, 250000)


@pytest.mark.parametrize("name,expected", [
    ("Year", 2026), ("Month", 11), ("Day", 23), ("Hour", 19), ("Minute", 5), ("Second", 9), ("Millisecond", 250),
    ("DayOfWeek", "Monday"), ("DayOfYear", 327), ("Date", D(2026, 11, 23)), ("TimeOfDay", TS(hours=19, minutes=5, seconds=9.25)),
    ("Kind", "Unspecified"), ("DateTime", "Monday, November 23, 2026 7:05:09 PM"),
])
def test_datetime_properties(name, expected):
    assert get_property(SAMPLE, name) == expected


def test_datetime_ticks():
    assert get_property(D(1, 1, 1), "Ticks") == 0
    assert get_property(D(2026, 11, 23), "Ticks") == 639_309_888_000_000_000
    assert ticks_of(D(1970, 1, 1)) == 621_355_968_000_000_000
    assert get_property(D(2026, 1, 1, tzinfo=dt.timezone.utc), "Kind") == "Utc"


def test_datetime_arithmetic_methods():
    d = D(2026, 1, 31)
    assert call(d, "AddDays", 1.5) == D(2026, 2, 1, 12)
    assert call(d, "AddHours", -1) == D(2026, 1, 30, 23)
    assert call(d, "AddMinutes", 90) == D(2026, 1, 31, 1, 30)
    assert call(d, "AddSeconds", 30) == D(2026, 1, 31, 0, 0, 30)
    assert call(d, "AddMilliseconds", 5) == D(2026, 1, 31, 0, 0, 0, 5000)
    assert call(d, "AddMonths", 1) == D(2026, 2, 28)
    assert call(d, "AddMonths", -2) == D(2025, 11, 30)
    assert call(D(2024, 2, 29), "AddYears", 1) == D(2025, 2, 28)
    assert call(d, "AddTicks", 10) == D(2026, 1, 31, 0, 0, 0, 1)
    assert call(d, "Add", TS(days=1)) == D(2026, 2, 1)
    assert call(d, "Subtract", D(2026, 1, 1)) == TS(days=30)
    assert call(d, "Subtract", TS(days=1)) == D(2026, 1, 30)
    with pytest.raises(PSError) as info:
        call(D(9999, 12, 31), "AddDays", 1)
    assert "un-representable DateTime" in info.value.record.message


def test_datetime_formatting_methods():
    assert call(SAMPLE, "ToString") == "11/23/2026 7:05:09 PM"
    assert call(SAMPLE, "ToString", "yyyy-MM-dd HH:mm") == "2026-11-23 19:05"
    assert call(SAMPLE, "ToString", "o") == "2026-11-23T19:05:09.2500000"
    assert call(SAMPLE, "ToShortDateString") == "11/23/2026"
    assert call(SAMPLE, "ToLongDateString") == "Monday, November 23, 2026"
    assert call(SAMPLE, "ToShortTimeString") == "7:05 PM"
    assert call(SAMPLE, "ToLongTimeString") == "7:05:09 PM"
    assert call(SAMPLE, "GetType").FullName == "System.DateTime"


def test_datetime_comparison_and_kinds():
    assert call(SAMPLE, "CompareTo", D(2027, 1, 1)) == -1
    assert call(SAMPLE, "CompareTo", SAMPLE) == 0
    assert call(SAMPLE, "Equals", D(2026, 11, 23, 19, 5, 9, 250000)) is True
    utc = call(SAMPLE, "ToUniversalTime")
    assert utc.tzinfo is dt.timezone.utc
    assert call(utc, "ToUniversalTime") is utc
    assert call(utc, "ToLocalTime") == SAMPLE
    assert call(D(1601, 1, 1, tzinfo=dt.timezone.utc), "ToFileTimeUtc") == 0


def test_datetime_display_properties_order():
    names = property_names(SAMPLE)
    assert names[:3] == ["Date", "Day", "DayOfWeek"]
    assert "TimeOfDay" in names and "DateTime" in names


# ------------------------------------------------------------------ TimeSpan members
def test_timespan_properties():
    t = TS(days=1, hours=2, minutes=3, seconds=4, milliseconds=5)
    assert [get_property(t, n) for n in ("Days", "Hours", "Minutes", "Seconds", "Milliseconds")] == [1, 2, 3, 4, 5]
    assert get_property(t, "Ticks") == 937_840_050_000
    assert get_property(TS(hours=1, minutes=30), "TotalHours") == 1.5
    assert get_property(TS(minutes=90), "TotalMinutes") == 90.0
    assert get_property(TS(seconds=1), "TotalMilliseconds") == 1000.0


def test_negative_timespan_components_are_all_negative():
    t = TS(hours=-1, minutes=-30)
    assert get_property(t, "Hours") == -1
    assert get_property(t, "Minutes") == -30
    assert get_property(t, "Days") == 0
    assert get_property(t, "TotalMinutes") == -90.0


def test_timespan_methods():
    t = TS(hours=1, minutes=30)
    assert call(t, "Add", TS(minutes=30)) == TS(hours=2)
    assert call(t, "Subtract", TS(hours=2)) == TS(minutes=-30)
    assert call(t, "Negate") == -t
    assert call(-t, "Duration") == t
    assert call(t, "ToString") == "01:30:00"
    assert call(TS(days=1, hours=2), "ToString") == "1.02:00:00"
    assert call(-t, "ToString") == "-01:30:00"
    assert call(t, "ToString", r"hh\:mm") == "01:30"
    assert call(t, "ToString", "g") == "1:30:00"
    assert call(t, "CompareTo", TS(hours=2)) == -1
    assert call(t, "Equals", TS(minutes=90)) is True
    assert call(t, "GetType").FullName == "System.TimeSpan"
    with pytest.raises(PSError) as info:
        call(t, "ToString", "q")
    assert info.value.record.error_id == "FormatException"
