"""Marking a remote command's output with where it came from.

PowerShell adds `PSComputerName`, `RunspaceId` and `PSShowComputerName` to every object
that comes back from a remote command. A deserialized object (a PSObject) gets them as
properties; a string or number gets them as attributes of a subclass that behaves exactly
like the plain value everywhere else, so `$r.PSComputerName` works on `icm ... { "text" }`.
"""

from __future__ import annotations

import functools
from typing import Any

from pshell.engine.values import PSObject

REMOTE_PROPERTIES = ("PSComputerName", "RunspaceId", "PSShowComputerName")


class RemoteStr(str):
    """A string that came from a remote command."""

    PS_PROPERTIES = REMOTE_PROPERTIES



class RemoteInt(int):
    """An integer that came from a remote command."""

    PS_PROPERTIES = REMOTE_PROPERTIES



class RemoteFloat(float):
    """A floating-point number that came from a remote command."""

    PS_PROPERTIES = REMOTE_PROPERTIES



_WRAPPERS: dict[type, type] = {str: RemoteStr, int: RemoteInt, float: RemoteFloat}


@functools.lru_cache(maxsize=1024)
def tagged_type(base: type, computer: str, runspace_id: str, show: bool) -> type:
    """A subclass of RemoteStr (RemoteInt, RemoteFloat: `base`'s wrapper) whose instances all
    came from one runspace: the three properties are attributes of the class, so tagging a
    value is making it (a value's own attributes, if a script sets them, still win)."""
    wrapper = _WRAPPERS[base]
    return type(wrapper.__name__, (wrapper,), {"__module__": __name__, "PSComputerName": computer,
                                               "RunspaceId": runspace_id, "PSShowComputerName": show})


def tag_remote(value: Any, computer: str, runspace_id: str, *, show: bool = True) -> Any:
    """The value with PowerShell's remote-output properties added (or the value itself when
    it cannot carry them: $null, booleans, enums)."""
    kind = type(value)
    if kind in _WRAPPERS:
        return tagged_type(kind, computer, runspace_id, show)(value)
    if isinstance(value, PSObject):
        value.properties["PSComputerName"] = computer
        value.properties["RunspaceId"] = runspace_id
        value.properties["PSShowComputerName"] = show
    return value


def tag_lines(lines: list[str], computer: str, runspace_id: str, *, show: bool = True) -> Any:
    """Lines of text from a remote command, each tagged as tag_remote does (an iterator)."""
    return map(tagged_type(str, computer, runspace_id, show), lines)
