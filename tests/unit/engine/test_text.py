from __future__ import annotations

import math
import re
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from pshell.engine.text import (
    DotNetFormatError,
    RegexError,
    WildcardError,
    default_datetime_string,
    default_timespan_string,
    dotnet_regex,
    dotnet_replacement,
    format_composite,
    format_value,
    has_wildcard,
    wildcard_match,
    wildcard_to_regex,
)


def ps_string(value: object) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, list):
        return " ".join(ps_string(v) for v in value)
    return str(value)


def fmt(value: object, spec: str) -> str:
    return format_value(value, spec, ps_string)


@pytest.mark.parametrize(
    ("value", "spec", "expected"),
    [
        (123.456, "C", "$123.46"),
        (-123.456, "C3", "-$123.456"),
        (12345.6789, "C", "$12,345.68"),
        (12345.6789, "C3", "$12,345.679"),
        (-5, "C", "-$5.00"),
        (1234, "C0", "$1,234"),
        (1234, "D", "1234"),
        (-1234, "D6", "-001234"),
        (12345, "D8", "00012345"),
        (42, "D5", "00042"),
        (0, "D", "0"),
        (1052.0329112756, "E", "1.052033E+003"),
        (-1052.0329112756, "e2", "-1.05e+003"),
        (12345.6789, "E10", "1.2345678900E+004"),
        (12345.6789, "e4", "1.2346e+004"),
        (1234.5678, "E", "1.234568E+003"),
        (0, "E", "0.000000E+000"),
        (12345, "E2", "1.23E+004"),
        (0.000123, "E0", "1E-004"),
        (1234.567, "F", "1234.57"),
        (1234, "F1", "1234.0"),
        (-1234.56, "F4", "-1234.5600"),
        (12345.6789, "F0", "12346"),
        (12345.6789, "F6", "12345.678900"),
        (0.005, "F2", "0.01"),
        (0.0046, "F2", "0.00"),
        (123.456, "G", "123.456"),
        (-123.456, "G", "-123.456"),
        (123.4546, "G4", "123.5"),
        (-1.23456789e-25, "G", "-1.23456789E-25"),
        (12345.6789, "G10", "12345.6789"),
        (12345.6789, "G7", "12345.68"),
        (0.0023, "G", "0.0023"),
        (0.00001, "G", "1E-05"),
        (1234, "G2", "1.2E+03"),
        (math.pi, "G5", "3.1416"),
        (123456789, "G7", "1.234568E+08"),
        (0.000012345, "g3", "1.23e-05"),
        (1e17, "G", "1E+17"),
        (0.1 + 0.2, "G", "0.30000000000000004"),
        (0.1 + 0.2, "G15", "0.3"),
        (12345, "G", "12345"),
        (1234.567, "N", "1,234.57"),
        (1234, "N1", "1,234.0"),
        (-1234.56, "N3", "-1,234.560"),
        (1234.5678, "N2", "1,234.57"),
        (123456789, "N4", "123,456,789.0000"),
        (12, "N0", "12"),
        (1, "P", "100.00 %"),
        (-0.39678, "P1", "-39.7 %"),
        (0.2468013, "P", "24.68 %"),
        (0.125, "P1", "12.5 %"),
        (0.125, "P", "12.50 %"),
        (math.pi, "R", "3.141592653589793"),
        (1.5, "r", "1.5"),
        (255, "X", "FF"),
        (255, "x4", "00ff"),
        (8395, "X", "20CB"),
        (0x2C45E, "x", "2c45e"),
        (0x2C45E, "X8", "0002C45E"),
        (-1, "X", "FFFFFFFF"),
        (-1, "x4", "ffffffff"),
        (-(2**40), "X", "FFFFFF0000000000"),
    ],
)
def test_standard_numeric(value: object, spec: str, expected: str) -> None:
    assert fmt(value, spec) == expected


@pytest.mark.parametrize(
    ("value", "spec", "expected"),
    [
        (2.5, "F0", "2"),
        (3.5, "F0", "4"),
        (0.125, "F2", "0.12"),
        (0.25, "F1", "0.2"),
        (0.75, "F1", "0.8"),
        (0.15, "F1", "0.1"),
        (0.45, "F1", "0.5"),
        (1.005, "F2", "1.00"),
        (12.345, "C", "$12.35"),
        (-12.5, "N0", "-12"),
        (-0.001, "F2", "-0.00"),
    ],
)
def test_standard_numeric_rounds_the_exact_binary_value(value: float, spec: str, expected: str) -> None:
    assert fmt(value, spec) == expected


@pytest.mark.parametrize(
    ("value", "spec", "expected"),
    [
        (125, "E1", "1.3E+002"),
        (Decimal("2.5"), "F0", "3"),
        (Decimal("-2.5"), "F0", "-3"),
        (Decimal("2.345"), "N2", "2.35"),
        (Decimal("1.50"), "G", "1.50"),
        (Decimal("0.00"), "G", "0.00"),
        (Decimal("-1.25"), "C", "-$1.25"),
        (2.5, "0", "3"),
        (0.125, "0.00", "0.13"),
        (1.005, "0.00", "1.01"),
    ],
)
def test_integers_decimals_and_custom_formats_round_half_away_from_zero(
    value: object, spec: str, expected: str
) -> None:
    assert fmt(value, spec) == expected


@pytest.mark.parametrize(
    ("value", "spec", "expected"),
    [
        (1234.5678, "00000", "01235"),
        (0.45678, "0.00", "0.46"),
        (1.2, "0.00", "1.20"),
        (1.2, "00.00", "01.20"),
        (1234567890, "0,0", "1,234,567,890"),
        (1.2, "#.##", "1.2"),
        (123, "#####", "123"),
        (123456, "[##-##-##]", "[12-34-56]"),
        (1234567890, "#", "1234567890"),
        (1234567890, "(###) ###-####", "(123) 456-7890"),
        (0, "#.##", ""),
        (0.5, "#.##", ".5"),
        (1234.5, "#.##", "1234.5"),
        (1.0, "0.0#", "1.0"),
        (1234, "0000", "1234"),
        (5, "0000", "0005"),
        (1234, "#,##0", "1,234"),
        (1234.5678, "#,##0.00", "1,234.57"),
        (1234567.891, "#,##0.00", "1,234,567.89"),
        (1234567890, "#,#", "1,234,567,890"),
        (1234567890, "#,##0,,", "1,235"),
        (1234567890, "#,,", "1235"),
        (1234567890, "#,,,", "1"),
        (0.086, "#0.##%", "8.6%"),
        (0.126, "0.0%", "12.6%"),
        (0.00354, "#0.## \u2030", "3.54 \u2030"),
        (86000, "0.###E+0", "8.6E+4"),
        (86000, "0.###E+000", "8.6E+004"),
        (86000, "0.###E-000", "8.6E004"),
        (1503.92311, "0.0##e+00", "1.504e+03"),
        (0.00012, "0.00E+0", "1.20E-4"),
        (0, "0.00E+00", "0.00E+00"),
        (123, "\\#\\#\\# ##0 dollars and \\0\\0 cents \\#\\#\\#", "### 123 dollars and 00 cents ###"),
        (123.456, "'Value: '0.0", "Value: 123.5"),
        (123.456, '"Value: "0.0', "Value: 123.5"),
        (5, "\\#0", "#5"),
        (99.999, "0.00", "100.00"),
        (-99.999, "0.00", "-100.00"),
        (-1234, "#,##0", "-1,234"),
        (1234, "##;(##)", "1234"),
        (-1234, "##;(##)", "(1234)"),
        (0, "##;(##);**Zero**", "**Zero**"),
        (-1234.5, "#,##0.00;(#,##0.00)", "(1,234.50)"),
        (0, "#,##0.00;(#,##0.00);Zero", "Zero"),
        (-0.4, "0;(0);zero", "zero"),
        (-0.001, "0.00", "-0.00"),
        (1.23456, "0.00\\%", "1.23%"),
    ],
)
def test_custom_numeric(value: object, spec: str, expected: str) -> None:
    assert fmt(value, spec) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(float("nan"), "NaN"), (float("inf"), "\u221e"), (float("-inf"), "-\u221e")],
)
def test_non_finite_floats(value: float, expected: str) -> None:
    assert fmt(value, "N2") == expected


@pytest.mark.parametrize(("value", "spec"), [(1.5, "D"), (1.5, "X"), (Decimal(1), "D"), (1, "R"), (1.5, "Z"), (5, "Q2")])
def test_bad_numeric_specifier(value: object, spec: str) -> None:
    with pytest.raises(DotNetFormatError, match=r"^Format specifier was invalid\.$"):
        fmt(value, spec)


MOMENT = datetime(2009, 6, 15, 13, 45, 30, 617000)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("d", "6/15/2009"),
        ("D", "Monday, June 15, 2009"),
        ("f", "Monday, June 15, 2009 1:45 PM"),
        ("F", "Monday, June 15, 2009 1:45:30 PM"),
        ("g", "6/15/2009 1:45 PM"),
        ("G", "6/15/2009 1:45:30 PM"),
        ("m", "June 15"),
        ("M", "June 15"),
        ("s", "2009-06-15T13:45:30"),
        ("t", "1:45 PM"),
        ("T", "1:45:30 PM"),
        ("u", "2009-06-15 13:45:30Z"),
        ("y", "June 2009"),
        ("Y", "June 2009"),
        ("R", "Mon, 15 Jun 2009 13:45:30 GMT"),
        ("o", "2009-06-15T13:45:30.6170000"),
        ("O", "2009-06-15T13:45:30.6170000"),
    ],
)
def test_standard_datetime(spec: str, expected: str) -> None:
    assert fmt(MOMENT, spec) == expected


def test_standard_datetime_evening_example() -> None:
    d = datetime(2026, 11, 23, 19, 5, 9, 123456)
    assert fmt(d, "d") == "11/23/2026"
    assert fmt(d, "D") == "Monday, November 23, 2026"
    assert fmt(d, "t") == "7:05 PM"
    assert fmt(d, "T") == "7:05:09 PM"
    assert fmt(d, "g") == "11/23/2026 7:05 PM"
    assert fmt(d, "G") == "11/23/2026 7:05:09 PM"
    assert fmt(d, "o") == "2026-11-23T19:05:09.1234560"
    assert default_datetime_string(d) == "11/23/2026 7:05:09 PM"
    assert default_datetime_string(datetime(2026, 1, 5, 0, 0, 0)) == "1/5/2026 12:00:00 AM"


def test_round_trip_and_universal_formats_with_offsets() -> None:
    utc = datetime(2009, 6, 15, 13, 45, 30, tzinfo=timezone.utc)
    assert fmt(utc, "o") == "2009-06-15T13:45:30.0000000Z"
    plus = datetime(2009, 6, 15, 13, 45, 30, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    assert fmt(plus, "o") == "2009-06-15T13:45:30.0000000+05:30"
    assert fmt(plus, "u") == "2009-06-15 08:15:30Z"
    assert fmt(plus, "zzz") == "+05:30"
    assert fmt(plus, "%z") == "+5"
    assert fmt(plus, "zz") == "+05"
    assert fmt(plus, "%K") == "+05:30"
    assert fmt(utc, "%K") == "Z"
    assert fmt(MOMENT, "%K") == ""


@pytest.mark.parametrize(
    ("value", "spec", "expected"),
    [
        (MOMENT, "yyyy-MM-dd", "2009-06-15"),
        (MOMENT, "MM/dd/yyyy HH:mm:ss", "06/15/2009 13:45:30"),
        (MOMENT, "dd ddd dddd", "15 Mon Monday"),
        (MOMENT, "M MM MMM MMMM", "6 06 Jun June"),
        (MOMENT, "%d", "15"),
        (MOMENT, "%M", "6"),
        (MOMENT, "%h", "1"),
        (MOMENT, "hh", "01"),
        (MOMENT, "%H", "13"),
        (MOMENT, "h:mm tt", "1:45 PM"),
        (MOMENT, "%t", "P"),
        (MOMENT, "fff", "617"),
        (MOMENT, "FFF", "617"),
        (MOMENT, "%f", "6"),
        (MOMENT, "fffffff", "6170000"),
        (MOMENT, "FFFFFFF", "617"),
        (datetime(2009, 6, 15, 13, 45, 30, 500000), "FF", "5"),
        (datetime(2009, 6, 15, 13, 45, 30, 500000), "ff", "50"),
        (datetime(2009, 6, 15, 13, 45, 30, 50000), "FFFF", "05"),
        (datetime(2009, 6, 15, 13, 45, 30), "ss.FFF", "30"),
        (datetime(2009, 6, 15, 1, 9, 5), "%m", "9"),
        (datetime(2009, 6, 15, 1, 9, 5), "%s", "5"),
        (datetime(2009, 6, 15, 1, 9, 5), "HH", "01"),
        (datetime(1, 1, 1), "%y", "1"),
        (datetime(1, 1, 1), "yyy", "001"),
        (datetime(1, 1, 1), "yyyy", "0001"),
        (MOMENT, "%y", "9"),
        (MOMENT, "yy", "09"),
        (MOMENT, "yyy", "2009"),
        (MOMENT, "yyyyy", "02009"),
        (MOMENT, "%g", "A.D."),
        (MOMENT, "yyyy'-'MM'-'dd'T'HH':'mm", "2009-06-15T13:45"),
        (MOMENT, "hh 'o''clock' \\h", "01 oclock h"),
        (MOMENT, "\"Day\" d", "Day 15"),
    ],
)
def test_custom_datetime(value: datetime, spec: str, expected: str) -> None:
    assert fmt(value, spec) == expected


@pytest.mark.parametrize("spec", ["K", "q", "'abc", "\\", "%", "ffffffff"])
def test_bad_datetime_format(spec: str) -> None:
    with pytest.raises(DotNetFormatError, match=r"^Input string was not in a correct format\.$"):
        fmt(MOMENT, spec)


SPAN = timedelta(days=3, hours=17, minutes=25, seconds=30, milliseconds=500)


@pytest.mark.parametrize(
    ("value", "spec", "expected"),
    [
        (timedelta(hours=1, minutes=14, seconds=18), "c", "01:14:18"),
        (timedelta(hours=1, minutes=14, seconds=18), "g", "1:14:18"),
        (timedelta(hours=1, minutes=14, seconds=18), "G", "0:01:14:18.0000000"),
        (SPAN, "c", "3.17:25:30.5000000"),
        (SPAN, "t", "3.17:25:30.5000000"),
        (SPAN, "g", "3:17:25:30.5"),
        (SPAN, "G", "3:17:25:30.5000000"),
        (-SPAN, "c", "-3.17:25:30.5000000"),
        (timedelta(hours=-2), "c", "-02:00:00"),
        (timedelta(hours=-2), "g", "-2:00:00"),
        (timedelta(0), "c", "00:00:00"),
        (timedelta(hours=14, minutes=32, seconds=17), "hh\\:mm\\:ss", "14:32:17"),
        (timedelta(days=6, hours=14, minutes=32, seconds=17), "d\\.hh\\:mm\\:ss", "6.14:32:17"),
        (timedelta(days=6, hours=14, minutes=32, seconds=17), "dd", "06"),
        (timedelta(days=6), "ddddd", "00006"),
        (timedelta(hours=1, minutes=2, seconds=3), "%m", "2"),
        (timedelta(hours=1, minutes=2, seconds=3), "%h", "1"),
        (timedelta(hours=1, minutes=2, seconds=3), "h\\:mm", "1:02"),
        (timedelta(hours=-1, minutes=-2), "hh\\:mm", "01:02"),
        (SPAN, "ss\\.ff", "30.50"),
        (SPAN, "ss\\.FF", "30.5"),
        (SPAN, "dd' days'", "03 days"),
        (SPAN, '"T"hh', "T17"),
    ],
)
def test_timespan(value: timedelta, spec: str, expected: str) -> None:
    assert fmt(value, spec) == expected


def test_default_timespan_string() -> None:
    assert default_timespan_string(timedelta(days=1, hours=2, minutes=3, seconds=4, microseconds=500)) == "1.02:03:04.0005000"
    assert default_timespan_string(timedelta(minutes=5)) == "00:05:00"


@pytest.mark.parametrize("spec", ["hh:mm", "m", "hhh", "fffffffff", "x"])
def test_bad_timespan_format(spec: str) -> None:
    with pytest.raises(DotNetFormatError, match=r"^Input string was not in a correct format\.$"):
        fmt(timedelta(hours=1), spec)


@pytest.mark.parametrize(
    ("value", "spec"),
    [("text", "N2"), (True, "N2"), ([1, 2], "D3"), (None, "X"), (object, "G")],
)
def test_other_values_use_the_shell_stringifier(value: object, spec: str) -> None:
    assert fmt(value, spec) == ps_string(value)


def test_empty_spec_uses_the_shell_stringifier() -> None:
    assert format_value(1.5, "", lambda v: "shell") == "shell"


@pytest.mark.parametrize(
    ("template", "args", "expected"),
    [
        ("{0} and {1}", ["a", "b"], "a and b"),
        ("{1}{0}{1}", ["a", "b"], "bab"),
        ("{0:N2}", [1234.567], "1,234.57"),
        ("[{0,6}]", [42], "[    42]"),
        ("[{0,-6}]", [42], "[42    ]"),
        ("[{0, -6}]", [42], "[42    ]"),
        ("[{0,6:F1}]", [3.14159], "[   3.1]"),
        ("[{0,-8:X}]", [255], "[FF      ]"),
        ("[{0,2}]", ["toolong"], "[toolong]"),
        ("{{{0}}}", [5], "{5}"),
        ("{{0}}", [5], "{0}"),
        ("}}{{", [], "}{"),
        ("[{0}]", [None], "[]"),
        ("[{0,3}]", [None], "[   ]"),
        ("{0}", [True], "True"),
        ("{0:N2}", [True], "True"),
        ("{0}", [[1, 2]], "1 2"),
        ("{0:}", [1.5], "1.5"),
        ("{0 }", [7], "7"),
        ("{0:yyyy-MM-dd}", [MOMENT], "2009-06-15"),
        ("{0:hh\\:mm}", [timedelta(hours=3, minutes=4)], "03:04"),
        ("{0:P1}", [0.125], "12.5 %"),
        ("{0:0.0%}", [0.5], "50.0%"),
        ("no items", [1], "no items"),
    ],
)
def test_format_composite(template: str, args: list[object], expected: str) -> None:
    assert format_composite(template, args, ps_string) == expected


@pytest.mark.parametrize("template", ["{", "}", "{0", "{a}", "{ 0}", "{0,}", "{0,-}", "{0:x{", "a}b", "{0:N2}}", "{-1}"])
def test_format_composite_syntax_errors(template: str) -> None:
    with pytest.raises(DotNetFormatError) as info:
        format_composite(template, [1], ps_string)
    assert str(info.value) == "Input string was not in a correct format."


@pytest.mark.parametrize(("template", "args"), [("{1}", [1]), ("{0}", []), ("{2,5:N2}", [1, 2])])
def test_format_composite_index_errors(template: str, args: list[object]) -> None:
    with pytest.raises(DotNetFormatError) as info:
        format_composite(template, args, ps_string)
    assert str(info.value) == (
        "Index (zero based) must be greater than or equal to zero and less than the size of the argument list."
    )


def test_format_error_is_a_value_error() -> None:
    assert issubclass(DotNetFormatError, ValueError)
    assert issubclass(RegexError, ValueError)
    assert issubclass(WildcardError, ValueError)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", False),
        ("", False),
        ("*.txt", True),
        ("file?.log", True),
        ("[abc]", True),
        ("a`*b", False),
        ("a`?b`[c", False),
        ("``*", True),
        ("a]", False),
        ("trailing`", False),
    ],
)
def test_has_wildcard(text: str, expected: bool) -> None:
    assert has_wildcard(text) is expected


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("*", "", True),
        ("*", "anything\nat all", True),
        ("*.txt", "notes.txt", True),
        ("*.txt", "NOTES.TXT", True),
        ("*.txt", "notes.txt.bak", False),
        ("*.txt", "notesXtxt", False),
        ("Sess*", "session1", True),
        ("Sess*", "mysession", False),
        ("f?o", "foo", True),
        ("f?o", "fo", False),
        ("f?o", "fooo", False),
        ("[abc]x", "bx", True),
        ("[abc]x", "dx", False),
        ("[a-c]x", "Bx", True),
        ("[a-c]x", "dx", False),
        ("[0-9][0-9]", "42", True),
        ("a[-]b", "a-b", True),
        ("[ab-]", "-", True),
        ("[]]", "]", True),
        ("[`]]x", "]x", True),
        ("[`*]", "*", True),
        ("[`*]", "a", False),
        ("a`*b", "a*b", True),
        ("a`*b", "axb", False),
        ("a`?", "a?", True),
        ("a`?", "ab", False),
        ("`[x]", "[x]", True),
        ("`[x]", "x", False),
        ("a``b", "a`b", True),
        ("a`b", "ab", True),
        ("trailing`", "trailing`", True),
        ("`", "", True),
        ("a.b", "a.b", True),
        ("a.b", "axb", False),
        ("(x)+^$", "(x)+^$", True),
        ("a\\b", "a\\b", True),
        ("ÄBC*", "äbcd", True),
    ],
)
def test_wildcard_match(pattern: str, text: str, expected: bool) -> None:
    assert wildcard_match(pattern, text) is expected


def test_wildcard_case_sensitive() -> None:
    assert wildcard_match("*.TXT", "a.TXT", case_sensitive=True)
    assert not wildcard_match("*.TXT", "a.txt", case_sensitive=True)
    assert not wildcard_match("[A-C]", "b", case_sensitive=True)


def test_wildcard_regex_is_anchored_and_cached() -> None:
    rx = wildcard_to_regex("a*")
    assert rx.match("abc") and not rx.match("xabc") and rx.search("xabc") is None
    assert wildcard_to_regex("a*") is rx
    assert wildcard_to_regex("a*", case_sensitive=True) is not rx


@pytest.mark.parametrize("pattern", ["[abc", "a[", "[z-a]", "[]"])
def test_invalid_wildcard(pattern: str) -> None:
    with pytest.raises(WildcardError) as info:
        wildcard_match(pattern, "x")
    assert str(info.value) == f"The specified wildcard character pattern is not valid: {pattern}"


def test_regex_named_groups() -> None:
    m = dotnet_regex(r"(?<year>\d{4})-(?<month>\d\d)").search("on 2026-11-23")
    assert m is not None
    assert m.group("year") == "2026" and m.group("month") == "11"
    m = dotnet_regex(r"(?'word'\w+) \k<word>").search("say hello hello")
    assert m is not None and m.group("word") == "hello"
    assert dotnet_regex(r"(?<w>a)\k'w'").fullmatch("aa")
    assert dotnet_regex(r"(a)\k<1>").fullmatch("aa")


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        (r"(?<=\$)\d+", "cost $42", "42"),
        (r"(?<!\$)\b\d+", "$42 or 17", "17"),
        (r"[(?<x>)]+", "(?<", "(?<"),
        (r"\d+\z", "abc 123", "123"),
        (r"^\w+$", "Hello", "Hello"),
    ],
)
def test_regex_constructs_that_stay_as_they_are(pattern: str, text: str, expected: str) -> None:
    m = dotnet_regex(pattern).search(text)
    assert m is not None and m.group(0) == expected


def test_regex_is_case_insensitive_unless_asked() -> None:
    assert dotnet_regex("HELLO").search("say hello")
    assert not dotnet_regex("HELLO", case_sensitive=True).search("say hello")
    assert dotnet_regex("HELLO") is dotnet_regex("HELLO")


def test_regex_end_anchors() -> None:
    assert dotnet_regex(r"abc\Z").search("abc\n")
    assert not dotnet_regex(r"abc\z").search("abc\n")
    assert dotnet_regex(r"abc\z").search("abc")


def test_regex_inline_options_anywhere() -> None:
    rx = dotnet_regex(r"a(?i)b|c", case_sensitive=True)
    assert rx.fullmatch("aB") and rx.fullmatch("C") and not rx.fullmatch("AB")
    rx = dotnet_regex(r"(x(?i)y)z", case_sensitive=True)
    assert rx.fullmatch("xYz") and not rx.fullmatch("xYZ")
    assert dotnet_regex(r"(?i)abc", case_sensitive=True).fullmatch("ABC")
    assert not dotnet_regex(r"(?-i)abc").fullmatch("ABC")
    assert dotnet_regex(r"(?i:a)b", case_sensitive=True).fullmatch("Ab")
    assert dotnet_regex(r"(?n)(a)b").fullmatch("ab")


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("(", "Invalid pattern '(' at offset 1. Not enough )'s."),
        ("a)", "Invalid pattern 'a)' at offset 2. Too many )'s."),
        ("[a", "Invalid pattern '[a' at offset 2. Unterminated [] set."),
        ("*a", "Invalid pattern '*a' at offset 1. Quantifier '*' following nothing."),
        ("a**", "Invalid pattern 'a**' at offset 3. Nested quantifier '*'."),
        ("\\", "Invalid pattern '\\' at offset 1. Illegal \\ at end of pattern."),
        (r"\q", "Invalid pattern '\\q' at offset 2. Unrecognized escape sequence \\q."),
        (r"(?<n>a)\k<m>", "Invalid pattern '(?<n>a)\\k<m>' at offset 7. Reference to undefined group name 'm'."),
    ],
)
def test_regex_errors(pattern: str, message: str) -> None:
    with pytest.raises(RegexError) as info:
        dotnet_regex(pattern)
    assert str(info.value) == message
    assert info.value.pattern == pattern


@pytest.mark.parametrize(
    ("replacement", "expected"),
    [
        ("$1", r"\g<1>"),
        ("${1}", r"\g<1>"),
        ("${name}", r"\g<name>"),
        ("$0", r"\g<0>"),
        ("$&", r"\g<0>"),
        ("$$", "$"),
        ("$$1", "$1"),
        ("a\\b", "a\\\\b"),
        ("\\1", "\\\\1"),
        ("$", "$"),
        ("$x", "$x"),
        ("${unclosed", "${unclosed"),
        ("$`", "$`"),
        ("$'", "$'"),
        ("$_", "$_"),
        ("$+", "$+"),
        ("[$2-$1]", r"[\g<2>-\g<1>]"),
    ],
)
def test_dotnet_replacement(replacement: str, expected: str) -> None:
    assert dotnet_replacement(replacement) == expected


def test_dotnet_replacement_with_pattern_keeps_missing_groups_literal() -> None:
    rx = dotnet_regex(r"(?<first>\w+) (\w+)")
    assert dotnet_replacement("$10 $2 ${first} ${nope} $3", pattern=rx) == r"$10 \g<2> \g<first> ${nope} $3"


@pytest.mark.parametrize(
    ("pattern", "replacement", "text", "expected"),
    [
        (r"(?<first>\w+) (?<last>\w+)", "${last}, ${first}", "John Smith", "Smith, John"),
        (r"(\w+) (\w+)", "$2 $1", "John Smith", "Smith John"),
        (r"\d+", "<$&>", "a1b22", "a<1>b<22>"),
        (r"\d+", "$$", "a1", "a$"),
        (r"/", "\\", "a/b", "a\\b"),
        (r"o", "$0$0", "foo", "foooo"),
    ],
)
def test_replace_end_to_end(pattern: str, replacement: str, text: str, expected: str) -> None:
    rx = dotnet_regex(pattern)
    assert rx.sub(dotnet_replacement(replacement, pattern=rx), text) == expected


def test_translated_regex_is_a_python_pattern() -> None:
    assert isinstance(dotnet_regex("a"), re.Pattern)
    assert isinstance(wildcard_to_regex("a"), re.Pattern)
