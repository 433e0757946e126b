"""Session configurations of this computer and the transport options that shape them:
New-PSTransportOption, Get-, Register-, Set- and Unregister-PSSessionConfiguration.

They act on the computer they run on (pshell/host/configurations.py); to change another
computer's, run them there: `Invoke-Command -ComputerName Server01 { Set-PSSessionConfiguration ... }`.
"""

from __future__ import annotations

import socket
from typing import Any

from pshell.cmdlets.base import Cmdlet, Example, Param, cmdlet
from pshell.engine.automatic import PS_LANGUAGE_VERSION
from pshell.engine.text import has_wildcard, wildcard_match
from pshell.engine.types import register_type
from pshell.engine.values import to_string
from pshell.errors import ErrorRecord
from pshell.format.views import ListView, ViewColumn, register_view
from pshell.host.configurations import (
    Configuration,
    ConfigurationError,
    ConfigurationStore,
)

CONFIGURATION_TYPE = "Microsoft.PowerShell.Commands.PSSessionConfigurationCommands#PSSessionConfiguration"
TRANSPORT_OPTION_TYPE = "Microsoft.WSMan.Management.WSManConfigurationOption"
_SECONDS = (60, 2_147_483)  # PowerShell's range for -IdleTimeoutSec and -MaxIdleTimeoutSec


class PSSessionConfiguration:
    """A session configuration as Get-PSSessionConfiguration shows it (times in milliseconds)."""

    PS_TYPE_NAMES = (CONFIGURATION_TYPE, "System.Object")
    PS_PROPERTIES = ("Name", "PSVersion", "StartupScript", "RunAsUser", "Permission", "Enabled", "IdleTimeoutMs",
                     "MaxIdleTimeoutMs", "OutputBufferingMode", "MaxSessions")

    def __init__(self, configuration: Configuration) -> None:
        self.Name = configuration.name
        self.PSVersion = PS_LANGUAGE_VERSION
        self.StartupScript = None
        self.RunAsUser = None
        self.Permission = "Everyone AccessAllowed (each account sees only its own sessions)"
        self.Enabled = True
        self.IdleTimeoutMs = configuration.idle_timeout_ms
        self.MaxIdleTimeoutMs = configuration.max_idle_timeout_ms
        self.OutputBufferingMode = configuration.output_buffering
        self.MaxSessions = configuration.max_sessions

    def ToString(self) -> str:
        return self.Name


class WSManConfigurationOption:
    """What New-PSTransportOption makes: the settings a configuration is registered or changed
    with (seconds; $null = leave as is / the default)."""

    PS_TYPE_NAMES = (TRANSPORT_OPTION_TYPE, "System.Object")
    PS_PROPERTIES = ("MaxIdleTimeoutSec", "MaxSessions", "IdleTimeoutSec", "OutputBufferingMode")

    def __init__(self) -> None:
        self.MaxIdleTimeoutSec: int | None = None
        self.MaxSessions: int | None = None
        self.IdleTimeoutSec: int | None = None
        self.OutputBufferingMode: str | None = None

    def values(self) -> dict[str, Any]:
        """The configuration fields this option sets (milliseconds)."""
        return {"idle_timeout_ms": None if self.IdleTimeoutSec is None else int(self.IdleTimeoutSec) * 1000,
                "max_idle_timeout_ms": None if self.MaxIdleTimeoutSec is None else int(self.MaxIdleTimeoutSec) * 1000,
                "output_buffering": None if self.OutputBufferingMode in (None, "None") else self.OutputBufferingMode,
                "max_sessions": self.MaxSessions}

    def ToString(self) -> str:
        return TRANSPORT_OPTION_TYPE


register_type("PSSessionConfiguration", PSSessionConfiguration, CONFIGURATION_TYPE, CONFIGURATION_TYPE)
register_type("WSManConfigurationOption", WSManConfigurationOption, TRANSPORT_OPTION_TYPE, TRANSPORT_OPTION_TYPE)
register_view(ListView((CONFIGURATION_TYPE,), [ViewColumn(name) for name in (
    "Name", "PSVersion", "StartupScript", "RunAsUser", "Permission")]))
register_view(ListView((TRANSPORT_OPTION_TYPE,), [ViewColumn(name) for name in WSManConfigurationOption.PS_PROPERTIES]))


class ConfigurationCmdlet(Cmdlet):
    """What the configuration cmdlets share: this computer's store, errors as PowerShell's."""

    @property
    def store(self) -> ConfigurationStore:
        return ConfigurationStore(computer=socket.gethostname())

    def failure(self, exc: ConfigurationError) -> ErrorRecord:
        return self.error_record(exc.message, exc.error_id, exc.category, target=exc.target,
                                 exception_type=exc.exception_type)

    def write_no_match(self, name: str) -> None:
        """PowerShell's error for a name without wildcards that names no configuration."""
        self.write_error(f'No session configuration matches criteria "{name}".',
                         "Microsoft.PowerShell.Commands.WriteErrorException", "NotSpecified", target=name,
                         exception_type="Microsoft.PowerShell.Commands.WriteErrorException")

    def transport_values(self) -> dict[str, Any]:
        option = self.bound.get("TransportOption")
        if option is None:
            return {}
        if not isinstance(option, WSManConfigurationOption):
            self.throw("Cannot bind parameter 'TransportOption': the value must be made with New-PSTransportOption.",
                       "CannotConvertArgument", "InvalidArgument", target=option)
        return option.values()


@cmdlet(
    "New-PSTransportOption",
    synopsis="Creates an object that contains advanced options for a session configuration.",
    description="Makes the transport option that Register-PSSessionConfiguration and Set-PSSessionConfiguration "
    "take with -TransportOption. Times are in seconds (60 to 2147483): -IdleTimeoutSec is how long a "
    "disconnected session of the configuration is kept unless its creator chooses otherwise, -MaxIdleTimeoutSec "
    "the longest anyone may choose. -OutputBufferingMode (Block or Drop) is what a session's command does when "
    "its output buffer is full while no client receives. -MaxSessions is how many sessions of the "
    "configuration one account may keep on the computer. Options not given leave the configuration's values "
    "as they are.",
    outputs=TRANSPORT_OPTION_TYPE,
    related=("Register-PSSessionConfiguration", "Set-PSSessionConfiguration", "New-PSSessionOption"),
    examples=[
        Example("$o = New-PSTransportOption -IdleTimeoutSec 172800 -MaxIdleTimeoutSec 259200\n"
                "Register-PSSessionConfiguration -Name Test -TransportOption $o",
                "A configuration whose disconnected sessions are kept two days, and at most three."),
        Example("New-PSTransportOption -OutputBufferingMode Drop -MaxSessions 10",
                "An option for configurations whose sessions drop the oldest output when their buffer is full, "
                "ten sessions per account at most.", output=(
                    "\nMaxIdleTimeoutSec   :\nMaxSessions         : 10\nIdleTimeoutSec      :\n"
                    "OutputBufferingMode : Drop")),
    ],
)
class NewPSTransportOption(Cmdlet):
    IdleTimeoutSec = Param("int", range=_SECONDS, help="Seconds a disconnected session is kept by default.")
    MaxIdleTimeoutSec = Param("int", range=_SECONDS, help="The longest idle timeout a session may be given, in "
                                                          "seconds.")
    OutputBufferingMode = Param("string", choices=("Block", "Drop"), help="Block or Drop, when the output buffer "
                                                                          "is full.")
    MaxSessions = Param("int", range=(1, 2_147_483_647), help="Sessions of the configuration one account may keep.")

    def process(self) -> None:
        option = WSManConfigurationOption()
        for name in WSManConfigurationOption.PS_PROPERTIES:
            if self.is_bound(name):
                setattr(option, name, self.bound[name])
        self.write_output(option)


@cmdlet(
    "Get-PSSessionConfiguration",
    synopsis="Gets the session configurations on the computer.",
    description="Gets the session configurations of the computer it runs on (run it in a session, e.g. with "
    "Invoke-Command, for another computer's). Microsoft.PowerShell always exists. Each object has Name, "
    "IdleTimeoutMs, MaxIdleTimeoutMs, OutputBufferingMode and MaxSessions besides the properties shown by "
    "default. -Name takes wildcards; a name without wildcards that matches nothing is an error.",
    outputs=CONFIGURATION_TYPE,
    related=("Register-PSSessionConfiguration", "Set-PSSessionConfiguration", "New-PSSession"),
    examples=[
        Example("Get-PSSessionConfiguration | Format-Table Name, IdleTimeoutMs, MaxIdleTimeoutMs",
                "The idle timeouts of every configuration.", output=(
                    "\nName                 IdleTimeoutMs MaxIdleTimeoutMs\n"
                    "----                 ------------- ----------------\n"
                    "Microsoft.PowerShell       7200000       2147483647")),
        Example("(Get-PSSessionConfiguration Microsoft.PowerShell).OutputBufferingMode",
                "The output buffering mode of the default configuration.", output="Block"),
        Example("Invoke-Command -ComputerName Server01 { Get-PSSessionConfiguration | "
                "Format-Table Name, OutputBufferingMode }", "Server01's configurations."),
    ],
)
class GetPSSessionConfiguration(ConfigurationCmdlet):
    Name = Param("string[]", position=0, help="Names of configurations (wildcards allowed).")

    def end(self) -> None:
        try:
            configurations = self.store.all()
        except ConfigurationError as exc:
            self.throw(self.failure(exc))
        names = [to_string(n) for n in (self.bound.get("Name") or ["*"])]
        for name in names:
            if not has_wildcard(name) and not any(c.name.lower() == name.lower() for c in configurations):
                self.write_no_match(name)
        for configuration in configurations:
            if any(wildcard_match(name, configuration.name) for name in names):
                self.write_output(PSSessionConfiguration(configuration))


_CHANGES_NEED_ROOT = ("Changing configurations needs administrator rights on the computer: run it as root (for "
                      "another computer, in a session of root there); anyone else gets Access is denied.")


@cmdlet(
    "Register-PSSessionConfiguration",
    supports_should_process=True,
    synopsis="Creates a session configuration on the computer.",
    description="Registers a session configuration on the computer it runs on; New-PSSession and "
    "Invoke-Command use it with -ConfigurationName. -TransportOption (New-PSTransportOption) sets its idle "
    "timeouts, output buffering mode and MaxSessions; anything not set takes Microsoft.PowerShell's defaults "
    "(IdleTimeoutMs 7200000, MaxIdleTimeoutMs 2147483647, Block, 1000 sessions). A name that exists is an "
    "error unless -Force replaces it. " + _CHANGES_NEED_ROOT,
    outputs=CONFIGURATION_TYPE,
    related=("New-PSTransportOption", "Set-PSSessionConfiguration", "Unregister-PSSessionConfiguration"),
    examples=[
        Example("$o = New-PSTransportOption -IdleTimeoutSec 172800 -MaxIdleTimeoutSec 259200\n"
                "Register-PSSessionConfiguration -Name Test -TransportOption $o",
                "Sessions of Test are kept two days when disconnected, and may be given at most three."),
        Example("$o = New-PSTransportOption -OutputBufferingMode Drop\n"
                "Register-PSSessionConfiguration -Name Test -TransportOption $o -Force",
                "Registers Test again, replacing it: its sessions drop the oldest output when the buffer is full."),
    ],
)
class RegisterPSSessionConfiguration(ConfigurationCmdlet):
    Name = Param("string", position=0, mandatory=True, not_null_or_empty=True, help="The configuration's name.")
    TransportOption = Param("object", help="Made with New-PSTransportOption.")
    Force = Param("switch", help="Replace a configuration of that name.")

    def process(self) -> None:
        name = to_string(self.bound["Name"])
        if not self.should_process(name, "Register-PSSessionConfiguration"):
            return
        values = {k: v for k, v in self.transport_values().items() if v is not None}
        try:
            registered = self.store.register(Configuration(name, **values), force=bool(self.Force))
        except ConfigurationError as exc:
            self.throw(self.failure(exc))
        self.write_output(PSSessionConfiguration(registered))


@cmdlet(
    "Set-PSSessionConfiguration",
    supports_should_process=True,
    synopsis="Changes a session configuration on the computer.",
    description="Changes the idle timeouts, output buffering mode or MaxSessions of a configuration of the "
    "computer it runs on, from -TransportOption (New-PSTransportOption); values the option does not set stay as "
    "they are. Sessions made afterwards get the new defaults; existing sessions keep theirs. " + _CHANGES_NEED_ROOT,
    related=("New-PSTransportOption", "Get-PSSessionConfiguration", "Register-PSSessionConfiguration"),
    examples=[
        Example("Register-PSSessionConfiguration -Name Test | Out-Null\n"
                "$o = New-PSTransportOption -IdleTimeoutSec 172800 -MaxIdleTimeoutSec 259200\n"
                "Set-PSSessionConfiguration -Name Test -TransportOption $o\n"
                "(Get-PSSessionConfiguration Test).IdleTimeoutMs",
                "Test's sessions are now kept two days by default, three at most.", output="172800000"),
        Example("$o = New-PSTransportOption -OutputBufferingMode Drop\n"
                "Set-PSSessionConfiguration -Name Microsoft.PowerShell -TransportOption $o",
                "New sessions of the default configuration drop the oldest output instead of pausing their "
                "command."),
    ],
)
class SetPSSessionConfiguration(ConfigurationCmdlet):
    Name = Param("string", position=0, mandatory=True, not_null_or_empty=True, pipeline_by_name=True,
                 help="The configuration's name.")
    TransportOption = Param("object", help="Made with New-PSTransportOption.")

    def process(self) -> None:
        name = to_string(self.bound["Name"])
        if not self.should_process(name, "Set-PSSessionConfiguration"):
            return
        try:
            self.store.update(name, **self.transport_values())
        except ConfigurationError as exc:
            self.throw(self.failure(exc))


@cmdlet(
    "Unregister-PSSessionConfiguration",
    supports_should_process=True,
    synopsis="Deletes a session configuration from the computer.",
    description="Deletes session configurations of the computer it runs on (-Name takes wildcards). Sessions "
    "already made with one keep running; no new ones can be made with it. Microsoft.PowerShell cannot be "
    "deleted. " + _CHANGES_NEED_ROOT,
    related=("Register-PSSessionConfiguration", "Get-PSSessionConfiguration"),
    examples=[
        Example("Register-PSSessionConfiguration -Name Test | Out-Null\n"
                "Unregister-PSSessionConfiguration -Name Test\n"
                "(Get-PSSessionConfiguration).Name", "Deletes the configuration Test again.",
                output="Microsoft.PowerShell"),
    ],
)
class UnregisterPSSessionConfiguration(ConfigurationCmdlet):
    Name = Param("string", position=0, mandatory=True, not_null_or_empty=True, pipeline_by_name=True,
                 help="The configuration's name (wildcards allowed).")
    Force = Param("switch", help="Do not ask.")

    def process(self) -> None:
        pattern = to_string(self.bound["Name"])
        try:
            matched = [c.name for c in self.store.all() if wildcard_match(pattern, c.name)]
            if not matched and not has_wildcard(pattern):
                self.write_no_match(pattern)
            for name in matched:
                if self.should_process(name, "Unregister-PSSessionConfiguration"):
                    self.store.unregister(name)
        except ConfigurationError as exc:
            self.throw(self.failure(exc))
