"""Automatic and preference variables: $true, $PID, $HOME, $PWD, $PSVersionTable, ..."""

from __future__ import annotations

import os
import platform
import sys
from typing import TYPE_CHECKING

from pshell import __version__
from pshell.engine.values import Hashtable

if TYPE_CHECKING:
    from pshell.engine.runtime import ExecutionContext


class PathInfo:
    """What $PWD and Get-Location return."""

    PS_TYPE_NAMES = ("System.Management.Automation.PathInfo", "System.Object")
    PS_PROPERTIES = ("Path",)

    def __init__(self, path: str) -> None:
        self.Path = path
        self.ProviderPath = path
        self.Drive = None
        self.Provider = "Microsoft.PowerShell.Core\\FileSystem"

    def ToString(self) -> str:
        return self.Path


# The PowerShell language version pshell follows (scripts test $PSVersionTable.PSVersion.Major).
PS_LANGUAGE_VERSION = "7.4.0"


def version_table() -> Hashtable:
    from pshell.engine.library.objects import Version

    table = Hashtable(ordered=True)
    table["PSVersion"] = Version(PS_LANGUAGE_VERSION)
    table["PSEdition"] = "Core"
    table["GitCommitId"] = __version__
    table["OS"] = f"{platform.system()} {platform.release()}"
    table["Platform"] = "Unix"
    table["PSCompatibleVersions"] = ["1.0", "2.0", "3.0", "4.0", "5.0", "5.1", "6.0", "7.0"]
    table["PSRemotingProtocolVersion"] = "2.3"
    table["SerializationVersion"] = "1.1.0.1"
    table["WSManStackVersion"] = "3.0"
    table["PythonVersion"] = platform.python_version()
    return table


def install_automatic_variables(context: "ExecutionContext") -> None:
    s = context.session
    for name, value in (("true", True), ("false", False), ("null", None)):
        s.define(name, value, options="Constant")
    s.define("PID", os.getpid(), options="Constant")
    s.define("HOME", os.path.expanduser("~"), options="ReadOnly")
    s.define("PWD", getter=lambda: PathInfo(context.location))
    s.define("PSVersionTable", version_table(), options="ReadOnly")
    s.define("PSHOME", os.path.dirname(os.path.abspath(sys.executable)), options="ReadOnly")
    s.define("ShellId", "Microsoft.PowerShell", options="ReadOnly")
    s.define("IsLinux", sys.platform.startswith("linux"), options="ReadOnly")
    s.define("IsMacOS", sys.platform == "darwin", options="ReadOnly")
    s.define("IsWindows", sys.platform.startswith("win"), options="ReadOnly")
    s.define("IsCoreCLR", True, options="ReadOnly")
    s.define("Error", [])
    s.define("LASTEXITCODE", None)
    s.define("ErrorActionPreference", "Continue")
    s.define("WarningPreference", "Continue")
    s.define("VerbosePreference", "SilentlyContinue")
    s.define("DebugPreference", "SilentlyContinue")
    s.define("InformationPreference", "SilentlyContinue")
    s.define("ProgressPreference", "Continue")
    s.define("ConfirmPreference", "High")
    s.define("WhatIfPreference", False)
    s.define("OFS", " ")
    s.define("FormatEnumerationLimit", 4)
    s.define("MaximumHistoryCount", 4096)
    s.define("NestedPromptLevel", 0)
    s.define("Host", context.host)
    s.define("args", [])
    s.define("input", iter(()))
    s.define("PSScriptRoot", "")
    s.define("PSCommandPath", "")
