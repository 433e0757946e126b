"""Dictionary[K,V] and the StringComparer objects that decide whether keys (and HashSet items)
ignore case."""

from __future__ import annotations

from typing import Any

from pshell.engine.library.collections import DictionaryEntry
from pshell.engine.library.common import dotnet_class
from pshell.engine.library.containers import Typed, converter
from pshell.engine.types import register_type
from pshell.engine.values import Hashtable, to_string


@dotnet_class
class StringComparer:
    """StringComparer.Ordinal, .OrdinalIgnoreCase, ... (what `HashSet` and `Dictionary` accept)."""

    PS_TYPE_NAMES = ("System.StringComparer", "System.Object")

    def __init__(self, name: str, ignore_case: bool) -> None:
        self.name = name
        self.ignore_case = ignore_case

    def key(self, value: Any) -> Any:
        return value.casefold() if self.ignore_case and isinstance(value, str) else value

    def Equals(self, a: Any, b: Any = None) -> bool:
        return self.key(a) == self.key(b)

    def Compare(self, a: Any, b: Any) -> int:
        from pshell.engine.library.strings import culture_compare

        if self.name.startswith("Ordinal"):
            x, y = self.key(a), self.key(b)
            return (x > y) - (x < y)
        return culture_compare(a, b, self.ignore_case)

    def GetHashCode(self, value: Any = None) -> int:
        return hash(self.key(value)) & 0x7FFFFFFF

    def ToString(self) -> str:
        return f"System.{'OrdinalIgnoreCase' if self.ignore_case and self.name.startswith('Ordinal') else 'Culture'}Comparer"


@dotnet_class
class KeyValuePair(DictionaryEntry):
    """One entry of a generic Dictionary."""

    PS_TYPE_NAMES = ("System.Collections.Generic.KeyValuePair`2", "System.ValueType", "System.Object")
    PS_PROPERTIES = ("Key", "Value")

    def ToString(self) -> str:
        return f"[{to_string(self.Key)}, {to_string(self.Value)}]"


@dotnet_class
class GenericDictionary(Typed, Hashtable):
    """System.Collections.Generic.Dictionary[K,V]; string keys match case exactly unless a
    case-insensitive StringComparer is given."""

    base_name = "System.Collections.Generic.Dictionary"

    def __init__(self, items: Any = (), key_type: str = "object", value_type: str = "object",
                 comparer: StringComparer | None = None) -> None:
        self.type_args = [key_type, value_type]
        self.ignore_case = bool(comparer and comparer.ignore_case)
        self.convert_key = converter(key_type)
        self.convert_value = converter(value_type)
        super().__init__(items)

    @property
    def ps_type_names(self) -> tuple[str, ...]:
        return self.PS_TYPE_NAMES

    def _k(self, key: Any) -> Any:
        return key.lower() if self.ignore_case and isinstance(key, str) else key

    def __setitem__(self, key: Any, value: Any) -> None:
        key, value = self.convert_key(key), self.convert_value(value)
        k = self._k(key)
        if k not in self._names:
            self._names[k] = key
        dict.__setitem__(self, k, value)

    def __getitem__(self, key: Any) -> Any:
        return dict.__getitem__(self, self._k(key))

    def __delitem__(self, key: Any) -> None:
        k = self._k(key)
        dict.__delitem__(self, k)
        del self._names[k]

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, self._k(key))

    def get(self, key: Any, default: Any = None) -> Any:
        return dict.get(self, self._k(key), default)

    def pop(self, key: Any, *default: Any) -> Any:
        k = self._k(key)
        self._names.pop(k, None)
        return dict.pop(self, k, *default)

    def original_name(self, key: Any) -> Any:
        return self._names.get(self._k(key), key)

    def copy(self) -> "GenericDictionary":
        clone = GenericDictionary((), *self.type_args)
        clone.ignore_case = self.ignore_case
        clone.update(self.items())
        return clone

    def __repr__(self) -> str:
        return f"GenericDictionary({dict(self.items())!r})"


register_type("System.Collections.Generic.Dictionary", GenericDictionary, "System.Collections.Generic.Dictionary",
              "collections.generic.dictionary")
register_type("System.StringComparer", StringComparer, "System.StringComparer", "stringcomparer")
