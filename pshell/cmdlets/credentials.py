"""Credentials: Get-Credential, ConvertTo-SecureString, and the PSCredential they make."""

from __future__ import annotations

from typing import Any

from pshell.cmdlets.base import Cmdlet, Example, Param, cmdlet
from pshell.engine.types import register_type
from pshell.engine.values import to_string
from pshell.errors import ErrorCategory


class SecureString:
    """A secret that does not show itself (System.Security.SecureString)."""

    PS_TYPE_NAMES = ("System.Security.SecureString", "System.Object")
    PS_PROPERTIES = ("Length",)

    def __init__(self, text: str = "") -> None:
        self._text = text

    @property
    def Length(self) -> int:
        return len(self._text)

    def reveal(self) -> str:
        return self._text

    def ToString(self) -> str:
        return "System.Security.SecureString"

    def __repr__(self) -> str:
        return "SecureString(...)"


class NetworkCredential:
    PS_TYPE_NAMES = ("System.Net.NetworkCredential", "System.Object")
    PS_PROPERTIES = ("UserName", "Password", "Domain")

    def __init__(self, user: str, password: str) -> None:
        self.UserName = user
        self.Password = password
        self.Domain = ""


class PSCredential:
    """A user name and a password (System.Management.Automation.PSCredential)."""

    PS_TYPE_NAMES = ("System.Management.Automation.PSCredential", "System.Object")
    PS_PROPERTIES = ("UserName", "Password")

    def __init__(self, user: Any, password: Any) -> None:
        self.UserName = to_string(user)
        self.Password = password if isinstance(password, SecureString) else SecureString(to_string(password))

    @classmethod
    def ps_new(cls, user: Any, password: Any) -> "PSCredential":
        """`[PSCredential]::new(user, secure)` and `New-Object PSCredential user, secure`."""
        return cls(user, password)

    def GetNetworkCredential(self) -> NetworkCredential:
        return NetworkCredential(self.UserName, self.Password.reveal())

    def ToString(self) -> str:
        return "System.Management.Automation.PSCredential"


register_type("PSCredential", PSCredential, "System.Management.Automation.PSCredential",
              "System.Management.Automation.PSCredential")
register_type("SecureString", SecureString, "System.Security.SecureString", "System.Security.SecureString")


def credential_parts(value: Any) -> tuple[str | None, str | None]:
    """(user, password) of a -Credential value: a PSCredential, or a user name (no password)."""
    if value is None:
        return None, None
    if isinstance(value, PSCredential):
        return value.UserName, value.Password.reveal()
    return to_string(value), None


@cmdlet(
    "Get-Credential",
    synopsis="Gets a credential object based on a user name and password.",
    description="Asks for a user name (unless -UserName gives it) and a password, without echoing the password, and "
    "returns a PSCredential for the -Credential parameters of the remoting cmdlets (SSH password login).",
    outputs="System.Management.Automation.PSCredential",
    related=("New-PSSession", "Invoke-Command"),
    examples=[Example("$c = Get-Credential -UserName deploy\nNew-PSSession -ComputerName Server01 -Credential $c",
                      "Logs in to Server01 as deploy with a password.", runnable=False)],
)
class GetCredential(Cmdlet):
    UserName = Param("string", position=0, aliases=("Credential",), help="The user name.")
    Message = Param("string", help="A message shown before the prompt.")
    Title = Param("string", help="A title shown before the message.")

    def process(self) -> None:
        host = self.context.host
        try:
            for text in (self.Title, self.Message):
                if text:
                    host.write_line(to_string(text))
            user = self.UserName or host.read_line("User: ")
            password = host.read_secret(f"Password for user {user}: ")
        except (EOFError, KeyboardInterrupt):
            self.throw("The credential was not entered.", "CouldNotPromptForCredential", ErrorCategory.InvalidOperation)
        self.write_output(PSCredential(user, SecureString(password)))


@cmdlet(
    "ConvertTo-SecureString",
    synopsis="Converts plain text to a secure string.",
    description="-AsPlainText -Force turns text into a SecureString (for a PSCredential).",
    outputs="System.Security.SecureString",
    examples=[Example("(ConvertTo-SecureString 'p4ss' -AsPlainText -Force).Length", "Makes a secure string.",
                      output="4"),
              Example("$secret = ConvertTo-SecureString 'p4ss' -AsPlainText -Force\n"
                      "$c = New-Object PSCredential -ArgumentList deploy, $secret\n$c.UserName",
                      "Makes a credential without prompting (for scripts).", output="deploy")],
)
class ConvertToSecureString(Cmdlet):
    String = Param("string", position=0, mandatory=True, pipeline=True, help="The text.")
    AsPlainText = Param("switch", help="The text is plain text.")
    Force = Param("switch", help="Confirms that plain text is meant.")

    def process(self) -> None:
        if not (self.AsPlainText and self.Force):
            self.throw("ConvertTo-SecureString needs -AsPlainText and -Force to convert plain text.",
                       "ImportSecureString", ErrorCategory.InvalidArgument)
        self.write_output(SecureString(to_string(self.String)))
