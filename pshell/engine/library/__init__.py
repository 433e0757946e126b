"""Built-in members of values and static members of .NET types; importing this package
registers them all with `pshell.engine.members` and `pshell.engine.statics`."""

from __future__ import annotations

from pshell.engine.library import (  # noqa: F401
    collections,
    containers,
    dates,
    dictionaries,
    numbers,
    objects,
    psobject,
    regex,
    static_collections,
    static_convert,
    static_io,
    static_math,
    static_numbers,
    static_system,
    static_text,
    static_time,
    strings,
    textobjects,
    views,
)
