"""Working inside a session: Enter-PSSession and Exit-PSSession."""

from __future__ import annotations

from pshell.cmdlets._remoting import SessionCmdlet, SSHParameters, option_values
from pshell.cmdlets.base import Example, Param, cmdlet
from pshell.errors import ErrorCategory, ErrorRecord, PSError
from pshell.remoting import messages
from pshell.remoting.errors import HostError
from pshell.remoting.interactive import exit_session
from pshell.remoting.pssession import DISCONNECTED, NONE, OPENED, PSSession
from pshell.remoting.receiving import Target, receive_output


def _must_be_open(session: PSSession) -> ErrorRecord:
    return ErrorRecord(f"Cannot enter session {session.Name} because it is not in the disconnected state or is not "
                       "available for connection. Retrieve the remote session using Get-PSSession -ComputerName "
                       f"{session.ComputerName} -InstanceId {session.InstanceId}.", "PushedRunspaceMustBeOpen",
                       ErrorCategory.InvalidArgument, target=session, exception_type="System.ArgumentException")


def _not_available(session: PSSession) -> ErrorRecord:
    return ErrorRecord("The PSSession is in a disconnected state and is not available for connection.",
                       "EnterPSSessionCannotConnectDisconnectedSession", ErrorCategory.InvalidOperation, target=session,
                       exception_type="System.Management.Automation.RuntimeException")


@cmdlet(
    "Enter-PSSession", aliases=("etsn",), default_set="ComputerName",
    synopsis="Starts an interactive session with a remote computer.",
    description="Every line you type from now on runs in the session, and the prompt shows where: "
    "[localhost]: PS /home/you> . Exit-PSSession (or exit) comes back. With -ComputerName a new session is made "
    "for the visit and removed on exit; with -Session, -Id, -Name or -InstanceId an existing session is used "
    "(connected first if it is disconnected and available) and kept. A session that is entered cannot be "
    "disconnected.",
    related=("Exit-PSSession", "New-PSSession", "Invoke-Command"),
    examples=[
        Example("Enter-PSSession -ComputerName localhost", "Works on this computer in a fresh session.",
                runnable=False),
        Example("$s = New-PSSession localhost; Enter-PSSession $s", "Enters an existing session.", runnable=False),
    ],
)
class EnterPSSession(SSHParameters):
    ComputerName = Param("string", position=0, aliases=("Cn",),
                         pipeline_by_name=True, sets=("ComputerName",), help="The computer to work on (a new session).")
    Session = Param("PSSession", not_null_or_empty=True, position=0, mandatory=True, pipeline=True, pipeline_by_name=True,
                    sets=("Session",), help="The session to enter.")
    Id = Param("int", position=0, mandatory=True, pipeline_by_name=True, sets=("Id",),
               help="The Id of a session of this shell.")
    Name = Param("string", mandatory=True, pipeline_by_name=True, sets=("Name",),
                 help="The name of a session of this shell.")
    InstanceId = Param("guid", mandatory=True, pipeline_by_name=True, sets=("InstanceId",),
                       help="The instance id of a session of this shell.")
    SessionOption = Param("object", sets=("ComputerName",), help="Idle timeout and output buffering mode.")
    ConfigurationName = Param("string", sets=("ComputerName",), help="The session configuration to use.")
    EnableNetworkAccess = Param("switch", sets=("ComputerName",),
                                help="Lets commands use your credentials to reach other computers.")

    def process(self) -> None:
        session = self._new() if self.parameter_set == "ComputerName" else self._existing()
        if session is None:
            return
        if session.State == DISCONNECTED:
            if session.Availability != NONE and session.info.get("availability") != NONE:
                self.throw(_not_available(session))
            try:
                session.update(self.connection_of(session).connect_session(session.InstanceId))
            except HostError as exc:
                self.throw(_not_available(session) if exc.error_id == "SessionBusy" else exc.record)
            self.client.add(session)
        if session.State != OPENED:
            self.throw(_must_be_open(session))
        if session.running_command:
            self.write_warning("You have entered a session that is busy running a command or script and output will "
                               "be displayed in the console.  You can wait for the running command to finish or "
                               "cancel it and get an input prompt by pressing Ctrl-C.")
            self._receive(session)
        session.entered = True
        self.client.entered = session

    def _new(self) -> PSSession | None:
        if not (self.is_bound("ComputerName") or self.is_bound("HostName")):
            self.throw("Enter-PSSession needs a computer (-ComputerName or -HostName) or a session (-Session, -Id, "
                       "-Name or -InstanceId).", "MissingComputerName", ErrorCategory.InvalidArgument)
        computer = self.computer(self.computer_names()[0])
        try:
            session = self.client.create(computer, None, configuration=self.ConfigurationName,
                                         enable_network_access=bool(self.EnableNetworkAccess), **option_values(self))
        except HostError as exc:
            self.throw(messages.connect_failed(computer.name, exc.record.message, "CreateRemoteRunspaceFailed"))
        except PSError as exc:
            self.throw(exc.record)
        session.temporary = True
        return session

    def _existing(self) -> PSSession | None:
        if self.parameter_set == "Session":
            return self.Session
        found = self.held_sessions()
        return found[0] if found else None

    def _receive(self, session: PSSession) -> None:
        conn = self.connection_of(session)
        info = conn.receive(session.InstanceId)
        command = info.get("command") or {}
        target = Target(session, conn.output(session.InstanceId), int(command.get("id", 0)) or None)
        receive_output(self.runtime, [target], hide_computer_name=True,
                       stop=lambda t: conn.stop(session.InstanceId, wait=0))
        session.update(conn.get_session(session.InstanceId))


@cmdlet(
    "Exit-PSSession", aliases=("exsn",),
    synopsis="Ends an interactive session with a remote computer.",
    description="Leaves the session entered with Enter-PSSession; the prompt comes back to this computer. A "
    "session that Enter-PSSession made for the visit is removed; one that existed before is kept, Opened. "
    "Typing exit in an entered session does the same.",
    related=("Enter-PSSession",),
    examples=[Example("Exit-PSSession", "Comes back from the entered session.", runnable=False)],
)
class ExitPSSession(SessionCmdlet):
    def process(self) -> None:
        session = self.client.entered
        if session is not None:
            exit_session(self.client, session)
