"""Shared rules of the object cmdlets: property names with wildcards, calculated properties,
and PowerShell's ordering of values (Sort-Object, Group-Object, Compare-Object, Measure-Object).

A property argument is a name (`Name`, `Na*`), a script block (`{ $_.Length * 2 }`) or a
hashtable (`@{Name='Kb'; Expression={ $_.Length / 1KB }}`, keys may be shortened to any prefix:
`n`/`l`/`e`, plus the extra keys a command allows, such as Sort-Object's `Descending`).
"""

from __future__ import annotations

import datetime as _dt
import functools
import unicodedata
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Sequence

from pshell.engine.members import get_property, has_property, property_names
from pshell.engine.text import has_wildcard, wildcard_match
from pshell.engine.types import dotnet_name_of
from pshell.engine.values import (
    Hashtable,
    PSObject,
    ScriptBlock,
    is_enumerable,
    to_bool,
    to_string,
    unwrap_single,
)
from pshell.errors import ErrorCategory, ErrorRecord, PSError

NAME_KEYS = ("name", "label")
EXPRESSION_KEY = "expression"


@dataclass
class PropertySpec:
    """One entry of a -Property argument, after its hashtable (if any) was checked."""

    expression: str | ScriptBlock
    name: str | None = None
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def is_script(self) -> bool:
        return isinstance(self.expression, ScriptBlock)

    @property
    def has_wildcard(self) -> bool:
        return isinstance(self.expression, str) and has_wildcard(self.expression)

    @property
    def text(self) -> str:
        """What PowerShell shows for the expression: the name, or the script block's text."""
        return self.expression.text if isinstance(self.expression, ScriptBlock) else self.expression

    def with_expression(self, name: str) -> "PropertySpec":
        return PropertySpec(name, self.name, dict(self.options))


def spec_error(message: str, error_id: str, target: Any = None) -> PSError:
    return PSError(ErrorRecord(message, error_id, ErrorCategory.InvalidArgument, target=target,
                               exception_type="System.NotSupportedException"))


def _match_key(key: str, allowed: Sequence[str]) -> str:
    low = key.lower()
    hits = [name for name in allowed if name.startswith(low)]
    if low in allowed:
        return low
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise spec_error(f"The {key} key is ambiguous; {hits[0]} and {hits[1]} conflict.", "DictionaryKeyAmbiguous", key)
    raise spec_error(f"The {key} key is not valid.", "DictionaryKeyIllegal", key)


def parse_property_specs(
    values: Any,
    *,
    extra_keys: Sequence[str] = (),
    allow_name: bool = True,
    allow_script: bool = True,
) -> list[PropertySpec]:
    """Turn a -Property argument into PropertySpecs (terminating error on a bad hashtable)."""
    specs: list[PropertySpec] = []
    items = values if isinstance(values, list) else [values]
    allowed = ((*NAME_KEYS,) if allow_name else ()) + (EXPRESSION_KEY, *(k.lower() for k in extra_keys))
    for item in items:
        if item is None:
            continue
        if isinstance(item, ScriptBlock):
            if not allow_script:
                raise spec_error("Script blocks are not allowed here.", "ScriptBlockNotAllowed", item)
            specs.append(PropertySpec(item))
        elif isinstance(item, Hashtable):
            specs.append(_parse_hashtable(item, allowed))
        else:
            text = to_string(item)
            if text == "":
                raise spec_error("An empty string value is not allowed.", "EmptyStringNotAllowed", item)
            specs.append(PropertySpec(text))
    return specs


def _parse_hashtable(table: Hashtable, allowed: Sequence[str]) -> PropertySpec:
    found: dict[str, Any] = {}
    spelled: dict[str, str] = {}
    for key, value in table.items():
        if not isinstance(key, str):
            raise spec_error(f"The {to_string(key)} key type is not valid. The key must be a string.", "DictionaryKeyNonString", key)
        canon = "name" if _match_key(key, allowed) in NAME_KEYS else _match_key(key, allowed)
        if canon in found:
            raise spec_error(f'The duplicated key "{key}" conflicts with "{spelled[canon]}".', "DictionaryKeyDuplicate", key)
        found[canon] = value
        spelled[canon] = key
    if EXPRESSION_KEY not in found:
        raise spec_error("A mandatory entry for expression is missing.", "DictionaryKeyMandatoryEntry", table)
    expression = found.pop(EXPRESSION_KEY)
    if expression is None:
        raise spec_error(f"The {spelled[EXPRESSION_KEY]} key has no value.", "DictionaryKeyMissingValue", table)
    if not isinstance(expression, ScriptBlock):
        expression = to_string(expression)
    name = found.pop("name", None)
    if name is not None:
        name = to_string(name)
        if name == "":
            raise spec_error(f'The "{spelled["name"]}" key cannot have an empty string value.', "DictionaryKeyEmptyString", table)
    return PropertySpec(expression, name, found)


# ------------------------------------------------------------------ values of properties
def resolve_names(obj: Any, pattern: str) -> list[str]:
    """The property names of *obj* a pattern stands for: every match of a wildcard (in order),
    or the one name itself, spelled as the object spells it."""
    names = property_names(obj)
    if isinstance(obj, Hashtable):
        names = [to_string(k) for k in obj.keys()] + [n for n in names if n not in obj]
    if has_wildcard(pattern):
        return [n for n in names if wildcard_match(pattern, n)]
    low = pattern.lower()
    return [next((n for n in names if n.lower() == low), pattern)]


def property_exists(obj: Any, name: str) -> bool:
    if obj is None:
        return False
    if isinstance(obj, Hashtable) and name in obj:
        return True
    if has_property(obj, name):
        return True
    return any(n.lower() == name.lower() for n in property_names(obj))


def evaluate(spec: PropertySpec | str, obj: Any, context: Any) -> Any:
    """The value of a property (by name) or of a script block (with `$_` = obj)."""
    expression = spec.expression if isinstance(spec, PropertySpec) else spec
    if isinstance(expression, ScriptBlock):
        return unwrap_single(run_with_item(context, expression, obj))
    return get_property(obj, expression)


def run_with_item(context: Any, block: ScriptBlock, item: Any) -> list[Any]:
    """Run a property script block with `$_` set to the object; its output list."""
    body = getattr(block, "body", None)
    simple = body is not None and not getattr(body, "param_block", None) and getattr(body, "process", None) is None \
        and getattr(body, "begin", None) is None
    if simple:
        return context.invoke_block(block, dollar_under=item, new_scope=False)
    return context.invoke_block(block, dollar_under=item, input=[item])


@dataclass
class EvaluatedProperty:
    """One value a spec produced for an object, under the name it is shown with."""

    name: str
    value: Any
    exists: bool = True


def evaluate_spec(spec: PropertySpec, obj: Any, context: Any, *, exclude: Callable[[str], bool] | None = None) -> list[EvaluatedProperty]:
    """All the (name, value) pairs a spec gives for an object; a wildcard can give several,
    a missing plain name gives itself with $null and `exists=False`."""
    if spec.is_script:
        value = evaluate(spec, obj, context)
        return [EvaluatedProperty(spec.name or spec.text, value)]
    out: list[EvaluatedProperty] = []
    for name in resolve_names(obj, spec.expression):  # type: ignore[arg-type]
        if exclude is not None and exclude(name):
            continue
        exists = property_exists(obj, name)
        out.append(EvaluatedProperty(spec.name or name, get_property(obj, name) if exists else None, exists))
    return out


# ------------------------------------------------------------------ ordering
_PUNCTUATION_ORDER = "_-,;:!¡?¿.…'‘’\"“”()[]{}§¶@*/\\&#%‰†‡•`´˜^¯+±÷×<=>¬|¦~¤¢$£¥€"
_PUNCTUATION_RANK = {c: i for i, c in enumerate(_PUNCTUATION_ORDER)}


@functools.lru_cache(maxsize=4096)
def _collation_key(text: str) -> tuple[tuple[Any, ...], tuple[Any, ...], tuple[Any, ...]]:
    primary: list[Any] = []
    secondary: list[Any] = []
    tertiary: list[int] = []
    for ch in text:
        decomposed = unicodedata.normalize("NFD", ch)
        base = decomposed[0]
        accents = decomposed[1:]
        if base.isspace():
            primary.append((0, ord(base)))
        elif base.isdigit():
            primary.append((2, unicodedata.digit(base, 0)))
        elif base.isalpha():
            primary.append((3, base.casefold()))
        else:
            primary.append((1, _PUNCTUATION_RANK.get(base, len(_PUNCTUATION_RANK) + ord(base))))
        secondary.append(accents)
        tertiary.append(1 if base.isupper() else 0)
    return tuple(primary), tuple(secondary), tuple(tertiary)


def culture_compare(a: str, b: str, *, case_sensitive: bool = False) -> int:
    """Compare two strings the way .NET's current culture does (ICU-like: symbols, then
    digits, then letters; accents, then case (lower first) break ties)."""
    if a == b:
        return 0
    ka, kb = _collation_key(a), _collation_key(b)
    levels = 3 if case_sensitive else 2
    for level in range(levels):
        if ka[level] != kb[level]:
            return -1 if ka[level] < kb[level] else 1
    if not case_sensitive:
        return 0
    return -1 if a < b else (1 if a > b else 0)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _null_order(value: Any, null_first: bool) -> int:
    sign = -1 if null_first else 1
    if _is_number(value) and value < 0:
        return -sign
    return sign


def _as_number(value: Any) -> Any:
    from pshell.engine.types import to_number

    if isinstance(value, bool):
        return int(value)
    if _is_number(value):
        return value
    if isinstance(value, str):
        try:
            return to_number(value)
        except PSError:
            return None
    return None


def _sign(a: Any, b: Any) -> int:
    return -1 if a < b else (1 if a > b else 0)


def compare_values(a: Any, b: Any, *, case_sensitive: bool = False) -> int:
    """PowerShell's ordering of two values (LanguagePrimitives.Compare with a string fallback):
    $null before everything but negative numbers, numbers numerically, strings by culture,
    the right value converted to the left one's kind; otherwise compared as text."""
    if isinstance(a, PSObject) and a.to_string_value is None and isinstance(b, PSObject):
        return culture_compare(to_string(a), to_string(b), case_sensitive=case_sensitive)
    if a is None and b is None:
        return 0
    if a is None:
        return _null_order(b, True)
    if b is None:
        return _null_order(a, False)
    if isinstance(a, str):
        return culture_compare(a, to_string(b), case_sensitive=case_sensitive)
    if isinstance(a, bool):
        return _sign(int(a), int(to_bool(b)))
    if _is_number(a):
        n = _as_number(b)
        if n is not None:
            try:
                return _sign(a, n)
            except TypeError:
                return _sign(float(a), float(n))
    if isinstance(a, _dt.datetime):
        other = b if isinstance(b, _dt.datetime) else _try_convert(b, "datetime")
        if isinstance(other, _dt.datetime):
            return _sign(a.replace(tzinfo=None), other.replace(tzinfo=None))
    if isinstance(a, _dt.timedelta):
        other = b if isinstance(b, _dt.timedelta) else _try_convert(b, "timespan")
        if isinstance(other, _dt.timedelta):
            return _sign(a, other)
    if isinstance(a, uuid.UUID) and isinstance(b, uuid.UUID):
        return _sign(str(a), str(b))
    if type(a) is type(b) and not isinstance(a, (list, tuple, dict, PSObject)):
        try:
            return _sign(a, b)
        except TypeError:
            pass
    return culture_compare(to_string(a), to_string(b), case_sensitive=case_sensitive)


def _try_convert(value: Any, type_name: str) -> Any:
    from pshell.engine.types import convert_to

    try:
        return convert_to(value, type_name)
    except PSError:
        return None


def values_equal(a: Any, b: Any, *, case_sensitive: bool = False) -> bool:
    """Equality as the object cmdlets test it (the ordering above returning 0)."""
    return compare_values(a, b, case_sensitive=case_sensitive) == 0


# ------------------------------------------------------------------ rows of sort keys
MISSING = object()


@dataclass
class OrderEntry:
    """An input object with the values of its sort properties (MISSING for an absent one)."""

    obj: Any
    values: list[Any]
    index: int = 0


def order_values(obj: Any, specs: list[PropertySpec], context: Any, on_error: Callable[[PSError], None] | None = None) -> list[Any]:
    """The values an object is ordered by: the object itself without specs."""
    if not specs:
        return [obj]
    out: list[Any] = []
    for spec in specs:
        if spec.is_script:
            try:
                out.append(evaluate(spec, obj, context))
            except PSError as exc:
                if on_error is not None:
                    on_error(exc)
                out.append(None)
            continue
        if property_exists(obj, spec.expression):  # type: ignore[arg-type]
            out.append(get_property(obj, spec.expression))  # type: ignore[arg-type]
        else:
            out.append(MISSING)
    return out


def compare_rows(a: list[Any], b: list[Any], ascending: Sequence[bool], *, case_sensitive: bool = False) -> int:
    """Compare two rows of sort values; an absent property sorts after everything, either way."""
    for k, asc in enumerate(ascending):
        x = a[k] if k < len(a) else MISSING
        y = b[k] if k < len(b) else MISSING
        if x is MISSING or y is MISSING:
            if x is MISSING and y is MISSING:
                continue
            return 1 if x is MISSING else -1
        c = compare_values(x, y, case_sensitive=case_sensitive)
        if c:
            return c if asc else -c
    return 0


def expand_wildcard_specs(specs: list[PropertySpec], objects: list[Any]) -> list[PropertySpec]:
    """Replace wildcard names by the matching property names of the objects (sorted, as
    Sort-Object and Group-Object do)."""
    out: list[PropertySpec] = []
    for spec in specs:
        if not spec.has_wildcard:
            out.append(spec)
            continue
        names: dict[str, str] = {}
        for obj in objects:
            if obj is None:
                continue
            for name in resolve_names(obj, spec.expression):  # type: ignore[arg-type]
                names.setdefault(name.lower(), name)
        for key in sorted(names):
            out.append(spec.with_expression(names[key]))
    return out


def type_display_name(value: Any) -> str:
    """The short type name Get-Member and errors show: int, string, Object[], datetime..."""
    full = dotnet_name_of(value)
    short = {
        "System.Int32": "int", "System.Int64": "long", "System.String": "string", "System.Boolean": "bool",
        "System.Double": "double", "System.Decimal": "decimal", "System.DateTime": "datetime",
        "System.TimeSpan": "timespan", "System.Collections.Hashtable": "hashtable", "System.Guid": "guid",
        "System.Object[]": "Object[]", "System.Char": "char", "System.Single": "float", "System.Byte": "byte",
        "System.Management.Automation.ScriptBlock": "scriptblock", "System.Object": "System.Object",
        "System.Collections.Specialized.OrderedDictionary": "System.Collections.Specialized.OrderedDictionary",
    }
    if value is None:
        return "object"
    if isinstance(value, list) or (is_enumerable(value) and not isinstance(value, str)):
        return "Object[]"
    return short.get(full, full)
