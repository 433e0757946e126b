"""The requests a client may make of the session host (`{"type": "request", "op": ..., "args": {...}}`).

Every op answers with a JSON result or an OpError (error_id, message, category). Session
state in a result is relative to the asking client (see Session.info).
"""

from __future__ import annotations

import logging
import os
import threading
from typing import TYPE_CHECKING, Any, Callable

from pshell.host.buffer import normalize_mode
from pshell.host.configurations import (
    DEFAULT_NAME,
    Configuration,
    ConfigurationError,
    ConfigurationStore,
)
from pshell.host.connection import Connection, OpError
from pshell.host.session import Session

if TYPE_CHECKING:
    from pshell.host.daemon import Daemon

log = logging.getLogger("pshell.host")


def _str(args: dict[str, Any], key: str, default: str | None = None, *, required: bool = False) -> str | None:
    value = args.get(key, default)
    if value is None:
        if required:
            raise OpError(f"The request needs '{key}'.", "MissingArgument", "InvalidArgument")
        return None
    if not isinstance(value, str):
        raise OpError(f"'{key}' must be a string.", "InvalidArgument", "InvalidArgument")
    return value


def _int(args: dict[str, Any], key: str) -> int | None:
    value = args.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise OpError(f"'{key}' must be a whole number.", "InvalidArgument", "InvalidArgument")
    return value


def _mode(args: dict[str, Any], key: str = "output_buffering") -> str | None:
    value = args.get(key)
    if value is None or (isinstance(value, str) and value.lower() == "none"):
        return None
    try:
        return normalize_mode(value)
    except ValueError as exc:
        raise OpError(str(exc), "InvalidOutputBufferingMode", "InvalidArgument") from None


class Ops:
    def __init__(self, daemon: "Daemon") -> None:
        self.daemon = daemon
        self._table: dict[str, Callable[[Connection, dict[str, Any]], Any]] = {
            name[3:]: getattr(self, name) for name in dir(self) if name.startswith("op_")}
        self._names_lock = threading.Lock()
        self._counter = 0

    def call(self, conn: Connection, op: str, args: dict[str, Any]) -> Any:
        handler = self._table.get(op)
        if handler is None:
            raise OpError(f"The session host has no operation '{op}'.", "UnknownOperation", "NotImplemented")
        return handler(conn, args)

    # ------------------------------------------------------------ helpers
    def _session(self, args: dict[str, Any]) -> Session:
        instance_id = _str(args, "session", required=True)
        assert instance_id is not None
        session = self.daemon.session(instance_id)
        if session is None:
            raise OpError(f"The session {instance_id} no longer exists on computer {self.daemon.computer}.",
                          "SessionNotFound", "ObjectNotFound", target=instance_id,
                          exception_type="System.Management.Automation.Remoting.PSRemotingTransportException")
        return session

    def _configuration(self, name: str) -> Configuration:
        try:
            found = ConfigurationStore(computer=self.daemon.computer).find(name)
        except ConfigurationError as exc:
            raise OpError(exc.message, exc.error_id, exc.category) from None
        if found is None:
            raise OpError(f"Cannot find the {name} session configuration on the {self.daemon.computer} computer.",
                          "InvalidResourceUri", "ObjectNotFound", target=name,
                          exception_type="System.Management.Automation.Remoting.PSRemotingTransportException")
        return found

    def _check_idle(self, idle_ms: int, config: Configuration) -> None:
        minimum = self.daemon.settings.min_idle_timeout_ms
        maximum = config.max_idle_timeout_ms
        if idle_ms < minimum or idle_ms > maximum:
            raise OpError(f"The idle timeout {idle_ms} ms is not valid: it must be at least {minimum} ms "
                          f"({minimum // 1000} seconds) and at most {maximum} ms, the maximum of the session "
                          f"configuration '{config.name}'.", "InvalidIdleTimeout", "InvalidArgument",
                          exception_type="System.ArgumentException", minimum_ms=minimum, maximum_ms=maximum,
                          value_ms=idle_ms)

    def _mine(self, session: Session, conn: Connection, action: str) -> None:
        """The session must be connected to this client (caller holds session.lock)."""
        if session.attached is None or session.attached.client_id != conn.client_id:
            busy = session.attached is not None
            raise OpError(f"Cannot {action} session {session.name}: it is not connected to this client"
                          f"{' (another client is connected to it)' if busy else ''}.",
                          "SessionBusy" if busy else "SessionNotConnected", "InvalidOperation",
                          target=session.instance_id, state="Disconnected", availability="Busy" if busy else "None")
        if session.attached is not conn:
            session.attached = conn  # the same client on a new connection

    def _claim(self, session: Session, conn: Connection) -> None:
        """Connect a session to this client if nobody else has it (caller holds session.lock)."""
        if session.attached is not None and session.attached.client_id != conn.client_id:
            raise OpError(f"Cannot connect session {session.name}: another client is connected to it.",
                          "SessionBusy", "ResourceUnavailable", target=session.instance_id,
                          state="Disconnected", availability="Busy")
        if session.enable_network_access and session.origin == "local" and conn.over_ssh:
            raise OpError(f"Cannot connect session {session.name}: it was created using the EnableNetworkAccess "
                          "parameter and can only be reconnected from the local computer.",
                          "CannotConnectNetworkAccessSession", "PermissionDenied", target=session.instance_id,
                          exception_type="System.UnauthorizedAccessException")
        self.daemon.attach(session, conn)
        self._offer_agent(session, conn)

    @staticmethod
    def _offer_agent(session: Session, conn: Connection) -> None:
        """A session made with -EnableNetworkAccess uses the SSH agent of the client connected to
        it (the one that made it, or the one that connects to it later); no other session has one."""
        if session.enable_network_access and conn.agent_socket:
            session.environment["SSH_AUTH_SOCK"] = conn.agent_socket

    # ------------------------------------------------------------ the host
    def op_status(self, conn: Connection, args: dict[str, Any]) -> Any:
        return self.daemon.status(conn)

    def op_shutdown(self, conn: Connection, args: dict[str, Any]) -> Any:
        self.daemon.request_stop(f"asked by {conn!r}")
        return {"pid": os.getpid()}

    # ------------------------------------------------------------ sessions
    def op_new_session(self, conn: Connection, args: dict[str, Any]) -> Any:
        config = self._configuration(_str(args, "configuration") or DEFAULT_NAME)
        idle = _int(args, "idle_timeout_ms")
        idle = config.idle_timeout_ms if idle is None or idle < 0 else idle
        self._check_idle(idle, config)
        mode = _mode(args) or config.output_buffering
        with self.daemon.lock:
            count = sum(1 for s in self.daemon.sessions.values() if s.configuration.lower() == config.name.lower())
        if count >= config.max_sessions:
            raise OpError(f"The session configuration '{config.name}' on computer {self.daemon.computer} allows "
                          f"at most {config.max_sessions} sessions for an account, and this account has "
                          f"{count}. Remove sessions (Remove-PSSession) or ask an administrator to raise the "
                          "configuration's MaxSessions.", "MaxSessionsExceeded", "ResourceUnavailable",
                          target=config.name)
        name = _str(args, "name")
        if not name:
            with self._names_lock:
                self._counter += 1
                name = f"Session{self._counter}"
        session = Session(name=name, configuration=config.name, idle_timeout_ms=idle, output_buffering=mode,
                          buffer_records=self.daemon.settings.output_buffer_records,
                          enable_network_access=bool(args.get("enable_network_access")),
                          origin="ssh" if conn.over_ssh else "local")
        self._offer_agent(session, conn)
        self.daemon.add_session(session, conn)
        log.info("new session %s (%s) for %r", session.name, session.instance_id, conn)
        return session.info(conn.client_id)

    def op_list_sessions(self, conn: Connection, args: dict[str, Any]) -> Any:
        with self.daemon.lock:
            sessions = sorted(self.daemon.sessions.values(), key=lambda s: s.created_on)
        return [s.info(conn.client_id) for s in sessions]

    def op_get_session(self, conn: Connection, args: dict[str, Any]) -> Any:
        return self._session(args).info(conn.client_id)

    def op_connect(self, conn: Connection, args: dict[str, Any]) -> Any:
        session = self._session(args)
        mode = _mode(args)
        with session.lock:
            self._claim(session, conn)
            if mode is not None:
                session.output_buffering = mode
                session.buffer.set_mode(mode)
                self.daemon.save(session)
            return session.info(conn.client_id)

    def op_disconnect(self, conn: Connection, args: dict[str, Any]) -> Any:
        session = self._session(args)
        idle = _int(args, "idle_timeout_ms")
        mode = _mode(args)
        with session.lock:
            if session.attached is None:
                return session.info(conn.client_id)
            self._mine(session, conn, "disconnect")
            if idle is not None:
                self._check_idle(idle, self._configuration(session.configuration))
                session.idle_timeout_ms = idle
            if mode is not None:
                session.output_buffering = mode
                session.buffer.set_mode(mode)
            self.daemon.detach(session)
            log.info("session %s disconnected by %r", session.name, conn)
            return session.info(conn.client_id)

    def op_invoke(self, conn: Connection, args: dict[str, Any]) -> Any:
        session = self._session(args)
        script = _str(args, "script", required=True)
        arguments = args.get("arguments") or []
        using = args.get("using") or {}
        pipeline_input = args.get("input")
        if not isinstance(arguments, list) or not isinstance(using, dict) or \
                not isinstance(pipeline_input, (list, type(None))):
            raise OpError("'arguments' and 'input' must be lists and 'using' an object.", "InvalidArgument",
                          "InvalidArgument")
        with session.lock:
            self._mine(session, conn, "run a command in")
            if session.running:
                raise OpError(f"The session {session.name} is busy running another command; it runs one command "
                              "at a time.", "SessionBusy", "ResourceUnavailable", target=session.instance_id,
                              state="Opened", availability="Busy")
            if args.get("stream", True):
                self.daemon.start_streaming(session, conn)
            command = session.start_command(script or "", arguments, using, _int(args, "width"),
                                            pipeline_input=pipeline_input)
            log.debug("session %s: command %d started", session.name, command.id)
            return {"command": command.id, "session": session.info(conn.client_id)}

    def op_receive(self, conn: Connection, args: dict[str, Any]) -> Any:
        session = self._session(args)
        with session.lock:
            self._claim(session, conn)
            self.daemon.start_streaming(session, conn)
            return session.info(conn.client_id)

    def op_stop(self, conn: Connection, args: dict[str, Any]) -> Any:
        session = self._session(args)
        with session.lock:
            self._mine(session, conn, "stop the command of")
        session.stop_command(wait=float(args.get("wait", 5.0) or 0))
        return session.info(conn.client_id)

    def op_remove(self, conn: Connection, args: dict[str, Any]) -> Any:
        session = self._session(args)
        with session.lock:
            if session.attached is not None and session.attached.client_id != conn.client_id:
                raise OpError(f"Cannot remove session {session.name}: another client is connected to it.",
                              "SessionBusy", "ResourceUnavailable", target=session.instance_id)
        self.daemon.remove_session(session, "removed by its client")
        return {"removed": session.instance_id}
