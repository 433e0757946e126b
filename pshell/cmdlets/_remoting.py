"""What the PSSession cmdlets share: finding sessions, session options, host errors.

`SessionCmdlet` is the base of every cmdlet that works on PSSessions. It selects sessions
the way PowerShell's PSRunspaceCmdlet does — by object (-Session), by this client's Id,
Name (wildcards) or InstanceId, or by asking computers (-ComputerName) — and turns the
session host's refusals into PowerShell's errors.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable
from typing import Any

from pshell.cmdlets.base import Cmdlet, Param
from pshell.cmdlets.credentials import credential_parts
from pshell.engine.members import get_property
from pshell.engine.text import has_wildcard, wildcard_match
from pshell.engine.values import to_string
from pshell.errors import ErrorRecord, PSError
from pshell.remoting import messages
from pshell.remoting.client import ClientSessions, client_sessions
from pshell.remoting.computers import Computer, SSHOptions, resolve
from pshell.remoting.errors import ConnectionLost, HostError
from pshell.remoting.pssession import PSSession


class SessionCmdlet(Cmdlet):
    """Base of the PSSession cmdlets."""

    @property
    def client(self) -> ClientSessions:
        return client_sessions(self.context)

    # ------------------------------------------------------------ selecting
    def held_sessions(self) -> list[PSSession]:
        """This client's sessions chosen by -Id, -Name or -InstanceId (all when none is given);
        a literal that matches nothing is a non-terminating error."""
        held = list(self.client.sessions)
        if self.is_bound("Id"):
            return self._pick(held, self.bound["Id"], lambda s, v: s.Id == int(v), messages.session_id_not_found)
        if self.is_bound("Name") and not self.is_bound("ComputerName"):
            return self.by_name(held, self.bound["Name"])
        if self.is_bound("InstanceId") and not self.is_bound("ComputerName"):
            return self.by_instance_id(held, self.bound["InstanceId"])
        return held

    def by_name(self, sessions: list[PSSession], names: Iterable[Any]) -> list[PSSession]:
        return self._pick(sessions, names, lambda s, v: wildcard_match(to_string(v), s.Name),
                          messages.session_name_not_found, wildcards=True)

    def by_instance_id(self, sessions: list[PSSession], ids: Iterable[Any]) -> list[PSSession]:
        return self._pick(sessions, ids, lambda s, v: s.InstanceId.lower() == to_string(v).lower(),
                          messages.session_instance_not_found)

    def _pick(self, sessions: list[PSSession], wanted: Iterable[Any], match: Callable[[PSSession, Any], bool],
              not_found: Callable[[Any], Any], *, wildcards: bool = False) -> list[PSSession]:
        chosen: list[PSSession] = []
        for value in wanted if isinstance(wanted, (list, tuple)) else [wanted]:
            found = [s for s in sessions if match(s, value)]
            if not found and not (wildcards and has_wildcard(to_string(value))):
                self.write_error(self.error_record(not_found(value)))
            chosen.extend(s for s in found if s not in chosen)
        return chosen

    def computer_sessions(self) -> list[PSSession]:
        """-ComputerName: every session of this account on those computers (filtered by -Name or
        -InstanceId), as local objects; a computer out of reach is an error for that computer."""
        found: list[PSSession] = []
        for computer in self.computer_names():
            try:
                sessions = self.client.query(self.computer(computer))
            except HostError as exc:
                self.write_error(self.error_record(messages.query_failed(to_string(computer), exc.record.message)))
                continue
            except PSError as exc:  # the computer cannot be reached
                self.write_error(self.error_record(exc.record))
                continue
            if self.is_bound("Name"):
                sessions = self.by_name(sessions, self.bound["Name"])
            elif self.is_bound("InstanceId"):
                sessions = self.by_instance_id(sessions, self.bound["InstanceId"])
            found.extend(sessions)
        return found

    def chosen_sessions(self) -> list[PSSession]:
        """The sessions a cmdlet acts on, by whichever parameter set was used."""
        if self.is_bound("Session"):
            value = self.bound["Session"]
            return [s for s in (value if isinstance(value, (list, tuple)) else [value]) if s is not None]
        if self.is_bound("ComputerName") or self.is_bound("HostName"):
            return self.computer_sessions()
        return self.held_sessions()

    # ------------------------------------------------------------ creating
    def computer(self, name: str) -> Computer:
        """The computer a name means, with what -UserName, -Port, -KeyFilePath, -Subsystem and
        -Credential say about reaching it over SSH."""
        user, password = credential_parts(self.bound.get("Credential"))
        option = self.bound.get("SessionOption") or self.context.get_variable("PSSessionOption")
        def seconds(name: str) -> float | None:
            ms = _milliseconds(get_property(option, name)) if option is not None else None
            return ms / 1000.0 if ms and ms > 0 else None

        options = SSHOptions(user=self.bound.get("UserName") or user, port=self.bound.get("Port"),
                             key_file=self.bound.get("KeyFilePath"), subsystem=self.bound.get("Subsystem"),
                             password=password, open_timeout=seconds("OpenTimeout"),
                             operation_timeout=seconds("OperationTimeout"))
        return resolve(name, options)

    def computer_names(self) -> list[str]:
        """-ComputerName or -HostName (PowerShell 7's SSH spelling), localhost when neither is given."""
        names = self.bound.get("ComputerName") or self.bound.get("HostName") or ["localhost"]
        return [to_string(n) for n in (names if isinstance(names, (list, tuple)) else [names])]

    def create_session(self, computer_name: str, name: str | None, *, temporary: bool = False,
                       **options: Any) -> PSSession | None:
        """A new session on the computer (None, with the error written, if it cannot be made)."""
        return self.create_sessions([(computer_name, name)], temporary=temporary, **options)[0]

    def create_sessions(self, wanted: list[tuple[str, str | None]], *, temporary: bool = False,
                        **options: Any) -> list[PSSession | None]:
        """New sessions, one per (computer, name), made in parallel up to -ThrottleLimit (a
        computer that cannot be reached delays no other); errors are written in order."""
        from concurrent.futures import ThreadPoolExecutor

        def make(item: tuple[str, str | None]) -> PSSession | ErrorRecord:
            computer = self.computer(item[0])
            try:
                return self.client.create(computer, item[1], temporary=temporary, **options)
            except HostError as exc:
                if exc.error_id == "InvalidIdleTimeout":
                    d = exc.details
                    return messages.invalid_idle_timeout(computer.name, int(d.get("value_ms", 0)),
                                                         int(d.get("minimum_ms", 0)), int(d.get("maximum_ms", 0)))
                return messages.connect_failed(computer.name, exc.record.message,
                                               f"{exc.error_id},PSSessionOpenFailed")
            except PSError as exc:  # the computer cannot be reached
                return exc.record

        if len(wanted) == 1:
            results = [make(wanted[0])]
        else:
            limit = max(1, min(len(wanted), int(self.bound.get("ThrottleLimit") or 32)))
            with ThreadPoolExecutor(max_workers=limit, thread_name_prefix="pshell-connect") as pool:
                results = list(pool.map(make, wanted))
        sessions: list[PSSession | None] = []
        option = self.bound.get("SessionOption") or self.context.get_variable("PSSessionOption")
        for result in results:
            if isinstance(result, ErrorRecord):
                self.write_error(self.error_record(result))
                sessions.append(None)
            else:
                result.session_option = option  # kept, as PowerShell keeps a session's options
                sessions.append(result)
        return sessions

    # ------------------------------------------------------------ host calls
    def connection_of(self, session: PSSession) -> Any:
        return self.client.connection(session.computer)

    def host_failure(self, session: PSSession, exc: HostError) -> None:
        """A refusal from the session host, as PowerShell's error for this cmdlet."""
        if isinstance(exc, ConnectionLost) or exc.error_id in ("ConnectionLost", "OperationTimeout"):
            record = messages.remote_failure(session.ComputerName, exc.record.message, "PSSessionConnectionLost",
                                             session)
        elif exc.error_id == "SessionNotFound":
            session.mark("Broken")
            record = messages.session_gone(session, f"{self.info.verb}PSSessionFailed")
        else:
            record = messages.remote_failure(session.ComputerName, exc.record.message, exc.error_id, session)
        self.write_error(self.error_record(record))


class SSHParameters(SessionCmdlet):
    """PowerShell 7's SSH parameters, for the cmdlets that reach computers."""

    HostName = Param("string[]", help="Computers to reach over SSH, as [user@]host[:port] (like -ComputerName).")
    UserName = Param("string", help="The account to log in as (default: the SSH configuration's, or yours).")
    KeyFilePath = Param("string", aliases=("IdentityFilePath",), help="The private key to log in with.")
    Port = Param("int", range=(1, 65535), help="The SSH port (default: the SSH configuration's, or 22).")
    Subsystem = Param("string", help="The SSH subsystem that runs pshell's session host bridge (default pshell).")
    Credential = Param("object", help="The account (Get-Credential) to log in as; its password is used.")


# ---------------------------------------------------------------- session options
def _milliseconds(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, _dt.timedelta):
        return int(value.total_seconds() * 1000)
    ms = get_property(value, "TotalMilliseconds") if not isinstance(value, (int, float, str)) else value
    try:
        return int(float(to_string(ms)))
    except ValueError:
        return None


def option_values(cmdlet: Cmdlet, *, option: Any = None) -> dict[str, Any]:
    """The idle timeout (ms) and output buffering mode asked for, by precedence: -SessionOption,
    then $PSSessionOption; None for "the configuration's" (an IdleTimeout of -1, a mode None)."""
    if option is None:
        option = cmdlet.bound.get("SessionOption")
    if option is None:
        option = cmdlet.context.get_variable("PSSessionOption")
    if option is None:
        return {"idle_timeout_ms": None, "output_buffering": None}
    idle = _milliseconds(get_property(option, "IdleTimeout"))
    mode = get_property(option, "OutputBufferingMode")
    mode_text = to_string(mode) if mode is not None else ""
    return {"idle_timeout_ms": idle if idle is not None and idle >= 0 else None,
            "output_buffering": mode_text if mode_text and mode_text.lower() != "none" else None}
