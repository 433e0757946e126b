"""Expandable strings: escapes, `$var`, `${var}` and `$(...)` inside double quotes."""

from __future__ import annotations

import re
from typing import Callable

from pshell.syntax import ast as A

_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "e": "\x1b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_VAR = re.compile(r"(?:(global|local|script|private|using|env|variable):)?([\w]+)", re.IGNORECASE)


def unescape_char(raw: str, i: int) -> tuple[str, int]:
    """The character a backtick escape at raw[i] stands for, and the index after it."""
    if i + 1 >= len(raw):
        return "", i + 1
    c = raw[i + 1]
    if c == "u" and raw[i + 2 : i + 3] == "{":
        end = raw.find("}", i + 3)
        if end > 0:
            try:
                return chr(int(raw[i + 3 : end], 16)), end + 1
            except ValueError:
                pass
    return _ESCAPES.get(c, c), i + 2


def unescape_bare(raw: str) -> str:
    """A bare word with its backtick escapes applied."""
    out, i = [], 0
    while i < len(raw):
        if raw[i] == "`":
            ch, i = unescape_char(raw, i)
            out.append(ch)
        else:
            out.append(raw[i])
            i += 1
    return "".join(out)


def expand_parts(
    raw: str, offset: int, parse_fragment: Callable[[str, int], A.StatementList]
) -> list[A.Node | str]:
    """Split a double-quoted body into literal text and the expressions to insert."""
    from pshell.syntax.lexer import scan_subexpression

    from pshell.syntax.builder import _current

    source = getattr(_current, "source", None)
    parts: list[A.Node | str] = []
    buf: list[str] = []
    i, n = 0, len(raw)

    def flush() -> None:
        if buf:
            parts.append("".join(buf))
            buf.clear()

    while i < n:
        c = raw[i]
        if c == "`":
            ch, i = unescape_char(raw, i)
            buf.append(ch)
            continue
        if c in '"\u201c\u201d\u201e' and raw[i + 1 : i + 2] in ('"', "\u201c", "\u201d", "\u201e") and raw[i + 1 : i + 2]:
            buf.append('"')
            i += 2
            continue
        if c == "$" and i + 1 < n:
            nxt = raw[i + 1]
            pos = A.Pos(offset + i, offset + i + 1, 0, 0, source)
            if nxt == "(":
                end = scan_subexpression(raw, i + 2, lambda p: ValueError("unterminated"))
                flush()
                body = parse_fragment(raw[i + 2 : end], offset + i + 2)
                parts.append(A.SubExpression(body, pos=pos))
                i = end + 1
                continue
            if nxt == "{":
                end = raw.find("}", i + 2)
                if end > 0:
                    flush()
                    from pshell.syntax.builder import make_variable

                    parts.append(make_variable(raw[i + 2 : end], pos))
                    i = end + 1
                    continue
            if nxt in "_?$^" and not (nxt == "_" and i + 2 < n and (raw[i + 2].isalnum() or raw[i + 2] == "_")):
                flush()
                parts.append(A.Variable(nxt, pos=pos))
                i += 2
                continue
            m = _VAR.match(raw, i + 1)
            if m:
                flush()
                scope = (m.group(1) or "").lower()
                parts.append(A.Variable(m.group(2), scope, pos=pos))
                i = m.end()
                continue
        buf.append(c)
        i += 1
    flush()
    return parts
