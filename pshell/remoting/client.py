"""This client's sessions: the Id counter, the PSSessions it holds, one connection per computer.

`client_sessions(context)` gives the ClientSessions of a runspace (made on first use). The
cmdlets ask it for connections and session objects; it keeps the rules that are about the
client as a whole: Ids from one counter, `Session<N>` names unique in the client, a session
found by a query becoming the existing object when the client already holds it, and what
happens at client exit (SPEC §4: sessions running a command stay, Disconnected; idle ones
are removed).
"""

from __future__ import annotations

import logging
import threading
import uuid
from typing import TYPE_CHECKING, Any, Iterable

from pshell.errors import PSError
from pshell.remoting.computers import Computer, resolve
from pshell.remoting.errors import ConnectionLost, HostError
from pshell.remoting.messages import connect_failed
from pshell.remoting.pssession import BROKEN, CLOSED, OPENED, PSSession

if TYPE_CHECKING:
    from pshell.engine.runtime import ExecutionContext
    from pshell.remoting.connection import HostConnection

log = logging.getLogger("pshell.remoting")


class ClientSessions:
    """The PSSessions of one client (one runspace) and its connections to session hosts."""

    def __init__(self, context: "ExecutionContext | None" = None) -> None:
        self.context = context
        self.sessions: list[PSSession] = []
        self._by_instance: dict[tuple[str, str], PSSession] = {}  # (computer key, instance id) -> held session
        self.entered: PSSession | None = None
        self._next_id = 1
        self._connections: dict[str, "HostConnection"] = {}
        self._opening: dict[str, threading.Lock] = {}
        self._lock = threading.RLock()

    # ------------------------------------------------------------ ids and names
    def take_id(self) -> int:
        with self._lock:
            value = self._next_id
            self._next_id += 1
            return value

    def default_name(self, session_id: int) -> str:
        taken = {s.Name.lower() for s in self.sessions}
        name, n = f"Session{session_id}", session_id
        while name.lower() in taken:
            n += 1
            name = f"Session{n}"
        return name

    # ------------------------------------------------------------ connections
    def connection(self, computer: Computer) -> "HostConnection":
        """The open connection to the computer's session host (made, and the host started, if needed).
        PSError with PowerShell's connect-failure text if it cannot be reached."""
        with self._lock:
            conn = self._connections.get(computer.key)
            if conn is not None and not conn.closed.is_set():
                return conn
            opening = self._opening.setdefault(computer.key, threading.Lock())
        with opening:  # one computer at a time, but computers in parallel (Invoke-Command fan-out)
            with self._lock:
                conn = self._connections.get(computer.key)
                if conn is not None and not conn.closed.is_set():
                    return conn
                lost = conn
            conn = self._open(computer)
            if computer.ssh.operation_timeout:
                conn.timeout = computer.ssh.operation_timeout
            if lost is not None:
                conn.continue_streams_of(lost)
            with self._lock:
                self._connections[computer.key] = conn
            conn.add_listener(lambda event, key=computer.key: self._on_event(key, event))
            return conn

    def _open(self, computer: Computer) -> "HostConnection":
        from pshell.host.paths import StateDirError
        from pshell.host.starter import HostStartError
        from pshell.remoting.connection import HostConnection

        if not computer.is_local:
            from pshell.remoting.ssh import open_host_connection

            host = getattr(self.context, "host", None)
            interactive = bool(getattr(self.context, "interactive", False)) and getattr(host, "is_terminal", False)
            return open_host_connection(computer, ask=host.read_line if interactive else None)
        try:
            return HostConnection.open()
        except HostError as exc:
            raise PSError(connect_failed(computer.name, exc.record.message)) from None
        except (HostStartError, StateDirError, OSError) as exc:
            raise PSError(connect_failed(computer.name, str(exc))) from None

    def existing_connection(self, computer: Computer) -> "HostConnection | None":
        conn = self._connections.get(computer.key)
        return conn if conn is not None and not conn.closed.is_set() else None

    def _on_event(self, key: str, event: dict[str, Any]) -> None:
        """Runs on a connection's reader thread: keep local states true."""
        if event.get("type") == "closed":
            for session in self.sessions:
                if session.computer.key == key and session.State == OPENED:
                    session.update(dict(session.info, state="Disconnected", availability="None"))
        elif event.get("event") == "state":
            session = self.find(str(event.get("session")), key)
            if session is not None:
                session.mark(BROKEN if event.get("state") != "Closed" else BROKEN)
                session.info["close_reason"] = event.get("reason")

    # ------------------------------------------------------------ session objects
    def find(self, instance_id: str, key: str | None = None) -> PSSession | None:
        if key is not None:
            return self._by_instance.get((key, instance_id))
        return next((s for s in self.sessions if s.InstanceId == instance_id), None)

    def add(self, session: PSSession) -> PSSession:
        with self._lock:
            if self._by_instance.get((session.computer.key, session.InstanceId)) is not session:
                self.sessions.append(session)
                self._by_instance[(session.computer.key, session.InstanceId)] = session
        return session

    def forget(self, session: PSSession) -> None:
        with self._lock:
            if session in self.sessions:
                self.sessions.remove(session)
            if self._by_instance.get((session.computer.key, session.InstanceId)) is session:
                del self._by_instance[(session.computer.key, session.InstanceId)]
            if self.entered is session:
                self.entered = None

    def adopt(self, computer: Computer, info: dict[str, Any]) -> PSSession:
        """A session the host told us about: the object this client already has for it (updated),
        or a new local object with a new Id (not yet in this client's list)."""
        existing = self.find(str(info["instance_id"]), computer.key)
        if existing is not None:
            existing.update(info)
            return existing
        return PSSession(self.take_id(), computer, info)

    def create(self, computer: Computer, name: str | None, *, temporary: bool = False, **options: Any) -> PSSession:
        """A new session on the computer, connected to this client. A temporary one (Invoke-Command
        -ComputerName) takes no Id and is not one of the client's sessions."""
        conn = self.connection(computer)
        if temporary:
            info = conn.new_session(name or f"Temporary{uuid.uuid4().hex[:8]}", **options)
            return PSSession(0, computer, info)
        with self._lock:  # the Id is taken only when the session exists
            info = conn.new_session(name or self.default_name(self._next_id), **options)
            return self.add(PSSession(self.take_id(), computer, info))

    def query(self, computer: Computer | str) -> list[PSSession]:
        """Every session of this account on the computer, as local objects (SPEC: Get-PSSession -ComputerName)."""
        computer = resolve(computer) if isinstance(computer, str) else computer
        conn = self.connection(computer)
        return [self.adopt(computer, info) for info in conn.list_sessions()]

    def refresh(self, sessions: Iterable[PSSession]) -> None:
        """Bring the host's view of these sessions up to date (one listing per computer);
        best effort: a computer out of reach leaves its sessions as they were."""
        by_key: dict[str, list[PSSession]] = {}
        for session in sessions:
            if session.State not in (CLOSED, BROKEN):
                by_key.setdefault(session.computer.key, []).append(session)
        for key, group in by_key.items():
            conn = self.existing_connection(group[0].computer)
            if conn is None:
                continue
            try:
                listing = {info["instance_id"]: info for info in conn.list_sessions()}
            except HostError:
                continue
            for session in group:
                info = listing.get(session.InstanceId)
                if info is not None:
                    session.update(info)

    # ------------------------------------------------------------ client exit
    def close(self) -> None:
        """The client is exiting: sessions running a command stay on their computer,
        Disconnected; idle ones are removed. Then the connections close."""
        for session in list(self.sessions):
            if session.State != OPENED:
                continue
            conn = self.existing_connection(session.computer)
            if conn is None:
                continue
            try:
                info = conn.get_session(session.InstanceId)
                if info.get("command") and info["command"].get("state") == "Running":
                    conn.disconnect_session(session.InstanceId)
                else:
                    conn.remove(session.InstanceId)
            except (HostError, ConnectionLost) as exc:
                log.debug("client exit: session %s: %s", session.Name, exc)
        with self._lock:
            connections = list(self._connections.values())
            self._connections.clear()
        for conn in connections:
            conn.close()


def client_sessions(context: "ExecutionContext") -> ClientSessions:
    """The ClientSessions of a runspace (made on first use)."""
    sessions = getattr(context, "remoting", None)
    if sessions is None:
        sessions = ClientSessions(context)
        context.remoting = sessions  # type: ignore[attr-defined]
    return sessions
