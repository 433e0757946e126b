"""Properties and methods of values: `$x.Name`, `$s.ToUpper()`, member enumeration.

Built-in types get their members from small registries filled by the modules in
`pshell.engine.library` (strings, collections, dates, ...). Python classes that pshell defines
(PSSession, Job, FileInfo, ...) expose their PascalCase attributes and methods directly.
"""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any, Callable

from pshell.engine.values import CaseInsensitiveDict, Hashtable, PSObject, is_enumerable, type_names
from pshell.errors import ErrorCategory, ErrorRecord, PSError

Getter = Callable[[Any], Any]
Method = Callable[..., Any]

_PROPERTIES: dict[type, dict[str, Getter]] = {}
_METHODS: dict[type, dict[str, tuple[Method, bool]]] = {}


def instance_property(cls: type | tuple[type, ...], *names: str) -> Callable[[Getter], Getter]:
    """Register a computed property of a built-in type (e.g. str.Length)."""

    def register(fn: Getter) -> Getter:
        for c in cls if isinstance(cls, tuple) else (cls,):
            table = _PROPERTIES.setdefault(c, {})
            for name in names:
                table[name.lower()] = fn
        return fn

    return register


def instance_method(
    cls: type | tuple[type, ...], *names: str, needs_context: bool = False
) -> Callable[[Method], Method]:
    """Register a method of a built-in type; it is called as fn([context,] obj, *args)."""

    def register(fn: Method) -> Method:
        for c in cls if isinstance(cls, tuple) else (cls,):
            table = _METHODS.setdefault(c, {})
            for name in names:
                table[name.lower()] = (fn, needs_context)
        return fn

    return register


def _lookup(table: dict[type, dict[str, Any]], obj: Any, name: str) -> Any:
    key = name.lower()
    for cls in type(obj).__mro__:
        entries = table.get(cls)
        if entries and key in entries:
            return entries[key]
    return None


def method_not_found(obj: Any, name: str) -> PSError:
    from pshell.engine.types import dotnet_name_of

    return PSError(
        ErrorRecord(
            f"Method invocation failed because [{dotnet_name_of(obj)}] does not contain a method named '{name}'.",
            "MethodNotFound",
            ErrorCategory.InvalidOperation,
            target=obj,
            exception_type="System.Management.Automation.RuntimeException",
        )
    )


def _public_attrs(obj: Any) -> list[str]:
    cls = type(obj)
    declared = getattr(cls, "PS_PROPERTIES", None)
    if declared is not None:
        return list(declared)
    names: list[str] = []
    if dataclasses.is_dataclass(obj):
        names = [f.name for f in dataclasses.fields(obj) if f.name[:1].isupper()]
    for klass in reversed(cls.__mro__):
        for attr, value in vars(klass).items():
            if attr[:1].isupper() and not callable(value) and attr not in names and attr != "PS_TYPE_NAMES":
                names.append(attr)
    for attr in getattr(obj, "__dict__", {}):
        if attr[:1].isupper() and attr not in names:
            names.append(attr)
    return names


def _attr_name(obj: Any, name: str) -> str | None:
    if hasattr(type(obj), "PS_PROPERTIES") or not isinstance(obj, (str, int, float, list, tuple, dict)):
        key = name.lower()
        for attr in _public_attrs(obj):
            if attr.lower() == key:
                return attr
    return None


def property_names(obj: Any) -> list[str]:
    """The properties a value shows, in order (for Format-*, Select-Object *, ConvertTo-Json)."""
    if obj is None:
        return []
    if isinstance(obj, PSObject):
        return list(obj.properties.keys())
    if isinstance(obj, (Hashtable, CaseInsensitiveDict)):
        return ["Keys", "Values", "Count"]
    if isinstance(obj, (str, int, float, bool)):
        return ["Length"] if isinstance(obj, str) else []
    names = _public_attrs(obj)
    extra = _PROPERTIES.get(type(obj))
    if not names and extra:
        return [_display_name(fn, key) for key, fn in extra.items()]
    return names


def _display_name(fn: Getter, key: str) -> str:
    return getattr(fn, "ps_display_names", {}).get(key, key[:1].upper() + key[1:])


def has_property(obj: Any, name: str) -> bool:
    if obj is None:
        return False
    if isinstance(obj, PSObject):
        return name in obj.properties
    if isinstance(obj, Hashtable):
        return name in obj
    return _lookup(_PROPERTIES, obj, name) is not None or _attr_name(obj, name) is not None


def get_property(obj: Any, name: str) -> Any:
    """`$obj.Name` with PowerShell's rules; a missing property is $null."""
    if obj is None:
        return 0 if name.lower() in ("count", "length") else None
    if isinstance(obj, PSObject):
        if name in obj.properties:
            return obj.properties[name]
        return _intrinsic(obj, name)
    if isinstance(obj, Hashtable):
        if name in obj:
            return obj[name]
        getter = _lookup(_PROPERTIES, obj, name)
        return getter(obj) if getter else None
    getter = _lookup(_PROPERTIES, obj, name)
    if getter is not None:
        return getter(obj)
    if isinstance(obj, (list, tuple)) and name.lower() in ("count", "length"):
        return len(obj)
    if isinstance(obj, str) and name.lower() == "length":
        return len(obj)
    attr = _attr_name(obj, name)
    if attr is not None:
        return getattr(obj, attr)
    if is_enumerable(obj) and not isinstance(obj, str):
        return _enumerate_member(obj, name)
    return _intrinsic(obj, name)


def _enumerate_member(items: Any, name: str) -> Any:
    out: list[Any] = []
    for item in items:
        value = get_property(item, name)
        if value is None:
            continue
        if is_enumerable(value):
            out.extend(value)
        else:
            out.append(value)
    if not out:
        return None
    return out if len(out) > 1 else out[0]


def _intrinsic(obj: Any, name: str) -> Any:
    key = name.lower()
    if key in ("count", "length"):
        return 1
    if key == "psobject":
        from pshell.engine.library.psobject import PSObjectView

        return PSObjectView(obj)
    if key == "pstypenames":
        return list(type_names(obj))
    return None


def set_property(obj: Any, name: str, value: Any) -> None:
    """`$obj.Name = value`."""
    if isinstance(obj, PSObject):
        obj.properties[name] = value
        return
    if isinstance(obj, Hashtable):
        obj[name] = value
        return
    attr = _attr_name(obj, name)
    if attr is not None:
        try:
            setattr(obj, attr, value)
            return
        except (AttributeError, dataclasses.FrozenInstanceError):
            raise PSError(ErrorRecord(f"'{name}' is a ReadOnly property.", "PropertyAssignmentException",
                                      ErrorCategory.InvalidOperation, target=obj)) from None
    from pshell.engine.types import dotnet_name_of

    raise PSError(ErrorRecord(
        f"The property '{name}' cannot be found on this object. Verify that the property exists and can be set.",
        "PropertyNotFound", ErrorCategory.InvalidOperation, target=obj,
        exception_type="System.Management.Automation.RuntimeException",
    )) if not dotnet_name_of(obj) == "null" else None


def call_method(context: Any, obj: Any, name: str, args: list[Any]) -> Any:
    """`$obj.Method(args)`: registered built-ins first, then PascalCase Python methods."""
    if obj is None:
        raise PSError(ErrorRecord("You cannot call a method on a null-valued expression.", "InvokeMethodOnNull",
                                  ErrorCategory.InvalidOperation, exception_type="System.Management.Automation.RuntimeException"))
    entry = _lookup(_METHODS, obj, name)
    if entry is not None:
        fn, needs_context = entry
        return fn(context, obj, *args) if needs_context else fn(obj, *args)
    if name[:1].isupper() or name[:1].islower():
        for attr in dir(type(obj)):
            if attr.lower() == name.lower() and attr[:1].isupper():
                member = getattr(obj, attr)
                if callable(member):
                    if _wants_context(member):
                        return member(*args, context=context)
                    return member(*args)
    generic = _lookup(_METHODS, object(), name)
    if generic is not None:
        fn, needs_context = generic
        return fn(context, obj, *args) if needs_context else fn(obj, *args)
    raise method_not_found(obj, name)


def _wants_context(fn: Callable[..., Any]) -> bool:
    try:
        return "context" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


import pshell.engine.library  # noqa: E402,F401  (registers built-in members)
