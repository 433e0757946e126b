"""PowerShell values in Python: custom objects, hashtables, and the rules for truth and text."""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any


def _key(name: Any) -> Any:
    return name.lower() if isinstance(name, str) else name


class CaseInsensitiveDict(dict):
    """An ordered dict whose string keys match without regard to case; keeps the first spelling."""

    __slots__ = ("_names",)

    def __init__(self, items: Iterable[tuple[Any, Any]] | Mapping[Any, Any] = ()) -> None:
        super().__init__()
        self._names: dict[Any, Any] = {}
        pairs = items.items() if isinstance(items, Mapping) else items
        for k, v in pairs:
            self[k] = v

    def __setitem__(self, key: Any, value: Any) -> None:
        k = _key(key)
        if k not in self._names:
            self._names[k] = key
        super().__setitem__(k, value)

    def __getitem__(self, key: Any) -> Any:
        return super().__getitem__(_key(key))

    def __delitem__(self, key: Any) -> None:
        k = _key(key)
        super().__delitem__(k)
        del self._names[k]

    def __contains__(self, key: object) -> bool:
        return super().__contains__(_key(key))

    def get(self, key: Any, default: Any = None) -> Any:
        return super().get(_key(key), default)

    def pop(self, key: Any, *default: Any) -> Any:
        k = _key(key)
        self._names.pop(k, None)
        return super().pop(k, *default)

    def setdefault(self, key: Any, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        return self[key]

    def update(self, other: Any = (), **kw: Any) -> None:  # type: ignore[override]
        pairs = other.items() if isinstance(other, Mapping) else other
        for k, v in pairs:
            self[k] = v
        for k, v in kw.items():
            self[k] = v

    def clear(self) -> None:
        super().clear()
        self._names.clear()

    def keys(self) -> list[Any]:  # type: ignore[override]
        return [self._names[k] for k in super().keys()]

    def items(self) -> list[tuple[Any, Any]]:  # type: ignore[override]
        return [(self._names[k], v) for k, v in super().items()]

    def values(self) -> list[Any]:  # type: ignore[override]
        return list(super().values())

    def __iter__(self) -> Iterator[Any]:
        return iter(self.keys())

    def copy(self) -> "CaseInsensitiveDict":
        return type(self)(self.items())

    def original_name(self, key: Any) -> Any:
        return self._names.get(_key(key), key)


class Hashtable(CaseInsensitiveDict):
    """`@{}` and `[ordered]@{}`: keys keep insertion order in both."""

    __slots__ = ("ordered",)
    PS_TYPE_NAMES = ("System.Collections.Hashtable", "System.Object")

    def __init__(self, items: Any = (), *, ordered: bool = False) -> None:
        self.ordered = ordered
        super().__init__(items)

    def copy(self) -> "Hashtable":
        return Hashtable(self.items(), ordered=self.ordered)

    @property
    def ps_type_names(self) -> tuple[str, ...]:
        if self.ordered:
            return ("System.Collections.Specialized.OrderedDictionary", "System.Object")
        return self.PS_TYPE_NAMES


class PSObject:
    """A property bag with type names: `[pscustomobject]@{...}`, Select-Object output,
    deserialized remote objects."""

    __slots__ = ("properties", "type_names", "to_string_value")

    def __init__(
        self,
        properties: Mapping[str, Any] | Iterable[tuple[str, Any]] = (),
        type_names: Iterable[str] = ("System.Management.Automation.PSCustomObject", "System.Object"),
        to_string_value: str | None = None,
    ) -> None:
        self.properties = CaseInsensitiveDict(properties)
        self.type_names = list(type_names)
        self.to_string_value = to_string_value

    @property
    def ps_type_names(self) -> tuple[str, ...]:
        return tuple(self.type_names)

    def __repr__(self) -> str:
        return f"PSObject({dict(self.properties.items())!r})"

    def __eq__(self, other: object) -> bool:
        return self is other

    __hash__ = object.__hash__


class ScriptBlock:
    """A piece of code as a value: `{ param($x) $x * 2 }`. Bound to the evaluator lazily."""

    __slots__ = ("body", "text", "file", "module_scope")
    PS_TYPE_NAMES = ("System.Management.Automation.ScriptBlock", "System.Object")

    def __init__(self, body: Any, text: str, file: str | None = None, module_scope: Any = None) -> None:
        self.body = body
        self.text = text
        self.file = file
        self.module_scope = module_scope

    def __str__(self) -> str:
        return self.text

    def ToString(self) -> str:
        return self.text


class AutomationNull:
    """The 'nothing' a command with no output returns (distinct from $null in pipelines)."""

    _instance: "AutomationNull | None" = None

    def __new__(cls) -> "AutomationNull":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance


# ------------------------------------------------------------------ enumeration
def is_enumerable(value: Any) -> bool:
    """Does PowerShell unroll this value in a pipeline? (arrays, lists, generators; not strings
    or hashtables)."""
    if isinstance(value, (str, bytes, Mapping, PSObject)):
        return False
    return isinstance(value, (list, tuple, range, Iterator)) or (
        isinstance(value, Iterable) and getattr(value, "PS_ENUMERABLE", False)
    )


def enumerate_value(value: Any) -> Iterator[Any]:
    """Yield the items PowerShell sends down a pipeline for one value."""
    if value is None:
        return
    if is_enumerable(value):
        yield from value
    else:
        yield value


def as_list(value: Any) -> list[Any]:
    """A value as a list: None -> [], scalar -> [scalar], enumerable -> its items."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    if is_enumerable(value):
        return list(value)
    return [value]


def unwrap_single(items: list[Any]) -> Any:
    """A statement's collected output as a value: nothing -> None, one -> it, more -> list."""
    if not items:
        return None
    if len(items) == 1:
        return items[0]
    return items


# ------------------------------------------------------------------ truth
def to_bool(value: Any) -> bool:
    """PowerShell's idea of true: '' and 0 and $null and @() are false; @(x) is x's truth."""
    if value is None or value is False:
        return False
    if value is True:
        return True
    if isinstance(value, str):
        return len(value) > 0
    if isinstance(value, (int, float, Decimal)):
        return value != 0
    if isinstance(value, (list, tuple)):
        if len(value) == 0:
            return False
        if len(value) == 1:
            return to_bool(value[0])
        return True
    if hasattr(value, "__ps_bool__"):
        return bool(value.__ps_bool__())
    return True


# ------------------------------------------------------------------ text
def format_number(value: int | float | Decimal) -> str:
    """A number as PowerShell prints it: 3, 2.5, 1E+20, NaN, Infinity."""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    text = repr(value)
    if "e" in text:
        mantissa, exp = text.split("e")
        sign = "-" if exp.startswith("-") else "+"
        digits = exp.lstrip("+-").lstrip("0") or "0"
        return f"{mantissa}E{sign}{digits.zfill(2)}"
    return text


def to_string(value: Any, *, separator: str = " ") -> str:
    """PowerShell's conversion of any value to text ("$x")."""
    if value is None or isinstance(value, AutomationNull):
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, (int, float, Decimal)):
        return format_number(value)
    if isinstance(value, _dt.datetime):
        return value.strftime("%m/%d/%Y %H:%M:%S")  # the invariant culture, as "$date" and [string] use
    if isinstance(value, _dt.timedelta):
        from pshell.engine.text import default_timespan_string

        return default_timespan_string(value)
    if isinstance(value, (list, tuple)) or is_enumerable(value):
        return separator.join(to_string(v) for v in value)
    if isinstance(value, Hashtable):
        return "System.Collections.Specialized.OrderedDictionary" if value.ordered else "System.Collections.Hashtable"
    if isinstance(value, PSObject):
        if value.to_string_value is not None:
            return value.to_string_value
        if value.type_names and value.type_names[0] not in ("System.Management.Automation.PSCustomObject",):
            return value.type_names[0].replace("Deserialized.", "")
        inner = "; ".join(f"{k}={to_string(v)}" for k, v in value.properties.items())
        return "@{" + inner + "}"
    if isinstance(value, ScriptBlock):
        return value.text
    to_str = getattr(value, "ToString", None)
    if callable(to_str):
        return to_str()
    return str(value)


def type_names(value: Any) -> tuple[str, ...]:
    """The PowerShell type names of a value, most specific first (for views and -is)."""
    if value is None:
        return ()
    if isinstance(value, PSObject):
        return tuple(value.type_names)
    if isinstance(value, Hashtable):
        return value.ps_type_names
    names = getattr(value, "PS_TYPE_NAMES", None)
    if names:
        return tuple(names)
    from pshell.engine.types import dotnet_name_of

    return (dotnet_name_of(value), "System.Object")
