"""Constructors and casts for collection types (`[System.Collections.ArrayList]::new()`,
`[Collections.Generic.List[string]]$x`), Hashtable/OrderedDictionary/Object constructors, and
the static helpers of System.Array."""

from __future__ import annotations

import functools
from typing import Any, Callable

from pshell.engine.library.collections import same_value
from pshell.engine.library.common import DotNetException, arg_int
from pshell.engine.library.containers import (
    ArrayList,
    GenericList,
    HashSet,
    Queue,
    Stack,
)
from pshell.engine.library.dictionaries import GenericDictionary, StringComparer
from pshell.engine.library.static_base import StaticType
from pshell.engine.library.strings import culture_compare
from pshell.engine.types import canonical, conversion_error, convert_to
from pshell.engine.values import (
    Hashtable,
    PSObject,
    ScriptBlock,
    as_list,
    to_bool,
    unwrap_single,
)


def _split(args: tuple[Any, ...]) -> tuple[list[Any], StringComparer | None, bool]:
    """Constructor arguments as (items, comparer, had_items); a lone int is a capacity."""
    comparer = next((a for a in args if isinstance(a, StringComparer)), None)
    rest = [a for a in args if not isinstance(a, StringComparer)]
    if not rest or (isinstance(rest[0], int) and not isinstance(rest[0], bool)):
        if rest and arg_int(rest[0]) < 0:
            raise DotNetException("Non-negative number required. (Parameter 'capacity')", "System.ArgumentOutOfRangeException")
        return [], comparer, False
    if rest[0] is None:
        raise DotNetException("Value cannot be null. (Parameter 'collection')", "System.ArgumentNullException")
    return as_list(rest[0]), comparer, True


def _element(type_args: list[str], index: int = 0) -> str:
    return type_args[index] if len(type_args) > index else "object"


ARRAYLIST = StaticType("System.Collections.ArrayList", "collections.arraylist", "arraylist")
ARRAYLIST.new()(lambda *args: ArrayList(_split(args)[0]))

GENERIC_LIST = StaticType("System.Collections.Generic.List", "collections.generic.list", "list", generic_arity=1)
GENERIC_LIST.new(wants_types=True)(lambda types, *args: GenericList(_split(args)[0], _element(types)))

HASHSET = StaticType("System.Collections.Generic.HashSet", "collections.generic.hashset", "hashset", generic_arity=1)


@HASHSET.new(wants_types=True)
def _new_hashset(types: list[str], *args: Any) -> HashSet:
    items, comparer, _ = _split(args)
    return HashSet(items, _element(types), comparer)


DICTIONARY = StaticType("System.Collections.Generic.Dictionary", "collections.generic.dictionary", "dictionary",
                        generic_arity=2)


@DICTIONARY.new(wants_types=True)
def _new_dictionary(types: list[str], *args: Any) -> GenericDictionary:
    comparer = next((a for a in args if isinstance(a, StringComparer)), None)
    source = next((a for a in args if isinstance(a, Hashtable)), None)
    made = GenericDictionary((), _element(types, 0), _element(types, 1), comparer)
    if source is not None:
        made.update(source.items())
    return made


def _queue_maker(cls: type) -> Callable[..., Any]:
    def make(types: list[str], *args: Any) -> Any:
        return cls(_split(args)[0], types[0] if types else None)
    return make


for _cls, _names in ((Queue, ("System.Collections.Queue", "collections.queue")),
                     (Stack, ("System.Collections.Stack", "collections.stack")),
                     (Queue, ("System.Collections.Generic.Queue", "collections.generic.queue", "queue")),
                     (Stack, ("System.Collections.Generic.Stack", "collections.generic.stack", "stack"))):
    StaticType(*_names).new(wants_types=True)(_queue_maker(_cls))

HASHTABLE = StaticType("System.Collections.Hashtable", "hashtable", "collections.hashtable")
HASHTABLE.new()(lambda *args: Hashtable(args[0].items()) if args and isinstance(args[0], Hashtable) else Hashtable())
ORDERED = StaticType("System.Collections.Specialized.OrderedDictionary", "collections.specialized.ordereddictionary",
                     "ordered")
ORDERED.new()(lambda *args: Hashtable(ordered=True))
OBJECT = StaticType("System.Object", "object")
OBJECT.new()(lambda: PSObject((), ("System.Object",), "System.Object"))
OBJECT.method("ReferenceEquals")(lambda a, b: a is b or (a is None and b is None))
OBJECT.method("Equals")(lambda a, b: a is b if isinstance(a, (list, Hashtable, PSObject)) else same_value(a, b))
PSCUSTOM = StaticType("System.Management.Automation.PSCustomObject", "pscustomobject",
                      "management.automation.pscustomobject")
PSCUSTOM.new()(lambda: PSObject())
PSOBJECT = StaticType("System.Management.Automation.PSObject", "psobject", "management.automation.psobject")
PSOBJECT.new()(lambda value=None: PSObject() if value is None else value)


COLLECTION_CLASSES: dict[str, type] = {
    "collections.arraylist": ArrayList, "collections.generic.list": GenericList, "collections.generic.hashset": HashSet,
    "collections.generic.dictionary": GenericDictionary, "collections.queue": Queue, "collections.stack": Stack,
    "collections.generic.queue": Queue, "collections.generic.stack": Stack,
    "collections.objectmodel.collection": GenericList,
}
COLLECTION_CASTS = set(COLLECTION_CLASSES)


def make_collection(key: str, type_args: list[str], value: Any) -> Any:
    """The result of casting *value* to the collection type *key* (lower case, no `system.`)."""
    if key == "collections.arraylist":
        return ArrayList(as_list(value))
    if key in ("collections.generic.list", "collections.objectmodel.collection"):
        return GenericList(as_list(value), _element(type_args))
    if key == "collections.generic.hashset":
        return HashSet(as_list(value), _element(type_args))
    if key == "collections.generic.dictionary":
        if value is not None and not isinstance(value, Hashtable):
            raise conversion_error(value, "System.Collections.Generic.Dictionary")
        made = GenericDictionary((), _element(type_args, 0), _element(type_args, 1))
        made.update((value or Hashtable()).items())
        return made
    cls = Stack if key.endswith("stack") else Queue
    return cls(as_list(value), type_args[0] if type_args else None)


# ------------------------------------------------------------------ System.Array
ARRAY = StaticType("System.Array", "array")


def _sort_key() -> Any:
    def order(a: Any, b: Any) -> int:
        if isinstance(a, str) and isinstance(b, str):
            return culture_compare(a, b)
        if a is None or b is None:
            return 0 if a is b else (-1 if a is None else 1)
        return -1 if a < b else (1 if a > b else 0)
    return functools.cmp_to_key(order)


@ARRAY.method("Reverse")
def _reverse(items: Any, index: Any = None, length: Any = None) -> None:
    if index is None:
        items.reverse()
    else:
        a, n = arg_int(index), arg_int(length)
        items[a:a + n] = items[a:a + n][::-1]


@ARRAY.method("Sort")
def _sort(items: Any, *rest: Any) -> None:
    if rest and isinstance(rest[0], list):
        pairs = sorted(zip(items, rest[0]), key=lambda p: _sort_key()(p[0]))
        items[:] = [k for k, _ in pairs]
        rest[0][:] = [v for _, v in pairs]
        return
    items.sort(key=_sort_key())


@ARRAY.method("IndexOf")
def _index_of(items: Any, value: Any, start: Any = 0) -> int:
    return next((i for i in range(arg_int(start), len(items)) if same_value(items[i], value)), -1)


@ARRAY.method("LastIndexOf")
def _last_index_of(items: Any, value: Any) -> int:
    return next((i for i in range(len(items) - 1, -1, -1) if same_value(items[i], value)), -1)


@ARRAY.method("Clear")
def _clear(items: Any, index: Any = 0, length: Any = None) -> None:
    a = arg_int(index)
    n = len(items) - a if length is None else arg_int(length)
    for i in range(a, a + n):
        items[i] = None


@ARRAY.method("Copy")
def _copy(source: Any, target: Any, length: Any) -> None:
    n = arg_int(length)
    if n > len(source) or n > len(target):
        raise DotNetException("Source array was not long enough. Check the source index, length, and the array's lower bounds. (Parameter 'sourceArray')")
    target[:n] = source[:n]


@ARRAY.method("CreateInstance")
def _create_instance(element: Any, length: Any) -> list[Any]:
    name = getattr(element, "written", None) or str(element)
    default: Any = None
    if canonical(name) in ("int", "long", "short", "byte", "double", "float", "decimal", "uint", "ulong"):
        default = convert_to(0, name)
    elif canonical(name) == "bool":
        default = False
    return [default] * arg_int(length)


def _test(context: Any, predicate: Any, item: Any) -> Any:
    if not isinstance(predicate, ScriptBlock):
        raise DotNetException("Value cannot be null. (Parameter 'match')", "System.ArgumentNullException")
    return context.invoke_block(predicate, args=[item], dollar_under=item)


ARRAY.method("Exists", needs_context=True)(
    lambda context, items, match: any(to_bool(_test(context, match, x)) for x in as_list(items)))
ARRAY.method("TrueForAll", needs_context=True)(
    lambda context, items, match: all(to_bool(_test(context, match, x)) for x in as_list(items)))
ARRAY.method("FindAll", needs_context=True)(
    lambda context, items, match: [x for x in as_list(items) if to_bool(_test(context, match, x))])
ARRAY.method("Find", needs_context=True)(
    lambda context, items, match: next((x for x in as_list(items) if to_bool(_test(context, match, x))), None))
ARRAY.method("FindIndex", needs_context=True)(
    lambda context, items, match: next((i for i, x in enumerate(as_list(items)) if to_bool(_test(context, match, x))), -1))
ARRAY.method("ConvertAll", needs_context=True)(
    lambda context, items, converter: [unwrap_single(as_list(_test(context, converter, x))) for x in as_list(items)])
