"""PowerShell's operators on values: arithmetic, comparison, matching, -split/-join, -f."""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal
from typing import Any, Callable

from pshell.engine.text import (
    DotNetFormatError,
    RegexError,
    dotnet_regex,
    dotnet_replacement,
    format_composite,
    wildcard_match,
)
from pshell.engine.types import Char, convert_to, is_instance, to_number, TypeInfo
from pshell.engine.values import Hashtable, as_list, is_enumerable, to_bool, to_string
from pshell.errors import ErrorCategory, ErrorRecord, PSError


def op_error(message: str, error_id: str, category: str = ErrorCategory.InvalidOperation, *, inner: str = "") -> PSError:
    """A RuntimeException from an operator; `inner` names the .NET exception it wraps (catch [T] sees it)."""
    record = ErrorRecord(message, error_id, category, exception_type="System.Management.Automation.RuntimeException")
    if inner:
        record.extra["inner_exception_type"] = inner
    return PSError(record)


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)


def _number_result(n: Any) -> Any:
    if isinstance(n, float) and n.is_integer() and abs(n) < 2**53:
        return n
    return n


def _arith_operands(left: Any, right: Any, op: str) -> tuple[Any, Any]:
    a = to_number(left) if not _is_number(left) else left
    b = to_number(right) if not _is_number(right) else right
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return Decimal(str(a)), Decimal(str(b))
    if isinstance(a, float) or isinstance(b, float):
        return float(a), float(b)
    return a, b


def add(left: Any, right: Any) -> Any:
    if left is None:
        if right is None:
            return None
        if isinstance(right, str) or _is_number(right):
            return right
        return right if not is_enumerable(right) else list(right)
    if isinstance(left, Char) and (_is_number(right) or isinstance(right, Char)):
        return ord(left) + to_number(right)
    if isinstance(left, str):
        return left + to_string(right)
    if isinstance(left, (list, tuple)):
        return list(left) + (as_list(right) if is_enumerable(right) else [right])
    if isinstance(left, Hashtable):
        if not isinstance(right, Hashtable):
            raise op_error("A hash table can only be added to another hash table.", "AddHashTableToNonHashTable")
        merged = left.copy()
        for k, v in right.items():
            if k in merged:
                raise op_error(f"Item has already been added. Key in dictionary: '{k}'  Key being added: '{k}'", "DuplicateKeyInHashLiteral")
            merged[k] = v
        return merged
    if isinstance(left, _dt.datetime):
        if isinstance(right, _dt.timedelta):
            return left + right
        return left + _dt.timedelta(microseconds=to_number(right) / 10)
    if isinstance(left, _dt.timedelta) and isinstance(right, _dt.timedelta):
        return left + right
    a, b = _arith_operands(left, right, "+")
    return a + b


def subtract(left: Any, right: Any) -> Any:
    if isinstance(left, _dt.datetime):
        if isinstance(right, _dt.datetime):
            return left - right
        if isinstance(right, _dt.timedelta):
            return left - right
    if isinstance(left, _dt.timedelta) and isinstance(right, _dt.timedelta):
        return left - right
    if isinstance(left, (list, tuple, Hashtable)):
        raise op_error(f"Method invocation failed because [{_type_name(left)}] does not contain a method named 'op_Subtraction'.", "MethodNotFound")
    a, b = _arith_operands(left, right, "-")
    return a - b


def _type_name(v: Any) -> str:
    from pshell.engine.types import dotnet_name_of

    return dotnet_name_of(v)


def multiply(left: Any, right: Any) -> Any:
    if isinstance(left, str):
        return left * int(to_number(right))
    if isinstance(left, (list, tuple)):
        return list(left) * int(to_number(right))
    a, b = _arith_operands(left, right, "*")
    return a * b


def divide(left: Any, right: Any) -> Any:
    a, b = _arith_operands(left, right, "/")
    if b == 0:
        raise op_error("Attempted to divide by zero.", "RuntimeException", ErrorCategory.NotSpecified,
                       inner="System.DivideByZeroException")
    if isinstance(a, int) and isinstance(b, int):
        if a % b == 0:
            return a // b
        return a / b
    return a / b


def modulo(left: Any, right: Any) -> Any:
    a, b = _arith_operands(left, right, "%")
    if b == 0:
        raise op_error("Attempted to divide by zero.", "RuntimeException", ErrorCategory.NotSpecified,
                       inner="System.DivideByZeroException")
    if isinstance(a, int) and isinstance(b, int):
        r = abs(a) % abs(b)
        return r if a >= 0 else -r
    import math

    return math.fmod(a, b)


# ------------------------------------------------------------------ comparison
def _compare_key(left: Any, right: Any, case_sensitive: bool) -> tuple[Any, Any]:
    """Convert right to left's kind, as PowerShell does for comparisons."""
    if isinstance(left, str):
        r = to_string(right)
        return (left, r) if case_sensitive else (left.lower(), r.lower())
    if isinstance(left, bool):
        return left, to_bool(right)
    if _is_number(left):
        if isinstance(right, str):
            try:
                return left, to_number(right)
            except PSError:
                s = to_string(left)
                return (s, right) if case_sensitive else (s.lower(), right.lower())
        if right is None:
            return left, None
        if isinstance(right, bool):
            return left, int(right)
        if _is_number(right):
            return left, right
        return left, to_number(right)
    if isinstance(left, _dt.datetime) and isinstance(right, str):
        return left, convert_to(right, "datetime")
    if isinstance(left, _dt.timedelta) and isinstance(right, str):
        return left, convert_to(right, "timespan")
    if isinstance(left, TypeInfo) and isinstance(right, str):
        return left.FullName.lower(), TypeInfo(right).FullName.lower()
    return left, right


def equals(left: Any, right: Any, case_sensitive: bool = False) -> bool:
    """Scalar -eq."""
    if left is None or right is None:
        return left is None and right is None
    a, b = _compare_key(left, right, case_sensitive)
    try:
        return bool(a == b)
    except Exception:
        return False


def compare(left: Any, right: Any, case_sensitive: bool = False) -> int:
    """Scalar ordering for -lt/-gt and Sort-Object: -1, 0, 1."""
    if left is None and right is None:
        return 0
    if left is None:
        return -1 if not (_is_number(right) and right < 0) else 1
    if right is None:
        return 1 if not (_is_number(left) and left < 0) else -1
    a, b = _compare_key(left, right, case_sensitive)
    try:
        return -1 if a < b else (1 if a > b else 0)
    except TypeError:
        sa, sb = to_string(left), to_string(right)
        if not case_sensitive:
            sa, sb = sa.lower(), sb.lower()
        return -1 if sa < sb else (1 if sa > sb else 0)


def _filter_or_scalar(left: Any, test: Callable[[Any], bool]) -> Any:
    if is_enumerable(left):
        return [item for item in left if test(item)]
    return test(left)


def comparison(op: str, left: Any, right: Any, context: Any = None) -> Any:
    """All the -xx comparison operators, with their -c/-i variants and array filtering."""
    case_sensitive = op.startswith("c") and op[1:] in _CASE_OPS
    base = op[1:] if (op[:1] in ("c", "i") and op[1:] in _CASE_OPS) else op
    if base == "eq":
        return _filter_or_scalar(left, lambda x: equals(x, right, case_sensitive))
    if base == "ne":
        return _filter_or_scalar(left, lambda x: not equals(x, right, case_sensitive))
    if base in ("gt", "ge", "lt", "le"):
        test = {
            "gt": lambda c: c > 0, "ge": lambda c: c >= 0, "lt": lambda c: c < 0, "le": lambda c: c <= 0,
        }[base]
        return _filter_or_scalar(left, lambda x: test(compare(x, right, case_sensitive)))
    if base in ("like", "notlike"):
        pattern = to_string(right)
        positive = base == "like"
        return _filter_or_scalar(left, lambda x: wildcard_match(pattern, to_string(x), case_sensitive=case_sensitive) == positive)
    if base in ("match", "notmatch"):
        return _match(left, right, case_sensitive, base == "match", context)
    if base == "replace":
        return _replace(left, right, case_sensitive, context)
    if base in ("contains", "notcontains"):
        found = any(equals(item, right, case_sensitive) for item in as_list(left) or [left] if True) if left is not None else False
        return found if base == "contains" else not found
    if base in ("in", "notin"):
        found = any(equals(item, left, case_sensitive) for item in as_list(right))
        return found if base == "in" else not found
    if base == "split":
        return split(left, right, case_sensitive)
    if op == "join":
        return join(left, right)
    if op == "is":
        return is_instance(left, _type_arg(right))
    if op == "isnot":
        return not is_instance(left, _type_arg(right))
    if op == "as":
        try:
            return convert_to(left, _type_arg(right))
        except PSError:
            return None
    raise op_error(f"The operator '-{op}' is not supported.", "OperatorNotSupported")


_CASE_OPS = {"eq", "ne", "gt", "ge", "lt", "le", "like", "notlike", "match", "notmatch", "replace",
             "contains", "notcontains", "in", "notin", "split"}


def _type_arg(right: Any) -> str:
    if isinstance(right, TypeInfo):
        return right.written
    return to_string(right)


def _regex(pattern: Any, case_sensitive: bool) -> re.Pattern[str]:
    try:
        return dotnet_regex(to_string(pattern), case_sensitive=case_sensitive)
    except RegexError as exc:
        raise PSError(ErrorRecord(
            f"The regular expression pattern {to_string(pattern)} is not valid.",
            "InvalidRegularExpression", ErrorCategory.InvalidOperation, target=pattern,
            exception_type="System.Management.Automation.RuntimeException")) from exc


def _set_matches(context: Any, m: re.Match[str]) -> None:
    if context is None:
        return
    table = Hashtable()
    table[0] = m.group(0)
    for i, g in enumerate(m.groups(), start=1):
        if g is not None:
            table[i] = g
    for name, g in m.groupdict().items():
        if g is not None:
            table[name] = g
    context.set_variable("Matches", table)


def _match(left: Any, right: Any, case_sensitive: bool, positive: bool, context: Any) -> Any:
    rx = _regex(right, case_sensitive)
    if is_enumerable(left):
        return [x for x in left if (rx.search(to_string(x)) is not None) == positive]
    m = rx.search(to_string(left))
    if m is not None:
        _set_matches(context, m)
    return (m is not None) == positive


def _replace(left: Any, right: Any, case_sensitive: bool, context: Any) -> Any:
    items = as_list(right) if is_enumerable(right) else [right]
    pattern = items[0] if items else ""
    replacement = items[1] if len(items) > 1 else ""
    if len(items) > 2:
        raise op_error("The -replace operator allows only two elements to follow it, not 3.", "BadReplaceArgument")
    rx = _regex(pattern, case_sensitive)

    def one(value: Any) -> str:
        text = to_string(value)
        if hasattr(replacement, "body") and hasattr(replacement, "text") and context is not None:
            return rx.sub(lambda m: to_string(_single(context.invoke_block(replacement, dollar_under=_MatchView(m)))), text)
        return rx.sub(dotnet_replacement(to_string(replacement), pattern=rx), text)

    if is_enumerable(left):
        return [one(x) for x in left]
    return one(left)


def _single(items: list[Any]) -> Any:
    return items[0] if len(items) == 1 else items


class _MatchView:
    """`$_` inside a -replace script block: the regex match."""

    PS_TYPE_NAMES = ("System.Text.RegularExpressions.Match",)

    def __init__(self, m: re.Match[str]) -> None:
        self.Value = m.group(0)
        self.Index = m.start()
        self.Length = len(m.group(0))
        self.Groups = [m.group(0)] + list(m.groups())

    def ToString(self) -> str:
        return self.Value


def split(left: Any, right: Any, case_sensitive: bool = False) -> list[str]:
    """Binary -split: regex separators, optional max count."""
    args = as_list(right) if is_enumerable(right) else [right]
    pattern = args[0] if args else " "
    limit = int(to_number(args[1])) if len(args) > 1 else 0
    options = {o.strip().lower() for o in to_string(args[2]).split(",")} if len(args) > 2 else set()
    if "simplematch" in options:
        pattern = re.escape(to_string(pattern))
    if "ignorecase" in options:
        case_sensitive = False
    inline = "".join(flag for name, flag in (("multiline", "m"), ("singleline", "s"), ("ignorepatternwhitespace", "x"))
                     if name in options)
    if inline:
        pattern = f"(?{inline})" + to_string(pattern)
    out: list[str] = []
    for value in as_list(left) if is_enumerable(left) else [left]:
        text = to_string(value)
        if hasattr(pattern, "body"):
            raise op_error("Script block separators for -split are not supported.", "NotSupported")
        rx = _regex(pattern, case_sensitive)
        parts = rx.split(text, maxsplit=max(0, limit - 1)) if rx.groups == 0 else rx.split(text, maxsplit=max(0, limit - 1))
        out.extend(p if p is not None else "" for p in parts)
    return out


def unary_split(value: Any) -> list[str]:
    out: list[str] = []
    for v in as_list(value) if is_enumerable(value) else [value]:
        out.extend(p for p in re.split(r"\s+", to_string(v).strip()) if p != "")
    return out


def join(left: Any, right: Any) -> str:
    items = as_list(left) if is_enumerable(left) else [left]
    return to_string(right).join(to_string(x) for x in items)


def format_operator(left: Any, right: Any) -> str:
    args = as_list(right) if is_enumerable(right) else [right]
    try:
        return format_composite(to_string(left), args, to_string)
    except DotNetFormatError as exc:
        raise PSError(ErrorRecord(f"Error formatting a string: {exc}", "FormatError", ErrorCategory.InvalidOperation,
                                  target=left, exception_type="System.FormatException")) from None


def bitwise(op: str, left: Any, right: Any) -> int:
    a, b = int(to_number(left)), int(to_number(right))
    return {"band": a & b, "bor": a | b, "bxor": a ^ b, "shl": a << b, "shr": a >> b}[op]


def logical(op: str, left: Any, right_thunk: Callable[[], Any]) -> bool:
    a = to_bool(left)
    if op == "and":
        return a and to_bool(right_thunk())
    if op == "or":
        return a or to_bool(right_thunk())
    return a != to_bool(right_thunk())


def negate(value: Any) -> Any:
    if isinstance(value, _dt.timedelta):
        return -value
    n = to_number(value)
    return -n


ARITHMETIC: dict[str, Callable[[Any, Any], Any]] = {
    "+": add, "-": subtract, "*": multiply, "/": divide, "%": modulo,
}
