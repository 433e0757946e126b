"""String.Split with .NET's rules: separators as characters, strings or white space; a count;
RemoveEmptyEntries and TrimEntries."""

from __future__ import annotations

from pshell.engine.library.common import DotNetException

WHITESPACE = ("\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
              "\u2028\u2029\u202f\u205f\u3000")
MAX_COUNT = 2**31 - 1


def _separator_positions(s: str, seps: list[str], chars: bool) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    usable = [x for x in seps if x]
    i = 0
    while i < len(s):
        if not usable:
            if s[i] in WHITESPACE:
                found.append((i, 1))
            i += 1
            continue
        if chars:
            if s[i] in usable:
                found.append((i, 1))
            i += 1
            continue
        for sep in usable:
            if s.startswith(sep, i):
                found.append((i, len(sep)))
                i += len(sep)
                break
        else:
            i += 1
    return found


def split_string(s: str, seps: list[str], count: int = MAX_COUNT, options: int = 0, *, chars: bool = False) -> list[str]:
    """String.Split with .NET's rules; an empty *seps* list means white space."""
    remove, trim = bool(options & 1), bool(options & 2)
    if count < 0:
        raise DotNetException("Count cannot be less than zero. (Parameter 'count')", "System.ArgumentOutOfRangeException")
    if count <= 1 or not s:
        if count == 0:
            return []
        whole = s.strip(WHITESPACE) if trim else s
        return [] if remove and not whole else [whole]
    positions = _separator_positions(s, seps, chars)
    if not positions:
        whole = s.strip(WHITESPACE) if trim else s
        return [] if remove and not whole else [whole]
    out: list[str] = []
    current = 0
    i = 0
    while i < len(positions):
        at, length = positions[i]
        entry = s[current:at]
        if trim:
            entry = entry.strip(WHITESPACE)
        if entry or not remove:
            out.append(entry)
        current = at + length
        if len(out) == count - 1:
            if remove:
                i += 1
                while i < len(positions):
                    at, length = positions[i]
                    entry = s[current:at]
                    if (entry.strip(WHITESPACE) if trim else entry):
                        break
                    current = at + length
                    i += 1
            break
        i += 1
    last = s[current:]
    if trim:
        last = last.strip(WHITESPACE)
    if last or not remove:
        out.append(last)
    return out
