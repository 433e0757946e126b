"""Looking at the session: Get-Help, Get-Command and Invoke-Expression.

Related cmdlets live beside this module: aliases in `aliases.py`, variables in `variables.py`,
history in `history.py`; help text and command objects in `_help_text.py` and `_command_info.py`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pshell.cmdlets._command_info import (
    COMMAND_TYPE_ORDER,
    AliasInfo,
    ApplicationInfo,
    CmdletCommandInfo,
    CommandInfo,
    FunctionCommandInfo,
    module_of,
    qualified_id,
)
from pshell.cmdlets._help_text import HelpInfo, HelpText, cmdlet_help, function_help
from pshell.cmdlets.base import (
    Cmdlet,
    CmdletInfo,
    Example,
    Param,
    all_cmdlets,
    cmdlet,
    find_cmdlet,
)
from pshell.engine import environment
from pshell.engine.text import has_wildcard, wildcard_match
from pshell.engine.values import to_string
from pshell.errors import ErrorCategory, ErrorRecord
from pshell.format.render import FormattedText
from pshell.format.views import TableView, ViewColumn, register_view

_COMMAND_TYPES = ("Alias", "Function", "Filter", "Cmdlet", "ExternalScript", "Application", "Script", "All")


# ------------------------------------------------------------------ the session's commands
def session_aliases(context: Any) -> dict[str, tuple[str, str]]:
    """Every alias (lower-cased name -> (name, target)): the cmdlets' own, then the session's."""
    found: dict[str, tuple[str, str]] = {}
    for info in all_cmdlets():
        for alias in info.aliases:
            found[alias.lower()] = (alias, info.name)
    for name, target in context.session.all_aliases().items():
        found[name.lower()] = (name, target)
    return found


def session_functions(context: Any) -> dict[str, tuple[str, Any]]:
    return {key: (getattr(fn, "name", "") or key, fn) for key, fn in context.session.all_functions().items()}


def aliases_of(context: Any, command: str) -> list[str]:
    return sorted((name for name, target in session_aliases(context).values() if target.lower() == command.lower()),
                  key=str.lower)


def command_info(context: Any, name: str, target: Any) -> CommandInfo:
    if isinstance(target, CmdletInfo):
        return CmdletCommandInfo(target)
    if isinstance(target, tuple):
        kind, path = target
        if kind == "script":
            return FunctionCommandInfo(os.path.basename(path), context.load_script(path))
        return ApplicationInfo(path)
    return FunctionCommandInfo(name, target)


def alias_info(context: Any, name: str, target: str) -> AliasInfo:
    resolved: CommandInfo | None = None
    fn = context.session.get_function(target)
    if fn is not None:
        resolved = FunctionCommandInfo(target, fn)
    elif (info := find_cmdlet(target)) is not None:
        resolved = CmdletCommandInfo(info)
    shown = resolved.Name if isinstance(resolved, CmdletCommandInfo) else target
    alias = AliasInfo(name, shown, resolved=resolved)
    if isinstance(resolved, CmdletCommandInfo):
        alias.ModuleName = alias.Source = ""
    return alias


def path_programs(pattern: str) -> Iterator[str]:
    """Executable files on PATH whose names match a wildcard, first occurrence of each name."""
    seen: set[str] = set()
    for folder in environment.current().get("PATH", "").split(os.pathsep):
        try:
            entries = sorted(os.listdir(folder or "."))
        except OSError:
            continue
        for entry in entries:
            full = os.path.join(folder, entry)
            if entry in seen or not wildcard_match(pattern, entry):
                continue
            if os.path.isfile(full) and os.access(full, os.X_OK):
                seen.add(entry)
                yield full


def matches_any(patterns: list[str] | None, text: str) -> bool:
    return patterns is None or any(wildcard_match(p, text) for p in patterns)


# ------------------------------------------------------------------ Get-Command
@cmdlet(
    "Get-Command", aliases=("gcm",), synopsis="Gets all commands.",
    description="Gets the commands pshell can run: aliases, functions, cmdlets, script files and programs on PATH. "
                "-Name takes wildcards; -Verb and -Noun find cmdlets and functions by the parts of their names. "
                "Without -All a name gets only the command that would run.",
    outputs="System.Management.Automation.CommandInfo",
    related=("Get-Help", "Get-Alias"),
    examples=[
        Example("Get-Command Get-Alias", "Gets one cmdlet.",
                output="\nCommandType     Name                                               Version    Source\n"
                       "-----------     ----                                               -------    ------\n"
                       "Cmdlet          Get-Alias                                          7.0.0.0    "
                       "Microsoft.PowerShell.Utility\n"),
        Example("Get-Command -Verb Get -Noun History | Select-Object -ExpandProperty Name",
                "Finds cmdlets by verb and noun.", output="Get-History"),
        Example("(Get-Command Get-Alias).Parameters.ContainsKey('Definition')",
                "Looks at a command's parameters.", output="True"),
        Example("Get-Command Get-Alias -Syntax", "Shows the syntax of each parameter set.",
                output="\nGet-Alias [[-Name] <string[]>] [-Exclude <string[]>] [-Scope <string>] [<CommonParameters>]\n\n"
                       "Get-Alias [-Exclude <string[]>] [-Scope <string>] [-Definition <string[]>] "
                       "[<CommonParameters>]\n"),
    ],
)
class GetCommand(Cmdlet):
    Name = Param("string[]", position=0, pipeline_by_name=True, sets=("AllCommandSet",),
                 help="Names of commands; wildcards are allowed.")
    Verb = Param("string[]", sets=("CmdletSet",), help="Gets cmdlets and functions with these verbs (wildcards allowed).")
    Noun = Param("string[]", sets=("CmdletSet",), help="Gets cmdlets and functions with these nouns (wildcards allowed).")
    CommandType = Param("string[]", aliases=("Type",), sets=("AllCommandSet",), choices=_COMMAND_TYPES,
                        help="Gets only commands of these types.")
    Module = Param("string[]", help="Gets the commands of these modules.")
    TotalCount = Param("int", help="Gets at most this many commands.")
    Syntax = Param("switch", help="Gets the syntax of each command instead of the command.")
    All = Param("switch", help="Gets every command of a name, not only the one that runs.")
    ListImported = Param("switch", help="Gets the commands of the current session (all of them in pshell).")

    def begin(self) -> None:
        self.found: list[CommandInfo] = []

    def process(self) -> None:
        types = {t.lower() for t in self.CommandType or []}
        if "all" in types:
            types = set()
        if self.Name:
            for name in self.Name:
                self.found.extend(c for c in self._by_name(to_string(name), types)
                                  if not types or c.CommandType.lower() in types)
        else:
            self.found.extend(c for c in self._all(types) if matches_any(self.Verb, getattr(c, "Verb", ""))
                              and matches_any(self.Noun, getattr(c, "Noun", "")))

    def end(self) -> None:
        modules = [to_string(m) for m in self.Module] if self.Module else None
        results = [c for c in self.found if matches_any(modules, c.ModuleName or c.Source)]
        if self.TotalCount is not None and self.TotalCount >= 0:
            results = results[: self.TotalCount]
        for command in results:
            if self.Syntax:
                self.write_output(_syntax_text(self.context, command))
            else:
                self.write_output(command)

    def _all(self, types: set[str]) -> list[CommandInfo]:
        verb_noun = self.Verb is not None or self.Noun is not None
        wanted = types or ({"function", "filter", "cmdlet"} if verb_noun else {"alias", "function", "filter", "cmdlet"})
        out: list[CommandInfo] = []
        if "alias" in wanted and not verb_noun:
            out += [alias_info(self.context, n, t) for n, t in session_aliases(self.context).values()]
        if wanted & {"function", "filter"}:
            out += [FunctionCommandInfo(n, fn) for n, fn in session_functions(self.context).values()
                    if getattr(fn, "CommandType", "Function").lower() in wanted]
        if "cmdlet" in wanted:
            out += [CmdletCommandInfo(info) for info in all_cmdlets()]
        return _sorted(out)

    def _by_name(self, name: str, types: set[str]) -> list[CommandInfo]:
        if has_wildcard(name):
            out = [c for c in self._all(types - {"application"}) if wildcard_match(name, c.Name)]
            if not types or "application" in types:
                out += [ApplicationInfo(path) for path in path_programs(name)]
            return _sorted(out)
        found = self._exact(name)
        if not found:
            self.write_error(ErrorRecord(
                f"The term '{name}' is not recognized as a name of a cmdlet, function, script file, or executable "
                "program.\nCheck the spelling of the name, or if a path was included, verify that the path is "
                "correct and try again.", qualified_id("CommandNotFoundException", "Get-Command"), ErrorCategory.ObjectNotFound, target=name,
                exception_type="System.Management.Automation.CommandNotFoundException"))
            return []
        if types:
            found = [c for c in found if c.CommandType.lower() in types]
        return found if self.All or types else found[:1]

    def _exact(self, name: str) -> list[CommandInfo]:
        """Every command called `name`, in the order the shell would choose them."""
        out: list[CommandInfo] = []
        alias = session_aliases(self.context).get(name.lower())
        if alias is not None:
            out.append(alias_info(self.context, *alias))
        fn = self.context.session.get_function(name)
        if fn is not None:
            out.append(FunctionCommandInfo(getattr(fn, "name", "") or name, fn))
        info = find_cmdlet(name)
        if info is not None:
            out.append(CmdletCommandInfo(info))
        if "/" in name or name.lower().endswith(".ps1"):
            path = self.context.resolve_path(name)
            if os.path.isfile(path):
                kind = "script" if path.lower().endswith(".ps1") else "native"
                out.append(command_info(self.context, name, (kind, path)))
        else:
            out += [ApplicationInfo(path) for path in path_programs(name)]
        return out


def _sorted(commands: list[CommandInfo]) -> list[CommandInfo]:
    def key(c: CommandInfo) -> tuple[int, str]:
        kind = COMMAND_TYPE_ORDER.index(c.CommandType) if c.CommandType in COMMAND_TYPE_ORDER else 99
        return kind, c.Name.lower()

    unique: dict[tuple[str, str], CommandInfo] = {}
    for c in commands:
        unique.setdefault((c.CommandType, c.Name.lower()), c)
    return sorted(unique.values(), key=key)


def _syntax_text(context: Any, command: CommandInfo) -> str:
    if isinstance(command, AliasInfo):
        resolved = command.ResolvedCommand
        lines = [f"{command.Name} (alias) -> {command.Definition}"]
        if resolved is not None and hasattr(resolved, "syntax"):
            lines += [line.replace(resolved.Name, command.Name, 1) for line in resolved.syntax]
        return "\n" + "\n\n".join(lines) + "\n"
    return "\n" + "\n\n".join(getattr(command, "syntax", [command.Name])) + "\n"


# ------------------------------------------------------------------ Get-Help
OVERVIEW = """
TOPIC
    pshell Help System

SHORT DESCRIPTION
    Displays help about pshell cmdlets and functions.

LONG DESCRIPTION
    Get-Help shows the help of a command: its synopsis, syntax, description, parameters and examples.
    Every cmdlet's help comes from its declaration, so it always matches what the cmdlet accepts.

    Get-Help <command>               the help of a command (cmdlet, function, alias)
    Get-Help <command> -Examples     its examples
    Get-Help <command> -Detailed     adds the parameters and examples
    Get-Help <command> -Full         everything, with each parameter's details
    Get-Help <command> -Parameter P  one parameter
    <command> -?                     the same as Get-Help <command>
    Get-Help *-Item                  the commands whose names match a wildcard

    Get-Command lists the commands; Get-Command -Noun Item finds them by noun.
    Functions get their help from their param() block and from comment-based help
    (.SYNOPSIS, .DESCRIPTION, .PARAMETER, .EXAMPLE).
"""


@dataclass
class HelpSummary:
    """One line of Get-Help's list of matching commands."""

    Name: str
    Category: str
    Module: str
    Synopsis: str

    PS_TYPE_NAMES = ("HelpInfoShort", "System.Object")


register_view(TableView(("HelpInfoShort",), [
    ViewColumn("Name", width=33), ViewColumn("Category", width=9), ViewColumn("Module", width=25),
    ViewColumn("Synopsis")]))


@cmdlet(
    "Get-Help", aliases=("help",), synopsis="Displays information about pshell commands and concepts.",
    description="Shows the help of a cmdlet or function: NAME, SYNOPSIS, SYNTAX, DESCRIPTION, ALIASES and REMARKS; "
                "-Detailed adds PARAMETERS and EXAMPLES, -Full the details of every parameter, -Examples shows only "
                "the examples and -Parameter one parameter. A wildcard lists the matching commands. `command -?` "
                "shows the same help.",
    outputs="MamlCommandHelpInfo",
    related=("Get-Command",),
    examples=[
        Example("(Get-Help Get-Alias).Synopsis", "Gets the synopsis as a string.",
                output="Gets the aliases for the current session."),
        Example("Get-Help Get-History -Examples | Out-String -Stream | "
                "Where-Object { $_ -match '^ *Get-History -Count 2$' } | ForEach-Object { $_ -replace '^ +' }",
                "Finds an example's code in the help text.",
                output="Get-History -Count 2"),
        Example("(Get-Help Get-Command -Parameter Noun).required", "Looks at one parameter.", output="false"),
        Example("function Get-Square { <#\n.SYNOPSIS\nSquares a number.\n#>\nparam([int]$N) $N * $N }\n"
                "(Get-Help Get-Square).Synopsis", "Functions have comment-based help.", output="Squares a number."),
    ],
)
class GetHelp(Cmdlet):
    Name = Param("string", position=0, pipeline_by_name=True, help="The command (or a wildcard) to get help for.")
    Full = Param("switch", sets=("AllUsersView",), help="Shows the whole help, with each parameter's details.")
    Detailed = Param("switch", sets=("DetailedView",), help="Adds the parameters and the examples.")
    Examples = Param("switch", sets=("Examples",), help="Shows only the examples.")
    Parameter = Param("string[]", sets=("Parameters",), help="Shows the help of these parameters (wildcards allowed).")
    Category = Param("string[]", help="Limits the search to these categories (Alias, Cmdlet, Function, ...).")
    Online = Param("switch", sets=("Online",), help="Not available in pshell.")

    def process(self) -> None:
        name = to_string(self.Name) if self.Name else ""
        if not name:
            self.write_output(FormattedText(HelpText().add(OVERVIEW.rstrip("\n")).blank(), blank_before=False,
                                            blank_after=False))
            return
        if has_wildcard(name):
            matches = self._matching(name)
            if len(matches) != 1:
                for summary in matches:
                    self.write_output(summary)
                if not matches:
                    self._not_found(name)
                return
            name = matches[0].Name
        help = self.help_for(name)
        if help is None:
            self._not_found(name)
            return
        if self.Parameter:
            self._parameters(help)
            return
        view = "full" if self.Full else "detailed" if self.Detailed else "examples" if self.Examples else "default"
        self.write_output(help.in_view(view))

    def help_for(self, name: str) -> HelpInfo | None:
        target = name
        alias = session_aliases(self.context).get(name.lower())
        if alias is not None and self.context.session.get_function(name) is None and find_cmdlet(name) is None:
            target = alias[1]
        fn = self.context.session.get_function(target)
        if fn is not None:
            shown = getattr(fn, "name", "") or target
            return function_help(fn, shown, aliases_of(self.context, shown))
        info = find_cmdlet(target)
        if info is not None:
            return cmdlet_help(info, aliases_of(self.context, info.name))
        if target.lower().endswith(".ps1"):
            path = self.context.resolve_path(target)
            if os.path.isfile(path):
                return function_help(self.context.load_script(path), os.path.basename(path), [])
        return None

    def _matching(self, pattern: str) -> list[HelpSummary]:
        out: list[HelpSummary] = []
        for name, fn in sorted(session_functions(self.context).values(), key=lambda x: x[0].lower()):
            if wildcard_match(pattern, name):
                help = function_help(fn, name, [])
                out.append(HelpSummary(name, help.Category, "", help.Synopsis))
        for info in all_cmdlets():
            if wildcard_match(pattern, info.name):
                out.append(HelpSummary(info.name, "Cmdlet", module_of(info.name), info.synopsis))
        return out

    def _parameters(self, help: HelpInfo) -> None:
        for pattern in self.Parameter or []:
            found = [p for p in help.Parameters.parameter if wildcard_match(to_string(pattern), p.name)]
            if not found:
                self.write_error(ErrorRecord(f"No parameter matches criteria {to_string(pattern)}.", qualified_id("NoParmsFound", "Get-Help"),
                                             ErrorCategory.InvalidArgument, target=to_string(pattern)))
            for p in found:
                self.write_output(p)

    def _not_found(self, name: str) -> None:
        self.write_error(ErrorRecord(
            f"Get-Help could not find {name} in a help file in this session. To download updated help topics type: "
            '"Update-Help". To get help online, search for the help topic in the TechNet library at '
            "https:/go.microsoft.com/fwlink/?LinkID=107116.", qualified_id("HelpNotFound", "Get-Help"), ErrorCategory.ResourceUnavailable,
            target=name, exception_type="Microsoft.PowerShell.Commands.HelpNotFoundException"))


# ------------------------------------------------------------------ Invoke-Expression
@cmdlet(
    "Invoke-Expression", aliases=("iex",), synopsis="Runs commands or expressions on the local computer.",
    description="Runs a string as pshell code, in the current scope (variables it sets stay set).",
    related=("Invoke-Command",),
    examples=[Example("Invoke-Expression '1 + 2'", "Evaluates an expression.", output="3"),
              Example("$command = 'Get-Alias -Name gal | Select-Object -ExpandProperty Definition'; iex $command",
                      "Runs a command kept in a variable.", output="Get-Alias"),
              Example("iex '$answer = 42'; $answer", "Variables set by the code stay set.", output="42")],
)
class InvokeExpression(Cmdlet):
    Command = Param("string", position=0, mandatory=True, pipeline=True, help="The code to run.")

    def process(self) -> None:
        for item in self.context.invoke_text(to_string(self.Command)):
            self.write_output(item)
