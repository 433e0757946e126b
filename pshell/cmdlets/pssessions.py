"""Making, finding and removing sessions: New-PSSession, Get-PSSession, Remove-PSSession."""

from __future__ import annotations

from pshell.cmdlets._remoting import SSHParameters, option_values
from pshell.cmdlets.base import Example, Param, cmdlet
from pshell.engine.text import wildcard_match
from pshell.engine.values import to_string
from pshell.errors import PSError
from pshell.remoting import messages
from pshell.remoting.errors import HostError
from pshell.remoting.pssession import CLOSED, PSSession

SESSION_TYPE = "System.Management.Automation.Runspaces.PSSession"


@cmdlet(
    "New-PSSession", aliases=("nsn",), default_set="ComputerName",
    synopsis="Creates a persistent connection to a local or remote computer.",
    description="Creates a session (PSSession) on each computer. The session lives in the computer's session host, "
    "not in this shell: its variables, functions and current directory persist between commands, and it can be "
    "disconnected and reconnected, from this or another client. localhost, '.', 127.0.0.1, ::1 and this "
    "computer's name reach this computer's session host directly (started on demand). -Name gives the session "
    "a friendly name (the i-th name to the i-th computer); the default is Session<Id>. -SessionOption (or "
    "$PSSessionOption) sets the idle timeout and output buffering mode; otherwise the session configuration's "
    "apply.",
    outputs=SESSION_TYPE,
    related=("Get-PSSession", "Disconnect-PSSession", "Connect-PSSession", "Remove-PSSession", "Invoke-Command"),
    examples=[
        Example("$s = New-PSSession -ComputerName localhost -Name Work\n$s.State; Remove-PSSession $s",
                "Creates a session on this computer; it starts Opened.", output="Opened"),
        Example("New-PSSession -ComputerName localhost, localhost -Name A, B",
                "Creates two sessions with friendly names.", runnable=False),
    ],
)
class NewPSSession(SSHParameters):
    ComputerName = Param("string[]", position=0, aliases=("Cn",), pipeline_by_name=True, sets=("ComputerName",),
                         help="The computers to create sessions on (default localhost).")
    Session = Param("PSSession[]", not_null_or_empty=True, position=0, pipeline=True, sets=("Session",),
                    help="Creates new sessions like these (same computer and configuration).")
    Name = Param("string[]", help="Friendly names for the sessions, one per computer.")
    SessionOption = Param("object", help="Idle timeout and output buffering mode (see New-PSSessionOption).")
    ConfigurationName = Param("string", pipeline_by_name=True,
                              help="The session configuration to use (default Microsoft.PowerShell).")
    EnableNetworkAccess = Param("switch", help="Lets commands in a loopback session use your credentials to "
                                               "reach other computers.")
    ThrottleLimit = Param("int", default=32, help="How many sessions are created at once.")

    def process(self) -> None:
        if self.is_bound("Session"):
            targets = [(s.ComputerName, s.ConfigurationName) for s in self.chosen_sessions()]
        else:
            targets = [(n, self.ConfigurationName) for n in self.computer_names()]
        friendly = [to_string(n) for n in (self.Name or [])]
        options = option_values(self)
        for index, (computer_name, configuration) in enumerate(targets):
            name = friendly[index] if index < len(friendly) else None
            session = self.create_session(computer_name, name, configuration=configuration,
                                          enable_network_access=bool(self.EnableNetworkAccess), **options)
            if session is not None:
                self.write_output(session)


STATES = ("All", "Opened", "Disconnected", "Closed", "Broken")


@cmdlet(
    "Get-PSSession", aliases=("gsn",), default_set="Name",
    synopsis="Gets the sessions on local and remote computers.",
    description="Without -ComputerName: every session this shell created or connected, in any state. With "
    "-ComputerName: asks those computers for every session of your account there, including sessions made by "
    "other clients; each is shown as a local object (a session this shell already holds is returned as that "
    "object). State and Availability are relative to this shell: a session connected to another client is "
    "Disconnected and Busy here; one connected to nobody is Disconnected and None, and can be connected. "
    "-Name (wildcards), -Id, -InstanceId, -State and -ConfigurationName filter.",
    outputs=SESSION_TYPE,
    related=("New-PSSession", "Connect-PSSession", "Disconnect-PSSession", "Receive-PSSession"),
    examples=[
        Example("Get-PSSession", "Lists the sessions of this shell.", runnable=False),
        Example("Get-PSSession -ComputerName localhost",
                "Lists every session of your account on this computer, from any client.", runnable=False),
        Example("Get-PSSession -ComputerName localhost -State Disconnected",
                "Lists the sessions you could reconnect to.", runnable=False),
    ],
)
class GetPSSession(SSHParameters):
    ComputerName = Param("string[]", position=0, aliases=("Cn",), pipeline_by_name=True, mandatory=True,
                         sets=("ComputerName", "ComputerInstanceId"),
                         help="Asks these computers for all of your sessions there.")
    Name = Param("string[]", sets=("Name", "ComputerName"), help="Session names (wildcards allowed).")
    Id = Param("int[]", position=0, mandatory=True, sets=("Id",), help="Session Ids of this shell.")
    InstanceId = Param("guid[]", mandatory=True, sets=("InstanceId", "ComputerInstanceId"),
                       help="Session instance ids.")
    State = Param("string", choices=STATES, help="Only sessions in this state.")
    ConfigurationName = Param("string", help="Only sessions of this session configuration (wildcards allowed).")
    ThrottleLimit = Param("int", default=32, help="How many computers are asked at once.")

    def process(self) -> None:
        if self.is_bound("ComputerName"):
            sessions = self.computer_sessions()
        else:
            sessions = self.held_sessions()
            self.client.refresh(sessions)
        for session in sessions:
            if self.State and self.State != "All" and session.State.lower() != self.State.lower():
                continue
            if self.ConfigurationName and not wildcard_match(self.ConfigurationName, session.ConfigurationName):
                continue
            self.write_output(session)


@cmdlet(
    "Remove-PSSession", aliases=("rsn",), default_set="Id", supports_should_process=True,
    synopsis="Closes one or more sessions.",
    description="Ends each session on its computer (stopping whatever runs in it) and removes it from this "
    "shell. If the computer cannot be reached the error says so, and the local object is removed anyway. "
    "-ComputerName removes this shell's sessions to those computers.",
    related=("New-PSSession", "Get-PSSession"),
    examples=[
        Example("$s = New-PSSession localhost; Remove-PSSession $s; $s.State",
                "Removes a session; its object says Closed.", output="Closed"),
        Example("Get-PSSession | Remove-PSSession", "Removes every session of this shell.", runnable=False),
    ],
)
class RemovePSSession(SSHParameters):
    Id = Param("int[]", position=0, mandatory=True, sets=("Id",), help="Session Ids of this shell.")
    Session = Param("PSSession[]", not_null_or_empty=True, position=0, mandatory=True, pipeline=True, sets=("Session",),
                    help="The sessions to remove.")
    Name = Param("string[]", mandatory=True, pipeline_by_name=True, sets=("Name",), help="Session names.")
    InstanceId = Param("guid[]", mandatory=True, pipeline_by_name=True, sets=("InstanceId",),
                       help="Session instance ids.")
    ComputerName = Param("string[]", mandatory=True, aliases=("Cn",), sets=("ComputerName",),
                         help="Removes this shell's sessions to these computers.")

    def process(self) -> None:
        if self.is_bound("ComputerName"):
            wanted = [self.computer(c).key for c in self.computer_names()]
            sessions = [s for s in self.client.sessions if s.computer.key in wanted]
        else:
            sessions = self.chosen_sessions()
        for session in sessions:
            if self.should_process(session.Name, "Remove"):
                self.remove(session)

    def remove(self, session: PSSession) -> None:
        self.client.forget(session)
        if session.State == CLOSED:
            return
        try:
            self.connection_of(session).remove(session.InstanceId)
        except HostError as exc:
            if exc.error_id != "SessionNotFound":
                self.write_error(self.error_record(messages.remote_failure(
                    session.ComputerName, exc.record.message, "PSSessionRemoveFailed", session)))
        except PSError as exc:  # the computer cannot be reached
            self.write_error(self.error_record(exc.record))
        session.mark(CLOSED)
