"""Helpers the built-in member modules share: registration with overload checks, .NET-style
exceptions, argument conversion and type names."""

from __future__ import annotations

import functools
import inspect
from decimal import Decimal
from typing import Any, Callable

from pshell.engine.members import instance_method, instance_property
from pshell.engine.types import TypeInfo, convert_to, dotnet_name_of
from pshell.engine.values import to_string
from pshell.errors import ErrorCategory, ErrorRecord, PSError

METHOD_NAMES: dict[type, list[str]] = {}
"""Method names as written, per registered Python type (for `.PSObject.Methods`)."""


class DotNetException(PSError):
    """The .NET exception a method raised. Method wrappers turn it into PowerShell's
    `Exception calling "M" with "n" argument(s): "..."` error, with this as the inner exception."""

    def __init__(self, message: str, type_name: str = "System.ArgumentException") -> None:
        super().__init__(ErrorRecord(message, type_name.rsplit(".", 1)[-1], ErrorCategory.NotSpecified,
                                     exception_type=type_name))
        self.message = message
        self.type_name = type_name


def _arity(fn: Callable[..., Any], skip: int) -> tuple[int, int | None]:
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        return 0, None
    params = [p for p in list(signature.parameters.values())[skip:] if p.name != "context"]
    low = sum(1 for p in params if p.kind is p.POSITIONAL_OR_KEYWORD and p.default is p.empty)
    if any(p.kind is p.VAR_POSITIONAL for p in params):
        return low, None
    return low, sum(1 for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.POSITIONAL_ONLY))


def overload_error(name: str, count: int) -> PSError:
    """PowerShell's error for a method called with a number of arguments no overload takes."""
    return PSError(ErrorRecord(
        f'Cannot find an overload for "{name}" and the argument count: "{count}".',
        "MethodCountCouldNotFindBest", ErrorCategory.NotSpecified,
        exception_type="System.Management.Automation.MethodException",
    ))


def invocation_error(name: str, args: list[Any] | tuple[Any, ...], error: DotNetException) -> PSError:
    """`Exception calling "Name" with "n" argument(s): "message"` wrapping a .NET exception."""
    short = error.type_name.rsplit(".", 1)[-1]
    return PSError(ErrorRecord(
        f'Exception calling "{name}" with "{len(args)}" argument(s): "{error.message}"',
        short, ErrorCategory.NotSpecified, inner=error,
        exception_type="System.Management.Automation.MethodInvocationException",
    ))


def checked(fn: Callable[..., Any], name: str, skip: int, invoked_as: str | None = None) -> Callable[..., Any]:
    """Wrap *fn* so a wrong argument count or a DotNetException becomes PowerShell's error
    (*invoked_as* names the method in the latter, e.g. `.ctor` for constructors)."""
    low, high = _arity(fn, skip)

    def call(*all_args: Any, **kwargs: Any) -> Any:
        args = all_args[skip:]
        if len(args) < low or (high is not None and len(args) > high):
            raise overload_error(name, len(args))
        try:
            return fn(*all_args, **kwargs)
        except DotNetException as e:
            raise invocation_error(invoked_as or name, args, e) from None

    return functools.wraps(fn)(call)


def dotnet_class(cls: type) -> type:
    """Class decorator: the PascalCase methods a class defines check their argument count and
    report DotNetException as PowerShell's MethodInvocationException."""
    for attr, value in list(vars(cls).items()):
        if attr[:1].isupper() and inspect.isfunction(value):
            setattr(cls, attr, checked(value, attr, 1))
    return cls


def ps_method(cls: type | tuple[type, ...], *names: str, needs_context: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a built-in method like `instance_method`, checking the argument count and
    turning DotNetException into PowerShell's MethodInvocationException."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        skip = 2 if needs_context else 1
        for c in cls if isinstance(cls, tuple) else (cls,):
            listed = METHOD_NAMES.setdefault(c, [])
            listed.extend(n for n in names if n not in listed)
        instance_method(cls, *names, needs_context=needs_context)(checked(fn, names[0], skip))
        return fn

    return register


def ps_property(cls: type | tuple[type, ...], *names: str) -> Callable[[Callable[[Any], Any]], Callable[[Any], Any]]:
    """Register a computed property like `instance_property`, keeping the names' spelling for display."""

    def register(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
        display = dict(getattr(fn, "ps_display_names", {}))
        display.update({n.lower(): n for n in names})
        fn.ps_display_names = display  # type: ignore[attr-defined]
        instance_property(cls, *names)(fn)
        return fn

    return register


def method_names_for(obj: Any) -> list[str]:
    """Registered method names (as written) that apply to a value, most specific type first."""
    out: list[str] = []
    for cls in type(obj).__mro__:
        for name in METHOD_NAMES.get(cls, []):
            if name.lower() not in (n.lower() for n in out):
                out.append(name)
    return out


class EnumValue(int):
    """A .NET enum value: an int that shows its name (`[StringSplitOptions]::RemoveEmptyEntries`)."""

    enum_type: str
    name: str

    def __new__(cls, value: int, name: str, enum_type: str) -> "EnumValue":
        obj = super().__new__(cls, value)
        obj.name = name
        obj.enum_type = enum_type
        return obj

    @property
    def PS_TYPE_NAMES(self) -> tuple[str, ...]:
        return (self.enum_type, "System.Enum", "System.ValueType", "System.Object")

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"{self.enum_type}.{self.name}"

    def ToString(self, fmt: Any = None) -> str:
        if fmt is not None and str(fmt).lower() == "d":
            return str(int(self))
        return self.name


def enum_members(enum_type: str, names: dict[str, int]) -> dict[str, EnumValue]:
    """The values of a .NET enum, keyed by name."""
    return {name: EnumValue(value, name, enum_type) for name, value in names.items()}


class NamedCollection:
    """A collection PowerShell indexes by position or by name (`$m.Groups['year']`,
    `$o.PSObject.Properties['Name']`); it enumerates like an array."""

    PS_ENUMERABLE = True
    PS_PROPERTIES: tuple[str, ...] = ("Count",)

    def __init__(self, items: Any = ()) -> None:
        self._items = list(items)

    def __iter__(self) -> Any:
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, key: Any) -> Any:
        return self.get_item(key)

    @property
    def Count(self) -> int:
        return len(self._items)

    def missing(self, key: Any) -> Any:
        """What an index that names nothing returns."""
        return None

    def by_name(self, name: str) -> Any:
        wanted = name.lower()
        return next((m for m in self._items if str(getattr(m, "Name", "")).lower() == wanted), self.missing(name))

    def get_item(self, key: Any) -> Any:
        """`$c[0]`, `$c[-1]`, `$c['Name']`, `$c[0, 'Name']`."""
        if isinstance(key, (list, tuple)):
            return [self.get_item(k) for k in key]
        if isinstance(key, str) and not key.strip().lstrip("-").isdigit():
            return self.by_name(key)
        index = int(key)
        if -len(self._items) <= index < len(self._items):
            return self._items[index]
        return self.missing(key)

    def Item(self, key: Any) -> Any:
        return self.get_item(key)


# ------------------------------------------------------------------ arguments
def arg_int(value: Any, name: str = "value") -> int:
    """An argument converted to Int32 as PowerShell's binder would."""
    return convert_to(value, "int")


def arg_long(value: Any) -> int:
    """An argument converted to Int64."""
    return convert_to(value, "long")


def arg_str(value: Any) -> str:
    """An argument as a string; $null stays empty."""
    return "" if value is None else value if isinstance(value, str) else to_string(value)


def arg_float(value: Any) -> float:
    """An argument converted to Double."""
    return convert_to(value, "double")


def arg_number(value: Any) -> int | float | Decimal:
    """A numeric argument, keeping int, float or Decimal."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float, Decimal)):
        return value
    return convert_to(value, "double")


def arg_chars(values: tuple[Any, ...] | list[Any]) -> str:
    """A char[] argument (`'ab'`, `'a','b'`, `@('a','b')`) as one string of characters."""
    out: list[str] = []
    for v in values:
        if isinstance(v, (list, tuple)):
            out.append(arg_chars(v))
        elif isinstance(v, int) and not isinstance(v, bool):
            out.append(chr(v))
        elif v is not None:
            out.append(arg_str(v))
    return "".join(out)


_IGNORE_CASE = {"currentcultureignorecase", "invariantcultureignorecase", "ordinalignorecase"}
_COMPARISONS = {"currentculture": 0, "currentcultureignorecase": 1, "invariantculture": 2,
                "invariantcultureignorecase": 3, "ordinal": 4, "ordinalignorecase": 5}


def comparison_ignores_case(value: Any) -> bool:
    """Whether a StringComparison argument (name, number or bool ignoreCase) ignores case."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value in (1, 3, 5)
    text = arg_str(value).strip().lower()
    if text not in _COMPARISONS:
        raise DotNetException("The string comparison type passed in is currently not supported. (Parameter 'comparisonType')")
    return text in _IGNORE_CASE


def enum_flags(value: Any, names: dict[str, int], type_name: str) -> int:
    """Flags given as a number, a name, 'A, B' or a list of those, as an int; *names* maps the
    enumerator names as written to their values."""
    if value is None:
        return 0
    if isinstance(value, (list, tuple)):
        total = 0
        for v in value:
            total |= enum_flags(v, names, type_name)
        return total
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    lookup = {k.lower(): v for k, v in names.items()}
    total = 0
    for part in arg_str(value).split(","):
        key = part.strip().lower()
        if key.lstrip("-").isdigit():
            total |= int(key)
        elif key in lookup:
            total |= lookup[key]
        else:
            raise PSError(ErrorRecord(
                f'Cannot convert value "{arg_str(value)}" to type "{type_name}". Error: "Unable to match the '
                f'identifier name {part.strip()} to a valid enumerator name. Specify one of the following '
                f'enumerator names and try again:\n{", ".join(names)}"',
                "RuntimeException", ErrorCategory.InvalidArgument,
                exception_type="System.Management.Automation.PSInvalidCastException"))
    return total


# ------------------------------------------------------------------ types
def type_name_of(obj: Any) -> str:
    """The .NET type name of a value, honouring PS_TYPE_NAMES on list and int subclasses."""
    if isinstance(obj, EnumValue):
        return obj.enum_type
    if isinstance(obj, (list, tuple)) and type(obj) not in (list, tuple):
        names = getattr(obj, "PS_TYPE_NAMES", None)
        if names:
            return names[0]
    return dotnet_name_of(obj)


def type_info(full: str, short: str | None = None, display: str | None = None) -> TypeInfo:
    """A TypeInfo for a full .NET name, with the Name and ToString .NET gives generics."""
    info = _DisplayTypeInfo(full)
    info.FullName = full
    info.Name = short or full.split("[", 1)[0].rsplit(".", 1)[-1]
    info.display = display or full
    return info


class _DisplayTypeInfo(TypeInfo):
    display = ""

    def ToString(self) -> str:
        return self.display or self.FullName


def type_of(obj: Any) -> TypeInfo:
    """What `$x.GetType()` returns."""
    getter = getattr(obj, "ps_type_info", None)
    if callable(getter):
        return getter()
    name = type_name_of(obj)
    if name == "null":
        name = "System.Object"
    return type_info(name)


def own_method(obj: Any, name: str) -> Callable[..., Any] | None:
    """A PascalCase method the value's Python class defines itself (it wins over fallbacks)."""
    for cls in type(obj).__mro__:
        if cls is object:
            break
        attr = vars(cls).get(name)
        if attr is not None and callable(attr):
            return getattr(obj, name)
    return None
