"""New-PSSessionOption: the advanced options of a session, as an object."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from pshell.cmdlets.base import Cmdlet, Example, Param, cmdlet
from pshell.engine.types import register_type

_INT_MAX = 2147483647


def _ms(value: int) -> _dt.timedelta:
    return _dt.timedelta(milliseconds=value)


class PSSessionOption:
    """PowerShell's PSSessionOption: what New-PSSessionOption makes and $PSSessionOption holds.

    Timeouts are TimeSpans (set in milliseconds); IdleTimeout -1 ms and OutputBufferingMode
    None mean "the session configuration's"."""

    PS_TYPE_NAMES = ("System.Management.Automation.Remoting.PSSessionOption", "System.Object")
    PS_PROPERTIES = ("MaximumConnectionRedirectionCount", "NoCompression", "NoMachineProfile", "ProxyAccessType",
                     "ProxyAuthentication", "ProxyCredential", "SkipCACheck", "SkipCNCheck", "SkipRevocationCheck",
                     "OperationTimeout", "NoEncryption", "UseUTF16", "IncludePortInSPN", "OutputBufferingMode",
                     "MaxConnectionRetryCount", "Culture", "UICulture", "MaximumReceivedDataSizePerCommand",
                     "MaximumReceivedObjectSize", "ApplicationArguments", "OpenTimeout", "CancelTimeout",
                     "IdleTimeout")

    def __init__(self) -> None:
        self.MaximumConnectionRedirectionCount = 5
        self.NoCompression = False
        self.NoMachineProfile = False
        self.ProxyAccessType = "None"
        self.ProxyAuthentication = "Negotiate"
        self.ProxyCredential = None
        self.SkipCACheck = False
        self.SkipCNCheck = False
        self.SkipRevocationCheck = False
        self.OperationTimeout = _ms(180000)
        self.NoEncryption = False
        self.UseUTF16 = False
        self.IncludePortInSPN = False
        self.OutputBufferingMode = "None"
        self.MaxConnectionRetryCount = 5
        self.Culture = None
        self.UICulture = None
        self.MaximumReceivedDataSizePerCommand = None
        self.MaximumReceivedObjectSize = None
        self.ApplicationArguments = None
        self.OpenTimeout = _ms(180000)
        self.CancelTimeout = _ms(60000)
        self.IdleTimeout = _ms(-1)
        self.retries_given = False  # MaxConnectionRetryCount was set (else a lost connection is retried 4 minutes)

    def ToString(self) -> str:
        return "System.Management.Automation.Remoting.PSSessionOption"


register_type("PSSessionOption", PSSessionOption, "System.Management.Automation.Remoting.PSSessionOption",
              "System.Management.Automation.Remoting.PSSessionOption")


@cmdlet(
    "New-PSSessionOption",
    synopsis="Creates an object that contains advanced options for a PSSession.",
    description="Makes a session option object for the -SessionOption parameter of New-PSSession, Invoke-Command, "
    "Enter-PSSession, Connect-PSSession and Receive-PSSession, or for the $PSSessionOption preference variable "
    "(used when a command has no -SessionOption). -IdleTimeout (alias -IdleTimeoutMSec) is in milliseconds: how "
    "long a disconnected session is kept (-1, the default, takes the session configuration's). "
    "-OutputBufferingMode: Block (a command pauses when the output buffer is full), Drop (the oldest output is "
    "discarded) or None (the configuration's). -OpenTimeout, -OperationTimeout and -CancelTimeout are in "
    "milliseconds; -MaxConnectionRetryCount is how often a lost connection is retried.",
    outputs="System.Management.Automation.Remoting.PSSessionOption",
    related=("New-PSSession", "Invoke-Command", "Disconnect-PSSession"),
    examples=[
        Example("$o = New-PSSessionOption -IdleTimeout 600000 -OutputBufferingMode Drop\n"
                "$o.IdleTimeout.TotalMinutes; $o.OutputBufferingMode",
                "An option for sessions kept ten minutes that drop old output when full.", output="10\nDrop"),
        Example("$PSSessionOption = New-PSSessionOption -IdleTimeoutMSec 3600000",
                "Every session made from now on is kept for an hour when disconnected."),
    ],
)
class NewPSSessionOption(Cmdlet):
    IdleTimeout = Param("int", aliases=("IdleTimeoutMSec",), range=(-1, _INT_MAX),
                        help="Milliseconds a disconnected session is kept; -1: the configuration's.")
    OutputBufferingMode = Param("string", choices=("None", "Block", "Drop"),
                                help="What happens when the output buffer is full: Block, Drop or None.")
    OpenTimeout = Param("int", range=(0, _INT_MAX), help="Milliseconds to wait for a connection.")
    OperationTimeout = Param("int", range=(0, _INT_MAX), help="Milliseconds an operation may take.")
    CancelTimeout = Param("int", range=(0, _INT_MAX), help="Milliseconds to wait for a command to stop.")
    MaxConnectionRetryCount = Param("int", range=(0, _INT_MAX),
                                    help="How many times a lost connection is retried.")
    MaximumRedirection = Param("int", range=(0, _INT_MAX), help="Accepted for compatibility.")
    NoCompression = Param("switch", help="Accepted for compatibility.")
    NoMachineProfile = Param("switch", help="Accepted for compatibility.")
    Culture = Param("string", help="The culture of the session.")
    UICulture = Param("string", help="The UI culture of the session.")
    MaximumReceivedDataSizePerCommand = Param("int", help="Largest data of one command, in bytes.")
    MaximumReceivedObjectSize = Param("int", help="Largest object, in bytes.")
    ApplicationArguments = Param("object", help="Values for the session's $PSSenderInfo.ApplicationArguments.")

    def process(self) -> None:
        option = PSSessionOption()
        for name, attribute in (("IdleTimeout", "IdleTimeout"), ("OpenTimeout", "OpenTimeout"),
                                ("OperationTimeout", "OperationTimeout"), ("CancelTimeout", "CancelTimeout")):
            if self.is_bound(name):
                setattr(option, attribute, _ms(int(self.bound[name])))
        copies: dict[str, Any] = {"OutputBufferingMode": "OutputBufferingMode",
                                  "MaxConnectionRetryCount": "MaxConnectionRetryCount",
                                  "MaximumRedirection": "MaximumConnectionRedirectionCount", "Culture": "Culture",
                                  "UICulture": "UICulture",
                                  "MaximumReceivedDataSizePerCommand": "MaximumReceivedDataSizePerCommand",
                                  "MaximumReceivedObjectSize": "MaximumReceivedObjectSize",
                                  "ApplicationArguments": "ApplicationArguments"}
        for name, attribute in copies.items():
            if self.is_bound(name):
                setattr(option, attribute, self.bound[name])
        option.retries_given = self.is_bound("MaxConnectionRetryCount")
        option.NoCompression = bool(self.NoCompression)
        option.NoMachineProfile = bool(self.NoMachineProfile)
        self.write_output(option)
