"""One client connection inside the daemon: peer check, handshake, frames in and out.

Every accepted peer's uid is checked (SO_PEERCRED on Linux, LOCAL_PEERCRED on macOS) and must
be the daemon's own. The first frame must be a hello of the same protocol version. After
that, frames are requests (answered with replies), acks of output records, and pings. A
malformed, oversized, truncated or out-of-order frame gets an error frame and closes this
connection only; its sessions become Disconnected and keep running.
"""

from __future__ import annotations

import itertools
import logging
import os
import socket
import struct
import sys
import threading
from typing import TYPE_CHECKING, Any

from pshell import __version__
from pshell.host.session import set_max_frame
from pshell.wire import frames
from pshell.wire.frames import PROTOCOL_VERSION

if TYPE_CHECKING:
    from pshell.host.daemon import Daemon

log = logging.getLogger("pshell.host")
_ids = itertools.count(1)


class OpError(Exception):
    """A request that cannot be done: becomes {"ok": false, "error": ...}; the connection stays."""

    def __init__(self, message: str, error_id: str, category: str = "InvalidOperation", *, target: Any = None,
                 exception_type: str = "System.InvalidOperationException", **details: Any) -> None:
        super().__init__(message)
        self.error = frames.error_dict(message, error_id, category, target=target, exception_type=exception_type, **details)


def peer_credentials(sock: socket.socket) -> tuple[int | None, int, int | None]:
    """(pid, uid, gid) of the process at the other end of a Unix socket."""
    if hasattr(socket, "SO_PEERCRED"):
        raw = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
        pid, uid, gid = struct.unpack("3i", raw)
        return pid, uid, gid
    if sys.platform == "darwin":  # struct xucred { u_int cr_version; uid_t cr_uid; short cr_ngroups; gid_t cr_groups[16]; }
        sol_local, local_peercred = 0, 1
        raw = sock.getsockopt(sol_local, local_peercred, struct.calcsize("IIh16I"))
        _version, uid, _n = struct.unpack_from("IIh", raw)
        return None, uid, None
    raise OSError("This system cannot tell who is at the other end of a Unix socket.")


def check_peer(sock: socket.socket, expected_uid: int) -> tuple[bool, tuple[int | None, int, int | None] | None]:
    try:
        creds = peer_credentials(sock)
    except OSError as exc:
        log.warning("refused a connection: cannot read its credentials (%s)", exc)
        return False, None
    return creds[1] == expected_uid, creds


def send_final(sock: socket.socket, message: dict[str, Any]) -> None:
    """Send a last frame, half-close, and read what the peer still sends for a moment, so that
    it sees the frame and an orderly end rather than a reset. The caller closes the socket."""
    try:
        sock.settimeout(2.0)
        sock.sendall(frames.encode(message))
        sock.shutdown(socket.SHUT_WR)
        sock.settimeout(0.5)
        budget = 1 << 20
        while budget > 0:
            chunk = sock.recv(65536)
            if not chunk:
                break
            budget -= len(chunk)
    except OSError:
        pass


class Connection:
    def __init__(self, daemon: "Daemon", sock: socket.socket, peer: tuple[int | None, int, int | None]) -> None:
        self.daemon = daemon
        self.sock = sock
        self.peer = peer
        self.id = next(_ids)
        self.client_id: str | None = None
        self.client_host: str | None = None
        self.over_ssh = False  # it came through a bridge (`pshell host --stdio` run by sshd)
        self.agent_socket: str | None = None  # the SSH agent the client offers its sessions
        self.client_version: str | None = None
        self.alive = True
        self._send_lock = threading.Lock()
        self._close_lock = threading.Lock()
        self.max_frame = daemon.settings.max_frame_bytes
        set_max_frame(self.max_frame)  # blocks of a native program's lines fit in a frame

    def __repr__(self) -> str:
        return f"<connection {self.id} pid={self.peer[0]} client={self.client_id}>"

    # ------------------------------------------------------------ sending
    def send(self, message: dict[str, Any]) -> bool:
        data = frames.encode(message, self.max_frame)
        try:
            with self._send_lock:
                self.sock.sendall(data)
            return True
        except OSError as exc:
            self.close(f"send failed: {exc}")
            return False

    def send_error_and_close(self, message: str, error_id: str, reason: str) -> None:
        """Tell the peer what was wrong and close. Its sessions are Disconnected before the error
        goes out, so whoever reads the error finds them so."""
        log.warning("%r: %s (%s); closing the connection", self, reason, error_id)
        if not self._end():
            return
        with self._send_lock:
            send_final(self.sock, frames.error_message(message, error_id))
        self._close_socket(reason)

    def _end(self) -> bool:
        """Mark the connection dead and disconnect its sessions; False if it already was."""
        with self._close_lock:
            if not self.alive:
                return False
            self.alive = False
        self.daemon.connection_lost(self)
        return True

    def close(self, reason: str) -> None:
        if self._end():
            self._close_socket(reason)

    def _close_socket(self, reason: str) -> None:
        log.info("%r closed: %s", self, reason)
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()

    # ------------------------------------------------------------ receiving
    def serve(self) -> None:
        try:
            self._serve()
        except Exception:  # noqa: BLE001 - one connection's trouble never ends the daemon
            log.exception("%r: unexpected failure", self)
            self.close("internal error")

    def _serve(self) -> None:
        settings = self.daemon.settings
        self.sock.settimeout(settings.handshake_timeout_ms / 1000.0)
        try:
            hello = frames.recv_frame(self.sock, self.max_frame)
        except frames.ConnectionClosed:
            self.close("closed before the handshake")
            return
        except frames.FrameError as exc:
            self.send_error_and_close(str(exc), exc.error_id, "bad frame before the handshake")
            return
        except OSError as exc:
            self.close(f"no handshake: {exc}")
            return
        if not self._handshake(hello):
            return
        self.sock.settimeout(3 * settings.heartbeat_ms / 1000.0)
        while self.alive:
            try:
                message = frames.recv_frame(self.sock, self.max_frame)
            except frames.ConnectionClosed:
                self.close("the client closed the connection")
                return
            except frames.FrameError as exc:
                self.send_error_and_close(str(exc), exc.error_id, "bad frame")
                return
            except socket.timeout:
                self.close("no heartbeat from the client")
                return
            except OSError as exc:
                self.close(f"connection lost: {exc}")
                return
            self._dispatch(message)

    def _handshake(self, hello: dict[str, Any]) -> bool:
        if hello.get("type") != "hello":
            self.send_error_and_close(f"The first frame must be a hello, not {hello.get('type')!r}.", "HandshakeRequired",
                                      "frame before the handshake")
            return False
        version = hello.get("protocol")
        if version != PROTOCOL_VERSION:
            self.send_error_and_close(
                f"The session host speaks protocol version {PROTOCOL_VERSION}, but the client speaks version {version}. "
                f"Use the same version of pshell on both ends (the session host is pshell {__version__}; "
                "stop an old one with 'pshell host --stop').", "ProtocolVersionMismatch", "protocol version mismatch")
            return False
        client_id = hello.get("client_id")
        self.client_id = str(client_id) if client_id else f"connection-{self.id}"
        self.client_host = str(hello.get("host") or "") or None
        bridge = hello.get("bridge")
        self.over_ssh = isinstance(bridge, dict)
        agent = bridge.get("agent") if isinstance(bridge, dict) else hello.get("agent")
        self.agent_socket = agent if isinstance(agent, str) and agent else None
        self.client_version = str(hello.get("client") or "") or None
        log.info("%r: hello from %s on %s", self, self.client_version, self.client_host)
        return self.send({"type": "welcome", "protocol": PROTOCOL_VERSION, "server": f"pshell/{__version__}",
                          "pid": os.getpid(), "computer": self.daemon.computer, "connection": self.id,
                          "heartbeat_ms": settings_heartbeat(self.daemon)})

    def _dispatch(self, message: dict[str, Any]) -> None:
        kind = message["type"]
        if kind == "ping":
            self.send({"type": "pong"})
        elif kind == "pong":
            pass
        elif kind == "ack":
            session, seq = message.get("session"), message.get("seq")
            if not isinstance(session, str) or not isinstance(seq, int):
                self.send_error_and_close("An ack needs a session and a seq.", "MalformedFrame", "bad ack")
                return
            self.daemon.ack(self, session, seq)
        elif kind == "request":
            request_id, op = message.get("id"), message.get("op")
            if not isinstance(request_id, int) or not isinstance(op, str):
                self.send_error_and_close("A request needs an integer id and an op.", "MalformedFrame", "bad request")
                return
            self._request(request_id, op, message)
        elif kind == "hello":
            self.send_error_and_close("The handshake is already done.", "UnexpectedFrame", "second hello")
        else:
            self.send_error_and_close(f"Unknown frame type {kind!r}.", "UnexpectedFrame", "unknown frame type")

    def _request(self, request_id: int, op: str, message: dict[str, Any]) -> None:
        args = message.get("args") or {}
        if not isinstance(args, dict):
            self.send({"type": "reply", "id": request_id, "ok": False,
                       "error": frames.error_dict("The args of a request must be an object.", "InvalidArgument")})
            return
        try:
            result = self.daemon.ops.call(self, op, args)
            reply = {"type": "reply", "id": request_id, "ok": True, "result": result}
        except OpError as exc:
            reply = {"type": "reply", "id": request_id, "ok": False, "error": exc.error}
        except Exception as exc:  # noqa: BLE001
            log.exception("%r: op %s failed", self, op)
            reply = {"type": "reply", "id": request_id, "ok": False,
                     "error": frames.error_dict(f"The session host failed: {type(exc).__name__}: {exc}", "InternalError")}
        log.debug("%r: %s -> %s", self, op, "ok" if reply["ok"] else reply["error"]["error_id"])
        try:
            self.send(reply)
        except frames.FrameTooLarge as exc:
            self.send({"type": "reply", "id": request_id, "ok": False,
                       "error": frames.error_dict(f"The answer to '{op}' is too large to send: {exc}", "ReplyTooLarge")})


def settings_heartbeat(daemon: "Daemon") -> int:
    return daemon.settings.heartbeat_ms
