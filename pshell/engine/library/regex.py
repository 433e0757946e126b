"""System.Text.RegularExpressions: Regex objects and the Match / Group / Capture results."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any, Iterator

from pshell.engine.library.common import (
    DotNetException,
    EnumValue,
    NamedCollection,
    arg_int,
    arg_str,
    dotnet_class,
    enum_flags,
)
from pshell.engine.text import RegexError, dotnet_regex, dotnet_replacement
from pshell.engine.types import register_type
from pshell.engine.values import ScriptBlock, as_list, to_string

REGEX_OPTIONS = {"None": 0, "IgnoreCase": 1, "Multiline": 2, "ExplicitCapture": 4, "Compiled": 8, "Singleline": 16,
                 "IgnorePatternWhitespace": 32, "RightToLeft": 64, "ECMAScript": 256, "CultureInvariant": 512,
                 "NonBacktracking": 1024}
OPTIONS_TYPE = "System.Text.RegularExpressions.RegexOptions"
_INLINE = ((2, "m"), (16, "s"), (32, "x"), (4, "n"))
_ESCAPE = {"\\": "\\\\", "*": "\\*", "+": "\\+", "?": "\\?", "|": "\\|", "{": "\\{", "[": "\\[", "(": "\\(",
           ")": "\\)", "^": "\\^", "$": "\\$", ".": "\\.", "#": "\\#", " ": "\\ ", "\t": "\\t", "\n": "\\n",
           "\r": "\\r", "\f": "\\f"}
_UNESCAPE = {"t": "\t", "n": "\n", "r": "\r", "f": "\f", "v": "\v", "a": "\a", "e": "\x1b"}


def escape(text: str) -> str:
    """Regex.Escape."""
    return "".join(_ESCAPE.get(c, c) for c in text)


def unescape(text: str) -> str:
    """Regex.Unescape."""
    out: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c != "\\" or i + 1 >= len(text):
            out.append(c)
            i += 1
            continue
        nxt = text[i + 1]
        hexes = {"x": 2, "u": 4}.get(nxt)
        if hexes and re.fullmatch(r"[0-9a-fA-F]{%d}" % hexes, text[i + 2:i + 2 + hexes]):
            out.append(chr(int(text[i + 2:i + 2 + hexes], 16)))
            i += 2 + hexes
        elif nxt in "01234567":
            digits = re.match(r"[0-7]{1,3}", text[i + 1:]).group(0)  # type: ignore[union-attr]
            out.append(chr(int(digits, 8) & 0xFF))
            i += 1 + len(digits)
        elif nxt == "c" and i + 2 < len(text):
            out.append(chr(ord(text[i + 2].upper()) - 64))
            i += 3
        else:
            out.append(_UNESCAPE.get(nxt, nxt))
            i += 2
    return "".join(out)


def compile_pattern(pattern: str, flags: int) -> re.Pattern[str]:
    """A .NET pattern with RegexOptions as a Python pattern; bad patterns raise DotNetException."""
    inline = "".join(letter for bit, letter in _INLINE if flags & bit)
    try:
        return dotnet_regex(f"(?{inline})" + pattern if inline else pattern, case_sensitive=not flags & 1)
    except RegexError as e:
        raise DotNetException(str(e), "System.Text.RegularExpressions.RegexParseException") from None


def options_value(flags: int) -> EnumValue:
    """RegexOptions flags as an enum value (`IgnoreCase, Multiline`)."""
    names = [name for name, bit in REGEX_OPTIONS.items() if bit and flags & bit]
    return EnumValue(flags, ", ".join(names) or "None", OPTIONS_TYPE)


@dotnet_class
class Capture:
    """One captured substring: Index, Length, Value."""

    PS_TYPE_NAMES = ("System.Text.RegularExpressions.Capture", "System.Object")
    PS_PROPERTIES = ("Index", "Length", "Value")

    def __init__(self, value: str, index: int) -> None:
        self.Value = value
        self.Index = index

    @property
    def Length(self) -> int:
        return len(self.Value)

    def ToString(self) -> str:
        return self.Value

    def __str__(self) -> str:
        return self.Value

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.Value!r} at {self.Index})"


@dotnet_class
class Group(Capture):
    """One group of a match; a group that did not take part has Success $false and Value ''."""

    PS_TYPE_NAMES = ("System.Text.RegularExpressions.Group", "System.Text.RegularExpressions.Capture", "System.Object")
    PS_PROPERTIES = ("Success", "Name", "Captures", "Index", "Length", "Value")

    def __init__(self, name: str, value: str | None, index: int) -> None:
        super().__init__(value or "", index if value is not None else 0)
        self.Name = name
        self.Success = value is not None

    @property
    def Captures(self) -> list[Capture]:
        return [Capture(self.Value, self.Index)] if self.Success else []


@dotnet_class
class GroupCollection(NamedCollection):
    """Match.Groups: indexable by number or by name; a missing group is a failed Group."""

    PS_TYPE_NAMES = ("System.Text.RegularExpressions.GroupCollection", "System.Object")

    def missing(self, key: Any) -> Group:
        return Group(str(key), None, 0)

    def by_name(self, name: str) -> Group:
        return next((g for g in self._items if g.Name == name), self.missing(name))

    @property
    def Keys(self) -> list[str]:
        return [g.Name for g in self._items]

    @property
    def Values(self) -> list[Group]:
        return list(self._items)

    def ContainsKey(self, key: Any) -> bool:
        return any(g.Name == arg_str(key) for g in self._items)

    def TryGetValue(self, key: Any, out: Any = None) -> bool:
        found = self.ContainsKey(key)
        if out is not None and hasattr(out, "Value"):
            out.Value = self.by_name(arg_str(key)) if found else None
        return found

    def ToString(self) -> str:
        return self.PS_TYPE_NAMES[0]


def group_order(pattern: re.Pattern[str]) -> list[tuple[int, str]]:
    """Python group numbers with their .NET names: numbered groups first, then named ones."""
    named = {index: name for name, index in pattern.groupindex.items()}
    unnamed = [i for i in range(1, pattern.groups + 1) if i not in named]
    order = [(0, "0")] + [(i, str(n)) for n, i in enumerate(unnamed, 1)]
    return order + sorted(((i, name) for i, name in named.items()), key=lambda t: t[0])


@dotnet_class
class Match(Group):
    """The result of Regex.Match; `Match.Empty`-like (Success $false) when nothing matched."""

    PS_TYPE_NAMES = ("System.Text.RegularExpressions.Match", "System.Text.RegularExpressions.Group",
                     "System.Text.RegularExpressions.Capture", "System.Object")
    PS_PROPERTIES = ("Groups", "Success", "Name", "Captures", "Index", "Length", "Value")

    def __init__(self, regex: "Regex | None", match: re.Match[str] | None, text: str = "") -> None:
        super().__init__("0", match.group(0) if match else None, match.start() if match else 0)
        self._regex = regex
        self._match = match
        self._text = text

    @property
    def Groups(self) -> GroupCollection:
        if self._match is None or self._regex is None:
            return GroupCollection([Group("0", None, 0)])
        m = self._match
        return GroupCollection(Group(name, m.group(i), m.start(i)) for i, name in group_order(m.re))

    def NextMatch(self) -> "Match":
        if self._match is None or self._regex is None:
            return self
        m = self._match
        start = m.end() + (1 if m.end() == m.start() else 0)
        if start > len(self._text):
            return Match(self._regex, None)
        return self._regex.Match(self._text, start)

    def Result(self, replacement: Any) -> str:
        if self._match is None:
            raise DotNetException("Result cannot be called on a failed Match.", "System.NotSupportedException")
        return self._match.expand(dotnet_replacement(arg_str(replacement), pattern=self._match.re))


@dotnet_class
class MatchCollection(list):
    """Regex.Matches: a list of Match objects."""

    PS_TYPE_NAMES = ("System.Text.RegularExpressions.MatchCollection", "System.Object")


@dotnet_class
class Regex:
    """System.Text.RegularExpressions.Regex (case-sensitive unless IgnoreCase, as in .NET)."""

    PS_TYPE_NAMES = ("System.Text.RegularExpressions.Regex", "System.Object")
    PS_PROPERTIES = ("Options", "MatchTimeout", "RightToLeft")

    def __init__(self, pattern: Any, options: Any = None, timeout: Any = None) -> None:
        if pattern is None:
            raise DotNetException("Value cannot be null. (Parameter 'pattern')", "System.ArgumentNullException")
        self.pattern = arg_str(pattern)
        self.flags = enum_flags(options, REGEX_OPTIONS, OPTIONS_TYPE)
        self.compiled = compile_pattern(self.pattern, self.flags)

    @classmethod
    def ps_convert_from(cls, value: Any) -> "Regex":
        return cls(value)

    @property
    def Options(self) -> EnumValue:
        return options_value(self.flags)

    @property
    def MatchTimeout(self) -> _dt.timedelta:
        return _dt.timedelta(milliseconds=-1)

    @property
    def RightToLeft(self) -> bool:
        return bool(self.flags & 64)

    def _input(self, text: Any) -> str:
        if text is None:
            raise DotNetException("Value cannot be null. (Parameter 'input')", "System.ArgumentNullException")
        return arg_str(text)

    def _start(self, text: str, startat: Any) -> int:
        at = arg_int(startat)
        if not 0 <= at <= len(text):
            raise DotNetException("Start index cannot be less than 0 or greater than input length. (Parameter 'startat')",
                                  "System.ArgumentOutOfRangeException")
        return at

    def IsMatch(self, text: Any, startat: Any = 0) -> bool:
        s = self._input(text)
        return self.compiled.search(s, self._start(s, startat)) is not None

    def Match(self, text: Any, startat: Any = 0, length: Any = None) -> Match:
        s = self._input(text)
        start = self._start(s, startat)
        end = len(s) if length is None else start + arg_int(length)
        return Match(self, self.compiled.search(s, start, end), s)

    def Matches(self, text: Any, startat: Any = 0) -> MatchCollection:
        s = self._input(text)
        return MatchCollection(Match(self, m, s) for m in self._iter(s, self._start(s, startat)))

    def _iter(self, s: str, start: int) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(s, start)

    def Replace(self, text: Any, replacement: Any, count: Any = -1, startat: Any = 0, context: Any = None) -> str:
        s = self._input(text)
        limit = arg_int(count)
        start = self._start(s, startat)
        if isinstance(replacement, ScriptBlock):
            def evaluate(m: re.Match[str]) -> str:
                found = Match(self, m, s)
                result = context.invoke_block(replacement, args=[found], dollar_under=found)
                return "".join(to_string(v) for v in as_list(result))
            substitute: Any = evaluate
        else:
            template = dotnet_replacement(arg_str(replacement), pattern=self.compiled)
            substitute = lambda m: m.expand(template)  # noqa: E731
        if limit == 0:
            return s
        out: list[str] = [s[:start]]
        last, done = start, 0
        for m in self._iter(s, start):
            out.append(s[last:m.start()])
            out.append(substitute(m))
            last = m.end()
            done += 1
            if done == limit:
                break
        out.append(s[last:])
        return "".join(out)

    def Split(self, text: Any, count: Any = 0, startat: Any = 0) -> list[str]:
        s = self._input(text)
        limit = arg_int(count)
        if limit == 1:
            return [s]
        out: list[str] = []
        last, done = 0, 0
        for m in self._iter(s, self._start(s, startat)):
            out.append(s[last:m.start()])
            out.extend(m.group(i) for i, _ in group_order(self.compiled)[1:] if m.group(i) is not None)
            last = m.end()
            done += 1
            if limit > 0 and done == limit - 1:
                break
        out.append(s[last:])
        return out

    def GetGroupNames(self) -> list[str]:
        return [name for _, name in group_order(self.compiled)]

    def GetGroupNumbers(self) -> list[int]:
        return list(range(len(group_order(self.compiled))))

    def GroupNameFromNumber(self, number: Any) -> str:
        names = self.GetGroupNames()
        n = arg_int(number)
        return names[n] if 0 <= n < len(names) else ""

    def GroupNumberFromName(self, name: Any) -> int:
        names = self.GetGroupNames()
        return names.index(arg_str(name)) if arg_str(name) in names else -1

    def ToString(self) -> str:
        return self.pattern

    def __eq__(self, other: object) -> bool:
        return self is other

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        return f"Regex({self.pattern!r})"


register_type("System.Text.RegularExpressions.Match", Match, "System.Text.RegularExpressions.Match",
              "text.regularexpressions.match")
register_type("System.Text.RegularExpressions.Group", Group, "System.Text.RegularExpressions.Group",
              "text.regularexpressions.group")
register_type("System.Text.RegularExpressions.Capture", Capture, "System.Text.RegularExpressions.Capture",
              "text.regularexpressions.capture")
register_type("System.Text.RegularExpressions.MatchCollection", MatchCollection,
              "System.Text.RegularExpressions.MatchCollection", "text.regularexpressions.matchcollection")
