"""What Get-Command and Get-Alias return: CommandInfo objects for cmdlets, functions, aliases and
native programs, with PowerShell's `CommandType Name Version Source` view."""

from __future__ import annotations

import os
from typing import Any

from pshell.cmdlets._help_text import parameter_sets, syntax_line, type_display
from pshell.cmdlets.base import ALL_SETS, CmdletInfo, Param, all_parameters
from pshell.engine.values import Hashtable
from pshell.format.views import ListView, TableView, ViewColumn, register_view

CORE_CMDLETS = frozenset(n.lower() for n in (
    "ForEach-Object", "Where-Object", "Get-Command", "Get-Help", "Get-History", "Add-History", "Clear-History",
    "Invoke-History", "Get-Module", "Import-Module", "Remove-Module", "New-Module", "Export-ModuleMember",
    "Get-Job", "Start-Job", "Stop-Job", "Wait-Job", "Receive-Job", "Remove-Job", "Set-StrictMode", "Out-Default",
    "Out-Host", "Out-Null", "Invoke-Command", "Register-ArgumentCompleter", "Get-ExperimentalFeature",
    "Test-ModuleManifest", "New-ModuleManifest", "Get-PSHostProcessInfo", "Clear-Host"))
MANAGEMENT_NOUNS = frozenset(n.lower() for n in (
    "Item", "ChildItem", "ItemProperty", "ItemPropertyValue", "Content", "Location", "Path", "Process", "Service",
    "PSDrive", "PSProvider", "Computer", "TimeZone", "Clipboard", "ComputerInfo", "Connection"))
SECURITY_CMDLETS = frozenset(n.lower() for n in (
    "Get-Acl", "Set-Acl", "ConvertTo-SecureString", "ConvertFrom-SecureString", "Get-ExecutionPolicy",
    "Set-ExecutionPolicy", "Get-Credential", "Get-PfxCertificate", "Get-AuthenticodeSignature"))
MODULE_VERSION = "7.0.0.0"

COMMAND_TYPE_ORDER = ("Alias", "Function", "Filter", "Cmdlet", "ExternalScript", "Application")


def qualified_id(error_id: str, cmdlet_name: str) -> str:
    """`HelpNotFound` of Get-Help -> `HelpNotFound,Microsoft.PowerShell.Commands.GetHelpCommand`."""
    return f"{error_id},Microsoft.PowerShell.Commands.{cmdlet_name.replace('-', '')}Command"


def module_of(cmdlet_name: str) -> str:
    """The PowerShell module a cmdlet belongs to (Microsoft.PowerShell.Utility, .Management, ...)."""
    low = cmdlet_name.lower()
    if low in CORE_CMDLETS:
        return "Microsoft.PowerShell.Core"
    if low in SECURITY_CMDLETS:
        return "Microsoft.PowerShell.Security"
    if low.split("-", 1)[-1] in MANAGEMENT_NOUNS:
        return "Microsoft.PowerShell.Management"
    return "Microsoft.PowerShell.Utility"


class ParameterMetadata:
    """`(Get-Command x).Parameters['Name']`."""

    PS_TYPE_NAMES = ("System.Management.Automation.ParameterMetadata", "System.Object")
    PS_PROPERTIES = ("Name", "ParameterType", "ParameterSets", "IsDynamic", "Aliases", "Attributes", "SwitchParameter")

    def __init__(self, p: Param) -> None:
        self.Name = p.name
        self.ParameterType = type_display(p.type)
        self.ParameterSets = list(p.sets) or ["__AllParameterSets"]
        self.IsDynamic = False
        self.Aliases = list(p.aliases)
        self.Attributes: list[Any] = []
        self.SwitchParameter = p.is_switch

    def ToString(self) -> str:
        return self.Name


class ParameterSetInfo:
    """`(Get-Command x).ParameterSets`: a set's name and its syntax (its ToString)."""

    PS_TYPE_NAMES = ("System.Management.Automation.CommandParameterSetInfo", "System.Object")
    PS_PROPERTIES = ("Name", "IsDefault", "Parameters")

    def __init__(self, name: str, is_default: bool, parameters: list[ParameterMetadata], syntax: str) -> None:
        self.Name = name
        self.IsDefault = is_default
        self.Parameters = parameters
        self.syntax = syntax

    def ToString(self) -> str:
        return self.syntax


class CommandInfo:
    """Base of the command objects; the view shows CommandType, Name, Version and Source."""

    PS_TYPE_NAMES: tuple[str, ...] = ("System.Management.Automation.CommandInfo", "System.Object")
    PS_PROPERTIES: tuple[str, ...] = ("CommandType", "Name", "Version", "Source")
    CommandType = ""

    def __init__(self, name: str) -> None:
        self.Name = name
        self.Version = ""
        self.Source = ""
        self.ModuleName = ""
        self.Definition = ""
        self.Visibility = "Public"

    @property
    def DisplayName(self) -> str:
        return self.Name

    def ToString(self) -> str:
        return self.Name

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.Name!r})"


def _parameter_info(name: str, params: dict[str, Param], default_set: str, *, common: bool,
                    should_process: bool = False) -> tuple[Hashtable, list[ParameterSetInfo], str]:
    table = Hashtable()
    for p in params.values():
        table[p.name] = ParameterMetadata(p)
    sets: list[ParameterSetInfo] = []
    lines: list[str] = []
    for set_name in parameter_sets(params, default_set):
        line = syntax_line(name, params, set_name, common=common, should_process=should_process)
        members = [ParameterMetadata(p) for p in params.values() if set_name == ALL_SETS or p.in_set(set_name)]
        shown = set_name if set_name != ALL_SETS else "__AllParameterSets"
        sets.append(ParameterSetInfo(shown, set_name == default_set or set_name == ALL_SETS, members,
                                     line[len(name) + 1:]))
        lines.append(line)
    definition = "\n" + "\n\n".join(lines) + "\n"
    return table, sets, definition


class CmdletCommandInfo(CommandInfo):
    """A cmdlet (System.Management.Automation.CmdletInfo)."""

    PS_TYPE_NAMES = ("System.Management.Automation.CmdletInfo", "System.Management.Automation.CommandInfo",
                     "System.Object")
    PS_PROPERTIES = ("CommandType", "Name", "Version", "Source", "Verb", "Noun", "ModuleName", "Definition",
                     "Parameters", "ParameterSets", "DefaultParameterSet", "OutputType", "HelpUri", "ImplementingType")
    CommandType = "Cmdlet"

    def __init__(self, info: CmdletInfo) -> None:
        super().__init__(info.name)
        self.info = info
        self.Verb, self.Noun = info.verb, info.noun
        self.ModuleName = self.Source = module_of(info.name)
        self.Version = MODULE_VERSION
        self.Parameters = Hashtable((p.name, ParameterMetadata(p)) for p in all_parameters(info).values())
        _, self.ParameterSets, self.Definition = _parameter_info(
            info.name, info.parameters, info.default_set, common=True, should_process=info.supports_should_process)
        self.DefaultParameterSet = None if info.default_set == ALL_SETS else info.default_set
        self.OutputType = [info.outputs] if info.outputs else []
        self.HelpUri = ""
        self.ImplementingType = f"{info.cls.__module__}.{info.cls.__name__}"
        self.Path = ""

    @property
    def syntax(self) -> list[str]:
        return [f"{self.Name} {s.syntax}".rstrip() for s in self.ParameterSets]


class FunctionCommandInfo(CommandInfo):
    """A function, filter or script file (FunctionInfo, FilterInfo, ExternalScriptInfo)."""

    PS_PROPERTIES = ("CommandType", "Name", "Version", "Source", "Verb", "Noun", "ModuleName", "Definition",
                     "ScriptBlock", "Parameters", "ParameterSets", "CmdletBinding", "Path")

    def __init__(self, name: str, fn: Any) -> None:
        super().__init__(name)
        self.function = fn
        self.CommandType = getattr(fn, "CommandType", "Function")
        verb, dash, noun = name.partition("-")
        self.Verb, self.Noun = (verb, noun) if dash else ("", "")
        self.Definition = fn.text
        self.ScriptBlock = fn.ScriptBlock
        self.CmdletBinding = bool(fn.advanced)
        self.Path = fn.file if self.CommandType == "ExternalScript" else ""
        if self.CommandType == "ExternalScript" and fn.file:
            self.Source = fn.file
        self.Parameters, self.ParameterSets, _ = _parameter_info(name, fn.params, fn.default_set,
                                                                 common=bool(fn.advanced))
        self.PS_TYPE_NAMES = (f"System.Management.Automation.{self.CommandType}Info"
                              if self.CommandType != "ExternalScript" else
                              "System.Management.Automation.ExternalScriptInfo",
                              "System.Management.Automation.CommandInfo", "System.Object")

    @property
    def syntax(self) -> list[str]:
        return [f"{self.Name} {s.syntax}".rstrip() for s in self.ParameterSets]


class ApplicationInfo(CommandInfo):
    """A native program found on PATH."""

    PS_TYPE_NAMES = ("System.Management.Automation.ApplicationInfo", "System.Management.Automation.CommandInfo",
                     "System.Object")
    PS_PROPERTIES = ("CommandType", "Name", "Version", "Source", "Path", "Definition", "Extension")
    CommandType = "Application"

    def __init__(self, path: str) -> None:
        super().__init__(os.path.basename(path))
        self.Path = self.Source = self.Definition = path
        self.Version = "0.0.0.0"
        self.Extension = os.path.splitext(path)[1]

    @property
    def syntax(self) -> list[str]:
        return [self.Path]


class AliasInfo(CommandInfo):
    """An alias; shown as `ls -> Get-ChildItem`."""

    PS_TYPE_NAMES = ("System.Management.Automation.AliasInfo", "System.Management.Automation.CommandInfo",
                     "System.Object")
    PS_PROPERTIES = ("CommandType", "Name", "Version", "Source", "Definition", "DisplayName", "ReferencedCommand",
                     "ResolvedCommand", "ResolvedCommandName", "Options", "Description")
    CommandType = "Alias"

    def __init__(self, name: str, target: str, *, resolved: CommandInfo | None = None, options: str = "None",
                 description: str = "") -> None:
        super().__init__(name)
        self.Definition = target
        self.ReferencedCommand = resolved
        self.ResolvedCommand = resolved
        self.ResolvedCommandName = resolved.Name if resolved is not None else target
        self.Options = options
        self.Description = description

    @property
    def DisplayName(self) -> str:
        return f"{self.Name} -> {self.Definition}"

    @property
    def syntax(self) -> list[str]:
        return [f"{self.Name} -> {self.Definition}"]


def _display_name(c: Any) -> str:
    return c.DisplayName if isinstance(c, AliasInfo) else c.Name


_COMMAND_TYPES = tuple(f"System.Management.Automation.{n}" for n in (
    "CommandInfo", "AliasInfo", "ApplicationInfo", "CmdletInfo", "ExternalScriptInfo", "FilterInfo", "FunctionInfo"))
register_view(TableView(_COMMAND_TYPES, [
    ViewColumn("CommandType", width=15),
    ViewColumn("Name", _display_name, width=50),
    ViewColumn("Version", width=10),
    ViewColumn("Source"),
]))
register_view(ListView(("System.Management.Automation.CmdletInfo",), [
    ViewColumn(n) for n in ("Name", "CommandType", "Definition", "Path", "ImplementingType", "Verb", "Noun")]))
register_view(ListView(("System.Management.Automation.AliasInfo",), [
    ViewColumn(n) for n in ("Name", "CommandType", "Definition", "ReferencedCommand", "ResolvedCommand")]))
register_view(ListView(("System.Management.Automation.ApplicationInfo",), [
    ViewColumn(n) for n in ("Name", "CommandType", "Definition", "Extension", "Path")]))
register_view(ListView(("System.Management.Automation.FunctionInfo", "System.Management.Automation.FilterInfo",
                        "System.Management.Automation.ExternalScriptInfo"), [
    ViewColumn(n) for n in ("Name", "CommandType", "Definition", "Path")]))
