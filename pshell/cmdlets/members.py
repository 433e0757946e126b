"""Get-Member: the properties and methods of objects, one table per type.

Built-in types get their members from `pshell.engine.members`: properties through
`property_names`, methods by reading the method registry `members._METHODS` (type -> lower-case
name -> implementation), which has no public listing function; that registry keeps names in
lower case, so the usual .NET spelling is looked up in `_KNOWN_NAMES`. Definitions of the common
.NET members are written out in `_DEFINITIONS`; others get a generic signature.
"""

from __future__ import annotations

import dataclasses
import inspect
from dataclasses import dataclass
from typing import Any, ClassVar

from pshell.cmdlets._properties import type_display_name
from pshell.cmdlets.base import Cmdlet, Example, Param, cmdlet
from pshell.engine import members as _members
from pshell.engine.members import get_property, property_names
from pshell.engine.text import wildcard_match
from pshell.engine.values import (
    Hashtable,
    PSObject,
    ScriptBlock,
    is_enumerable,
    to_string,
    type_names,
)
from pshell.errors import ErrorRecord
from pshell.format.views import TableView, ViewColumn, register_view

_OBJECT_METHODS = {
    "Equals": "bool Equals(System.Object obj)",
    "GetHashCode": "int GetHashCode()",
    "GetType": "type GetType()",
    "ToString": "string ToString()",
}

_DEFINITIONS: dict[str, dict[str, tuple[str, str]]] = {
    "System.String": {
        "Length": ("Property", "int Length {get;}"),
        "Chars": ("ParameterizedProperty", "char Chars(int index) {get;}"),
        "Clone": ("Method", "System.Object Clone(), System.Object ICloneable.Clone()"),
        "Contains": ("Method", "bool Contains(string value), bool Contains(string value, System.StringComparison comparisonType), "
                               "bool Contains(char value), bool Contains(char value, System.StringComparison comparisonType)"),
        "Equals": ("Method", "bool Equals(System.Object obj), bool Equals(string value), bool Equals(string value, "
                             "System.StringComparison comparisonType), bool IEquatable[string].Equals(string other)"),
        "GetHashCode": ("Method", "int GetHashCode(), int GetHashCode(System.StringComparison comparisonType)"),
        "ToLower": ("Method", "string ToLower(), string ToLower(cultureinfo culture)"),
        "ToUpper": ("Method", "string ToUpper(), string ToUpper(cultureinfo culture)"),
        "ToLowerInvariant": ("Method", "string ToLowerInvariant()"),
        "ToUpperInvariant": ("Method", "string ToUpperInvariant()"),
        "ToString": ("Method", "string ToString(), string ToString(System.IFormatProvider provider), "
                               "string IConvertible.ToString(System.IFormatProvider provider)"),
        "Trim": ("Method", "string Trim(), string Trim(char trimChar), string Trim(Params char[] trimChars)"),
        "TrimEnd": ("Method", "string TrimEnd(), string TrimEnd(char trimChar), string TrimEnd(Params char[] trimChars)"),
        "TrimStart": ("Method", "string TrimStart(), string TrimStart(char trimChar), string TrimStart(Params char[] trimChars)"),
        "Substring": ("Method", "string Substring(int startIndex), string Substring(int startIndex, int length)"),
        "StartsWith": ("Method", "bool StartsWith(string value), bool StartsWith(string value, System.StringComparison "
                                 "comparisonType), bool StartsWith(string value, bool ignoreCase, cultureinfo culture), "
                                 "bool StartsWith(char value)"),
        "EndsWith": ("Method", "bool EndsWith(string value), bool EndsWith(string value, System.StringComparison "
                               "comparisonType), bool EndsWith(string value, bool ignoreCase, cultureinfo culture), "
                               "bool EndsWith(char value)"),
        "PadLeft": ("Method", "string PadLeft(int totalWidth), string PadLeft(int totalWidth, char paddingChar)"),
        "PadRight": ("Method", "string PadRight(int totalWidth), string PadRight(int totalWidth, char paddingChar)"),
        "ToCharArray": ("Method", "char[] ToCharArray(), char[] ToCharArray(int startIndex, int length)"),
    },
    "Microsoft.PowerShell.Commands.GroupInfo": {
        "Count": ("Property", "int Count {get;}"),
        "Group": ("Property", "System.Collections.ObjectModel.Collection[psobject] Group {get;}"),
        "Name": ("Property", "string Name {get;}"),
        "Values": ("Property", "System.Collections.ArrayList Values {get;}"),
    },
    "Microsoft.PowerShell.Commands.GenericMeasureInfo": {
        "Count": ("Property", "int Count {get;set;}"),
        "Average": ("Property", "System.Nullable[double] Average {get;set;}"),
        "Sum": ("Property", "System.Nullable[double] Sum {get;set;}"),
        "Maximum": ("Property", "System.Nullable[double] Maximum {get;set;}"),
        "Minimum": ("Property", "System.Nullable[double] Minimum {get;set;}"),
        "StandardDeviation": ("Property", "System.Nullable[double] StandardDeviation {get;set;}"),
        "Property": ("Property", "string Property {get;set;}"),
    },
    "Microsoft.PowerShell.Commands.TextMeasureInfo": {
        "Lines": ("Property", "System.Nullable[int] Lines {get;set;}"),
        "Words": ("Property", "System.Nullable[int] Words {get;set;}"),
        "Characters": ("Property", "System.Nullable[int] Characters {get;set;}"),
        "Property": ("Property", "string Property {get;set;}"),
    },
    "System.Collections.Hashtable": {
        "Count": ("Property", "int Count {get;}"),
        "IsFixedSize": ("Property", "bool IsFixedSize {get;}"),
        "IsReadOnly": ("Property", "bool IsReadOnly {get;}"),
        "IsSynchronized": ("Property", "bool IsSynchronized {get;}"),
        "Keys": ("Property", "System.Collections.ICollection Keys {get;}"),
        "SyncRoot": ("Property", "System.Object SyncRoot {get;}"),
        "Values": ("Property", "System.Collections.ICollection Values {get;}"),
        "Item": ("ParameterizedProperty", "System.Object Item(System.Object key) {get;set;}"),
        "Add": ("Method", "void Add(System.Object key, System.Object value), void IDictionary.Add(System.Object key, System.Object value)"),
        "Clear": ("Method", "void Clear(), void IDictionary.Clear()"),
        "Clone": ("Method", "System.Object Clone(), System.Object ICloneable.Clone()"),
        "Contains": ("Method", "bool Contains(System.Object key), bool IDictionary.Contains(System.Object key)"),
        "ContainsKey": ("Method", "bool ContainsKey(System.Object key)"),
        "ContainsValue": ("Method", "bool ContainsValue(System.Object value)"),
        "Remove": ("Method", "void Remove(System.Object key), void IDictionary.Remove(System.Object key)"),
    },
}

_KNOWN_NAMES = {n.lower(): n for n in (
    "Add", "AddDays", "AddHours", "AddMinutes", "AddMonths", "AddSeconds", "AddYears", "AddMilliseconds", "AddTicks",
    "Clear", "Clone", "CompareTo", "Contains", "ContainsKey", "ContainsValue", "CopyTo", "EndsWith", "Equals", "Format",
    "GetEnumerator", "GetHashCode", "GetType", "GetTypeCode", "GetValue", "IndexOf", "IndexOfAny", "Insert", "IsNormalized",
    "LastIndexOf", "LastIndexOfAny", "Normalize", "PadLeft", "PadRight", "Remove", "RemoveAt", "Replace",
    "ReplaceLineEndings", "SetValue", "Split", "StartsWith", "Substring", "ToBoolean", "ToByte", "ToChar", "ToCharArray",
    "ToDateTime", "ToDecimal", "ToDouble", "ToInt16", "ToInt32", "ToInt64", "ToLower", "ToLowerInvariant", "ToSingle",
    "ToString", "ToUpper", "ToUpperInvariant", "Trim", "TrimEnd", "TrimStart", "Invoke", "InvokeReturnAsIs",
    "GetNewClosure", "ToUniversalTime", "ToLocalTime", "ToShortDateString", "ToLongDateString", "ToShortTimeString",
    "ToLongTimeString", "ToFileTime", "Subtract", "Negate", "Duration", "ForEach", "Where", "Count", "Length",
)}


_INTRINSIC_METHODS = {"foreach", "where"}


@dataclass(frozen=True)
class MemberDefinition:
    """One member of a type, as Get-Member reports it."""

    TypeName: str
    Name: str
    MemberType: str
    Definition: str

    PS_TYPE_NAMES: ClassVar[tuple[str, ...]] = ("Microsoft.PowerShell.Commands.MemberDefinition", "System.Object")

    def ToString(self) -> str:
        return self.Definition


register_view(TableView(
    ("Microsoft.PowerShell.Commands.MemberDefinition",),
    [ViewColumn("Name"), ViewColumn("MemberType"), ViewColumn("Definition")],
    group_by="TypeName",
    group_label="TypeName",
))

_PROPERTY_KINDS = {"aliasproperty", "codeproperty", "property", "noteproperty", "scriptproperty"}
_METHOD_KINDS = {"method", "codemethod", "scriptmethod"}
_MEMBER_TYPES = ("AliasProperty", "CodeProperty", "Property", "NoteProperty", "ScriptProperty", "Properties",
                 "PropertySet", "Method", "CodeMethod", "ScriptMethod", "Methods", "ParameterizedProperty",
                 "MemberSet", "Event", "Dynamic", "All")


def value_text(value: Any) -> str:
    """A note's value as .NET's ToString() shows it in a definition."""
    if value is None:
        return "null"
    if isinstance(value, Hashtable):
        return "System.Collections.Specialized.OrderedDictionary" if value.ordered else "System.Collections.Hashtable"
    if isinstance(value, (list, tuple)) or (is_enumerable(value) and not isinstance(value, str)):
        return "System.Object[]"
    return to_string(value)


def _method_display(name: str) -> str:
    return _KNOWN_NAMES.get(name.lower(), name[:1].upper() + name[1:])


def _registered_methods(obj: Any) -> list[str]:
    names: dict[str, str] = {}
    for cls in type(obj).__mro__:
        for key in getattr(_members, "_METHODS", {}).get(cls, {}):
            if key not in _INTRINSIC_METHODS:
                names.setdefault(key, _method_display(key))
    return list(names.values())


def _python_methods(obj: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    if isinstance(obj, (str, int, float, bool, list, tuple, dict, PSObject, ScriptBlock)):
        return out
    for attr in dir(type(obj)):
        if not attr[:1].isupper() or attr in ("PS_TYPE_NAMES", "PS_PROPERTIES"):
            continue
        member = getattr(type(obj), attr, None)
        if isinstance(member, property) or not callable(member) or isinstance(member, type):
            continue
        try:
            params = [p for p in inspect.signature(member).parameters.values() if p.name not in ("self", "context")]
        except (TypeError, ValueError):
            params = []
        args = ", ".join(f"System.Object {p.name}" for p in params if p.kind not in (p.VAR_KEYWORD,))
        result = "string" if attr == "ToString" else "System.Object"
        out[attr] = f"{result} {attr}({args})"
    return out


def _settable(obj: Any, name: str) -> bool:
    if dataclasses.is_dataclass(obj):
        params = getattr(type(obj), "__dataclass_params__", None)
        return not (params is not None and params.frozen)
    member = getattr(type(obj), name, None)
    if isinstance(member, property):
        return member.fset is not None
    return True


def members_of(obj: Any, *, force: bool = False) -> list[tuple[str, str, str]]:
    """(name, member type, definition) for every member of an object, unsorted."""
    type_name = (type_names(obj) or ("System.Object",))[0]
    known = _DEFINITIONS.get(type_name, {})
    found: dict[str, tuple[str, str, str]] = {}

    def add(name: str, kind: str, definition: str) -> None:
        found.setdefault(name.lower(), (name, kind, definition))

    for name, (kind, definition) in known.items():
        add(name, kind, definition)
    if isinstance(obj, PSObject):
        for name, value in obj.properties.items():
            add(name, "NoteProperty", f"{type_display_name(value)} {name}={value_text(value)}")
    elif not isinstance(obj, (int, float, bool)):
        for name in property_names(obj):
            try:
                value = get_property(obj, name)
            except Exception:  # noqa: BLE001 - a property that fails still exists
                value = None
            kind_text = type_display_name(value) if value is not None else "System.Object"
            access = "{get;set;}" if _settable(obj, name) else "{get;}"
            add(name, "Property", f"{kind_text} {name} {access}")
    for name, definition in _python_methods(obj).items():
        add(name, "Method", _OBJECT_METHODS.get(name, definition))
    for name in _registered_methods(obj):
        add(name, "Method", _OBJECT_METHODS.get(name, f"System.Object {name}()"))
    for name, definition in _OBJECT_METHODS.items():
        add(name, "Method", definition)
    if force:
        for name in ("psadapted", "psbase", "psextended", "psobject"):
            add(name, "MemberSet", f"{name} {{}}")
        add("pstypenames", "CodeProperty", "System.Collections.ObjectModel.Collection`1[[System.String]] pstypenames{get=PSTypeNames;}")
    return list(found.values())


def _kind_matches(kind: str, wanted: set[str]) -> bool:
    if not wanted or "all" in wanted:
        return True
    low = kind.lower()
    if low in wanted:
        return True
    if "properties" in wanted and low in _PROPERTY_KINDS:
        return True
    return "methods" in wanted and low in _METHOD_KINDS | {"parameterizedproperty"}


@cmdlet(
    "Get-Member",
    aliases=("gm",),
    synopsis="Gets the properties and methods of objects.",
    description=(
        "Lists the members (properties, methods, note properties) of the input objects, once per "
        "type, sorted by member type and name, under a `TypeName:` header."
    ),
    outputs="Microsoft.PowerShell.Commands.MemberDefinition",
    related=("Select-Object", "Add-Member"),
    examples=[
        Example("[pscustomobject]@{a=1} | Get-Member -MemberType NoteProperty | ForEach-Object Definition",
                "The definition of a note property.", output="int a=1"),
    ],
)
class GetMember(Cmdlet):
    """Get-Member."""

    InputObject = Param("psobject", pipeline=True, help="The object whose members are listed.")
    Name = Param("string[]", position=0, help="Member names to list (wildcards allowed).")
    MemberType = Param("string[]", aliases=("Type",), choices=_MEMBER_TYPES,
                       help="Kinds of members to list: Property, NoteProperty, Method, Properties, Methods...")
    View = Param("string[]", choices=("Extended", "Adapted", "Base", "All"), help="Which members to consider.")
    Static = Param("switch", help="Lists the static members of the type.")
    Force = Param("switch", help="Also lists hidden and intrinsic members.")

    def begin(self) -> None:
        self._seen: set[str] = set()

    def process(self) -> None:
        obj = self.InputObject
        if obj is None or not (self.expecting_input or self.is_bound("InputObject")):
            return
        if self.Static:
            from pshell.engine.types import TypeInfo, dotnet_name_of

            type_name = obj.FullName if isinstance(obj, TypeInfo) else dotnet_name_of(obj)
            rows = [("Equals", "Method", "static bool Equals(System.Object objA, System.Object objB)"),
                    ("ReferenceEquals", "Method", "static bool ReferenceEquals(System.Object objA, System.Object objB)")]
        else:
            type_name = (type_names(obj) or ("<null>",))[0]
            rows = members_of(obj, force=bool(self.Force))
        if type_name.lower() in self._seen:
            return
        self._seen.add(type_name.lower())
        wanted = {m.lower() for m in (self.MemberType or [])}
        patterns = list(self.Name or ["*"])
        for pattern in patterns:
            chosen = [r for r in rows if wildcard_match(pattern, r[0]) and _kind_matches(r[1], wanted)]
            chosen.sort(key=lambda r: (r[1].lower(), r[0].lower()))
            for name, kind, definition in chosen:
                self.write_output(MemberDefinition(type_name, name, kind, definition))

    def end(self) -> None:
        if not self._seen:
            self.write_error(ErrorRecord("You must specify an object for the Get-Member cmdlet.", "NoObjectInGetMember",
                                         "CloseError", exception_type="System.InvalidOperationException"))
