"""The variable cmdlets: Get-Variable, Set-Variable, New-Variable, Remove-Variable, Clear-Variable."""

from __future__ import annotations

from typing import Iterator

import abc

from typing import Any

from pshell.cmdlets._command_info import qualified_id
from pshell.cmdlets.base import Cmdlet, Example, Param, cmdlet
from pshell.engine.scopes import PSVariable, Scope
from pshell.engine.text import has_wildcard, wildcard_match
from pshell.engine.values import to_string
from pshell.errors import ErrorCategory, ErrorRecord
from pshell.format.views import TableView, ViewColumn, register_view

_OPTIONS = ("None", "ReadOnly", "Constant", "Private", "AllScope", "Unspecified")

register_view(TableView(("System.Management.Automation.PSVariable",), [
    ViewColumn("Name", width=30),
    ViewColumn("Value", lambda v: v.get() if isinstance(v, PSVariable) else getattr(v, "Value", None)),
]))


def scope_named(session: Any, name: str | None) -> Scope:
    """The scope a -Scope argument names: Global, Script, Local (the default) or a number up the chain."""
    if not name:
        return session.current
    low = to_string(name).lower()
    if low == "global":
        return session.global_scope
    if low == "script":
        return session.script_scope()
    if low in ("local", "private"):
        return session.current
    if low.isdigit():
        chain = list(session.current.chain())
        if int(low) < len(chain):
            return chain[int(low)]
        raise ValueError(f"The scope number '{low}' exceeds the number of active scopes.")
    raise ValueError(f"The scope {name} is not valid.")


def _options_text(options: Any) -> str | None:
    if options is None:
        return None
    values = [to_string(o) for o in (options if isinstance(options, list) else [options])]
    chosen = [v for v in values if v.lower() not in ("none", "unspecified")]
    return ", ".join(chosen) if chosen else "None"


def _patterns_match(patterns: Any, name: str) -> bool:
    return any(wildcard_match(to_string(p), name) for p in patterns or [])


class VariableCommand(Cmdlet):
    """What the variable cmdlets share: scopes, -Include/-Exclude, and PowerShell's error records."""

    def scope(self) -> Scope:
        try:
            return scope_named(self.context.session, getattr(self, "Scope", None))
        except ValueError as exc:
            self.throw(str(exc), "ArgumentOutOfRange", ErrorCategory.InvalidArgument, target=getattr(self, "Scope", None),
                       exception_type="System.ArgumentOutOfRangeException")

    def visible(self) -> list[PSVariable]:
        """The variables the command looks at: one scope's with -Scope, else every visible one."""
        if getattr(self, "Scope", None):
            return sorted(self.scope().variables.values(), key=lambda v: v.Name.lower())
        return self.context.session.visible_variables()

    def selected(self, name: str) -> bool:
        include, exclude = getattr(self, "Include", None), getattr(self, "Exclude", None)
        if include and not _patterns_match(include, name):
            return False
        return not (exclude and _patterns_match(exclude, name))

    def owner(self, name: str) -> Scope | None:
        """The scope that holds a variable: the -Scope one, or the nearest one that has it."""
        if getattr(self, "Scope", None):
            scope = self.scope()
            return scope if name in scope.variables else None
        for scope in self.context.session.current.chain():
            if name in scope.variables:
                return scope
        return None

    def named_variables(self) -> Iterator[tuple[str, Scope, PSVariable]]:
        """The variables the -Name patterns (with -Include/-Exclude) select, with their scopes;
        a literal name that matches nothing is reported as not found."""
        variables = [v for v in self.visible() if self.selected(v.Name)]
        for pattern in [to_string(n) for n in self.Name]:
            hits = [v.Name for v in variables if wildcard_match(pattern, v.Name)]
            if not hits and not has_wildcard(pattern):
                self.not_found(pattern)
            for name in hits:
                scope = self.owner(name)
                var = scope.variables.get(name) if scope is not None else None
                if var is not None:
                    yield name, scope, var

    def not_found(self, name: str) -> None:
        self.write_error(ErrorRecord(f"Cannot find a variable with the name '{name}'.", qualified_id("VariableNotFound", self.info.name),
                                     ErrorCategory.ObjectNotFound, target=name,
                                     exception_type="System.Management.Automation.ItemNotFoundException"))

    def not_writable(self, name: str) -> None:
        self.write_error(ErrorRecord(f"Cannot overwrite variable {name} because it is read-only or constant.",
                                     qualified_id("VariableNotWritable", self.info.name), ErrorCategory.WriteError, target=name,
                                     exception_type="System.Management.Automation.SessionStateUnauthorizedAccessException"))


def _shown(var: PSVariable) -> PSVariable:
    """A variable as output: computed ones ($PWD) carry their current value."""
    if var.getter is None:
        return var
    return PSVariable(var.Name, var.get(), var.Description, var.Options)


@cmdlet(
    "Get-Variable", aliases=("gv",), synopsis="Gets the variables in the current console.",
    description="Gets variables by name (wildcards allowed), as objects with Name and Value, or with -ValueOnly "
                "just their values.",
    outputs="System.Management.Automation.PSVariable",
    related=("Set-Variable", "New-Variable", "Remove-Variable", "Clear-Variable"),
    examples=[
        Example("$colour = 'blue'; Get-Variable colour",
                "Gets a variable.", output="\nName                           Value\n----                           -----\n"
                                           "colour                         blue\n"),
        Example("$a1 = 1; $a2 = 2; Get-Variable a? -ValueOnly", "Gets the values of the matching variables.",
                output="1\n2"),
    ],
)
class GetVariable(VariableCommand):
    Name = Param("string[]", position=0, pipeline_by_name=True, help="Names of the variables (wildcards allowed).")
    ValueOnly = Param("switch", help="Gets only the values.")
    Include = Param("string[]", help="Gets only the variables whose names match.")
    Exclude = Param("string[]", help="Leaves out the variables whose names match.")
    Scope = Param("string", help="Gets the variables of this scope: Global, Script, Local or a number.")

    def process(self) -> None:
        variables = [v for v in self.visible() if self.selected(v.Name)]
        for pattern in [to_string(n) for n in self.Name or ["*"]]:
            hits = [v for v in variables if wildcard_match(pattern, v.Name)]
            if not hits and not has_wildcard(pattern):
                self.not_found(pattern)
            for var in hits:
                self.write_output(var.get() if self.ValueOnly else _shown(var))


class VariableWriter(VariableCommand):
    """Set-Variable and New-Variable: a value (from an argument or the pipeline), options, a description."""

    def begin(self) -> None:
        self.piped: list[Any] = []

    def process(self) -> None:
        if self.expecting_input:
            self.piped.append(self.Value)
        else:
            self.store(self.Value)

    def end(self) -> None:
        if self.expecting_input:
            self.store(self.piped[0] if len(self.piped) == 1 else self.piped)

    @abc.abstractmethod
    def store(self, value: Any) -> None:
        """Put the value where this cmdlet keeps it."""

    def define(self, name: str, value: Any) -> PSVariable:
        scope = self.scope()
        var = scope.variables.get(name)
        if var is None:
            var = self.context.session.define(name, value, scope=scope)
        else:
            var.Value, var.getter = value, None
        options = _options_text(self.Option)
        if options is not None:
            var.Options = options
        if self.Description is not None:
            var.Description = to_string(self.Description)
        return var


@cmdlet(
    "Set-Variable", supports_should_process=True, aliases=("set", "sv"), synopsis="Sets the value of a variable. Creates the variable if one "
                                                    "with the requested name does not exist.",
    description="Sets variables in the current scope (or the -Scope given), creating them when needed. Values can "
                "come from the pipeline. -Option ReadOnly protects a variable; -Force changes it anyway.",
    outputs="System.Management.Automation.PSVariable",
    related=("Get-Variable", "New-Variable"),
    examples=[
        Example("Set-Variable -Name size -Value 42; $size", "Sets a variable.", output="42"),
        Example("1, 2, 3 | Set-Variable numbers; $numbers.Count", "Takes the value from the pipeline.", output="3"),
        Example("Set-Variable limit 10 -Option ReadOnly; (Get-Variable limit).Options", "Makes a read-only variable.",
                output="ReadOnly"),
    ],
)
class SetVariable(VariableWriter):
    Name = Param("string[]", position=0, mandatory=True, pipeline_by_name=True, help="Names of the variables.")
    Value = Param("object", position=1, pipeline=True, pipeline_by_name=True, help="The value to set.")
    Include = Param("string[]", help="Changes only the variables whose names match.")
    Exclude = Param("string[]", help="Leaves out the variables whose names match.")
    Description = Param("string", help="A description of the variable.")
    Option = Param("string[]", choices=_OPTIONS, help="Options: ReadOnly, Constant, Private, AllScope.")
    Force = Param("switch", help="Changes read-only variables too.")
    Visibility = Param("string", choices=("Public", "Private"), help="Accepted for compatibility.")
    PassThru = Param("switch", help="Outputs the variable.")
    Scope = Param("string", help="The scope: Global, Script, Local or a number.")

    def store(self, value: Any) -> None:
        for name in [to_string(n) for n in self.Name]:
            if not self.selected(name):
                continue
            existing = self.scope().variables.get(name)
            if existing is not None and (existing.Options == "Constant" or (existing.read_only and not self.Force)):
                self.not_writable(name)
                continue
            if not self.should_process(f"Name: {name} Value: {to_string(value)}", "Set variable"):
                continue
            var = self.define(name, value)
            if self.PassThru:
                self.write_output(var)


@cmdlet(
    "New-Variable", supports_should_process=True, aliases=("nv",), synopsis="Creates a new variable.",
    description="Creates a variable in the current scope (or the -Scope given); fails if it exists there, unless "
                "-Force is used.",
    outputs="System.Management.Automation.PSVariable",
    related=("Set-Variable", "Get-Variable"),
    examples=[
        Example("New-Variable -Name days -Value 7; $days", "Creates a variable.", output="7"),
        Example("New-Variable pi 3.14 -Option Constant -PassThru | Select-Object -ExpandProperty Options",
                "Creates a constant.", output="Constant"),
    ],
)
class NewVariable(VariableWriter):
    Name = Param("string", position=0, mandatory=True, pipeline_by_name=True, help="The name of the variable.")
    Value = Param("object", position=1, pipeline=True, pipeline_by_name=True, help="The value.")
    Description = Param("string", help="A description of the variable.")
    Option = Param("string[]", choices=_OPTIONS, help="Options: ReadOnly, Constant, Private, AllScope.")
    Visibility = Param("string", choices=("Public", "Private"), help="Accepted for compatibility.")
    Force = Param("switch", help="Replaces an existing variable.")
    PassThru = Param("switch", help="Outputs the variable.")
    Scope = Param("string", help="The scope: Global, Script, Local or a number.")

    def store(self, value: Any) -> None:
        name = to_string(self.Name)
        existing = self.scope().variables.get(name)
        if existing is not None and (not self.Force or existing.Options == "Constant"):
            self.write_error(ErrorRecord(f"A variable with name '{name}' already exists.", qualified_id("VariableAlreadyExists", self.info.name),
                                         ErrorCategory.ResourceExists, target=name,
                                         exception_type="System.Management.Automation.SessionStateException"))
            return
        if not self.should_process(f"Name: {name} Value: {to_string(value)}", "New variable"):
            return
        if existing is not None:
            del self.scope().variables[name]
        var = self.define(name, value)
        if self.PassThru:
            self.write_output(var)


@cmdlet(
    "Remove-Variable", supports_should_process=True, aliases=("rv",), synopsis="Deletes a variable and its value.",
    description="Deletes variables by name (wildcards allowed) from the scope that has them, or from -Scope.",
    related=("Clear-Variable", "Get-Variable"),
    examples=[Example("$temp = 1; Remove-Variable temp; $null -eq $temp", "Deletes a variable.", output="True"),
              Example("$t1 = 1; $t2 = 2; Remove-Variable t?; @(Get-Variable t? -ErrorAction Ignore).Count",
                      "Deletes the variables that match a wildcard.", output="0")],
)
class RemoveVariable(VariableCommand):
    Name = Param("string[]", position=0, mandatory=True, pipeline_by_name=True, help="Names (wildcards allowed).")
    Include = Param("string[]", help="Deletes only the variables whose names match.")
    Exclude = Param("string[]", help="Leaves out the variables whose names match.")
    Force = Param("switch", help="Deletes read-only variables too.")
    Scope = Param("string", help="The scope: Global, Script, Local or a number.")

    def process(self) -> None:
        for name, scope, var in self.named_variables():
            if var.Options == "Constant" or (var.read_only and not self.Force):
                self.write_error(ErrorRecord(
                    f"Cannot remove variable {name} because it is constant or read-only. If the variable is "
                    "read-only, try the operation again specifying the Force option.", qualified_id("VariableNotRemovable", self.info.name),
                    ErrorCategory.WriteError, target=name,
                    exception_type="System.Management.Automation.SessionStateUnauthorizedAccessException"))
                continue
            if self.should_process(f"Name: {name}", "Remove variable"):
                del scope.variables[name]


@cmdlet(
    "Clear-Variable", supports_should_process=True, aliases=("clv",), synopsis="Deletes the value of a variable.",
    description="Sets variables to $null; the variables themselves remain.",
    outputs="System.Management.Automation.PSVariable",
    related=("Remove-Variable", "Set-Variable"),
    examples=[Example("$count = 5; Clear-Variable count; $null -eq $count", "Empties a variable.", output="True")],
)
class ClearVariable(VariableCommand):
    Name = Param("string[]", position=0, mandatory=True, pipeline_by_name=True, help="Names (wildcards allowed).")
    Include = Param("string[]", help="Clears only the variables whose names match.")
    Exclude = Param("string[]", help="Leaves out the variables whose names match.")
    Force = Param("switch", help="Clears read-only variables too.")
    PassThru = Param("switch", help="Outputs the variables.")
    Scope = Param("string", help="The scope: Global, Script, Local or a number.")

    def process(self) -> None:
        for name, scope, var in self.named_variables():
            if var.Options == "Constant" or (var.read_only and not self.Force):
                self.not_writable(name)
                continue
            if not self.should_process(f"Name: {name}", "Clear variable"):
                continue
            var.Value, var.getter = None, None
            if self.PassThru:
                self.write_output(var)
