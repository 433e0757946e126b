"""The PSSession object as a client sees it, and its default table view.

A PSSession is this client's handle on a session that lives in a session host. Id and
ComputerName are local (the Id comes from the client's counter; ComputerName is what the
user typed); Name and InstanceId come from the session host and are the same for every
client. State and Availability are relative to this client (SPEC §2): they are refreshed
from the host's answers, except for the client-only states Closed and Broken.
"""

from __future__ import annotations

import copy
import datetime as _dt
from typing import TYPE_CHECKING, Any

from pshell.engine.types import register_type
from pshell.format.views import TableView, ViewColumn, register_view

if TYPE_CHECKING:
    from pshell.remoting.client import Computer

# States as PowerShell's RunspaceState names them.
OPENED, DISCONNECTED, CLOSED, BROKEN = "Opened", "Disconnected", "Closed", "Broken"
AVAILABLE, BUSY, NONE = "Available", "Busy", "None"


def _when(text: str | None) -> _dt.datetime | None:
    """A host timestamp (ISO 8601 UTC) as local time, as PowerShell shows DisconnectedOn."""
    if not text:
        return None
    moment = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment.astimezone().replace(tzinfo=None)


class PSSession:
    """One session, as this client knows it."""

    PS_TYPE_NAMES = ("System.Management.Automation.Runspaces.PSSession", "System.Object")
    PS_PROPERTIES = ("ComputerType", "ComputerName", "ConfigurationName", "InstanceId", "Id", "Name", "Availability",
                     "Transport", "State", "IdleTimeout", "OutputBufferingMode", "DisconnectedOn", "ExpiresOn",
                     "EnableNetworkAccess")

    def __init__(self, session_id: int, computer: "Computer", info: dict[str, Any]) -> None:
        self.Id = session_id
        self.computer = computer
        self.ComputerName = computer.name
        self.Transport = computer.transport
        self.ComputerType = "RemoteMachine"
        self.InstanceId = str(info["instance_id"])
        self.entered = False  # entered with Enter-PSSession
        self.temporary = False  # made by Enter-PSSession -ComputerName; removed when exited
        self.job: Any = None  # the job child that follows the session's command (Invoke-Command -AsJob)
        self.session_option: Any = None  # the PSSessionOption it was made with (its MaxConnectionRetryCount)
        self.info: dict[str, Any] = {}
        self._local_state: str | None = None
        self.update(info)

    # ------------------------------------------------------------ state
    def update(self, info: dict[str, Any]) -> None:
        """Take the session host's latest answer about this session."""
        self.info = dict(info)
        self._local_state = None

    def mark(self, state: str) -> None:
        """A state only this client knows: Closed (removed) or Broken (computer or session gone)."""
        self._local_state = state
        if state == BROKEN and self.job is not None:
            self.job.session_gone(f"The session {self.Name} no longer exists on computer {self.ComputerName}.")
            self.job = None

    @property
    def Name(self) -> str:
        return str(self.info.get("name", ""))

    @property
    def ConfigurationName(self) -> str:
        return str(self.info.get("configuration") or "Microsoft.PowerShell")

    @property
    def State(self) -> str:
        return self._local_state or str(self.info.get("state", DISCONNECTED))

    @property
    def Availability(self) -> str:
        if self._local_state is not None:
            return NONE
        return str(self.info.get("availability", NONE))

    @property
    def IdleTimeout(self) -> int:
        return int(self.info.get("idle_timeout_ms") or 0)

    @property
    def OutputBufferingMode(self) -> str:
        return str(self.info.get("output_buffering") or "Block")

    @property
    def DisconnectedOn(self) -> _dt.datetime | None:
        return _when(self.info.get("disconnected_on"))

    @property
    def ExpiresOn(self) -> _dt.datetime | None:
        return _when(self.info.get("expires_on"))

    @property
    def EnableNetworkAccess(self) -> bool:
        return bool(self.info.get("enable_network_access"))

    @property
    def running_command(self) -> dict[str, Any] | None:
        """The command running in the session, if any (as the host last reported it)."""
        command = self.info.get("command")
        return command if command and command.get("state") == "Running" else None

    @property
    def has_output(self) -> bool:
        """The host holds output (or the end of a command) not yet received by anyone."""
        return bool(self.running_command) or int(self.info.get("undelivered") or 0) > 0

    @property
    def location(self) -> str:
        return str(self.info.get("location") or "~")

    def format_snapshot(self) -> "PSSession":
        """A copy that keeps today's state, for output that is drawn a little later (a table)."""
        frozen = copy.copy(self)
        frozen.info = dict(self.info)
        return frozen

    # ------------------------------------------------------------ text
    def ToString(self) -> str:
        return f"[PSSession]{self.Name}"

    def __str__(self) -> str:
        return self.ToString()

    def __repr__(self) -> str:
        return f"PSSession(Id={self.Id}, Name={self.Name!r}, ComputerName={self.ComputerName!r}, State={self.State})"


register_type("PSSession", PSSession, "System.Management.Automation.Runspaces.PSSession",
              "System.Management.Automation.Runspaces.PSSession")

register_view(TableView(("System.Management.Automation.Runspaces.PSSession",), [
    ViewColumn("Id", width=3, align="right"),
    ViewColumn("Name", fit=True),
    ViewColumn("ComputerName", fit=True),
    ViewColumn("State", width=13),
    ViewColumn("ConfigurationName", width=20),
    ViewColumn("Availability", width=13, align="right"),
]))
