"""`$x.PSObject` (properties, methods, type names of any value) and the methods every value has:
GetType, ToString, Equals, GetHashCode."""

from __future__ import annotations

import copy
from typing import Any, Callable

from pshell.engine.library.common import (
    NamedCollection,
    arg_str,
    method_names_for,
    overload_error,
    own_method,
    ps_method,
    type_name_of,
    type_of,
)
from pshell.engine.library.containers import GenericList
from pshell.engine.library.objects import MethodGroup
from pshell.engine.members import get_property, property_names, set_property
from pshell.engine.text import wildcard_match
from pshell.engine.types import TypeInfo
from pshell.engine.values import Hashtable, PSObject, ScriptBlock, to_string, type_names

_SHORT_NAMES = {"System.Int32": "int", "System.Int64": "long", "System.String": "string", "System.Boolean": "bool",
                "System.Double": "double", "System.Decimal": "decimal", "System.Char": "char", "System.Byte": "byte",
                "System.Single": "float", "System.Object": "System.Object", "System.DateTime": "datetime",
                "System.Collections.Hashtable": "hashtable", "System.Management.Automation.ScriptBlock": "scriptblock",
                "System.Guid": "guid", "System.TimeSpan": "timespan"}
_CUSTOM = "System.Management.Automation.PSCustomObject"
_SMA = "System.Management.Automation."


def dotnet_to_string(value: Any) -> str:
    """What calling `.ToString()` on a value returns (arrays and hashtables give their type name)."""
    if value is None:
        return ""
    if isinstance(value, PSObject):
        if value.to_string_value is not None:
            return value.to_string_value
        if not value.type_names or value.type_names[0] == _CUSTOM or value.type_names[0].startswith("Selected."):
            return ""
        return to_string(value)
    if isinstance(value, (list, tuple, Hashtable)):
        return type_of(value).ToString()
    return to_string(value)


def _value_type_name(value: Any) -> str:
    return "System.Object" if value is None else type_name_of(value)


class PSPropertyInfo:
    """One property as `.PSObject.Properties` lists it; Value reads and writes the owner live."""

    PS_PROPERTIES = ("Value", "MemberType", "IsSettable", "IsGettable", "TypeNameOfValue", "Name", "IsInstance")
    IsGettable = True
    IsInstance = True

    def __init__(self, owner: Any, name: str, member_type: str = "NoteProperty", value: Any = None,
                 settable: bool = True) -> None:
        self.owner = owner
        self.Name = name
        self.MemberType = member_type
        self._value = value
        self.IsSettable = settable

    @property
    def PS_TYPE_NAMES(self) -> tuple[str, ...]:
        kind = "PSNoteProperty" if self.MemberType == "NoteProperty" else "PSProperty"
        return (_SMA + kind, _SMA + "PSPropertyInfo", _SMA + "PSMemberInfo", "System.Object")

    @property
    def Value(self) -> Any:
        return self._value if self.owner is None else get_property(self.owner, self.Name)

    @Value.setter
    def Value(self, value: Any) -> None:
        if self.owner is None:
            self._value = value
        else:
            set_property(self.owner, self.Name, value)

    @property
    def TypeNameOfValue(self) -> str:
        return _value_type_name(self.Value)

    def ToString(self) -> str:
        shown = _SHORT_NAMES.get(self.TypeNameOfValue, self.TypeNameOfValue)
        if self.MemberType == "NoteProperty":
            value = self.Value
            return f"{shown} {self.Name}={'null' if value is None else dotnet_to_string(value)}"
        return f"{shown} {self.Name} {{get;{'set;' if self.IsSettable else ''}}}"

    def Copy(self) -> "PSPropertyInfo":
        return PSPropertyInfo(None, self.Name, self.MemberType, self.Value, self.IsSettable)

    def __repr__(self) -> str:
        return f"PSPropertyInfo({self.Name!r})"


class PSMemberInfoCollection(NamedCollection):
    """`.PSObject.Properties` / `.Methods` / `.Members`: enumerable, indexable by name."""

    PS_TYPE_NAMES = ("System.Management.Automation.PSMemberInfoCollection`1", "System.Object")

    def __init__(self, items: list[Any], owner: Any = None) -> None:
        super().__init__(items)
        self.owner = owner

    def Match(self, pattern: Any, member_types: Any = None) -> list[Any]:
        text = arg_str(pattern)
        return [m for m in self._items if wildcard_match(text, m.Name)]

    def Add(self, member: Any, prepend: Any = False) -> None:
        if isinstance(self.owner, PSObject) and isinstance(member, PSPropertyInfo):
            self.owner.properties[member.Name] = member.Value
        elif isinstance(self.owner, Hashtable) and isinstance(member, PSPropertyInfo):
            self.owner[member.Name] = member.Value
        if prepend:
            self._items.insert(0, member)
        else:
            self._items.append(member)

    def Remove(self, name: Any) -> None:
        key = arg_str(name)
        if isinstance(self.owner, PSObject) and key in self.owner.properties:
            del self.owner.properties[key]
        self._items = [m for m in self._items if m.Name.lower() != key.lower()]

    def ToString(self) -> str:
        return self.PS_TYPE_NAMES[0]


def _property_infos(obj: Any) -> list[PSPropertyInfo]:
    if isinstance(obj, PSObject):
        return [PSPropertyInfo(obj, name) for name in obj.properties.keys()]
    settable = isinstance(obj, Hashtable)
    infos = []
    for name in property_names(obj):
        infos.append(PSPropertyInfo(obj, name, "Property", settable=settable or _is_settable(obj, name)))
    return infos


def _is_settable(obj: Any, name: str) -> bool:
    attr = getattr(type(obj), name, None)
    if isinstance(attr, property):
        return attr.fset is not None
    return name in getattr(obj, "__dict__", {})


def _method_names(obj: Any) -> list[str]:
    names = method_names_for(obj)
    seen = {n.lower() for n in names}
    for attr in dir(type(obj)):
        if attr[:1].isupper() and callable(getattr(type(obj), attr, None)) and attr.lower() not in seen \
                and not isinstance(getattr(type(obj), attr), type):
            names.append(attr)
            seen.add(attr.lower())
    return names


class PSObjectView:
    """What `$x.PSObject` returns: the adapter's view of a value's members and type names."""

    PS_TYPE_NAMES = ("System.Management.Automation.PSObject", "System.Object")
    PS_PROPERTIES = ("BaseObject", "Members", "Properties", "Methods", "ImmediateBaseObject", "TypeNames")

    def __init__(self, obj: Any) -> None:
        self.obj = obj

    @property
    def BaseObject(self) -> Any:
        return self.obj

    @property
    def ImmediateBaseObject(self) -> Any:
        return self.obj

    @property
    def Properties(self) -> PSMemberInfoCollection:
        return PSMemberInfoCollection(_property_infos(self.obj), self.obj)

    @property
    def Methods(self) -> PSMemberInfoCollection:
        owner = type_name_of(self.obj)
        return PSMemberInfoCollection([MethodGroup(owner, n, static=False) for n in _method_names(self.obj)], self.obj)

    @property
    def Members(self) -> PSMemberInfoCollection:
        return PSMemberInfoCollection([*self.Properties, *self.Methods], self.obj)

    @property
    def TypeNames(self) -> list[str]:
        if isinstance(self.obj, PSObject):
            if not isinstance(self.obj.type_names, GenericList):
                self.obj.type_names = GenericList(self.obj.type_names, "string")
            return self.obj.type_names
        return GenericList(type_names(self.obj), "string")

    def Copy(self) -> Any:
        obj = self.obj
        if isinstance(obj, PSObject):
            return PSObject(obj.properties.items(), list(obj.type_names), obj.to_string_value)
        if isinstance(obj, Hashtable):
            return obj.copy()
        if isinstance(obj, (str, int, float, bool, ScriptBlock)):
            return obj
        return copy.copy(obj)

    def ToString(self) -> str:
        return to_string(self.obj)

    def GetType(self) -> TypeInfo:
        return type_of(self)


# ------------------------------------------------------------------ methods of every value
def _own_or(obj: Any, name: str, args: tuple[Any, ...], count: int) -> Callable[[], Any] | None:
    own = own_method(obj, name)
    if own is not None:
        return lambda: own(*args)
    if len(args) != count:
        raise overload_error(name, len(args))
    return None


@ps_method(object, "GetType")
def _get_type(obj: Any, *args: Any) -> TypeInfo:
    own = _own_or(obj, "GetType", args, 0)
    return own() if own else type_of(obj)


@ps_method(object, "ToString")
def _to_string(obj: Any, *args: Any) -> str:
    own = own_method(obj, "ToString")
    return own(*args) if own else dotnet_to_string(obj)


@ps_method(object, "Equals")
def _equals(obj: Any, *args: Any) -> bool:
    own = _own_or(obj, "Equals", args, 1)
    if own:
        return bool(own())
    other = args[0]
    if isinstance(obj, (PSObject, Hashtable, list)):
        return obj is other
    try:
        return bool(obj == other)
    except Exception:
        return False


@ps_method(object, "GetHashCode")
def _get_hash_code(obj: Any, *args: Any) -> int:
    own = _own_or(obj, "GetHashCode", args, 0)
    if own:
        return own()
    try:
        value = hash(obj)
    except TypeError:
        value = id(obj)
    value &= 0xFFFFFFFF
    return value - 2**32 if value >= 2**31 else value
