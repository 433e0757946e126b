"""The session host daemon: one per user account, listening on host.sock in the state dir.

Threads: the accept loop (main thread); one reader per connection; one sender per session
whose output is being streamed; one per running command; a reaper that removes sessions
whose idle timeout has run out. See docs/session-host-design.md.
"""

from __future__ import annotations

import fcntl
import logging
import os
import signal
import socket
import stat
import threading
import time
import uuid
from typing import Any

from pshell.host.connection import Connection, check_peer, send_final
from pshell.host.ops import Ops
from pshell.host.paths import StatePaths, ensure_state_dir, socket_address
from pshell.host.session import Session, utc_now
from pshell.host.settings import Settings
from pshell.host.store import Store
from pshell.wire import frames

log = logging.getLogger("pshell.host")
BATCH_RECORDS = 500


class AlreadyRunning(Exception):
    pass


class Daemon:
    def __init__(self, paths: StatePaths, settings: Settings) -> None:
        self.paths = paths
        self.settings = settings
        self.uid = os.geteuid()
        self.computer = socket.gethostname()
        self.instance = str(uuid.uuid4())
        self.started = time.monotonic()
        self.started_on = utc_now()
        self.lock = threading.RLock()
        self.sessions: dict[str, Session] = {}
        self.connections: set[Connection] = set()
        self.stopping = threading.Event()
        self.stopped = threading.Event()
        self.ops = Ops(self)
        self.store: Store | None = None
        self.listener: socket.socket | None = None
        self._pid_fd: int | None = None
        self._socket_ino: int | None = None

    # ------------------------------------------------------------ start
    def start(self) -> None:
        ensure_state_dir(self.paths)
        self._take_pid_lock()
        self.store = Store(self.paths.db)
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(self.paths.db + suffix):
                os.chmod(self.paths.db + suffix, 0o600)
        for orphan in self.store.remove_orphans(self.instance):
            log.warning("removed session %s (%s) of an earlier session host that did not stop cleanly",
                        orphan["name"], orphan["instance_id"])
        self._listen()
        threading.Thread(target=self._reaper, name="reaper", daemon=True).start()
        threading.Thread(target=_warm_up, name="warm-up", daemon=True).start()
        log.info("session host started: pid %d, socket %s, settings %s", os.getpid(), self.paths.socket,
                 self.settings.to_dict())

    def _take_pid_lock(self) -> None:
        fd = os.open(self.paths.pid, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            other = os.read(fd, 64).decode(errors="replace").strip()
            os.close(fd)
            raise AlreadyRunning(f"A session host is already running (pid {other or 'unknown'}) for this account "
                                 f"in {self.paths.root}.") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._pid_fd = fd

    def _listen(self) -> None:
        path = self.paths.socket
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            info = None
        if info is not None:
            if not stat.S_ISSOCK(info.st_mode):
                raise OSError(f"'{path}' exists and is not a socket; remove it and try again.")
            # We hold the pid lock, so no live session host owns it: a stale socket of a dead one.
            log.warning("replacing the stale socket %s of a session host that is gone", path)
            os.unlink(path)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old_umask = os.umask(0o177)
        try:
            with socket_address(path) as address:
                sock.bind(address)
        finally:
            os.umask(old_umask)
        os.chmod(path, 0o600)
        self._socket_ino = os.lstat(path).st_ino
        sock.listen(64)
        sock.settimeout(0.5)
        self.listener = sock

    # ------------------------------------------------------------ accept loop
    def serve_forever(self) -> None:
        assert self.listener is not None
        while not self.stopping.is_set():
            try:
                conn_sock, _ = self.listener.accept()
            except socket.timeout:
                continue
            except OSError as exc:
                if self.stopping.is_set():
                    break
                log.warning("accept failed: %s", exc)
                time.sleep(0.1)
                continue
            self._accepted(conn_sock)
        self._finish()

    def _accepted(self, sock: socket.socket) -> None:
        sock.settimeout(None)
        allowed, creds = check_peer(sock, self.uid)
        if not allowed:
            log.warning("refused a connection from uid %s (pid %s): only uid %d may use this session host",
                        creds[1] if creds else "?", creds[0] if creds else "?", self.uid)
            refusal = frames.error_message("Access is denied: this session host belongs to another account.",
                                           "AccessDenied", "PermissionDenied")

            def refuse() -> None:
                send_final(sock, refusal)
                sock.close()

            threading.Thread(target=refuse, name="refuse", daemon=True).start()
            return
        assert creds is not None
        conn = Connection(self, sock, creds)
        with self.lock:
            if self.stopping.is_set():
                sock.close()
                return
            self.connections.add(conn)
        log.debug("accepted %r", conn)
        threading.Thread(target=conn.serve, name=f"conn-{conn.id}", daemon=True).start()

    # ------------------------------------------------------------ sessions and connections
    def session(self, instance_id: str) -> Session | None:
        with self.lock:
            return self.sessions.get(instance_id)

    def connection_lost(self, conn: Connection) -> None:
        with self.lock:
            self.connections.discard(conn)
            sessions = [s for s in self.sessions.values() if s.attached is conn or s.streaming is conn]
        for s in sessions:
            with s.lock:
                if s.attached is conn:
                    log.info("session %s: its client is gone; Disconnected, command %s", s.name,
                             "running" if s.running else "idle")
                    self.detach(s)
                elif s.streaming is conn:
                    self.stop_streaming(s)

    def attach(self, session: Session, conn: Connection) -> None:
        """Connect a session to a client (caller holds session.lock)."""
        session.attached = conn
        session.stop_idle_clock()
        self._save(session)

    def detach(self, session: Session) -> None:
        """Disconnect a session from its client and start the idle clock (caller holds session.lock)."""
        self.stop_streaming(session)
        session.attached = None
        session.start_idle_clock()
        self._save(session)

    def start_streaming(self, session: Session, conn: Connection) -> None:
        """Send the session's buffered and new output to conn (caller holds session.lock)."""
        if session.streaming is conn:
            return
        self.stop_streaming(session)
        session.streaming = conn
        threading.Thread(target=self._sender, args=(session, conn), name=f"sender-{session.name}", daemon=True).start()

    def stop_streaming(self, session: Session) -> None:
        if session.streaming is not None:
            session.streaming = None
            session.buffer.requeue()

    def _sender(self, session: Session, conn: Connection) -> None:
        buffer = session.buffer
        while session.streaming is conn and conn.alive and not session.removed:
            window = max(1, min(buffer.capacity // 2, 1000))
            batch, dropped = buffer.take(BATCH_RECORDS, timeout=0.5, window=window)
            if not batch and not dropped:
                continue
            if session.streaming is not conn or not conn.alive:
                buffer.requeue()
                break
            if not self._send_batch(conn, session, batch, dropped):
                break

    def _send_batch(self, conn: Connection, session: Session, batch: list[dict[str, Any]], dropped: int) -> bool:
        event = {"type": "event", "event": "output", "session": session.instance_id, "records": batch, "dropped": dropped}
        try:
            return conn.send(event)
        except frames.FrameTooLarge:
            if len(batch) > 1:
                half = len(batch) // 2
                return (self._send_batch(conn, session, batch[:half], dropped)
                        and self._send_batch(conn, session, batch[half:], 0))
            record = batch[0]
            log.warning("session %s: an output record too large for one frame was replaced by a warning", session.name)
            small = {"s": "warning", "c": record.get("c"), "seq": record["seq"],
                     "v": f"An output object was too large to send (over {conn.max_frame} bytes) and was left out."}
            return conn.send({**event, "records": [small]})

    def ack(self, conn: Connection, instance_id: str, seq: int) -> None:
        session = self.session(instance_id)
        if session is not None and session.streaming is conn:
            session.buffer.ack(seq)

    def add_session(self, session: Session, conn: Connection) -> None:
        with self.lock:
            self.sessions[session.instance_id] = session
        with session.lock:
            self.attach(session, conn)

    def remove_session(self, session: Session, reason: str) -> None:
        with self.lock:
            if self.sessions.pop(session.instance_id, None) is None:
                return
        log.info("removing session %s (%s): %s", session.name, session.instance_id, reason)
        with session.lock:
            self.stop_streaming(session)
            attached, session.attached = session.attached, None
        session.terminate()
        if self.store is not None:
            self.store.delete_session(session.instance_id)
        if attached is not None and reason != "removed by its client":
            attached.send({"type": "event", "event": "state", "session": session.instance_id, "state": "Closed",
                           "reason": reason})

    def _save(self, session: Session) -> None:
        if self.store is None:
            return
        self.store.put_session({
            "instance_id": session.instance_id, "name": session.name, "configuration": session.configuration,
            "owner_uid": self.uid, "created_on": session.created_on.isoformat(), "idle_timeout_ms": session.idle_timeout_ms,
            "output_buffering": session.output_buffering,
            "state": "Connected" if session.attached is not None else "Disconnected",
            "client_id": getattr(session.attached, "client_id", None),
            "disconnected_on": None if session.disconnected_on is None else session.disconnected_on.isoformat(),
            "expires_on": None if session.expires_on is None else session.expires_on.isoformat(),
            "enable_network_access": int(session.enable_network_access), "origin": session.origin,
            "host_instance": self.instance,
        })

    def save(self, session: Session) -> None:
        self._save(session)

    # ------------------------------------------------------------ idle expiry
    def _reaper(self) -> None:
        interval = self.settings.reap_interval_ms / 1000.0
        while not self.stopping.wait(interval):
            now = time.monotonic()
            with self.lock:
                expired = [s for s in self.sessions.values()
                           if s.attached is None and s.expires_at is not None and s.expires_at <= now]
            for s in expired:
                try:
                    self.remove_session(s, "the idle timeout expired")
                except Exception:  # noqa: BLE001
                    log.exception("removing expired session %s failed", s.name)

    # ------------------------------------------------------------ stop
    def request_stop(self, reason: str) -> None:
        if not self.stopping.is_set():
            log.info("session host stopping: %s", reason)
            self.stopping.set()

    def _finish(self) -> None:
        if self.listener is not None:
            self.listener.close()
        self._unlink_socket()
        with self.lock:
            sessions = list(self.sessions.values())
        threads = [threading.Thread(target=self.remove_session, args=(s, "the session host stopped"), daemon=True)
                   for s in sessions]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
        with self.lock:
            conns = list(self.connections)
        for c in conns:
            c.close("the session host stopped")
        if self.store is not None:
            self.store.close()
        if self._pid_fd is not None:
            os.ftruncate(self._pid_fd, 0)
            os.close(self._pid_fd)  # releases the lock
            self._pid_fd = None
        log.info("session host stopped")
        self.stopped.set()

    def _unlink_socket(self) -> None:
        try:
            if os.lstat(self.paths.socket).st_ino == self._socket_ino:
                os.unlink(self.paths.socket)
        except OSError:
            pass

    def status(self, conn: Connection) -> dict[str, Any]:
        from pshell import __version__

        with self.lock:
            sessions = list(self.sessions.values())
            connections = len(self.connections)
        by_state: dict[str, int] = {}
        for s in sessions:
            key = "Connected" if s.attached is not None else "Disconnected"
            by_state[key] = by_state.get(key, 0) + 1
        return {"pid": os.getpid(), "uptime_s": round(time.monotonic() - self.started, 3),
                "started_on": self.started_on.isoformat(timespec="seconds"), "protocol": frames.PROTOCOL_VERSION,
                "version": __version__, "computer": self.computer, "state_dir": self.paths.root,
                "sessions": len(sessions), "sessions_by_state": by_state,
                "running_commands": sum(1 for s in sessions if s.running), "connections": connections,
                "peer": {"pid": conn.peer[0], "uid": conn.peer[1], "gid": conn.peer[2]},
                "settings": self.settings.to_dict()}


def _warm_up() -> None:
    """Load the engine and its grammar now, so the first command of a session starts quickly."""
    try:
        from pshell.engine.runtime import ExecutionContext  # noqa: F401
        from pshell.host.session import _PARSE_LOCK
        from pshell.syntax.parser import parse

        with _PARSE_LOCK:
            parse("1")
    except Exception:  # noqa: BLE001
        log.exception("warming up the engine failed")


def install_signal_handlers(daemon: Daemon) -> None:
    def handler(signum: int, frame: Any) -> None:
        daemon.request_stop(f"signal {signal.Signals(signum).name}")

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
