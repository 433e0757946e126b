"""Text rules PowerShell borrows from .NET: composite formatting, format specifiers, wildcards, regular expressions."""

from __future__ import annotations

import functools
import re

from pshell.engine.dotnet_format import (
    DotNetFormatError,
    default_datetime_string,
    default_timespan_string,
    format_composite,
    format_value,
)

__all__ = [
    "DotNetFormatError",
    "RegexError",
    "WildcardError",
    "default_datetime_string",
    "default_timespan_string",
    "dotnet_regex",
    "dotnet_replacement",
    "format_composite",
    "format_value",
    "has_wildcard",
    "wildcard_match",
    "wildcard_to_regex",
]


class WildcardError(ValueError):
    """An invalid wildcard pattern, such as an unclosed `[`."""

    def __init__(self, pattern: str) -> None:
        super().__init__(f"The specified wildcard character pattern is not valid: {pattern}")
        self.pattern = pattern


class RegexError(ValueError):
    """An invalid regular expression, with .NET's wording."""

    def __init__(self, pattern: str, offset: int, reason: str) -> None:
        super().__init__(f"Invalid pattern '{pattern}' at offset {offset}. {reason}.")
        self.pattern = pattern
        self.offset = offset
        self.reason = reason


def has_wildcard(s: str) -> bool:
    """Whether *s* holds an unescaped `*`, `?` or `[`."""
    i = 0
    while i < len(s):
        if s[i] in "*?[":
            return True
        i += 2 if s[i] == "`" else 1
    return False


@functools.lru_cache(maxsize=1024)
def wildcard_to_regex(pattern: str, *, case_sensitive: bool = False) -> re.Pattern[str]:
    """Compile a PowerShell wildcard into a regex that must match the whole string."""
    parts: list[str] = []
    escaped = in_bracket = bracket_just_opened = False
    members: list[str] = []
    is_range: list[bool] = []
    for c in pattern:
        if in_bracket:
            if c == "]" and not bracket_just_opened and not escaped:
                in_bracket = False
                parts.append(_bracket(members, is_range, pattern))
            elif c != "`" or escaped:
                members.append(c)
                is_range.append(c == "-" and not escaped)
            bracket_just_opened = False
        elif escaped or c not in "*?[`":
            parts.append(re.escape(c))
        elif c == "[":
            in_bracket = bracket_just_opened = True
            members, is_range = [], []
        elif c != "`":
            parts.append(".*" if c == "*" else ".")
        escaped = c == "`" and not escaped
    if in_bracket:
        raise WildcardError(pattern)
    if escaped and pattern != "`":
        parts.append("`")
    flags = re.DOTALL | (0 if case_sensitive else re.IGNORECASE)
    return re.compile(r"\A(?:" + "".join(parts) + r")\Z", flags)


def _bracket(members: list[str], is_range: list[bool], pattern: str) -> str:
    out, i = [], 0
    while i < len(members):
        if i + 2 < len(members) and is_range[i + 1]:
            low, high = members[i], members[i + 2]
            if low > high:
                raise WildcardError(pattern)
            out.append(f"{_class_char(low)}-{_class_char(high)}")
            i += 3
        else:
            out.append(_class_char(members[i]))
            i += 1
    return "[" + "".join(out) + "]" if out else "(?!)"


def _class_char(c: str) -> str:
    return "\\" + c if c in "\\]^-[" else c


def wildcard_match(pattern: str, text: str, *, case_sensitive: bool = False) -> bool:
    """Whether *text* matches the PowerShell wildcard *pattern* (as `-like` does)."""
    return wildcard_to_regex(pattern, case_sensitive=case_sensitive).match(text) is not None


_INLINE_OPTIONS = re.compile(r"\(\?([imnsx]*)(?:-([imnsx]*))?([:)])")
_NAMED_GROUP = re.compile(r"\(\?(?:<(?![=!])(\w+)>|'(\w+)')")
_BACKREFERENCE = re.compile(r"\\k(?:<(\w+)>|'(\w+)')")
_SUBSTITUTION = re.compile(r"\$(?:([0-9]+)|\{(\w+)\}|([$&]))")
_REASONS = (
    (re.compile(r"missing \), unterminated subpattern"), "Not enough )'s", "end"),
    (re.compile(r"unbalanced parenthesis"), "Too many )'s", 1),
    (re.compile(r"unterminated character set"), "Unterminated [] set", "end"),
    (re.compile(r"nothing to repeat"), "Quantifier '{char}' following nothing", 1),
    (re.compile(r"multiple repeat"), "Nested quantifier '{char}'", 1),
    (re.compile(r"bad escape \(end of pattern\)"), "Illegal \\ at end of pattern", "end"),
    (re.compile(r"bad escape (\\.)"), "Unrecognized escape sequence {0}", 2),
    (re.compile(r"unknown group name '(.*)'"), "Reference to undefined group name '{0}'", 0),
    (re.compile(r"invalid group reference (\d+)"), "Reference to undefined group number {0}", 0),
)


@functools.lru_cache(maxsize=1024)
def dotnet_regex(pattern: str, *, case_sensitive: bool = False) -> re.Pattern[str]:
    """Compile a .NET regular expression with Python's `re` (case-insensitive unless asked)."""
    translated, origin = _translate(pattern)
    try:
        return re.compile(translated, 0 if case_sensitive else re.IGNORECASE)
    except re.error as e:
        at = origin[e.pos] if e.pos is not None and e.pos < len(origin) else len(pattern)
        raise _regex_error(pattern, at, e.msg) from None


def _regex_error(pattern: str, at: int, msg: str) -> RegexError:
    for rx, reason, shift in _REASONS:
        m = rx.match(msg)
        if m:
            offset = len(pattern) if shift == "end" else min(at + int(shift), len(pattern))
            return RegexError(pattern, offset, reason.format(*m.groups(), char=pattern[at : at + 1]))
    return RegexError(pattern, at, msg[:1].upper() + msg[1:])


def _translate(pattern: str) -> tuple[str, list[int]]:
    out: list[str] = []
    origin: list[int] = []

    def emit(text: str, at: int) -> None:
        out.append(text)
        origin.extend([at] * len(text))

    scopes: list[list[str]] = [[]]
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            two = pattern[i : i + 2]
            named = _BACKREFERENCE.match(pattern, i)
            if named:
                name = named.group(1) or named.group(2)
                emit(f"(?:\\{name})" if name.isdigit() else f"(?P={name})", i)
                i = named.end()
                continue
            emit({"\\z": r"\Z", "\\Z": r"(?=\n?\Z)"}.get(two, two), i)
            i += len(two)
        elif c == "[":
            end = _class_end(pattern, i)
            emit(pattern[i:end], i)
            i = end
        elif c == "(":
            group = _NAMED_GROUP.match(pattern, i)
            options = _INLINE_OPTIONS.match(pattern, i)
            if group:
                emit(f"(?P<{group.group(1) or group.group(2)}>", i)
                scopes.append([])
                i = group.end()
            elif options and (options.group(1) or options.group(2) is not None):
                on, off = options.group(1).replace("n", ""), (options.group(2) or "").replace("n", "")
                flags = f"(?{on}{'-' + off if off else ''}:" if on or off else "(?:"
                emit(flags, i)
                if options.group(3) == ":":
                    scopes.append([])
                else:
                    scopes[-1].append(flags)
                i = options.end()
            else:
                emit("(", i)
                scopes.append([])
                i += 1
        elif c == ")" and len(scopes) > 1:
            emit(")" * len(scopes.pop()) + ")", i)
            i += 1
        elif c == "|" and scopes[-1]:
            emit(")" * len(scopes[-1]) + "|" + "".join(scopes[-1]), i)
            i += 1
        else:
            emit(c, i)
            i += 1
    emit(")" * sum(len(s) for s in scopes), n)
    return "".join(out), origin


def _class_end(pattern: str, i: int) -> int:
    j = i + 1
    if pattern[j : j + 1] == "^":
        j += 1
    if pattern[j : j + 1] == "]":
        j += 1
    while j < len(pattern) and pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return min(j + 1, len(pattern))


def dotnet_replacement(replacement: str, *, pattern: re.Pattern[str] | None = None) -> str:
    """Turn a .NET replacement string (`$1`, `${name}`, `$&`, `$$`) into an `re.sub` template.

    With *pattern*, references to groups it lacks stay literal, as in .NET.
    """
    out: list[str] = []
    i, n = 0, len(replacement)
    while i < n:
        c = replacement[i]
        if c == "\\":
            out.append("\\\\")
            i += 1
            continue
        ref = _SUBSTITUTION.match(replacement, i) if c == "$" else None
        if ref is None:
            out.append(c)
            i += 1
            continue
        number, name, symbol = ref.groups()
        i = ref.end()
        if symbol:
            out.append("$" if symbol == "$" else r"\g<0>")
        elif _group_exists(pattern, number or name):
            out.append(f"\\g<{int(number) if number else name}>")
        else:
            out.append(ref.group(0))
    return "".join(out)


def _group_exists(pattern: re.Pattern[str] | None, ref: str) -> bool:
    if pattern is None:
        return True
    if ref.isdigit():
        return int(ref) <= pattern.groups
    return ref in pattern.groupindex
