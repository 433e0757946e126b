from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest

from pshell.engine.library.collections import DictionaryEntry
from pshell.engine.library.containers import ArrayList, GenericList, HashSet, Queue, Stack
from pshell.engine.library.dictionaries import GenericDictionary, StringComparer
from pshell.engine.library.psobject import PSObjectView
from pshell.engine.library.textobjects import StringBuilder
from pshell.engine.members import call_method, get_property, property_names, set_property
from pshell.engine.types import TypeInfo, convert_to, is_instance
from pshell.engine.values import Hashtable, PSObject, to_string
from pshell.errors import PSError


def call(obj, name, *args, context=None):
    return call_method(context, obj, name, list(args))


def error_of(fn, *args, **kw) -> PSError:
    with pytest.raises(PSError) as info:
        fn(*args, **kw)
    return info.value


# ------------------------------------------------------------------ strings
@pytest.mark.parametrize("name,args,expected", [
    ("ToUpper", (), "HELLO, WORLD"),
    ("ToLowerInvariant", (), "hello, world"),
    ("Substring", (7,), "World"),
    ("Substring", (0, 5), "Hello"),
    ("IndexOf", ("o",), 4),
    ("IndexOf", ("o", 5), 8),
    ("IndexOf", ("O",), -1),
    ("IndexOf", ("O", "OrdinalIgnoreCase"), 4),
    ("LastIndexOf", ("o",), 8),
    ("LastIndexOf", ("o", 7), 4),
    ("Replace", ("l", "L"), "HeLLo, WorLd"),
    ("Replace", ("WORLD", "there", True, None), "Hello, there"),
    ("StartsWith", ("Hello",), True),
    ("StartsWith", ("hello",), False),
    ("StartsWith", ("hello", "CurrentCultureIgnoreCase"), True),
    ("EndsWith", ("World",), True),
    ("Contains", ("lo, W",), True),
    ("Contains", ("world",), False),
    ("PadLeft", (15,), "   Hello, World"),
    ("PadRight", (14, "."), "Hello, World.."),
    ("Insert", (5, "!!"), "Hello!!, World"),
    ("Remove", (5,), "Hello"),
    ("Remove", (5, 2), "HelloWorld"),
    ("Chars", (1,), "e"),
    ("Equals", ("Hello, World",), True),
    ("Equals", ("hello, world",), False),
    ("Equals", ("hello, world", "OrdinalIgnoreCase"), True),
    ("ToString", (), "Hello, World"),
])
def test_string_methods(name, args, expected):
    assert call("Hello, World", name, *args) == expected


def test_string_length_and_type():
    assert get_property("abc", "Length") == 3
    assert get_property("abc", "length") == 3
    assert call("abc", "GetType").FullName == "System.String"
    assert call("abc", "ToCharArray") == ["a", "b", "c"]


@pytest.mark.parametrize("text,args,expected", [
    ("  hi  ", (), "hi"),
    ("xxhixx", ("x",), "hi"),
    ("abchicba", ("abc",), "hi"),
    ("abchicba", ("a", "b", "c"), "hi"),
    ("\t\n hi\u00a0", (), "hi"),
])
def test_trim(text, args, expected):
    assert call(text, "Trim", *args) == expected


def test_trim_start_end():
    assert call("xxhixx", "TrimStart", "x") == "hixx"
    assert call("xxhixx", "TrimEnd", "x") == "xxhi"
    assert call("  hi  ", "TrimEnd") == "  hi"


@pytest.mark.parametrize("text,args,expected", [
    ("a,b,,c", (",",), ["a", "b", "", "c"]),
    ("a,b;c", ([",", ";"],), ["a", "b", "c"]),
    ("a,b;c", (",", ";"), ["a", "b", "c"]),
    ("a::b::c", ("::",), ["a", "b", "c"]),
    ("a b  c", (), ["a", "b", "", "c"]),
    ("a,b,c", (",", 2), ["a", "b,c"]),
    ("a,,b,,c", (",", "RemoveEmptyEntries"), ["a", "b", "c"]),
    (",,a,,b,c", (",", 2, "RemoveEmptyEntries"), ["a", "b,c"]),
    (" a , b ,", (",", "RemoveEmptyEntries, TrimEntries"), ["a", "b"]),
    ("a--b", (["--", "-"], "None"), ["a", "b"]),
    ("", (",",), [""]),
    ("", (",", "RemoveEmptyEntries"), []),
    ("abc", (",", 0), []),
])
def test_split(text, args, expected):
    assert call(text, "Split", *args) == expected


def test_string_errors_use_dotnet_messages():
    err = error_of(call, "abc", "Substring", 5)
    assert err.record.message == ('Exception calling "Substring" with "1" argument(s): '
                                  '"startIndex cannot be larger than length of string. (Parameter \'startIndex\')"')
    assert err.record.error_id == "ArgumentOutOfRangeException"
    assert error_of(call, "abc", "Substring", 1, 5).record.message.endswith(
        '"Index and length must refer to a location within the string. (Parameter \'length\')"')
    assert error_of(call, "abc", "Replace", "", "x").record.message.endswith(
        '"String cannot be of zero length. (Parameter \'oldValue\')"')


def test_wrong_argument_count_and_unknown_method():
    err = error_of(call, "abc", "Substring")
    assert err.record.message == 'Cannot find an overload for "Substring" and the argument count: "0".'
    assert err.record.error_id == "MethodCountCouldNotFindBest"
    err = error_of(call, "abc", "Foo")
    assert err.record.message == "Method invocation failed because [System.String] does not contain a method named 'Foo'."


def test_string_compare_to_is_culture_ordered():
    assert call("a", "CompareTo", "B") == -1
    assert call("b", "CompareTo", "A") == 1
    assert call("a", "CompareTo", "A") == -1
    assert call("a", "CompareTo", "a") == 0
    assert call("a", "CompareTo", None) == 1


# ------------------------------------------------------------------ arrays and ForEach / Where
def test_array_members():
    items = [1, 2, 3]
    assert get_property(items, "Count") == 3
    assert get_property(items, "Length") == 3
    assert call(items, "Contains", 2) is True
    assert call(items, "Contains", "2") is False
    assert call(items, "IndexOf", 3) == 2
    assert call(items, "IndexOf", 9) == -1
    assert call(items, "GetType").FullName == "System.Object[]"
    assert call(items, "ToString") == "System.Object[]"
    clone = call(items, "Clone")
    assert clone == items and clone is not items


def test_foreach_with_script_block(context, block):
    assert call([1, 2, 3], "ForEach", block(lambda x: x * 2), context=context) == [2, 4, 6]
    assert context.calls[0] == (1, (), False)
    assert call(5, "ForEach", block(lambda x: x + 1), context=context) == [6]
    assert call(None if False else [], "ForEach", block(lambda x: x), context=context) == []


def test_foreach_with_property_method_and_type(context):
    assert call(["a", "bb"], "ForEach", "Length", context=context) == [1, 2]
    assert call(["a", "bb"], "ForEach", "ToUpper", context=context) == ["A", "BB"]
    assert call(["a-b", "c-d"], "ForEach", "Split", "-", context=context) == ["a", "b", "c", "d"]
    assert call([1, 2], "ForEach", TypeInfo("string"), context=context) == ["1", "2"]
    objects = [PSObject({"Name": "x"}), PSObject({"Name": "y"})]
    assert call(objects, "ForEach", "Name", context=context) == ["x", "y"]
    assert call([1], "ForEach", "NoSuchMember", context=context) == []


def test_where_modes(context, block):
    over_two = block(lambda x: x > 2)
    data = [1, 2, 3, 4, 5]
    assert call(data, "Where", over_two, context=context) == [3, 4, 5]
    assert call(data, "Where", over_two, "First", context=context) == [3]
    assert call(data, "Where", over_two, "First", 2, context=context) == [3, 4]
    assert call(data, "Where", over_two, "Last", context=context) == [5]
    assert call(data, "Where", over_two, "SkipUntil", context=context) == [3, 4, 5]
    assert call(data, "Where", over_two, "Until", context=context) == [1, 2]
    assert call(data, "Where", over_two, "Split", context=context) == [[3, 4, 5], [1, 2]]
    assert call(data, "Where", over_two, "Default", 2, context=context) == [3, 4]
    assert call(7, "Where", over_two, context=context) == [7]


def test_where_first_stops_early(context, block):
    call([1, 5, 6, 7], "Where", block(lambda x: x > 2), "First", context=context)
    assert [c[0] for c in context.calls] == [1, 5]


def test_where_bad_mode(context, block):
    err = error_of(call, [1], "Where", block(lambda x: True), "Sometimes", context=context)
    assert "WhereOperatorSelectionMode" in err.record.message


# ------------------------------------------------------------------ hashtables
def test_hashtable_members():
    h = Hashtable([("a", 1), ("B", 2)])
    assert get_property(h, "Count") == 2
    assert get_property(h, "Keys") == ["a", "B"]
    assert get_property(h, "Values") == [1, 2]
    assert call(h, "ContainsKey", "b") is True
    assert call(h, "Contains", "A") is True
    assert call(h, "ContainsValue", 2) is True
    assert call(h, "Item", "b") == 2
    call(h, "Remove", "a")
    call(h, "Remove", "missing")
    assert list(h.keys()) == ["B"]
    clone = call(h, "Clone")
    call(h, "Clear")
    assert len(h) == 0 and list(clone.keys()) == ["B"]
    assert call(Hashtable(), "ToString") == "System.Collections.Hashtable"
    assert call(Hashtable(ordered=True), "GetType").FullName == "System.Collections.Specialized.OrderedDictionary"


def test_hashtable_key_property_wins_over_count():
    h = Hashtable([("Count", "mine")])
    assert get_property(h, "Count") == "mine"


def test_hashtable_add_duplicate():
    h = Hashtable([("a", 1)])
    err = error_of(call, h, "Add", "A", 2)
    assert err.record.message == ('Exception calling "Add" with "2" argument(s): "Item has already been added. '
                                  "Key in dictionary: 'a'  Key being added: 'A'\"")
    assert err.record.exception_type == "System.Management.Automation.MethodInvocationException"
    assert err.record.inner.message.startswith("Item has already been added.")


def test_hashtable_enumerator():
    entries = call(Hashtable([("a", 1), ("b", 2)]), "GetEnumerator")
    assert entries == [DictionaryEntry("a", 1), DictionaryEntry("b", 2)]
    assert get_property(entries[0], "Key") == "a"
    assert get_property(entries[0], "Value") == 1
    assert get_property(entries[0], "Name") == "a"
    assert property_names(entries[0]) == ["Name", "Key", "Value"]


# ------------------------------------------------------------------ collection classes
def test_arraylist():
    a = ArrayList()
    assert call(a, "Add", "x") == 0
    assert call(a, "Add", "y") == 1
    call(a, "AddRange", ["z", "w"])
    call(a, "Insert", 0, "first")
    call(a, "Remove", "y")
    call(a, "RemoveAt", 0)
    assert list(a) == ["x", "z", "w"]
    assert get_property(a, "Count") == 3
    assert call(a, "Contains", "z") and call(a, "IndexOf", "w") == 2
    call(a, "Sort")
    assert list(a) == ["w", "x", "z"]
    call(a, "Reverse")
    assert call(a, "ToArray") == ["z", "x", "w"]
    assert call(a, "GetType").FullName == "System.Collections.ArrayList"
    assert call(a, "ToString") == "System.Collections.ArrayList"
    assert isinstance(call(a, "Clone"), ArrayList)
    call(a, "Clear")
    assert len(a) == 0
    err = error_of(call, a, "RemoveAt", 3)
    assert err.record.error_id == "ArgumentOutOfRangeException"


def test_generic_list_converts_and_names_its_type():
    items = GenericList(element_type="int")
    assert call(items, "Add", "5") is None
    call(items, "Add", 7.0)
    assert list(items) == [5, 7] and all(type(v) is int for v in items)
    assert call(items, "Remove", 5) is True
    assert call(items, "Remove", 99) is False
    info = call(items, "GetType")
    assert info.Name == "List`1"
    assert info.FullName.startswith("System.Collections.Generic.List`1[[System.Int32, System.Private.CoreLib")
    assert call(items, "ToString") == "System.Collections.Generic.List`1[System.Int32]"
    with pytest.raises(PSError):
        call(items, "Add", "not a number")


def test_hashset():
    s = HashSet(element_type="string")
    assert call(s, "Add", "a") is True
    assert call(s, "Add", "a") is False
    assert call(s, "Add", "A") is True
    assert get_property(s, "Count") == 2
    assert call(s, "Contains", "a") and not call(s, "Contains", "b")
    assert call(s, "Remove", "a") is True and call(s, "Remove", "a") is False
    insensitive = HashSet(["a", "A", "b"], "string", StringComparer("OrdinalIgnoreCase", True))
    assert list(insensitive) == ["a", "b"]
    call(insensitive, "UnionWith", ["c"])
    call(insensitive, "ExceptWith", ["A"])
    assert list(insensitive) == ["b", "c"]


def test_queue_and_stack():
    q = Queue()
    call(q, "Enqueue", 1)
    call(q, "Enqueue", 2)
    assert call(q, "Peek") == 1 and call(q, "Dequeue") == 1
    assert get_property(q, "Count") == 1
    st = Stack()
    call(st, "Push", 1)
    call(st, "Push", 2)
    assert list(st) == [2, 1]
    assert call(st, "Pop") == 2 and call(st, "Pop") == 1
    err = error_of(call, st, "Pop")
    assert err.record.message == 'Exception calling "Pop" with "0" argument(s): "Stack empty."'
    assert error_of(call, Queue(), "Dequeue").record.message.endswith('"Queue empty."')
    assert call(Queue(), "GetType").FullName == "System.Collections.Queue"


def test_generic_dictionary_is_case_sensitive_by_default():
    d = GenericDictionary((), "string", "int")
    d["A"] = "1"
    d["a"] = 2
    assert len(d) == 2 and d["A"] == 1
    assert call(d, "ContainsKey", "a") and not call(d, "ContainsKey", "b")
    folded = GenericDictionary((), "string", "int", StringComparer("OrdinalIgnoreCase", True))
    folded["A"] = 1
    assert "a" in folded
    assert call(d, "GetType").Name == "Dictionary`2"


def test_string_builder():
    sb = StringBuilder()
    assert call(sb, "Append", "a") is sb
    call(sb, "Append", "b").Append(1)
    call(sb, "AppendLine", "c")
    call(sb, "AppendFormat", "{0}-{1}", "x", "y")
    assert call(sb, "ToString") == "ab1c\nx-y"
    assert get_property(sb, "Length") == 8
    call(sb, "Insert", 0, ">")
    call(sb, "Replace", "x", "X")
    call(sb, "Remove", 1, 2)
    assert str(sb) == ">1c\nX-y"
    set_property(sb, "Length", 2)
    assert sb.ToString() == ">1"
    call(sb, "Clear")
    assert sb.ToString() == "" and property_names(sb) == ["Capacity", "MaxCapacity", "Length"]


def test_collection_casts():
    assert isinstance(convert_to([1, 2], "System.Collections.ArrayList"), ArrayList)
    typed = convert_to(["1", "2"], "System.Collections.Generic.List[int]")
    assert isinstance(typed, GenericList) and list(typed) == [1, 2]
    single = convert_to("one", "Collections.Generic.List[string]")
    assert list(single) == ["one"]
    assert list(convert_to([1, 1, 2], "System.Collections.Generic.HashSet[int]")) == [1, 2]
    assert is_instance(ArrayList(), "System.Collections.ArrayList")
    assert is_instance(ArrayList(), "collections.arraylist")


# ------------------------------------------------------------------ numbers, dates, guids
@pytest.mark.parametrize("value,args,expected", [
    (3.14159, ("F2",), "3.14"),
    (255, ("X4",), "00FF"),
    (1234567, ("N0",), "1,234,567"),
    (0.5, ("P0",), "50 %"),
    (42, (), "42"),
    (0.1 + 0.2, (), "0.30000000000000004"),
    (2.0, (), "2"),
    (Decimal("1.50"), (), "1.50"),
    (True, (), "True"),
])
def test_number_to_string(value, args, expected):
    assert call(value, "ToString", *args) == expected


def test_number_compare_and_equals():
    assert call(5, "CompareTo", 7) == -1
    assert call(7.5, "CompareTo", 7) == 1
    assert call(5, "Equals", 5) is True
    assert call(5, "Equals", 5.0) is False
    assert call(5, "GetType").Name == "Int32"
    assert call(2.5, "GetType").FullName == "System.Double"
    assert call(True, "GetType").FullName == "System.Boolean"
    assert error_of(call, 5, "CompareTo", "x").record.message.endswith('"Object must be of type Int32."')


def test_guid_members():
    g = uuid.UUID("0f8fad5b-d9cb-469f-a165-70867728950e")
    assert get_property(g, "Guid") == "0f8fad5b-d9cb-469f-a165-70867728950e"
    assert call(g, "ToString", "N") == "0f8fad5bd9cb469fa16570867728950e"
    assert call(g, "ToString", "B") == "{0f8fad5b-d9cb-469f-a165-70867728950e}"
    assert call(g, "GetType").FullName == "System.Guid"


# ------------------------------------------------------------------ PSObject view and object methods
def test_psobject_properties():
    obj = PSObject({"a": 1, "b": "x"})
    view = get_property(obj, "PSObject")
    assert isinstance(view, PSObjectView)
    props = view.Properties
    assert [p.Name for p in props] == ["a", "b"]
    assert props["a"].Value == 1
    assert props.Item("B").TypeNameOfValue == "System.String"
    assert props.get_item("a").MemberType == "NoteProperty"
    assert [p.Name for p in props.Match("b*")] == ["b"]
    assert props["a"].ToString() == "int a=1"
    props["a"].Value = 5
    assert obj.properties["a"] == 5
    assert get_property(props, "Name") == ["a", "b"]
    assert view.BaseObject is obj
    assert list(view.TypeNames) == ["System.Management.Automation.PSCustomObject", "System.Object"]
    view.TypeNames.Insert(0, "My.Type")
    assert obj.type_names[0] == "My.Type"
    copy = view.Copy()
    copy.properties["b"] = "changed"
    assert obj.properties["b"] == "x"


def test_psobject_view_of_plain_values():
    props = PSObjectView("abc").Properties
    assert [(p.Name, p.Value, p.MemberType) for p in props] == [("Length", 3, "Property")]
    assert props["Length"].ToString() == "int Length {get;}"
    names = [m.Name for m in PSObjectView("abc").Methods]
    assert "ToUpper" in names and "Split" in names
    assert PSObjectView(dt.timedelta(hours=1)).Properties["TotalHours"].Value == 1.0


def test_object_methods_fall_back_and_defer_to_own_methods():
    obj = PSObject({"a": 1})
    assert call(obj, "ToString") == ""
    assert call(obj, "GetType").FullName == "System.Management.Automation.PSCustomObject"
    assert call(obj, "Equals", obj) is True
    assert isinstance(call(obj, "GetHashCode"), int)
    sb = StringBuilder("text")
    assert call(sb, "ToString") == "text"
    assert call(StringComparer("Ordinal", False), "Equals", "a", "a") is True


def test_to_string_of_list_subclass_keeps_items():
    assert to_string(ArrayList([1, 2])) == "1 2"
