"""Static members of .NET types: `[Math]::PI`, `[IO.Path]::Combine(...)`, `[Text.StringBuilder]::new()`,
and casts to collection types (`[System.Collections.Generic.List[string]]$x`).

The types themselves live in `pshell.engine.library.static_*`; this module finds them by name,
dispatches, and reports PowerShell's errors for unknown types and members.
"""

from __future__ import annotations

from typing import Any

import pshell.engine.library  # noqa: F401  (fills STATIC_TYPES)
from pshell.engine.library.common import DotNetException, invocation_error
from pshell.engine.library.objects import MethodGroup, Version
from pshell.engine.library.regex import Regex
from pshell.engine.library.static_base import STATIC_TYPES, StaticType
from pshell.engine.library.static_collections import COLLECTION_CASTS, COLLECTION_CLASSES, make_collection
from pshell.engine.types import _REGISTERED, canonical, full_name, is_known
from pshell.errors import ErrorCategory, ErrorRecord, PSError

__all__ = [
    "STATIC_TYPES",
    "StaticType",
    "Regex",
    "Version",
    "call_static_method",
    "construct_collection",
    "find_static_type",
    "get_static_member",
    "is_collection_instance",
    "split_generic",
]


def split_generic(type_name: str) -> tuple[str, list[str]]:
    """`System.Collections.Generic.Dictionary[string, int]` -> ('system.collections.generic.dictionary',
    ['string', 'int']); nested brackets and `[]` suffixes in arguments are kept."""
    name = type_name.strip()
    if name.startswith("[") and name.endswith("]") and name.count("[") == 1:
        name = name[1:-1].strip()
    if not name.endswith("]") or "[" not in name or name.endswith("[]"):
        return name.lower(), []
    start = name.index("[")
    base, inner = name[:start].strip(), name[start + 1:-1]
    args: list[str] = []
    depth, current = 0, []
    for c in inner:
        if c == "," and depth == 0:
            args.append("".join(current).strip())
            current = []
            continue
        depth += c == "["
        depth -= c == "]"
        current.append(c)
    args.append("".join(current).strip())
    args = [a[1:-1].strip() if a.startswith("[") and a.endswith("]") and not a.endswith("[]") else a for a in args]
    base = base.split("`")[0]
    return base.lower(), [a for a in args if a]


def find_static_type(type_name: str) -> tuple[StaticType | None, list[str]]:
    """The static type a name refers to, and its generic type arguments."""
    base, args = split_generic(type_name)
    for key in (base, canonical(base), "system." + base, base[7:] if base.startswith("system.") else base):
        if key in STATIC_TYPES:
            return STATIC_TYPES[key], args
    return None, args


def _type_not_found(type_name: str) -> PSError:
    return PSError(ErrorRecord(f"Unable to find type [{type_name}].", "TypeNotFound", ErrorCategory.InvalidOperation,
                               target=type_name, exception_type="System.Management.Automation.RuntimeException"))


def _method_not_found(full: str, member: str) -> PSError:
    return PSError(ErrorRecord(
        f"Method invocation failed because [{full}] does not contain a method named '{member}'.",
        "MethodNotFound", ErrorCategory.InvalidOperation, target=full,
        exception_type="System.Management.Automation.RuntimeException"))


def _registered_class(type_name: str) -> type | None:
    base, _ = split_generic(type_name)
    entry = _REGISTERED.get(canonical(base))
    return entry[0] if entry else None


def get_static_member(context: Any, type_name: str, member: str) -> Any:
    """`[Type]::Member`: a static property's value, a method group for a method name, or $null."""
    static, _ = find_static_type(type_name)
    if static is None:
        if not is_known(type_name):
            raise _type_not_found(type_name)
        cls = _registered_class(type_name)
        value = _class_attribute(cls, member)
        return None if value is None or callable(value) else value
    entry = static.properties.get(member.lower())
    if entry is not None:
        return entry[1]()
    method = static.methods.get(member.lower())
    if method is not None or member.lower() == "new":
        return MethodGroup(static.full_name, method[0] if method else "new")
    return None


def _class_attribute(cls: type | None, member: str) -> Any:
    if cls is None:
        return None
    for attr in dir(cls):
        if attr.lower() == member.lower() and attr[:1].isupper():
            return getattr(cls, attr)
    return None


def call_static_method(context: Any, type_name: str, member: str, args: list[Any]) -> Any:
    """`[Type]::Method(args)` and `[Type]::new(args)`."""
    static, type_args = find_static_type(type_name)
    key = member.lower()
    if static is None:
        if not is_known(type_name):
            raise _type_not_found(type_name)
        return _call_registered(type_name, member, args)
    if key == "new" and static.constructor is not None:
        if static.constructor_wants_types:
            return static.constructor(type_args, *args)
        return static.constructor(*args)
    entry = static.methods.get(key)
    if entry is None:
        raise _method_not_found(static.full_name, member)
    _, fn, needs_context = entry
    return fn(context, *args) if needs_context else fn(*args)


def new_registered(type_name: str, args: list[Any]) -> Any | None:
    """`New-Object T args` for a type registered by pshell whose class knows how to be made
    (`ps_new`); None for other types."""
    maker = getattr(_registered_class(type_name), "ps_new", None)
    return maker(*args) if callable(maker) else None


def _call_registered(type_name: str, member: str, args: list[Any]) -> Any:
    cls = _registered_class(type_name)
    if cls is not None:
        if member.lower() == "new":
            maker = getattr(cls, "ps_new", None)
            if callable(maker):
                return maker(*args)
        else:
            fn = _class_attribute(cls, member)
            if callable(fn):
                try:
                    return fn(*args)
                except DotNetException as e:
                    raise invocation_error(member, args, e) from None
    raise _method_not_found(full_name(type_name), member)


def construct_collection(type_name: str, value: Any) -> Any | None:
    """A cast to a collection or enum type (`[System.Collections.ArrayList]@(1,2)`,
    `[Collections.Generic.List[string]]$x`, `[DayOfWeek]'Monday'`); None for other names."""
    base, args = split_generic(type_name)
    key = base[7:] if base.startswith("system.") else base
    if key in COLLECTION_CASTS:
        return make_collection(key, args, value)
    static, _ = find_static_type(type_name)
    if static is not None and static.enum_values:
        return static.enum_value(value)
    return None


def is_collection_instance(value: Any, type_name: str) -> bool | None:
    """`$x -is [System.Collections.Generic.List[string]]`: None when the name is not a collection type."""
    base, args = split_generic(type_name)
    key = base[7:] if base.startswith("system.") else base
    cls = COLLECTION_CLASSES.get(key)
    if cls is None:
        return None
    if not isinstance(value, cls):
        return False
    held = getattr(value, "type_args", [])
    return not args or [canonical(a) for a in args] == [canonical(a) for a in held]
