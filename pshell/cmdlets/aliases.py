"""The alias cmdlets: Get-Alias, Set-Alias, New-Alias."""

from __future__ import annotations

from pshell.cmdlets._command_info import qualified_id
from pshell.cmdlets.base import Cmdlet, Example, Param, cmdlet
from pshell.cmdlets.introspection import alias_info, matches_any, session_aliases
from pshell.engine.text import has_wildcard, wildcard_match
from pshell.engine.values import to_string
from pshell.errors import ErrorCategory, ErrorRecord


@cmdlet(
    "Get-Alias", aliases=("gal",), synopsis="Gets the aliases for the current session.",
    description="Gets the aliases of the session: the built-in ones and those made with Set-Alias or New-Alias. "
                "-Name and -Definition take wildcards.",
    outputs="System.Management.Automation.AliasInfo",
    related=("Set-Alias", "New-Alias", "Get-Command"),
    examples=[
        Example("Get-Alias -Name gal", "Gets one alias.",
                output="\nCommandType     Name                                               Version    Source\n"
                       "-----------     ----                                               -------    ------\n"
                       "Alias           gal -> Get-Alias\n"),
        Example("Get-Alias -Definition Get-Alias | Select-Object -ExpandProperty Name",
                "Gets the aliases of a cmdlet.", output="gal"),
    ],
)
class GetAlias(Cmdlet):
    Name = Param("string[]", position=0, sets=("Default",), help="The alias names (wildcards allowed).")
    Exclude = Param("string[]", help="Leaves out the aliases whose names match.")
    Scope = Param("string", help="Gets only the aliases of this scope (accepted; all are returned).")
    Definition = Param("string[]", sets=("Definition",), help="Gets the aliases for these commands (wildcards allowed).")

    def process(self) -> None:
        aliases = sorted(session_aliases(self.context).values(), key=lambda a: a[0].lower())
        aliases = [a for a in aliases if not (self.Exclude and matches_any(self.Exclude, a[0]))]
        if self.Definition:
            for pattern in self.Definition:
                hits = [a for a in aliases if wildcard_match(to_string(pattern), a[1])]
                self._emit(hits, to_string(pattern), "definition")
            return
        for pattern in self.Name or ["*"]:
            hits = [a for a in aliases if wildcard_match(to_string(pattern), a[0])]
            self._emit(hits, to_string(pattern), "name")

    def _emit(self, hits: list[tuple[str, str]], pattern: str, kind: str) -> None:
        if not hits and not has_wildcard(pattern):
            self.write_error(ErrorRecord(
                f"This command cannot find a matching alias because an alias with the {kind} '{pattern}' does not "
                "exist.", qualified_id("ItemNotFoundException", "Get-Alias"), ErrorCategory.ObjectNotFound, target=pattern,
                exception_type="System.Management.Automation.ItemNotFoundException"))
        for name, target in hits:
            self.write_output(alias_info(self.context, name, target))


class AliasWriter(Cmdlet):
    """What Set-Alias and New-Alias share."""

    Name = Param("string", position=0, mandatory=True, pipeline_by_name=True, help="The alias name.")
    Value = Param("string", position=1, mandatory=True, pipeline_by_name=True, help="The command the alias runs.")
    Description = Param("string", help="A description of the alias.")
    Option = Param("string[]", choices=("None", "ReadOnly", "Constant", "Private", "AllScope", "Unspecified"),
                   help="Options of the alias (accepted; pshell aliases have none).")
    PassThru = Param("switch", help="Outputs the alias.")
    Scope = Param("string", help="The scope to create the alias in: Global, Script, Local or a number.")
    Force = Param("switch", help="Replaces an existing alias.")

    def set_alias(self, action: str) -> None:
        name, value = to_string(self.Name), to_string(self.Value)
        if not self.should_process(f"Name: {name} Value: {value}", action):
            return
        scope = to_string(self.Scope).lower() if self.Scope else ""
        self.context.session.set_alias(name, value, "" if scope in ("", "local", "private") else scope)
        if self.PassThru:
            self.write_output(alias_info(self.context, name, value))


@cmdlet(
    "Set-Alias", supports_should_process=True, aliases=("sal",), synopsis="Creates or changes an alias for a cmdlet or other command in the "
                                            "current session.",
    description="Makes a name run another command. The alias lasts for the session (put it in your profile to keep "
                "it).",
    related=("New-Alias", "Get-Alias"),
    examples=[Example("Set-Alias -Name list -Value Get-ChildItem; (Get-Alias list).Definition",
                      "Creates an alias.", output="Get-ChildItem"),
              Example("Set-Alias hello Write-Output; hello world", "Uses the new alias.", output="world")],
)
class SetAlias(AliasWriter):
    def process(self) -> None:
        self.set_alias("Set Alias")


@cmdlet(
    "New-Alias", supports_should_process=True, aliases=("nal",), synopsis="Creates a new alias.",
    description="Like Set-Alias, but fails if the alias already exists (unless -Force is used).",
    related=("Set-Alias", "Get-Alias"),
    examples=[Example("New-Alias -Name say -Value Write-Output; say hi", "Creates an alias and uses it.", output="hi")],
)
class NewAlias(AliasWriter):
    def process(self) -> None:
        name = to_string(self.Name)
        if not self.Force and name.lower() in session_aliases(self.context):
            self.write_error(ErrorRecord(
                f"The alias is not allowed, because an alias with the name '{name}' already exists.",
                qualified_id("AliasAlreadyExists", "New-Alias"), ErrorCategory.ResourceExists, target=name,
                exception_type="System.Management.Automation.SessionStateException"))
            return
        self.set_alias("New Alias")
