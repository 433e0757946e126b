"""Completing file system paths and native program names (cached, so Tab stays fast)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

from prompt_toolkit.completion import Completion

_MAX_ENTRIES = 2000
_NEEDS_QUOTES = set(" \t'\"`$;&|(){}<>,@#")
_NATIVE_TTL = 30.0
_native_cache: dict[str, tuple[float, list[str]]] = {}


def quote(text: str, quote_char: str = "") -> str:
    """`text` as one shell word: quoted (single quotes unless told) if it needs quoting."""
    if not quote_char and not (_NEEDS_QUOTES & set(text)):
        return text
    if quote_char == '"':
        escaped = "".join("`" + c if c in '"$`' else c for c in text)
        return f'"{escaped}"'
    return "'" + text.replace("'", "''") + "'"


def _unquote(word: str) -> tuple[str, str]:
    """(quote character or "", the word's text without its quotes)."""
    if word[:1] in ("'", '"'):
        q, body = word[0], word[1:]
        if body.endswith(q):
            body = body[:-1]
        return q, body.replace("''", "'") if q == "'" else body.replace("`", "")
    return "", word


def _is_executable(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file() and os.access(entry.path, os.X_OK)
    except OSError:
        return False


def complete_paths(location: str, word: str, *, commands_only: bool = False) -> Iterator[Completion]:
    """Files and directories matching `word` (relative to `location`; `~`, `./`, quotes).

    Directories end in `/`; with commands_only, only directories, executables and scripts."""
    q, raw = _unquote(word)
    if raw == "~":
        yield Completion(quote("~/", q), start_position=-len(word), display="~/", display_meta="home")
        return
    folder, sep, prefix = raw.rpartition("/")
    typed_folder = folder + sep
    real = os.path.expanduser(folder) if folder.startswith("~") else folder
    if sep and not real:
        real = "/"
    base = real if os.path.isabs(real) else os.path.join(location, real or ".")
    try:
        with os.scandir(base) as it:
            entries = [e for _, e in zip(range(_MAX_ENTRIES * 5), it)]
    except OSError:
        return
    low = prefix.lower()
    show_hidden = prefix.startswith(".")
    matches = [e for e in entries if e.name.lower().startswith(low) and (show_hidden or not e.name.startswith("."))]

    def is_dir(e: os.DirEntry[str]) -> bool:
        try:
            return e.is_dir()
        except OSError:
            return False

    ranked = sorted(matches, key=lambda e: (not is_dir(e), not e.name.startswith(prefix), e.name.lower()))
    for entry in ranked[:_MAX_ENTRIES]:
        directory = is_dir(entry)
        if commands_only and not directory and not (entry.name.lower().endswith(".ps1") or _is_executable(entry)):
            continue
        text = typed_folder + entry.name + ("/" if directory else "")
        yield Completion(quote(text, q), start_position=-len(word), display=entry.name + ("/" if directory else ""),
                         display_meta="directory" if directory else "file")


def native_programs() -> list[str]:
    """Names of the executables on PATH, sorted; rescanned at most every 30 seconds."""
    path = os.environ.get("PATH", "")
    cached = _native_cache.get(path)
    now = time.monotonic()
    if cached is not None and now - cached[0] < _NATIVE_TTL:
        return cached[1]
    names: set[str] = set()
    for folder in path.split(os.pathsep):
        try:
            with os.scandir(folder or ".") as it:
                names.update(e.name for e in it if _is_executable(e))
        except OSError:
            continue
    result = sorted(names, key=str.lower)
    _native_cache.clear()
    _native_cache[path] = (now, result)
    return result
