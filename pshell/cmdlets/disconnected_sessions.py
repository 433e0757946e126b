"""Leaving and coming back: Disconnect-PSSession, Connect-PSSession, Receive-PSSession."""

from __future__ import annotations

from typing import Any

from pshell.cmdlets._remoting import SessionCmdlet, SSHParameters, option_values
from pshell.cmdlets.base import Example, Param, cmdlet
from pshell.errors import ErrorRecord, PSError
from pshell.jobs.job import COMPLETED
from pshell.jobs.remote import RemoteChildJob, RemoteJob, child_for
from pshell.jobs.repository import job_repository
from pshell.remoting import messages
from pshell.remoting.errors import HostError
from pshell.remoting.pssession import BROKEN, CLOSED, DISCONNECTED, OPENED, PSSession
from pshell.remoting.receiving import Target, lost_error, receive_output
from pshell.remoting.robust import output_stream, reconnect

SESSION_TYPE = "System.Management.Automation.Runspaces.PSSession"
BUFFERING_MODES = ("Block", "Drop")


class _Selecting(SessionCmdlet):
    """The ways Disconnect-, Connect- and Receive-PSSession choose sessions."""

    Session = Param("PSSession[]", not_null_or_empty=True, position=0, mandatory=True, pipeline=True, sets=("Session",),
                    help="The sessions, as objects.")
    Id = Param("int[]", position=0, mandatory=True, sets=("Id",), help="Session Ids of this shell.")
    Name = Param("string[]", mandatory=True, sets=("Name", "ComputerName"), mandatory_in=("Name",),
                 help="Session names (wildcards allowed); with -ComputerName, names on that computer.")
    InstanceId = Param("guid[]", mandatory=True, sets=("InstanceId", "ComputerInstanceId"),
                       help="Session instance ids.")
    ThrottleLimit = Param("int", default=32, help="How many sessions are handled at once.")


class _Reconnecting(_Selecting, SSHParameters):
    """Connect-PSSession and Receive-PSSession: sessions of this client or found on computers,
    connected here (the session host says no when another client has one)."""

    ComputerName = Param("string[]", position=0, mandatory=True, aliases=("Cn",),
                         sets=("ComputerName", "ComputerInstanceId"),
                         help="The computers whose sessions (by -Name or -InstanceId) to take.")
    SessionOption = Param("object", help="May change the output buffering mode (not the idle timeout).")

    def refused(self, session: PSSession, exc: HostError, busy: ErrorRecord, gone_error_id: str) -> None:
        """The session host would not connect the session: Busy elsewhere, gone, or otherwise."""
        if exc.error_id == "SessionBusy":
            session.update(dict(session.info, state=DISCONNECTED, availability="Busy"))
            self.write_error(self.error_record(busy))
        elif exc.error_id == "SessionNotFound":
            session.mark(BROKEN)
            self.write_error(self.error_record(messages.session_gone(session, gone_error_id)))
        else:
            self.host_failure(session, exc)


def _connect_options(cmdlet: SessionCmdlet) -> str | None:
    """The output buffering mode an explicit -SessionOption asks for (the idle timeout cannot change here)."""
    if not cmdlet.is_bound("SessionOption"):
        return None
    return option_values(cmdlet)["output_buffering"]


@cmdlet(
    "Disconnect-PSSession", aliases=("dnsn",), default_set="Session", supports_should_process=True,
    synopsis="Disconnects from a session.",
    description="Disconnects this shell from each session. The session stays on its computer with everything in "
    "it; a running command keeps running, and its output is kept in the session's output buffer for whoever "
    "connects next, from this or another computer. Disconnecting starts the session's idle clock: at ExpiresOn "
    "the session host removes it. -IdleTimeoutSec (seconds) and -OutputBufferingMode (Block: a command pauses "
    "when the buffer is full; Drop: the oldest output is discarded) change those settings as it disconnects. "
    "A session that is already disconnected is passed through.",
    outputs=SESSION_TYPE,
    related=("Connect-PSSession", "Receive-PSSession", "Get-PSSession", "Invoke-Command"),
    examples=[
        Example("$s = New-PSSession localhost\nDisconnect-PSSession $s | Format-List Name, State, Availability\n"
                "Remove-PSSession $s", "Disconnects a session.", runnable=False),
        Example("Get-PSSession -ComputerName localhost -Name Test | Disconnect-PSSession -IdleTimeoutSec 3600",
                "Disconnects a session and keeps it for an hour.", runnable=False),
    ],
)
class DisconnectPSSession(_Selecting):
    IdleTimeoutSec = Param("int", help="Seconds the disconnected session is kept before it is removed.")
    OutputBufferingMode = Param("string", choices=BUFFERING_MODES,
                                help="What happens when the output buffer is full: Block or Drop.")

    def begin(self) -> None:
        self.local_network_access: list[str] = []

    def process(self) -> None:
        for session in self.chosen_sessions():
            self.disconnect(session)

    def end(self) -> None:
        if self.local_network_access:  # PowerShell warns once, naming them all
            self.write_warning(messages.network_access_warning(", ".join(self.local_network_access)))

    def disconnect(self, session: PSSession) -> None:
        if session.entered:
            self.write_error(self.error_record(messages.cannot_disconnect_entered(session)))
            return
        if session.State == DISCONNECTED:
            self.write_output(session)
            return
        if session.State != OPENED:
            self.write_error(self.error_record(messages.cannot_disconnect(session)))
            return
        if not self.should_process(session.Name, "Disconnect"):
            return
        idle = None if self.IdleTimeoutSec is None else int(self.IdleTimeoutSec) * 1000
        try:
            info = self.connection_of(session).disconnect_session(session.InstanceId, idle_timeout_ms=idle,
                                                                   output_buffering=self.OutputBufferingMode)
        except HostError as exc:
            if exc.error_id == "InvalidIdleTimeout":
                d = exc.details
                record = messages.invalid_idle_timeout_at_disconnect(
                    session, int(d.get("value_ms", idle or 0)), int(d.get("minimum_ms", 0)),
                    int(d.get("maximum_ms", 0)))
                self.write_error(self.error_record(record))
            else:
                self.host_failure(session, exc)
            return
        session.update(info)
        child = child_for(session)
        if child is not None:
            child.detach()
        if session.EnableNetworkAccess and session.computer.is_local:
            self.local_network_access.append(session.Name)
        self.write_output(session)


@cmdlet(
    "Connect-PSSession", aliases=("cnsn",), default_set="Name", supports_should_process=True,
    synopsis="Reconnects to disconnected sessions.",
    description="Connects this shell to sessions that are disconnected and available (Availability None), from "
    "this or another client. A session found with -ComputerName gets a new Id here and keeps its Name and "
    "InstanceId; once connected it is one of this shell's sessions. A session connected to another client "
    "(Busy) cannot be connected. Output produced while disconnected stays on the computer until "
    "Receive-PSSession collects it. -SessionOption may change the output buffering mode, never the idle "
    "timeout.",
    outputs=SESSION_TYPE,
    related=("Disconnect-PSSession", "Receive-PSSession", "Get-PSSession"),
    examples=[
        Example("Connect-PSSession -ComputerName localhost -Name Test",
                "Reconnects to a session made by another client.", runnable=False),
        Example("Get-PSSession -ComputerName localhost | Where-Object Availability -eq None | Connect-PSSession",
                "Reconnects every session that is free.", runnable=False),
    ],
)
class ConnectPSSession(_Reconnecting):
    def process(self) -> None:
        mode = _connect_options(self)
        for session in self.chosen_sessions():
            self.connect(session, mode)

    def connect(self, session: PSSession, mode: str | None) -> None:
        if session.State == OPENED:
            self.client.add(session)
            self.write_output(session)
            return
        if session.State in (BROKEN, CLOSED):
            self.write_error(self.error_record(messages.cannot_connect(session)))
            return
        if not self.should_process(session.Name, "Connect"):
            return
        try:
            info = self.connection_of(session).connect_session(session.InstanceId, output_buffering=mode)
        except HostError as exc:
            self.refused(session, exc, messages.cannot_connect(session), "PSSessionConnectFailed")
            return
        except PSError as exc:  # the computer cannot be reached
            self.write_error(self.error_record(exc.record))
            return
        session.update(info)
        self.client.add(session)
        self._resume_job(session)
        self.write_output(session)

    def _resume_job(self, session: PSSession) -> None:
        """A job of this client that follows the session's command carries on collecting its output."""
        child = child_for(session)
        if child is not None and child.State == DISCONNECTED:
            conn = self.connection_of(session)
            output_stream(conn, session)
            info = conn.receive(session.InstanceId)
            session.update(info)
            child.resume(conn, info)


@cmdlet(
    "Receive-PSSession", aliases=("rcsn",), default_set="Session",
    synopsis="Gets the results of commands that ran in disconnected sessions.",
    description="Connects to the session if it is not connected (it must be available: Disconnected with "
    "Availability None, or Opened here), then returns the output its command produced while disconnected and "
    "goes on returning output until the command finishes. Objects carry PSComputerName. A session with no "
    "command returns nothing. If the session's OutputBufferingMode is Drop and output was discarded, a warning "
    "says how much. -OutTarget Host (the default) writes the output here.",
    related=("Connect-PSSession", "Disconnect-PSSession", "Invoke-Command"),
    examples=[
        Example("Receive-PSSession -ComputerName localhost -Name Test",
                "Collects the output of a command started by another client.", runnable=False),
        Example("$s = Invoke-Command localhost { Get-Date } -InDisconnectedSession\nReceive-PSSession $s",
                "Starts a command in a disconnected session, then collects its output.", runnable=False),
    ],
)
class ReceivePSSession(_Reconnecting):
    OutTarget = Param("string", choices=("Host", "Job"),
                      help="Host (default) writes the output here; Job returns a job that collects it.")
    JobName = Param("string", help="The name of the job (implies -OutTarget Job).")

    def process(self) -> None:
        mode = _connect_options(self)
        for session in self.chosen_sessions():
            self.receive(session, mode)

    def receive(self, session: PSSession, mode: str | None) -> None:
        if session.State in (BROKEN, CLOSED):
            self.write_error(self.error_record(messages.cannot_connect(session)))
            return
        try:
            conn = self.connection_of(session)
            stream = output_stream(conn, session)
            if mode is not None and session.State != OPENED:
                session.update(conn.connect_session(session.InstanceId, output_buffering=mode))
            info = conn.receive(session.InstanceId)
        except HostError as exc:
            self.refused(session, exc, messages.cannot_receive(session), "PSSessionReceiveFailed")
            return
        except PSError as exc:  # the computer cannot be reached
            self.write_error(self.error_record(exc.record))
            return
        session.update(info)
        self.client.add(session)
        if child_for(session) is not None or self.OutTarget == "Job" or self.is_bound("JobName"):
            self._as_job(session, conn, info)
            return
        command = info.get("command")
        if not command or (command.get("state") != "Running" and not int(info.get("undelivered") or 0)
                           and not stream.waiting):
            return
        target = Target(session, stream, int(command["id"]))
        receive_output(self.runtime, [target], stop=self._stop_command, on_lost=self._lost)
        self._refresh_session(session)

    def _lost(self, target: Target, exc: HostError) -> bool:
        """The connection was lost while the command's output came: over SSH, connect again as
        Invoke-Command does (the output carries on where it stopped); if that cannot be, the
        session stays Disconnected on its computer, its command running, and this is an error."""
        if reconnect(self, target):
            return True
        self.write_error(self.error_record(lost_error(target.session, exc)))
        return False

    def _stop_command(self, target: Target) -> None:
        conn = self.client.existing_connection(target.session.computer)
        if conn is not None:
            _stop(conn, target.session)

    def _refresh_session(self, session: PSSession) -> None:
        conn = self.client.existing_connection(session.computer)
        if conn is not None:
            _refresh(conn, session)

    def _as_job(self, session: PSSession, conn: Any, info: dict[str, Any]) -> None:
        """The session's command as a job: the job this client started for it (carrying on), or a
        new RemoteJob that collects its output from now on."""
        child = child_for(session)
        repository = job_repository(self.context)
        if child is not None:
            if child.State == DISCONNECTED:
                child.resume(conn, info)
            self.write_output(repository.parent_of(child) or child)
            return
        command = info.get("command") or {}
        text = str(command.get("script") or "").strip()
        parent = RemoteJob(repository.take_id(), "", text, session.ComputerName)
        parent.Name = self.JobName or f"Job{parent.Id}"
        child = RemoteChildJob(repository.take_id(), session, text, int(command["id"]) if command else None)
        child.client = self.client
        parent.adopt(child)
        if command and (command.get("state") == "Running" or int(info.get("undelivered") or 0)
                        or conn.output(session.InstanceId).waiting):
            child.attach(conn)
        else:
            child.set_state(COMPLETED)
        repository.add(parent)
        self.write_output(parent)


def _stop(conn: Any, session: PSSession) -> None:
    try:
        conn.stop(session.InstanceId, wait=0)
    except HostError:
        pass


def _refresh(conn: Any, session: PSSession) -> None:
    try:
        session.update(conn.get_session(session.InstanceId))
    except HostError:
        pass
