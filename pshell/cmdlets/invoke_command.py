"""Invoke-Command: run a script block here, in sessions, or on computers."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from pshell.cmdlets._remoting import SSHParameters, option_values
from pshell.cmdlets.base import Example, Param, cmdlet
from pshell.engine.values import ScriptBlock, to_string
from pshell.errors import ErrorCategory, PSError
from pshell.jobs.remote import RemoteChildJob, RemoteJob
from pshell.jobs.repository import job_repository
from pshell.remoting import messages
from pshell.remoting.errors import HostError
from pshell.remoting.pssession import BUSY, OPENED, PSSession
from pshell.remoting.receiving import Target, receive_output
from pshell.remoting.robust import dropped_while_idle, reconnect, reconnect_idle
from pshell.syntax import ast as A

REMOTE_SETS = ("Session", "ComputerName", "FilePathSession", "FilePathComputerName")
SESSION_SETS = ("Session", "FilePathSession")
COMPUTER_SETS = ("ComputerName", "FilePathComputerName")


def using_variables(node: Any) -> list[str]:
    """The names of the `$using:` variables in a script block, in order of first use."""
    names: list[str] = []
    seen: set[int] = set()

    def walk(value: Any) -> None:
        if isinstance(value, (list, tuple)):
            for item in value:
                walk(item)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type) and id(value) not in seen:
            seen.add(id(value))
            if isinstance(value, A.Variable) and value.scope.lower() == "using" \
                    and value.name.lower() not in (n.lower() for n in names):
                names.append(value.name)
            for f in dataclasses.fields(value):
                if f.name != "pos":
                    walk(getattr(value, f.name))

    walk(node)
    return names


@cmdlet(
    "Invoke-Command", aliases=("icm",), default_set="InProcess",
    synopsis="Runs commands on local and remote computers.",
    description="Runs a script block. With -Session it runs in those sessions (in parallel), where variables, "
    "functions and the current directory persist between commands; with -ComputerName it runs on each computer "
    "in a temporary session. Output objects carry PSComputerName (shown as a column; -HideComputerName hides "
    "it). -ArgumentList values bind to param() or $args in the block; $using:name passes the value of a local "
    "variable. -InDisconnectedSession starts the command in a new session per computer, disconnects at once and "
    "returns the disconnected sessions (collect the output later with Receive-PSSession); -SessionName names "
    "them. Without -Session or -ComputerName the block runs here, in a child scope (-NoNewScope: this one).",
    related=("New-PSSession", "Receive-PSSession", "Enter-PSSession"),
    examples=[
        Example("Invoke-Command { param($a, $b) $a + $b } -ArgumentList 2, 3",
                "Runs a script block here with arguments.", output="5"),
        Example("$s = New-PSSession localhost\nInvoke-Command -Session $s { $x = 42 }\n"
                "Invoke-Command -Session $s { $x }\nRemove-PSSession $s",
                "A session keeps its variables between commands.", output="42"),
        Example("$n = 7\nInvoke-Command -ComputerName localhost { $using:n * 6 } -HideComputerName",
                "Passes a local value into a remote command.", output="42"),
        Example("Invoke-Command -ComputerName localhost -InDisconnectedSession -SessionName Nightly { sleep 600 }",
                "Starts a long command and disconnects at once.", runnable=False),
    ],
)
class InvokeCommand(SSHParameters):
    ComputerName = Param("string[]", position=0, aliases=("Cn",), pipeline_by_name=True,
                         sets=("ComputerName", "FilePathComputerName"),
                         help="The computers to run the command on (each in a temporary session).")
    Session = Param("PSSession[]", not_null_or_empty=True, position=0, sets=("Session", "FilePathSession"),
                    help="The sessions to run the command in.")
    ScriptBlock = Param("scriptblock", position=1, set_positions={"InProcess": 0}, mandatory=True,
                        aliases=("Command",), sets=("InProcess", "Session", "ComputerName"),
                        help="The commands to run.")
    FilePath = Param("string", position=1, mandatory=True, aliases=("PSPath",),
                     sets=("FilePathSession", "FilePathComputerName"),
                     help="A local script file to run remotely.")
    ArgumentList = Param("object[]", aliases=("Args",), help="Values for the block's parameters or $args.")
    InputObject = Param("object", pipeline=True, help="Input for the command ($input).")
    NoNewScope = Param("switch", sets=("InProcess",), help="Runs the block in the current scope.")
    HideComputerName = Param("switch", aliases=("HCN",), sets=REMOTE_SETS,
                             help="Does not show PSComputerName with the output.")
    ThrottleLimit = Param("int", default=32, sets=REMOTE_SETS, help="How many commands run at once.")
    AsJob = Param("switch", sets=REMOTE_SETS, help="Runs the command as a background job.")
    JobName = Param("string", sets=REMOTE_SETS, help="The name of the job (-AsJob).")
    InDisconnectedSession = Param("switch", aliases=("Disconnected",), sets=COMPUTER_SETS,
                                  help="Starts the command in a new session and disconnects it at once.")
    SessionName = Param("string[]", sets=COMPUTER_SETS, help="Names for the sessions -InDisconnectedSession makes.")
    SessionOption = Param("object", sets=COMPUTER_SETS, help="Idle timeout and output buffering mode.")
    ConfigurationName = Param("string", sets=COMPUTER_SETS, help="The session configuration to use.")
    EnableNetworkAccess = Param("switch", sets=COMPUTER_SETS,
                                help="Lets the command use your credentials to reach other computers.")

    def begin(self) -> None:
        self._input: list[Any] = []
        if self.InDisconnectedSession and self.AsJob:
            self.throw(messages.parameter_conflict(
                "You cannot use the Invoke-Command cmdlet with both the AsJob and Disconnected parameters in the same "
                "command."))
        if self.is_bound("SessionName") and not self.InDisconnectedSession:
            self.throw(messages.parameter_conflict(
                "The SessionName parameter can only be used with the Disconnected switch parameter."))

    def process(self) -> None:
        if self.expecting_input:
            self._input.append(self.InputObject)

    def end(self) -> None:
        if self.parameter_set == "InProcess" and self.is_bound("HostName"):
            self.parameter_set = "ComputerName"  # -HostName names computers as -ComputerName does
        if self.parameter_set == "InProcess":
            self._run_here()
            return
        script, block = self._script()
        self._script_text = script.strip()
        using = {name: self.context.get_variable(name) for name in using_variables(block)} if block else {}
        arguments = list(self.ArgumentList or [])
        if self.AsJob:
            sessions = self._sessions() if self.parameter_set in SESSION_SETS else self._temporary_sessions()
            self._start_job(sessions, script, arguments, using, temporary=self.parameter_set not in SESSION_SETS)
        elif self.parameter_set in SESSION_SETS:
            self._run_in(self._sessions(), script, arguments, using)
        elif self.InDisconnectedSession:
            self._start_disconnected(script, arguments, using)
        else:
            self._run_on_computers(script, arguments, using)

    # ------------------------------------------------------------ here
    def _run_here(self) -> None:
        from pshell.engine.binder import PositionalArg
        from pshell.engine.functions import FunctionInfo
        from pshell.engine.pipeline import drive
        from pshell.engine.script_command import ScriptProcessor

        fn = FunctionInfo.from_scriptblock(self.ScriptBlock)
        proc = ScriptProcessor(self.context, None, fn, [PositionalArg(a) for a in self.ArgumentList or []],
                               dot_source=bool(self.NoNewScope))
        try:
            drive(self.context, [proc], self.runtime.emit, self._input if self.expecting_input else None)
        finally:
            proc.dispose()

    # ------------------------------------------------------------ what to run
    def _script(self) -> tuple[str, Any]:
        if self.FilePath is not None:
            from pshell.syntax.parser import parse

            path = self.context.resolve_path(self.FilePath)
            try:
                with open(path, encoding="utf-8-sig") as f:
                    text = f.read()
            except OSError as exc:
                self.throw(f"Cannot find path '{path}' because it does not exist." if isinstance(exc, FileNotFoundError)
                           else f"Cannot read '{path}': {exc.strerror}", "PathNotFound", ErrorCategory.ObjectNotFound,
                           target=path)
            return text, parse(text, path)
        block: ScriptBlock = self.ScriptBlock
        return block.text, block.body

    def _sessions(self) -> list[PSSession]:
        value = self.Session or []
        return [s for s in (value if isinstance(value, (list, tuple)) else [value]) if s is not None]

    @property
    def _width(self) -> int | None:
        width = getattr(self.context.host, "width", None)
        return int(width) if isinstance(width, int) else None

    # ------------------------------------------------------------ in sessions
    def _run_in(self, sessions: list[PSSession], script: str, arguments: list[Any], using: dict[str, Any]) -> None:
        """Run in every session, at most -ThrottleLimit at a time, relaying output as it comes."""
        limit = max(1, int(self.ThrottleLimit or 32))
        started = 0
        for first in range(0, len(sessions), limit):
            targets: list[Target] = []
            for session in sessions[first:first + limit]:
                target = self._start(session, script, arguments, using)
                if target is not None:
                    targets.append(target)
            started += len(targets)
            if not targets:
                continue
            try:
                receive_output(self.runtime, targets, hide_computer_name=bool(self.HideComputerName),
                               stop=self._stop, on_lost=self._lost)
            finally:
                for target in targets:
                    self._after(target)
        if not started and self.parameter_set in SESSION_SETS and sessions:
            self.throw(messages.no_valid_sessions())

    def _start(self, session: PSSession, script: str, arguments: list[Any], using: dict[str, Any]) -> Target | None:
        if dropped_while_idle(session) and not reconnect_idle(self, session):
            return None
        if session.State != OPENED:
            self.write_error(self.error_record(messages.invoke_not_opened(session)))
            return None
        if session.Availability == BUSY:
            self.write_error(self.error_record(messages.invoke_busy(session)))
            return None
        try:
            conn = self.connection_of(session)
            stream = conn.output(session.InstanceId)
            command = conn.invoke(session.InstanceId, script, arguments, using, width=self._width,
                                  pipeline_input=self._input if self.expecting_input else None)
        except HostError as exc:
            self._refresh(session)
            if exc.error_id == "SessionBusy":
                self.write_error(self.error_record(messages.invoke_busy(session)))
            elif exc.error_id == "SessionNotConnected":
                self.write_error(self.error_record(messages.invoke_not_opened(session)))
            else:
                self.host_failure(session, exc)
            return None
        except PSError as exc:
            self.write_error(self.error_record(exc.record))
            return None
        session.update(dict(session.info, availability=BUSY))
        return Target(session, stream, command)

    # ------------------------------------------------------------ as a job
    def _start_job(self, sessions: list[PSSession], script: str, arguments: list[Any], using: dict[str, Any], *,
                   temporary: bool) -> None:
        """A RemoteJob with a child job per session; the commands run while the shell goes on."""
        repository = job_repository(self.context)
        locations = list(dict.fromkeys(s.ComputerName for s in sessions))
        parent = RemoteJob(repository.take_id(), "", script.strip(), ", ".join(locations))
        parent.Name = self.JobName or f"Job{parent.Id}"
        for session in sessions:
            target = self._start(session, script, arguments, using)
            if target is None:
                continue
            child = RemoteChildJob(repository.take_id(), session, script.strip(), target.command)
            child.client = self.client
            child.remove_session_when_done = temporary
            parent.adopt(child)
            child.attach(self.connection_of(session))
        if parent.ChildJobs:  # started nowhere (each session wrote its error): no job
            repository.add(parent)
            self.write_output(parent)

    def _stop(self, target: Target) -> None:
        try:
            self.connection_of(target.session).stop(target.session.InstanceId, wait=0)
        except (HostError, PSError):
            pass

    def _lost(self, target: Target, exc: HostError) -> bool:
        """The connection to the session host was lost while the command ran. Over SSH the client
        tries to connect again for a while (the command goes on meanwhile, and nothing is lost);
        if it cannot, the session is disconnected here and a Disconnected job holds the command,
        so that Receive-Job or Receive-PSSession can collect it later."""
        if reconnect(self, target):
            return True
        session = target.session
        session.update(dict(session.info, state="Disconnected", availability="None"))
        if self.parameter_set in COMPUTER_SETS:  # a temporary session: keep it, now it holds the command
            session.Id = self.client.take_id()
            self.client.add(session)
            self.write_warning(f"Session {session.Name} with instance ID {session.InstanceId} has been created for "
                               "reconnection.")
        else:
            self.write_warning(f"Session {session.Name} with instance ID {session.InstanceId} on computer "
                               f"{session.ComputerName} has been successfully disconnected.")
        repository = job_repository(self.context)
        parent = RemoteJob(repository.take_id(), "", self._script_text, session.ComputerName)
        parent.Name = f"Job{parent.Id}"
        child = RemoteChildJob(repository.take_id(), session, self._script_text, target.command)
        child.client = self.client
        parent.adopt(child)
        child.detach()
        session.job = child
        repository.add(parent)
        if self.parameter_set in SESSION_SETS:
            self.write_warning(f"Job {parent.Name} has been created for reconnection.")
        del exc  # the reason is in the session host's log; the command is not lost
        return False

    def _after(self, target: Target) -> None:
        """The session once its command has ended: Available again (no need to ask the host);
        after a stop or a lost connection, as the host says."""
        if target.state in ("Completed", "Failed"):
            target.session.update(dict(target.session.info, availability="Available"))
        else:
            self._refresh(target.session)

    def _refresh(self, session: PSSession) -> None:
        conn = self.client.existing_connection(session.computer)
        if conn is None:
            return
        try:
            session.update(conn.get_session(session.InstanceId))
        except HostError:
            pass

    # ------------------------------------------------------------ on computers
    def _computers(self) -> Iterator[str]:
        yield from self.computer_names()

    def _new_session(self, computer_name: str, name: str | None, *, temporary: bool) -> PSSession | None:
        return self._new_sessions([(computer_name, name)], temporary=temporary)[0]

    def _new_sessions(self, wanted: list[tuple[str, str | None]], *, temporary: bool) -> list[PSSession | None]:
        return self.create_sessions(wanted, temporary=temporary, configuration=self.ConfigurationName,
                                    enable_network_access=bool(self.EnableNetworkAccess), **option_values(self))

    def _temporary_sessions(self) -> list[PSSession]:
        """A temporary session on each computer, made in parallel."""
        return [s for s in self._new_sessions([(c, None) for c in self._computers()], temporary=True) if s]

    def _run_on_computers(self, script: str, arguments: list[Any], using: dict[str, Any]) -> None:
        sessions = self._temporary_sessions()
        try:
            self._run_in(sessions, script, arguments, using)
        finally:
            for session in sessions:
                if self.client.find(session.InstanceId, session.computer.key) is not None:
                    continue  # kept for reconnection: its command outlived the connection
                try:
                    self.connection_of(session).remove(session.InstanceId)
                except (HostError, PSError):
                    pass

    def _start_disconnected(self, script: str, arguments: list[Any], using: dict[str, Any]) -> None:
        names = [to_string(n) for n in (self.SessionName or [])]
        for index, computer_name in enumerate(self._computers()):
            session = self._new_session(computer_name, names[index] if index < len(names) else None, temporary=False)
            if session is None:
                continue
            try:
                conn = self.connection_of(session)
                conn.invoke(session.InstanceId, script, arguments, using, stream=False, width=self._width,
                            pipeline_input=self._input if self.expecting_input else None)
                session.update(conn.disconnect_session(session.InstanceId))
            except HostError as exc:
                self.host_failure(session, exc)
                continue
            self.write_output(session)

