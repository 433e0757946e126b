"""A client's connection to a session host: requests, replies, and streamed output.

    conn = HostConnection.open()                  # this computer's host, started on demand
    info = conn.new_session(name="Session1")      # a dict; state relative to this client
    command = conn.invoke(info["instance_id"], "$x = 5; $x * 2")
    for record in conn.output(info["instance_id"]).until_end(command):
        ...                                       # OutputRecord: stream, value, seq, command

One reader thread takes every frame: replies wake their request, output events go to the
session's OutputStream (in order, deduplicated by seq, each batch acknowledged once it is
queued here), other events go to listeners. A heartbeat thread pings; when nothing at all
has come back for three intervals the connection is declared lost. Thread-safe.
"""

from __future__ import annotations

import itertools
import logging
import os
import socket
import threading
import time
import uuid
from typing import Any, Callable

from pshell import __version__
from pshell.errors import ErrorCategory
from pshell.remoting.errors import ConnectionLost, HostError, _error
from pshell.remoting.output import OutputRecord, OutputStream, decode_record, last_seq
from pshell.remoting.transport import (
    _ChannelTransport,
    _PipeTransport,
    _SocketTransport,
    _Transport,
)
from pshell.wire import frames
from pshell.wire.frames import PROTOCOL_VERSION
from pshell.wire.serialize import serialize

__all__ = ["HostConnection", "HostError", "ConnectionLost", "OutputRecord", "OutputStream", "decode_record"]

log = logging.getLogger("pshell.remoting")
CLIENT_ID = str(uuid.uuid4())  # one per client process
DEFAULT_TIMEOUT = 60.0
HEARTBEAT = 5.0


class HostConnection:
    """One connection to one session host. See the module docstring and the design doc."""

    def __init__(self, transport: _Transport, *, client_id: str | None = None, timeout: float = DEFAULT_TIMEOUT,
                 heartbeat: float | bool | None = None, max_frame: int = frames.DEFAULT_MAX_FRAME) -> None:
        self._transport = transport
        self.client_id = client_id or CLIENT_ID
        self.timeout = timeout
        self.max_frame = max_frame
        self._send_lock = threading.Lock()
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._pending: dict[int, list[Any]] = {}
        self._streams: dict[str, OutputStream] = {}
        self._listeners: list[Callable[[dict[str, Any]], None]] = []
        self.closed = threading.Event()
        self.close_reason: str | None = None
        self._last_heard = time.monotonic()
        self.welcome = self._handshake()
        self.computer: str = str(self.welcome.get("computer", ""))
        self.server_pid: int = int(self.welcome.get("pid", 0))
        self.server_version: str = str(self.welcome.get("server", ""))
        threading.Thread(target=self._reader, name="pshell-host-reader", daemon=True).start()
        if heartbeat is None or heartbeat is True:
            interval = float(self.welcome.get("heartbeat_ms") or HEARTBEAT * 1000) / 1000.0
        else:
            interval = float(heartbeat or 0)
        self.heartbeat_interval = interval
        if interval > 0:
            threading.Thread(target=self._heartbeat, args=(interval,), name="pshell-host-heartbeat", daemon=True).start()

    # ------------------------------------------------------------ opening
    @classmethod
    def open(cls, state_dir: str | None = None, *, start: bool = True, client_id: str | None = None,
             timeout: float = DEFAULT_TIMEOUT, heartbeat: float | bool | None = None) -> "HostConnection":
        """Connect to this computer's session host (in state_dir, default the account's),
        starting it if needed (start=False: raise HostNotRunning instead)."""
        from pshell.host.starter import START_TIMEOUT, connect

        deadline = time.monotonic() + START_TIMEOUT
        while True:
            sock = connect(state_dir, start=start)
            try:
                return cls(_SocketTransport(sock), client_id=client_id, timeout=timeout, heartbeat=heartbeat)
            except HostError as exc:
                # A session host that was dying as we connected: try again (a new one is started).
                if not exc.details.get("retry") or time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    @classmethod
    def over_pipes(cls, read_fd: int, write_fd: int, *, client_id: str | None = None, timeout: float = DEFAULT_TIMEOUT,
                   heartbeat: float | bool | None = None, on_close: Callable[[], None] | None = None) -> "HostConnection":
        """Speak to a session host through a pair of pipes (e.g. `ssh computer pshell host --stdio`).
        The connection owns both file descriptors (pass dups if you keep your own)."""
        return cls(_PipeTransport(read_fd, write_fd, on_close), client_id=client_id, timeout=timeout, heartbeat=heartbeat)

    @classmethod
    def over_channel(cls, channel: Any, *, client_id: str | None = None, timeout: float = DEFAULT_TIMEOUT,
                     heartbeat: float | bool | None = None,
                     on_close: Callable[[], None] | None = None) -> "HostConnection":
        """Speak to a session host through an SSH channel (paramiko) running its bridge."""
        return cls(_ChannelTransport(channel, on_close), client_id=client_id, timeout=timeout, heartbeat=heartbeat)

    def _handshake(self) -> dict[str, Any]:
        try:
            self._send({"type": "hello", "protocol": PROTOCOL_VERSION, "client": f"pshell/{__version__}",
                        "client_id": self.client_id, "host": socket.gethostname(), "pid": os.getpid(),
                        "agent": os.environ.get("SSH_AUTH_SOCK")})
        except ConnectionLost as exc:
            self._transport.close_reader()
            raise HostError({"message": f"The session host did not complete the handshake: {exc.record.message}",
                             "error_id": "HandshakeFailed", "category": ErrorCategory.ConnectionError,
                             "details": {"retry": True}}) from None
        self._transport.settimeout(self.timeout)
        try:
            reply = frames.read_frame(self._transport.recv, self.max_frame)
        except (frames.FrameError, frames.ConnectionClosed, OSError) as exc:
            self._transport.close()
            self._transport.close_reader()
            closed = isinstance(exc, (frames.ConnectionClosed, frames.TruncatedFrame, ConnectionError))
            raise HostError({"message": f"The session host did not complete the handshake: {exc or type(exc).__name__}",
                             "error_id": "HandshakeFailed", "category": ErrorCategory.ConnectionError,
                             "details": {"retry": closed}}) from None
        self._transport.settimeout(None)
        if reply.get("type") == "error":
            self._transport.close()
            self._transport.close_reader()
            raise HostError(reply.get("error") or {"message": "The session host refused the connection.",
                                                   "error_id": "HandshakeFailed"})
        if reply.get("type") != "welcome":
            self._transport.close()
            self._transport.close_reader()
            raise _error(f"The session host answered the handshake with {reply.get('type')!r}.", "HandshakeFailed")
        if reply.get("protocol") != PROTOCOL_VERSION:
            self._transport.close()
            self._transport.close_reader()
            raise _error(f"The session host speaks protocol version {reply.get('protocol')}, but this pshell speaks "
                         f"version {PROTOCOL_VERSION}.", "ProtocolVersionMismatch", ErrorCategory.InvalidOperation)
        return reply

    # ------------------------------------------------------------ frames
    def _send(self, message: dict[str, Any]) -> None:
        data = frames.encode(message, self.max_frame)
        try:
            with self._send_lock:
                self._transport.send(data)
        except OSError as exc:
            self._lost(f"send failed: {exc}")
            raise ConnectionLost(str(exc)) from None

    def _reader(self) -> None:
        reason = "the session host closed the connection"
        try:
            while True:
                message = frames.read_frame(self._transport.recv, self.max_frame)
                self._last_heard = time.monotonic()
                self._dispatch(message)
        except frames.ConnectionClosed:
            pass
        except frames.FrameError as exc:
            reason = f"bad frame from the session host: {exc}"
        except OSError as exc:
            reason = str(exc) or type(exc).__name__
        except Exception as exc:  # noqa: BLE001
            log.exception("session host connection reader failed")
            reason = f"{type(exc).__name__}: {exc}"
        self._lost(reason)
        self._transport.close_reader()

    def _dispatch(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "reply":
            with self._lock:
                slot = self._pending.get(message.get("id"))  # type: ignore[arg-type]
            if slot is not None:
                slot[1] = message
                slot[0].set()
        elif kind == "event" and message.get("event") == "output":
            instance_id = str(message.get("session"))
            raw = message.get("records") or []
            records = [decode_record(r) for r in raw]
            self.output(instance_id)._add(records, int(message.get("dropped") or 0))
            if records:
                try:
                    self._send({"type": "ack", "session": instance_id, "seq": max(map(last_seq, records))})
                except ConnectionLost:
                    pass
        elif kind == "ping":
            try:
                self._send({"type": "pong"})
            except ConnectionLost:
                pass
        elif kind == "error":
            self._lost(f"{message.get('error', {}).get('message', 'error from the session host')}")
            return
        if kind == "event":
            for listener in list(self._listeners):
                try:
                    listener(message)
                except Exception:  # noqa: BLE001
                    log.exception("session host event listener failed")

    def _heartbeat(self, interval: float) -> None:
        while not self.closed.wait(interval):
            if time.monotonic() - self._last_heard > 3 * interval:
                self._lost("no answer to heartbeats")
                return
            try:
                self._send({"type": "ping"})
            except ConnectionLost:
                return

    def _lost(self, reason: str) -> None:
        with self._lock:
            if self.closed.is_set():
                return
            self.close_reason = reason
            self.closed.set()
            pending = list(self._pending.values())
            streams = list(self._streams.values())
        self._transport.close()
        for slot in pending:
            slot[0].set()
        for stream in streams:
            stream._close(reason)
        for listener in list(self._listeners):
            try:
                listener({"type": "closed", "reason": reason})
            except Exception:  # noqa: BLE001
                log.exception("session host event listener failed")

    def close(self) -> None:
        self._lost("closed by the client")

    # ------------------------------------------------------------ requests
    def request(self, op: str, timeout: float | None = None, **args: Any) -> Any:
        """Send a request and wait for its reply; the result, or HostError."""
        if self.closed.is_set():
            raise ConnectionLost(self.close_reason or "closed")
        request_id = next(self._ids)
        slot: list[Any] = [threading.Event(), None]
        with self._lock:
            self._pending[request_id] = slot
        try:
            self._send({"type": "request", "id": request_id, "op": op, "args": args})
            if not slot[0].wait(self.timeout if timeout is None else timeout):
                raise _error(f"The session host did not answer '{op}' in time.", "OperationTimeout",
                             ErrorCategory.OperationTimeout)
        finally:
            with self._lock:
                self._pending.pop(request_id, None)
        reply = slot[1]
        if reply is None:
            raise ConnectionLost(self.close_reason or "closed")
        if not reply.get("ok"):
            raise HostError(reply.get("error") or {})
        return reply.get("result")

    def output(self, instance_id: str) -> OutputStream:
        """The OutputStream of a session (made on first use; output that comes first waits there)."""
        with self._lock:
            stream = self._streams.get(instance_id)
            if stream is None:
                stream = self._streams[instance_id] = OutputStream(instance_id)
                if self.closed.is_set():
                    stream._close(self.close_reason or "closed")
            return stream

    def continue_streams_of(self, lost: "HostConnection") -> None:
        """This connection replaces `lost`: each session's output goes on here after the last
        record that arrived there (the session host sends again what it had no acknowledgement
        for; a job that resumes here must not take those twice)."""
        with lost._lock:
            previous = list(lost._streams.values())
        for stream in previous:
            self.output(stream.instance_id).continue_from(stream)

    def forget_output(self, instance_id: str) -> None:
        with self._lock:
            self._streams.pop(instance_id, None)

    def add_listener(self, listener: Callable[[dict[str, Any]], None]) -> None:
        """Called (on the reader thread) with every event frame except output, and with
        {"type": "closed", "reason": ...} when the connection ends."""
        self._listeners.append(listener)

    # ------------------------------------------------------------ ops
    def status(self) -> dict[str, Any]:
        return self.request("status")

    def shutdown(self) -> dict[str, Any]:
        return self.request("shutdown")

    def new_session(self, name: str | None = None, *, configuration: str | None = None,
                    idle_timeout_ms: int | None = None, output_buffering: str | None = None,
                    enable_network_access: bool = False) -> dict[str, Any]:
        return self.request("new_session", name=name, configuration=configuration, idle_timeout_ms=idle_timeout_ms,
                            output_buffering=output_buffering, enable_network_access=enable_network_access)

    def list_sessions(self) -> list[dict[str, Any]]:
        return self.request("list_sessions")

    def get_session(self, instance_id: str) -> dict[str, Any]:
        return self.request("get_session", session=instance_id)

    def connect_session(self, instance_id: str, *, output_buffering: str | None = None) -> dict[str, Any]:
        return self.request("connect", session=instance_id, output_buffering=output_buffering)

    def disconnect_session(self, instance_id: str, *, idle_timeout_ms: int | None = None,
                           output_buffering: str | None = None) -> dict[str, Any]:
        return self.request("disconnect", session=instance_id, idle_timeout_ms=idle_timeout_ms,
                            output_buffering=output_buffering)

    def invoke(self, instance_id: str, script: str, arguments: list[Any] | tuple[Any, ...] = (),
               using: dict[str, Any] | None = None, *, stream: bool = True, width: int | None = None,
               pipeline_input: list[Any] | None = None) -> int:
        """Start a command; returns its id. Its output arrives on output(instance_id) unless
        stream=False (then it stays in the session's buffer until receive). `pipeline_input`
        becomes the command's pipeline input ($input)."""
        result = self.request("invoke", session=instance_id, script=script,
                              arguments=[serialize(a) for a in arguments],
                              using={k: serialize(v) for k, v in (using or {}).items()}, stream=stream, width=width,
                              input=None if pipeline_input is None else [serialize(v) for v in pipeline_input])
        return int(result["command"])

    def receive(self, instance_id: str) -> dict[str, Any]:
        """Connect the session here if nobody has it, and stream its output to output(instance_id)."""
        return self.request("receive", session=instance_id)

    def stop(self, instance_id: str, wait: float = 5.0) -> dict[str, Any]:
        return self.request("stop", session=instance_id, wait=wait)

    def remove(self, instance_id: str) -> dict[str, Any]:
        result = self.request("remove", session=instance_id)
        self.forget_output(instance_id)
        return result

