"""Members of arrays and hashtables, and the intrinsic `.ForEach()` / `.Where()` methods."""

from __future__ import annotations

from typing import Any

from pshell.engine.library.common import (
    DotNetException,
    arg_int,
    arg_str,
    ps_method,
    ps_property,
    type_of,
)
from pshell.engine.members import call_method, get_property, has_property
from pshell.engine.types import TypeInfo, convert_to
from pshell.engine.values import (
    Hashtable,
    ScriptBlock,
    as_list,
    is_enumerable,
    to_bool,
    to_string,
)
from pshell.errors import ErrorCategory, ErrorRecord, PSError


class DictionaryEntry:
    """One key/value pair of a hashtable, as `GetEnumerator()` yields it."""

    PS_TYPE_NAMES = ("System.Collections.DictionaryEntry", "System.ValueType", "System.Object")
    PS_PROPERTIES = ("Name", "Key", "Value")

    def __init__(self, key: Any, value: Any) -> None:
        self.Key = key
        self.Value = value

    @property
    def Name(self) -> Any:
        return self.Key

    def ToString(self) -> str:
        return "System.Collections.DictionaryEntry"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DictionaryEntry) and other.Key == self.Key and other.Value == self.Value

    def __hash__(self) -> int:
        return hash(self.Key)

    def __repr__(self) -> str:
        return f"DictionaryEntry({self.Key!r}, {self.Value!r})"


def _items(obj: Any) -> list[Any]:
    return as_list(obj)


# ------------------------------------------------------------------ arrays
@ps_property((list, tuple), "Count", "Length", "LongLength")
def _count(items: Any) -> int:
    return len(items)


@ps_property((list, tuple), "Rank")
def _rank(items: Any) -> int:
    return 1


@ps_property((list, tuple), "IsFixedSize")
def _fixed(items: Any) -> bool:
    return type(items) in (list, tuple)


@ps_property((list, tuple), "IsReadOnly", "IsSynchronized")
def _read_only(items: Any) -> bool:
    return False


@ps_property((list, tuple), "SyncRoot")
def _sync_root(items: Any) -> Any:
    return items


def same_value(a: Any, b: Any) -> bool:
    """Object.Equals as collections use it: strings case-sensitive, numbers by value."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    try:
        return bool(a == b)
    except Exception:
        return False


@ps_method((list, tuple), "Contains")
def _contains(items: Any, value: Any) -> bool:
    return any(same_value(x, value) for x in items)


@ps_method((list, tuple), "IndexOf")
def _index_of(items: Any, value: Any, start: Any = 0, count: Any = None) -> int:
    begin = arg_int(start)
    end = len(items) if count is None else begin + arg_int(count)
    return next((i for i in range(begin, min(end, len(items))) if same_value(items[i], value)), -1)


@ps_method((list, tuple), "LastIndexOf")
def _last_index_of(items: Any, value: Any) -> int:
    return next((i for i in range(len(items) - 1, -1, -1) if same_value(items[i], value)), -1)


@ps_method((list, tuple), "GetType")
def _get_type(items: Any) -> TypeInfo:
    return type_of(items)


@ps_method((list, tuple), "ToString")
def _to_string(items: Any, *args: Any) -> str:
    return type_of(items).ToString()


@ps_method((list, tuple), "Clone")
def _clone(items: Any) -> Any:
    clone = type(items).__new__(type(items))
    if isinstance(items, list):
        list.__init__(clone, items)
        if hasattr(items, "__dict__"):
            clone.__dict__.update(items.__dict__)
        return clone
    return tuple(items)


@ps_method((list, tuple), "GetValue", "Get")
def _get_value(items: Any, index: Any) -> Any:
    at = arg_int(index)
    if not 0 <= at < len(items):
        raise DotNetException("Index was outside the bounds of the array.", "System.IndexOutOfRangeException")
    return items[at]


@ps_method(list, "SetValue")
def _set_value(items: list[Any], value: Any, index: Any) -> None:
    at = arg_int(index)
    if not 0 <= at < len(items):
        raise DotNetException("Index was outside the bounds of the array.", "System.IndexOutOfRangeException")
    items[at] = value


@ps_method((list, tuple), "CopyTo")
def _copy_to(items: Any, target: Any, index: Any = 0) -> None:
    start = arg_int(index)
    if start + len(items) > len(target):
        raise DotNetException("Destination array was not long enough. Check the destination index, length, and the array's lower bounds. (Parameter 'destinationArray')")
    for i, v in enumerate(items):
        target[start + i] = v


@ps_method((list, tuple), "GetEnumerator")
def _get_enumerator(items: Any) -> Any:
    return iter(list(items))


# ------------------------------------------------------------------ hashtables
@ps_property(Hashtable, "Count")
def _ht_count(h: Hashtable) -> int:
    return len(h)


@ps_property(Hashtable, "Keys")
def _ht_keys(h: Hashtable) -> list[Any]:
    return list(h.keys())


@ps_property(Hashtable, "Values")
def _ht_values(h: Hashtable) -> list[Any]:
    return list(h.values())


@ps_property(Hashtable, "IsReadOnly", "IsSynchronized")
def _ht_read_only(h: Hashtable) -> bool:
    return False


@ps_property(Hashtable, "IsFixedSize")
def _ht_fixed(h: Hashtable) -> bool:
    return False


@ps_property(Hashtable, "SyncRoot")
def _ht_sync_root(h: Hashtable) -> Any:
    return h


def _null_key(name: str) -> DotNetException:
    return DotNetException("Key cannot be null. (Parameter 'key')", "System.ArgumentNullException")


@ps_method(Hashtable, "Add")
def _ht_add(h: Hashtable, key: Any, value: Any) -> None:
    if key is None:
        raise _null_key("Add")
    if key in h:
        shown = to_string(key)
        raise DotNetException(
            f"Item has already been added. Key in dictionary: '{to_string(h.original_name(key))}'  Key being added: '{shown}'")
    h[key] = value


@ps_method(Hashtable, "Remove")
def _ht_remove(h: Hashtable, key: Any) -> None:
    if key is None:
        raise _null_key("Remove")
    h.pop(key, None)


@ps_method(Hashtable, "ContainsKey", "Contains")
def _ht_contains_key(h: Hashtable, key: Any) -> bool:
    if key is None:
        raise _null_key("ContainsKey")
    return key in h


@ps_method(Hashtable, "ContainsValue")
def _ht_contains_value(h: Hashtable, value: Any) -> bool:
    return any(same_value(v, value) for v in h.values())


@ps_method(Hashtable, "Clear")
def _ht_clear(h: Hashtable) -> None:
    h.clear()


@ps_method(Hashtable, "Clone")
def _ht_clone(h: Hashtable) -> Hashtable:
    return h.copy()


@ps_method(Hashtable, "GetEnumerator")
def _ht_enumerator(h: Hashtable) -> list[DictionaryEntry]:
    return [DictionaryEntry(k, v) for k, v in h.items()]


@ps_method(Hashtable, "Item", "get_Item")
def _ht_item(h: Hashtable, key: Any) -> Any:
    return h.get(key)


@ps_method(Hashtable, "set_Item")
def _ht_set_item(h: Hashtable, key: Any, value: Any) -> None:
    h[key] = value


@ps_method(Hashtable, "TryGetValue")
def _ht_try_get(h: Hashtable, key: Any, out: Any = None) -> bool:
    found = key in h
    if out is not None and hasattr(out, "Value"):
        out.Value = h.get(key)
    return found


@ps_method(Hashtable, "GetType")
def _ht_get_type(h: Hashtable) -> TypeInfo:
    return type_of(h)


@ps_method(Hashtable, "ToString")
def _ht_to_string(h: Hashtable) -> str:
    return type_of(h).ToString()


@ps_method(Hashtable, "Insert")
def _ht_insert(h: Hashtable, index: Any, key: Any, value: Any) -> None:
    pairs = list(h.items())
    if key in h:
        raise DotNetException(f"Item has already been added. Key in dictionary: '{to_string(key)}'  Key being added: '{to_string(key)}'")
    pairs.insert(arg_int(index), (key, value))
    h.clear()
    h.update(pairs)


@ps_method(Hashtable, "CopyTo")
def _ht_copy_to(h: Hashtable, target: Any, index: Any = 0) -> None:
    for i, (k, v) in enumerate(h.items()):
        target[arg_int(index) + i] = DictionaryEntry(k, v)


# ------------------------------------------------------------------ ForEach / Where
_WHERE_MODES = ("default", "first", "last", "skipuntil", "until", "split")


def _run(context: Any, block: ScriptBlock, item: Any, args: list[Any]) -> list[Any]:
    if args:
        return as_list(context.invoke_block(block, args=args, dollar_under=item))
    return as_list(context.invoke_block(block, dollar_under=item, new_scope=False))


@ps_method(object, "ForEach", needs_context=True)
def foreach_method(context: Any, obj: Any, expression: Any, *args: Any) -> list[Any]:
    """`.ForEach({ script })`, `.ForEach('Property')`, `.ForEach('Method', args)`, `.ForEach([type])`."""
    out: list[Any] = []
    for item in _items(obj):
        if isinstance(expression, ScriptBlock):
            out.extend(_run(context, expression, item, list(args)))
        elif isinstance(expression, TypeInfo):
            out.append(convert_to(item, expression.written))
        else:
            name = arg_str(expression)
            if not args and has_property(item, name):
                value = get_property(item, name)
                if is_enumerable(value):
                    out.extend(value)
                elif value is not None:
                    out.append(value)
            elif item is not None:
                try:
                    result = call_method(context, item, name, list(args))
                except PSError as e:
                    if e.record.error_id == "MethodNotFound" and not args:
                        continue
                    raise
                out.extend(as_list(result))
    return out


@ps_method(object, "Where", needs_context=True)
def where_method(context: Any, obj: Any, block: Any, mode: Any = "Default", count: Any = 0) -> list[Any]:
    """`.Where({ test })`, `.Where({ test }, 'First' | 'Last' | 'SkipUntil' | 'Until' | 'Split', n)`."""
    kind = arg_str(mode).strip().lower() or "default"
    if kind not in _WHERE_MODES:
        raise PSError(ErrorRecord(
            f'Cannot convert value "{arg_str(mode)}" to type "System.Management.Automation.WhereOperatorSelectionMode". '
            'Error: "Unable to match the identifier name ' + arg_str(mode) + ' to a valid enumerator name. Specify one of the '
            'following enumerator names and try again:\nDefault, First, Last, SkipUntil, Until, Split"',
            "RuntimeException", ErrorCategory.InvalidArgument, exception_type="System.Management.Automation.PSInvalidCastException"))
    limit = arg_int(count)
    if limit < 0:
        raise PSError(ErrorRecord("The 'numberToReturn' value must be greater than or equal to zero.", "ArgumentOutOfRange",
                                  ErrorCategory.InvalidArgument))
    items = _items(obj)

    def test(item: Any) -> bool:
        if not isinstance(block, ScriptBlock):
            return to_bool(block)
        return to_bool(_run(context, block, item, []))

    if kind == "first":
        first: list[Any] = []
        for x in items:
            if test(x):
                first.append(x)
                if len(first) == (limit or 1):
                    break
        return first
    if kind == "last":
        found = [x for x in items if test(x)]
        return found[-(limit or 1):]
    if kind in ("skipuntil", "until"):
        index = next((i for i, x in enumerate(items) if test(x)), len(items))
        chosen = items[index:] if kind == "skipuntil" else items[:index]
        return chosen[:limit] if limit else chosen
    if kind == "split":
        matched: list[Any] = []
        rest: list[Any] = []
        for x in items:
            if (not limit or len(matched) < limit) and test(x):
                matched.append(x)
            else:
                rest.append(x)
        return [matched, rest]
    found = [x for x in items if test(x)]
    return found[:limit] if limit else found
