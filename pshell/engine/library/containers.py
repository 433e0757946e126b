"""The .NET collection classes scripts create: ArrayList, List[T], HashSet[T], Queue and Stack."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from pshell.engine.library.collections import DictionaryEntry, same_value
from pshell.engine.library.common import (
    DotNetException,
    arg_int,
    dotnet_class,
    type_info,
)
from pshell.engine.types import (
    TypeInfo,
    canonical,
    convert_to,
    full_name,
    register_type,
)
from pshell.engine.values import as_list

if TYPE_CHECKING:
    from pshell.engine.library.dictionaries import StringComparer

_CORELIB = "System.Private.CoreLib, Version=8.0.0.0, Culture=neutral, PublicKeyToken=7cec85d7bea7798e"
_MISSING = object()
_SMA = "System.Management.Automation, Version=7.4.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35"


def generic_type(base: str, args: list[str]) -> TypeInfo:
    """The TypeInfo of a constructed generic type such as List[string]."""
    fulls = [full_name(a) for a in args]
    qualified = ",".join(f"[{f}, {_SMA if f.startswith('System.Management') else _CORELIB}]" for f in fulls)
    short = f"{base.rsplit('.', 1)[-1]}`{len(args)}"
    return type_info(f"{base}`{len(args)}[{qualified}]", short, f"{base}`{len(args)}[{','.join(fulls)}]")


def converter(type_name: str | None) -> Any:
    """A function converting values to a generic type argument (identity for object)."""
    if type_name is None or canonical(type_name) in ("object", "psobject"):
        return lambda v: v
    return lambda v: convert_to(v, type_name)


class Typed:
    """Mixin: a generic collection remembers its type arguments and converts what it stores."""

    base_name = ""
    type_args: list[str] = []

    def ps_type_info(self) -> TypeInfo:
        return generic_type(self.base_name, self.type_args)

    @property
    def PS_TYPE_NAMES(self) -> tuple[str, ...]:
        return (self.ps_type_info().FullName, "System.Object")

    def ToString(self, *args: Any) -> str:
        return self.ps_type_info().ToString()


@dotnet_class
class ArrayList(list):
    """System.Collections.ArrayList: `Add` returns the new index."""

    PS_TYPE_NAMES = ("System.Collections.ArrayList", "System.Object")

    @classmethod
    def ps_convert_from(cls, value: Any) -> "ArrayList":
        return cls(as_list(value))

    @property
    def Capacity(self) -> int:
        return max(4, len(self))

    def convert(self, value: Any) -> Any:
        return value

    def Add(self, value: Any) -> int:
        self.append(self.convert(value))
        return len(self) - 1

    def AddRange(self, values: Any) -> None:
        if values is None:
            raise DotNetException("Value cannot be null. (Parameter 'collection')", "System.ArgumentNullException")
        self.extend(self.convert(v) for v in as_list(values))

    def Insert(self, index: Any, value: Any) -> None:
        at = arg_int(index)
        if not 0 <= at <= len(self):
            raise DotNetException("Insertion index was out of range. Must be non-negative and less than or equal to size. (Parameter 'index')",
                                  "System.ArgumentOutOfRangeException")
        self.insert(at, self.convert(value))

    def InsertRange(self, index: Any, values: Any) -> None:
        at = arg_int(index)
        self[at:at] = [self.convert(v) for v in as_list(values)]

    def Remove(self, value: Any) -> Any:
        for i, item in enumerate(self):
            if same_value(item, value):
                del self[i]
                return True if isinstance(self, GenericList) else None
        return False if isinstance(self, GenericList) else None

    def RemoveAt(self, index: Any) -> None:
        at = arg_int(index)
        if not 0 <= at < len(self):
            raise DotNetException("Index was out of range. Must be non-negative and less than the size of the collection. (Parameter 'index')",
                                  "System.ArgumentOutOfRangeException")
        del self[at]

    def RemoveRange(self, index: Any, count: Any) -> None:
        at, n = arg_int(index), arg_int(count)
        if at < 0 or n < 0 or at + n > len(self):
            raise DotNetException("Offset and length were out of bounds for the array or count is greater than the number of elements from index to the end of the source collection.")
        del self[at:at + n]

    def Clear(self) -> None:
        self.clear()

    def Sort(self) -> None:
        import functools

        from pshell.engine.library.strings import culture_compare

        def order(a: Any, b: Any) -> int:
            if isinstance(a, str) and isinstance(b, str):
                return culture_compare(a, b)
            if a is None or b is None:
                return 0 if a is b else (-1 if a is None else 1)
            return -1 if a < b else (1 if a > b else 0)

        self.sort(key=functools.cmp_to_key(order))

    def Reverse(self, index: Any = None, count: Any = None) -> None:
        if index is None:
            self.reverse()
        else:
            at, n = arg_int(index), arg_int(count)
            self[at:at + n] = self[at:at + n][::-1]

    def ToArray(self, *args: Any) -> list[Any]:
        return list(self)

    def GetRange(self, index: Any, count: Any) -> Any:
        at, n = arg_int(index), arg_int(count)
        if at < 0 or n < 0 or at + n > len(self):
            raise DotNetException("Offset and length were out of bounds for the array or count is greater than the number of elements from index to the end of the source collection.")
        clone = self.Clone()
        clone[:] = self[at:at + n]
        return clone

    def Clone(self) -> Any:
        clone = type(self).__new__(type(self))
        list.__init__(clone, self)
        clone.__dict__.update(self.__dict__)
        return clone


@dotnet_class
class GenericList(Typed, ArrayList):
    """System.Collections.Generic.List[T]: `Add` returns nothing and converts to T."""

    base_name = "System.Collections.Generic.List"

    def __init__(self, items: Iterable[Any] = (), element_type: str = "object") -> None:
        self.type_args = [element_type]
        self._convert = converter(element_type)
        super().__init__(self._convert(v) for v in items)

    def convert(self, value: Any) -> Any:
        return self._convert(value)

    def Add(self, value: Any) -> None:  # type: ignore[override]
        self.append(self.convert(value))

    def Find(self, *args: Any) -> Any:
        raise DotNetException("Predicates are not supported; use .Where({ ... }) instead.", "System.NotSupportedException")


@dotnet_class
class HashSet(Typed):
    """System.Collections.Generic.HashSet[T], keeping insertion order for display."""

    base_name = "System.Collections.Generic.HashSet"
    PS_ENUMERABLE = True
    PS_PROPERTIES = ("Count", "Comparer")

    def __init__(self, items: Iterable[Any] = (), element_type: str = "object", comparer: StringComparer | None = None) -> None:
        self.type_args = [element_type]
        self._convert = converter(element_type)
        self.comparer = comparer
        self._items: dict[Any, Any] = {}
        for item in items:
            self.Add(item)

    def _key(self, value: Any) -> Any:
        return self.comparer.key(value) if self.comparer else value

    def __iter__(self) -> Iterator[Any]:
        return iter(list(self._items.values()))

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, value: object) -> bool:
        return self._key(value) in self._items

    @property
    def Count(self) -> int:
        return len(self._items)

    @property
    def Comparer(self) -> Any:
        return self.comparer

    def Add(self, value: Any) -> bool:
        value = self._convert(value)
        key = self._key(value)
        if key in self._items:
            return False
        self._items[key] = value
        return True

    def Remove(self, value: Any) -> bool:
        return self._items.pop(self._key(self._convert(value)), _MISSING) is not _MISSING

    def Contains(self, value: Any) -> bool:
        return self._key(self._convert(value)) in self._items

    def Clear(self) -> None:
        self._items.clear()

    def _keys(self, other: Any) -> set[Any]:
        return {self._key(self._convert(v)) for v in as_list(other)}

    def UnionWith(self, other: Any) -> None:
        for v in as_list(other):
            self.Add(v)

    def IntersectWith(self, other: Any) -> None:
        keep = self._keys(other)
        self._items = {k: v for k, v in self._items.items() if k in keep}

    def ExceptWith(self, other: Any) -> None:
        drop = self._keys(other)
        self._items = {k: v for k, v in self._items.items() if k not in drop}

    def SymmetricExceptWith(self, other: Any) -> None:
        for v in as_list(other):
            if not self.Remove(v):
                self.Add(v)

    def IsSubsetOf(self, other: Any) -> bool:
        return set(self._items) <= self._keys(other)

    def IsSupersetOf(self, other: Any) -> bool:
        return set(self._items) >= self._keys(other)

    def IsProperSubsetOf(self, other: Any) -> bool:
        return set(self._items) < self._keys(other)

    def IsProperSupersetOf(self, other: Any) -> bool:
        return set(self._items) > self._keys(other)

    def Overlaps(self, other: Any) -> bool:
        return bool(set(self._items) & self._keys(other))

    def SetEquals(self, other: Any) -> bool:
        return set(self._items) == self._keys(other)

    def ToArray(self) -> list[Any]:
        return list(self)

    def __repr__(self) -> str:
        return f"HashSet({list(self)!r})"


@dotnet_class
class Queue(Typed):
    """System.Collections.Queue and Generic.Queue[T]: first in, first out."""

    base_name = "System.Collections.Generic.Queue"
    PS_ENUMERABLE = True
    PS_PROPERTIES = ("Count",)
    EMPTY = "Queue empty."

    def __init__(self, items: Iterable[Any] = (), element_type: str | None = None) -> None:
        self.type_args = [element_type] if element_type else []
        self._convert = converter(element_type)
        self._items: list[Any] = [self._convert(v) for v in items]

    def ps_type_info(self) -> TypeInfo:
        if not self.type_args:
            return type_info(self.base_name.replace(".Generic", ""))
        return super().ps_type_info()

    def __iter__(self) -> Iterator[Any]:
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    @property
    def Count(self) -> int:
        return len(self._items)

    def _empty(self) -> DotNetException:
        return DotNetException(self.EMPTY, "System.InvalidOperationException")

    def Enqueue(self, value: Any) -> None:
        self._items.append(self._convert(value))

    def Dequeue(self) -> Any:
        if not self._items:
            raise self._empty()
        return self._items.pop(0)

    def Peek(self) -> Any:
        if not self._items:
            raise self._empty()
        return self._items[0]

    def TryDequeue(self, out: Any = None) -> bool:
        if not self._items:
            return False
        value = self._items.pop(0)
        if out is not None and hasattr(out, "Value"):
            out.Value = value
        return True

    def Contains(self, value: Any) -> bool:
        return any(same_value(x, value) for x in self._items)

    def Clear(self) -> None:
        self._items.clear()

    def ToArray(self) -> list[Any]:
        return list(self)

    def Clone(self) -> Any:
        clone = type(self)(element_type=self.type_args[0] if self.type_args else None)
        clone._items = list(self._items)
        return clone


@dotnet_class
class Stack(Queue):
    """System.Collections.Stack and Generic.Stack[T]: last in, first out (enumerates top first)."""

    base_name = "System.Collections.Generic.Stack"
    EMPTY = "Stack empty."

    def __iter__(self) -> Iterator[Any]:
        return iter(self._items[::-1])

    def Push(self, value: Any) -> None:
        self._items.append(self._convert(value))

    def Pop(self) -> Any:
        if not self._items:
            raise self._empty()
        return self._items.pop()

    def Peek(self) -> Any:
        if not self._items:
            raise self._empty()
        return self._items[-1]

    def TryPop(self, out: Any = None) -> bool:
        if not self._items:
            return False
        value = self._items.pop()
        if out is not None and hasattr(out, "Value"):
            out.Value = value
        return True


register_type("System.Collections.ArrayList", ArrayList, "System.Collections.ArrayList", "collections.arraylist", "arraylist")
register_type("System.Collections.Generic.List", GenericList, "System.Collections.Generic.List", "collections.generic.list")
register_type("System.Collections.Generic.HashSet", HashSet, "System.Collections.Generic.HashSet", "collections.generic.hashset")
register_type("System.Collections.Queue", Queue, "System.Collections.Queue", "collections.queue")
register_type("System.Collections.Stack", Stack, "System.Collections.Stack", "collections.stack")
register_type("System.Collections.Generic.Queue", Queue, "System.Collections.Generic.Queue", "collections.generic.queue")
register_type("System.Collections.Generic.Stack", Stack, "System.Collections.Generic.Stack", "collections.generic.stack")
register_type("System.Collections.DictionaryEntry", DictionaryEntry, "System.Collections.DictionaryEntry", "collections.dictionaryentry")
