"""Marking a remote command's output with where it came from.

PowerShell adds `PSComputerName`, `RunspaceId` and `PSShowComputerName` to every object
that comes back from a remote command. A deserialized object (a PSObject) gets them as
properties; a string or number gets them as attributes of a subclass that behaves exactly
like the plain value everywhere else, so `$r.PSComputerName` works on `icm ... { "text" }`.
"""

from __future__ import annotations

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


def tag_remote(value: Any, computer: str, runspace_id: str, *, show: bool = True) -> Any:
    """The value with PowerShell's remote-output properties added (or the value itself when
    it cannot carry them: $null, booleans, enums)."""
    if isinstance(value, PSObject):
        value.properties["PSComputerName"] = computer
        value.properties["RunspaceId"] = runspace_id
        value.properties["PSShowComputerName"] = show
        return value
    wrapper = _WRAPPERS.get(type(value))
    if wrapper is None:
        return value
    tagged = wrapper(value)
    tagged.PSComputerName = computer
    tagged.RunspaceId = runspace_id
    tagged.PSShowComputerName = show
    return tagged
