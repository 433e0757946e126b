from __future__ import annotations

import datetime as dt
import math
import os
import uuid
from decimal import Decimal

import pytest

from pshell.engine.library.common import EnumValue
from pshell.engine.library.containers import ArrayList, GenericList, HashSet, Stack
from pshell.engine.library.dictionaries import GenericDictionary
from pshell.engine.library.objects import MethodGroup, Stopwatch
from pshell.engine.library.textobjects import StringBuilder
from pshell.engine.members import call_method, get_property
from pshell.engine.statics import (
    STATIC_TYPES,
    Regex,
    Version,
    call_static_method,
    construct_collection,
    get_static_member,
    is_collection_instance,
    split_generic,
)
from pshell.engine.types import convert_to, is_known
from pshell.errors import PSError


def static(type_name, member, *args, context=None):
    return call_static_method(context, type_name, member, list(args))


def member(type_name, name, context=None):
    return get_static_member(context, type_name, name)


def error_of(fn, *args, **kw) -> PSError:
    with pytest.raises(PSError) as info:
        fn(*args, **kw)
    return info.value


class Ref:
    def __init__(self) -> None:
        self.Value = None


def test_type_names_resolve_with_and_without_system_prefix():
    for name in ("Math", "System.Math", "math"):
        assert member(name, "PI") == math.pi
    assert member("IO.Path", "DirectorySeparatorChar") == "/"
    assert member("System.IO.Path", "PathSeparator") == ":"
    assert member("int", "MaxValue") == 2**31 - 1
    assert member("Int64", "MinValue") == -(2**63)
    assert member("string", "Empty") == ""
    assert member("Environment", "NewLine") == "\n"
    assert "math" in STATIC_TYPES and "system.datetime" in STATIC_TYPES
    assert is_known("System.IO.File") and is_known("Text.StringBuilder")


def test_split_generic():
    assert split_generic("System.Collections.Generic.Dictionary[string, int]") == (
        "system.collections.generic.dictionary", ["string", "int"])
    assert split_generic("List[List[int]]") == ("list", ["List[int]"])
    assert split_generic("List[string[]]") == ("list", ["string[]"])
    assert split_generic("string[]") == ("string[]", [])


def test_unknown_type_and_member_errors():
    err = error_of(static, "Foo", "Bar")
    assert err.record.message == "Unable to find type [Foo]."
    assert err.record.error_id == "TypeNotFound"
    err = error_of(static, "Math", "Foo", 1)
    assert err.record.message == "Method invocation failed because [System.Math] does not contain a method named 'Foo'."
    assert err.record.error_id == "MethodNotFound"
    assert member("Math", "NoSuchProperty") is None
    assert isinstance(member("Math", "Round"), MethodGroup)
    err = error_of(static, "Math", "Round", 1, 2, 3, 4)
    assert err.record.message == 'Cannot find an overload for "Round" and the argument count: "4".'


@pytest.mark.parametrize("args,expected", [
    ((2.5,), 2.0), ((3.5,), 4.0), ((-2.5,), -2.0), ((2.567, 2), 2.57), ((2.675, 2), 2.68),
    ((2.5, "AwayFromZero"), 3.0), ((2.45, 1, "AwayFromZero"), 2.5), ((Decimal("2.5"),), Decimal("2")),
    ((Decimal("1.005"), 2, "AwayFromZero"), Decimal("1.01")), ((7,), 7.0),
])
def test_math_round(args, expected):
    result = static("Math", "Round", *args)
    assert result == expected and type(result) is type(expected)


def test_math_functions():
    assert static("Math", "Floor", 2.7) == 2.0
    assert static("Math", "Ceiling", 2.1) == 3.0
    assert static("Math", "Truncate", -2.7) == -2.0
    assert static("Math", "Abs", -4) == 4 and type(static("Math", "Abs", -4)) is int
    assert static("Math", "Max", 3, 7) == 7 and type(static("Math", "Max", 3, 7)) is int
    assert static("Math", "Min", 3, 2.5) == 2.5
    assert static("Math", "Pow", 2, 10) == 1024.0
    assert static("Math", "Sqrt", 16) == 4.0
    assert math.isnan(static("Math", "Sqrt", -1))
    assert static("Math", "Log", 0) == -math.inf
    assert static("Math", "Log", 8, 2) == pytest.approx(3.0)
    assert static("Math", "Log10", 1000) == pytest.approx(3.0)
    assert static("Math", "Sign", -3.5) == -1
    assert static("Math", "Exp", 0) == 1.0
    assert static("Math", "Clamp", 15, 0, 10) == 10
    err = error_of(static, "Math", "Sign", math.nan)
    assert "Function does not accept floating point Not-a-Number values." in err.record.message


def test_datetime_statics():
    assert isinstance(member("datetime", "Now"), dt.datetime)
    assert member("datetime", "UtcNow").tzinfo is dt.timezone.utc
    assert member("datetime", "Today").hour == 0
    assert static("DateTime", "Parse", "2026-11-23 10:00") == dt.datetime(2026, 11, 23, 10, 0)
    assert static("DateTime", "ParseExact", "23.11.2026", "dd.MM.yyyy", None) == dt.datetime(2026, 11, 23)
    assert static("DateTime", "ParseExact", "2026-11-23", ["MM/dd/yyyy", "yyyy-MM-dd"], None).day == 23
    assert static("DateTime", "DaysInMonth", 2024, 2) == 29
    assert static("DateTime", "IsLeapYear", 2100) is False
    assert static("DateTime", "new", 2026, 11, 23) == dt.datetime(2026, 11, 23)
    assert static("DateTime", "new", 2026, 11, 23, 19, 5, 9) == dt.datetime(2026, 11, 23, 19, 5, 9)
    err = error_of(static, "DateTime", "Parse", "not a date")
    assert err.record.message == ('Exception calling "Parse" with "1" argument(s): '
                                  '"String \'not a date\' was not recognized as a valid DateTime."')
    err = error_of(static, "DateTime", "new", 2026, 2, 30)
    assert err.record.message.endswith('"Year, Month, and Day parameters describe an un-representable DateTime."')
    assert err.record.message.startswith('Exception calling ".ctor" with "3" argument(s)')
    out = Ref()
    assert static("DateTime", "TryParse", "11/23/2026", out) is True and out.Value == dt.datetime(2026, 11, 23)


def test_timespan_statics():
    assert static("TimeSpan", "FromMinutes", 90) == dt.timedelta(minutes=90)
    assert static("TimeSpan", "FromSeconds", 1.5) == dt.timedelta(seconds=1.5)
    assert static("TimeSpan", "FromDays", 1) == dt.timedelta(days=1)
    assert static("TimeSpan", "FromHours", 2) == dt.timedelta(hours=2)
    assert static("TimeSpan", "FromMilliseconds", 250) == dt.timedelta(milliseconds=250)
    assert member("TimeSpan", "Zero") == dt.timedelta(0)
    assert static("TimeSpan", "Parse", "1.02:03:04") == dt.timedelta(days=1, hours=2, minutes=3, seconds=4)
    assert static("TimeSpan", "new", 1, 2, 3) == dt.timedelta(hours=1, minutes=2, seconds=3)
    assert static("TimeSpan", "new", 1, 2, 3, 4) == dt.timedelta(days=1, hours=2, minutes=3, seconds=4)
    assert static("TimeSpan", "new", 10_000_000) == dt.timedelta(seconds=1)


def test_string_statics():
    assert static("String", "IsNullOrEmpty", None) is True
    assert static("String", "IsNullOrEmpty", "") is True
    assert static("String", "IsNullOrWhiteSpace", " \t") is True
    assert static("String", "IsNullOrWhiteSpace", "x") is False
    assert static("String", "Join", ",", [1, 2, 3]) == "1,2,3"
    assert static("String", "Join", "-", "a", "b") == "a-b"
    assert static("String", "Join", ",", ["a", None, "c"]) == "a,,c"
    assert static("String", "Format", "{0}-{1:N1}", "a", 2.25) == "a-2.2"
    assert static("String", "Format", "{0}{1}", ["x", "y"]) == "xy"
    assert static("String", "Concat", "a", 1, None) == "a1"
    assert static("String", "Concat", ["a", "b"]) == "ab"
    assert static("String", "Compare", "a", "B") == -1
    assert static("String", "Compare", "a", "A", True) == 0
    assert static("String", "Equals", "a", "A") is False
    assert static("String", "Equals", "a", "A", "OrdinalIgnoreCase") is True
    assert static("String", "new", "x", 3) == "xxx"
    err = error_of(static, "String", "Format", "{1}", "a")
    assert err.record.message.endswith('"Index (zero based) must be greater than or equal to zero and less than the '
                                       'size of the argument list."')


def test_number_parsing():
    assert static("Int32", "Parse", " 42 ") == 42
    assert static("int", "Parse", "ff", "HexNumber") == 255
    assert static("int", "Parse", "1,234", "Number") == 1234
    err = error_of(static, "int", "Parse", "abc")
    assert err.record.message == ('Exception calling "Parse" with "1" argument(s): '
                                  '"The input string \'abc\' was not in a correct format."')
    assert error_of(static, "int", "Parse", "99999999999").record.message.endswith(
        '"Value was either too large or too small for an Int32."')
    out = Ref()
    assert static("int", "TryParse", "17", out) is True and out.Value == 17
    assert static("int", "TryParse", "x", out) is False and out.Value == 0
    assert static("long", "Parse", "9999999999") == 9999999999
    assert static("double", "Parse", "1,234.5") == 1234.5
    assert static("double", "Parse", "1e3") == 1000.0
    assert math.isnan(member("double", "NaN"))
    assert static("double", "IsNaN", math.nan) is True
    assert static("decimal", "Parse", "1.50") == Decimal("1.50")
    assert static("bool", "Parse", " TRUE ") is True
    assert error_of(static, "bool", "Parse", "yes").record.message.endswith(
        '"String \'yes\' was not recognized as a valid Boolean."')


def test_char_statics():
    assert static("char", "IsDigit", "5") is True
    assert static("char", "IsDigit", "a") is False
    assert static("char", "IsLetter", "é") is True
    assert static("Char", "IsLetterOrDigit", "_") is False
    assert static("char", "IsWhiteSpace", "\t") is True
    assert static("char", "IsUpper", "A") and static("char", "IsLower", "a")
    assert static("char", "ToUpper", "a") == "A"
    assert static("char", "IsDigit", "a1", 1) is True
    assert static("char", "IsPunctuation", "!") is True


def test_convert():
    assert static("Convert", "ToInt32", "ff", 16) == 255
    assert static("Convert", "ToInt32", "0xFF", 16) == 255
    assert static("Convert", "ToInt32", "FFFFFFFF", 16) == -1
    assert static("Convert", "ToInt32", "101", 2) == 5
    assert static("Convert", "ToInt32", 2.5) == 2
    assert static("Convert", "ToInt32", 3.5) == 4
    assert static("Convert", "ToInt32", "12") == 12
    assert static("Convert", "ToInt32", None) == 0
    assert static("Convert", "ToInt64", "12") == 12
    assert static("Convert", "ToDouble", "1.5") == 1.5
    assert static("Convert", "ToString", 255, 16) == "ff"
    assert static("Convert", "ToString", 5, 2) == "101"
    assert static("Convert", "ToString", -1, 16) == "ffffffff"
    assert static("Convert", "ToString", 1.5) == "1.5"
    assert static("Convert", "ToBoolean", "true") is True
    assert static("Convert", "ToBoolean", 0) is False
    assert static("Convert", "ToBase64String", [104, 105]) == "aGk="
    assert static("Convert", "FromBase64String", "aGk=") == [104, 105]
    assert static("Convert", "ToHexString", [1, 171]) == "01AB"
    assert static("Convert", "FromHexString", "01ab") == [1, 171]
    err = error_of(static, "Convert", "ToInt32", "zz", 16)
    assert err.record.message.endswith('"Could not find any recognizable digits."')
    err = error_of(static, "Convert", "FromBase64String", "a")
    assert "not a valid Base-64 string" in err.record.message


def test_encoding():
    utf8 = member("Text.Encoding", "UTF8")
    assert call_method(None, utf8, "GetBytes", ["hé"]) == [104, 195, 169]
    assert call_method(None, utf8, "GetString", [[104, 195, 169]]) == "hé"
    assert get_property(utf8, "WebName") == "utf-8"
    assert call_method(None, utf8, "GetPreamble", []) == [0xEF, 0xBB, 0xBF]
    ascii_ = member("System.Text.Encoding", "ASCII")
    assert ascii_.GetBytes("hé") == [104, 63]
    assert member("Text.Encoding", "Unicode").GetBytes("A") == [65, 0]
    assert static("Text.Encoding", "GetEncoding", "utf-8") is utf8


def test_guid_and_version():
    assert isinstance(static("Guid", "NewGuid"), uuid.UUID)
    assert member("guid", "Empty") == uuid.UUID(int=0)
    text = "0f8fad5b-d9cb-469f-a165-70867728950e"
    assert static("Guid", "Parse", "{" + text + "}") == uuid.UUID(text)
    assert static("Guid", "new", text) == uuid.UUID(text)
    assert error_of(static, "Guid", "Parse", "nope").record.message.endswith('"Unrecognized Guid format."')
    v = static("Version", "new", "1.2.3")
    assert (v.Major, v.Minor, v.Build, v.Revision) == (1, 2, 3, -1)
    assert static("Version", "Parse", "1.2") < Version(1, 10)
    assert v.ToString() == "1.2.3" and v.ToString(2) == "1.2"
    assert convert_to("2.0.1", "version") == Version(2, 0, 1)
    err = error_of(convert_to, "1", "version")
    assert err.record.message == ('Cannot convert value "1" to type "System.Version". Error: '
                                  '"Version string portion was too short or too long. (Parameter \'input\')"')


def test_environment(monkeypatch):
    monkeypatch.setenv("PSHELL_TEST_VAR", "value")
    assert static("Environment", "GetEnvironmentVariable", "PSHELL_TEST_VAR") == "value"
    static("Environment", "SetEnvironmentVariable", "PSHELL_TEST_VAR", "other")
    assert os.environ["PSHELL_TEST_VAR"] == "other"
    static("Environment", "SetEnvironmentVariable", "PSHELL_TEST_VAR", None)
    assert "PSHELL_TEST_VAR" not in os.environ
    assert static("Environment", "GetFolderPath", "UserProfile") == os.path.expanduser("~")
    folder = member("Environment+SpecialFolder", "Desktop")
    assert static("Environment", "GetFolderPath", folder).endswith("Desktop")
    assert member("Environment", "ProcessorCount") >= 1
    assert isinstance(member("Environment", "MachineName"), str)
    assert member("Environment", "OSVersion").Platform == "Unix"
    assert static("Environment", "ExpandEnvironmentVariables", "%HOME%/x") == os.environ["HOME"] + "/x"


def test_path_functions():
    assert static("IO.Path", "Combine", "a", "b", "c.txt") == "a/b/c.txt"
    assert static("IO.Path", "Combine", "a/", "/abs", "x") == "/abs/x"
    assert static("IO.Path", "Combine", ["a", "b"]) == "a/b"
    assert static("IO.Path", "Join", "a", "/b") == "a/b"
    assert static("IO.Path", "GetFileName", "/x/y.tar.gz") == "y.tar.gz"
    assert static("IO.Path", "GetFileNameWithoutExtension", "/x/y.tar.gz") == "y.tar"
    assert static("IO.Path", "GetExtension", "/x/y.tar.gz") == ".gz"
    assert static("IO.Path", "GetExtension", "/x.d/y") == ""
    assert static("IO.Path", "GetDirectoryName", "/x/y.txt") == "/x"
    assert static("IO.Path", "GetDirectoryName", "/x") == "/"
    assert static("IO.Path", "GetDirectoryName", "/") is None
    assert static("IO.Path", "GetDirectoryName", "y.txt") == ""
    assert static("IO.Path", "IsPathRooted", "/x") is True
    assert static("IO.Path", "ChangeExtension", "a/b.txt", "md") == "a/b.md"
    assert static("IO.Path", "ChangeExtension", "a/b.txt", None) == "a/b"
    assert static("IO.Path", "GetFullPath", "/a/b/../c") == "/a/c"
    assert static("IO.Path", "GetTempPath").endswith("/")
    assert static("IO.Path", "GetFileName", None) is None


def test_file_and_directory(tmp_path):
    target = str(tmp_path / "a.txt")
    static("IO.File", "WriteAllText", target, "one\ntwo\n")
    assert static("IO.File", "Exists", target) is True
    assert static("IO.File", "ReadAllText", target) == "one\ntwo\n"
    assert static("IO.File", "ReadAllLines", target) == ["one", "two"]
    static("IO.File", "AppendAllText", target, "three")
    assert static("IO.File", "ReadAllLines", target) == ["one", "two", "three"]
    static("IO.File", "WriteAllLines", target, ["x", "y"])
    assert open(target).read() == "x\ny\n"
    static("IO.File", "WriteAllText", target, "bom", member("Text.Encoding", "UTF8"))
    assert open(target, "rb").read() == b"\xef\xbb\xbfbom"
    assert static("IO.File", "ReadAllText", target) == "bom"
    copy = str(tmp_path / "b.txt")
    static("IO.File", "Copy", target, copy)
    err = error_of(static, "IO.File", "Copy", target, copy)
    assert err.record.message.endswith(f"\"The file '{copy}' already exists.\"")
    static("IO.File", "Copy", target, copy, True)
    static("IO.File", "Delete", copy)
    static("IO.File", "Delete", copy)
    assert not os.path.exists(copy)
    missing = str(tmp_path / "missing.txt")
    err = error_of(static, "IO.File", "ReadAllText", missing)
    assert err.record.message == f'Exception calling "ReadAllText" with "1" argument(s): "Could not find file \'{missing}\'."'
    assert err.record.error_id == "FileNotFoundException"
    folder = str(tmp_path / "d" / "e")
    info = static("IO.Directory", "CreateDirectory", folder)
    assert get_property(info, "FullName") == folder and get_property(info, "Name") == "e"
    static("IO.File", "WriteAllText", os.path.join(folder, "f.log"), "")
    assert static("IO.Directory", "Exists", folder) is True
    assert static("IO.Directory", "GetFiles", str(tmp_path)) == [target]
    assert static("IO.Directory", "GetFiles", str(tmp_path), "*.log", "AllDirectories") == [os.path.join(folder, "f.log")]
    assert static("IO.Directory", "GetDirectories", str(tmp_path)) == [str(tmp_path / "d")]
    err = error_of(static, "IO.Directory", "Delete", str(tmp_path / "d"))
    assert "Directory not empty" in err.record.message
    static("IO.Directory", "Delete", str(tmp_path / "d"), True)
    assert not os.path.exists(folder)


def test_regex_statics(context, block):
    assert static("Regex", "IsMatch", "abc", "B") is False
    assert static("Regex", "IsMatch", "abc", "B", "IgnoreCase") is True
    m = static("regex", "Match", "key=value", r"(?<k>\w+)=(?<v>\w+)")
    assert m.Success and m.Value == "key=value" and m.Index == 0 and m.Length == 9
    assert m.Groups["v"].Value == "value" and m.Groups[1].Value == "key"
    assert m.Groups["nope"].Success is False
    assert m.ToString() == "key=value"
    assert [g.Name for g in m.Groups] == ["0", "k", "v"]
    mixed = static("regex", "Match", "2026-11", r"(?<y>\d+)-(\d+)")
    assert [g.Name for g in mixed.Groups] == ["0", "1", "y"]
    assert mixed.Groups[1].Value == "11"
    matches = static("Regex", "Matches", "a1b22c333", r"\d+")
    assert [x.Value for x in matches] == ["1", "22", "333"] and get_property(matches, "Count") == 3
    failed = static("Regex", "Match", "abc", r"\d")
    assert failed.Success is False and failed.Value == ""
    assert static("Regex", "Replace", "a1b2", r"\d", "#") == "a#b#"
    assert static("Regex", "Replace", "John Smith", r"(\w+) (\w+)", "$2, $1") == "Smith, John"
    upper = block(lambda _, match: match.Value.upper())
    assert static("Regex", "Replace", "abc", "b", upper, context=context) == "aBc"
    assert static("Regex", "Split", "a1b22c", r"\d+") == ["a", "b", "c"]
    assert static("Regex", "Split", "a-b", "(-)") == ["a", "-", "b"]
    assert static("Regex", "Escape", "a.b*c (d)") == r"a\.b\*c\ \(d\)"
    assert static("Regex", "Unescape", r"a\.b\tc") == "a.b\tc"
    err = error_of(static, "Regex", "Match", "x", "(")
    assert err.record.message.startswith('Exception calling "Match" with "2" argument(s): "Invalid pattern')


def test_regex_object():
    rx = static("regex", "new", r"a+", "IgnoreCase")
    assert isinstance(rx, Regex)
    assert [m.Value for m in rx.Matches("cAaat baa")] == ["Aaa", "aa"]
    assert rx.Replace("aaXaa", "-", 1) == "-Xaa"
    assert rx.ToString() == "a+"
    assert str(get_property(rx, "Options")) == "IgnoreCase"
    assert rx.Match("bab").NextMatch().Success is False
    assert rx.Split("xaay") == ["x", "y"]
    assert convert_to("b+", "regex").IsMatch("abb")


def test_console_and_sleep(context):
    static("Console", "WriteLine", "hello {0}", "world", context=context)
    static("Console", "WriteLine", context=context)
    static("Console", "Write", 5, context=context)
    assert context.host.lines == ["hello world", ""]
    assert context.host.text == "5"
    static("Threading.Thread", "Sleep", 1)
    static("System.Threading.Thread", "Sleep", dt.timedelta(milliseconds=1))


def test_stopwatch():
    watch = static("Diagnostics.Stopwatch", "StartNew")
    assert isinstance(watch, Stopwatch) and watch.IsRunning
    watch.Stop()
    assert not watch.IsRunning and isinstance(watch.Elapsed, dt.timedelta)
    assert watch.ElapsedMilliseconds >= 0
    fresh = static("System.Diagnostics.Stopwatch", "new")
    assert fresh.ElapsedTicks == 0


def test_constructors():
    assert isinstance(static("System.Text.StringBuilder", "new", "x"), StringBuilder)
    assert isinstance(static("System.Collections.ArrayList", "new"), ArrayList)
    lst = static("System.Collections.Generic.List[string]", "new")
    assert isinstance(lst, GenericList) and lst.type_args == ["string"]
    assert list(static("Collections.Generic.List[int]", "new", [1, 2])) == [1, 2]
    assert list(static("Collections.Generic.List[int]", "new", 10)) == []
    d = static("System.Collections.Generic.Dictionary[string,int]", "new")
    assert isinstance(d, GenericDictionary) and d.type_args == ["string", "int"]
    comparer = member("StringComparer", "OrdinalIgnoreCase")
    s = static("System.Collections.Generic.HashSet[string]", "new", comparer)
    assert isinstance(s, HashSet) and s.Add("a") and not s.Add("A")
    assert isinstance(static("System.Collections.Stack", "new"), Stack)
    assert static("System.Collections.Queue", "new", [1, 2]).Dequeue() == 1
    assert get_property(static("Object", "new"), "PSObject") is not None


def test_construct_collection_and_enums():
    assert construct_collection("System.Collections.ArrayList", [1, 2]) == [1, 2]
    assert construct_collection("System.Management.Automation.PSCredential", "x") is None
    assert construct_collection("Foo", 1) is None
    day = construct_collection("DayOfWeek", "monday")
    assert isinstance(day, EnumValue) and str(day) == "Monday" and int(day) == 1
    opts = construct_collection("System.Text.RegularExpressions.RegexOptions", "IgnoreCase, Multiline")
    assert int(opts) == 3 and str(opts) == "IgnoreCase, Multiline"
    removal = member("System.StringSplitOptions", "RemoveEmptyEntries")
    assert int(removal) == 1 and str(removal) == "RemoveEmptyEntries"
    assert call_method(None, "a,,b", "Split", [",", removal]) == ["a", "b"]


def test_array_statics(context, block):
    items = [3, 1, 2]
    static("Array", "Sort", items)
    assert items == [1, 2, 3]
    static("Array", "Reverse", items)
    assert items == [3, 2, 1]
    assert static("Array", "IndexOf", items, 2) == 1
    assert static("Array", "Exists", items, block(lambda x, *_: x > 2), context=context) is True
    assert static("Array", "FindAll", items, block(lambda x, *_: x < 3), context=context) == [2, 1]


def test_is_collection_instance():
    typed = GenericList(["a"], "string")
    assert is_collection_instance(typed, "System.Collections.Generic.List[string]") is True
    assert is_collection_instance(typed, "System.Collections.Generic.List[System.String]") is True
    assert is_collection_instance(typed, "Collections.Generic.List[int]") is False
    assert is_collection_instance(ArrayList(), "System.Collections.ArrayList") is True
    assert is_collection_instance([1], "System.Collections.ArrayList") is False
    assert is_collection_instance([1], "int") is None
