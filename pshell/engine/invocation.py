"""`$MyInvocation`: what a script or function knows about how it was called."""

from __future__ import annotations

import os
from typing import Any

from pshell.engine.values import Hashtable


class ExternalScriptInfo:
    """A script file seen as a command (`$MyInvocation.MyCommand` inside a .ps1)."""

    PS_TYPE_NAMES = ("System.Management.Automation.ExternalScriptInfo", "System.Management.Automation.CommandInfo")
    PS_PROPERTIES = ("CommandType", "Name", "Path", "Source")

    def __init__(self, path: str) -> None:
        self.Path = path
        self.Source = path
        self.Definition = path
        self.Name = os.path.basename(path)
        self.CommandType = "ExternalScript"

    def ToString(self) -> str:
        return self.Name


class InvocationInfo:
    """System.Management.Automation.InvocationInfo, the parts scripts read."""

    PS_TYPE_NAMES = ("System.Management.Automation.InvocationInfo", "System.Object")
    PS_PROPERTIES = ("MyCommand", "BoundParameters", "UnboundArguments", "ScriptLineNumber", "OffsetInLine",
                     "ScriptName", "Line", "InvocationName", "PSScriptRoot", "PSCommandPath")

    def __init__(self, command: Any, *, invocation_name: str = "", bound: Hashtable | None = None,
                 unbound: list[Any] | None = None, span: Any = None, caller_file: str | None = None) -> None:
        self.MyCommand = command
        self.InvocationName = invocation_name
        self.BoundParameters = bound if bound is not None else Hashtable()
        self.UnboundArguments = list(unbound or [])
        self.ScriptLineNumber = span.line if span is not None else 0
        self.OffsetInLine = span.column if span is not None else 0
        self.Line = span.line_text if span is not None else ""
        self.ScriptName = caller_file or ""
        self.PSCommandPath = caller_file or ""
        self.PSScriptRoot = os.path.dirname(caller_file) if caller_file else ""
