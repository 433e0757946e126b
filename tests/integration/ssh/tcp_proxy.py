"""A TCP proxy for tests: a network between a client and a server that fails on command.

    with TcpProxy(server_port) as proxy:      # listens on 127.0.0.1:proxy.port
        ...                                   # the client connects to proxy.port, not server_port
        proxy.cut()                           # every forwarded connection is reset at once
        proxy.refuse()                        # new connections are reset as soon as they arrive
        proxy.accept()                        # ... and forwarded again

What the two ends see: bytes pass through unchanged, in order, in both directions, and a
half-close (FIN) on one side is passed on to the other. `cut()` resets both sides of every
forwarded connection (RST, as a router that lost the route would answer), dropping whatever
was still on its way; the client and the server each get "connection reset". While
refusing, a new connection is accepted and reset at once, so a client trying to connect
fails quickly instead of waiting for a timeout (the port stays this proxy's: nobody else can
take it in between).

One thread runs a selector over the listening socket, every forwarded socket and a wake-up
socket pair; nothing blocks it but connecting to the target on 127.0.0.1. `cut()`,
`refuse()` and `accept()` are carried out by that thread and return once done: after `cut()`
returns, not one more byte of the old connections is forwarded. `close()` (or leaving the
`with` block) stops the thread and closes every socket. Every wait has a deadline.
"""

from __future__ import annotations

import queue
import selectors
import socket
import struct
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing_extensions import Self

LOOPBACK = "127.0.0.1"
WAIT = 20.0  # seconds any call waits for the proxy's thread: generous for a slow, busy machine
CONNECT_TIMEOUT = 5.0  # seconds to connect to the target (on 127.0.0.1: at once, or refused)
CHUNK = 65536
HIGH_WATER = 4 * CHUNK  # bytes waiting for a slow side before the other side is not read for a while
POLL = 0.5  # seconds the thread sleeps in select() when nothing happens
_RESET = struct.pack("ii", 1, 0)  # SO_LINGER on, 0 seconds: close() sends RST


class ProxyError(Exception):
    """The proxy's thread did not do what it was asked within the deadline, or has died."""


class _Pair:
    """One forwarded connection: the client's socket (side 0) and the server's (side 1)."""

    def __init__(self, client: socket.socket, server: socket.socket) -> None:
        self.socks = (client, server)
        self.out = (bytearray(), bytearray())  # out[i]: bytes waiting to be written to socks[i]
        self.eof = [False, False]  # eof[i]: socks[i] has sent FIN
        self.shut = [False, False]  # shut[i]: FIN passed on to socks[i]
        self.registered = [False, False]
        self.closed = False

    def interest(self, side: int) -> int:
        """What to wait for on socks[side]: readable while its bytes have room on the other
        side, writable while bytes wait for it."""
        events = 0
        if not self.eof[side] and len(self.out[1 - side]) < HIGH_WATER:
            events |= selectors.EVENT_READ
        if self.out[side]:
            events |= selectors.EVENT_WRITE
        return events

    @property
    def finished(self) -> bool:
        """Both sides sent FIN and everything was passed on."""
        return all(self.eof) and not any(self.out)


class TcpProxy:
    """Forwards connections on 127.0.0.1:`port` to `target_host`:`target_port`; see the module
    docstring. Counters: `forwarded` (connections forwarded so far), `refused` (connections
    reset on arrival while refusing, or because the target refused them), `cuts` (connections
    reset by `cut()`), `open_connections` (forwarded connections open now)."""

    def __init__(self, target_port: int, *, target_host: str = LOOPBACK) -> None:
        self.target = (target_host, target_port)
        self.forwarded = 0
        self.refused = 0
        self.cuts = 0
        self._accepting = True
        self._pairs: set[_Pair] = set()
        self._changed = threading.Condition()
        self._commands: queue.Queue[tuple[Callable[[], Any], list[Any], threading.Event]] = queue.Queue()
        self._stopping = False
        self._selector = selectors.DefaultSelector()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._wake_r, self._wake_w = socket.socketpair()
        try:
            self._listener.bind((LOOPBACK, 0))
            self._listener.listen(64)
            self._listener.setblocking(False)
            self._wake_r.setblocking(False)
            self._wake_w.setblocking(False)
            self._selector.register(self._listener, selectors.EVENT_READ, "listen")
            self._selector.register(self._wake_r, selectors.EVENT_READ, "wake")
        except BaseException:
            self._close_own_sockets()
            raise
        self.port: int = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._run, name=f"tcp-proxy-{self.port}", daemon=True)
        self._thread.start()

    def __repr__(self) -> str:
        state = "accepting" if self._accepting else "refusing"
        return (f"<TcpProxy {LOOPBACK}:{self.port} -> {self.target[0]}:{self.target[1]} {state}, "
                f"{self.open_connections} open, {self.forwarded} forwarded, {self.refused} refused>")

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ what tests call
    @property
    def open_connections(self) -> int:
        with self._changed:
            return len(self._pairs)

    def cut(self) -> int:
        """Reset every forwarded connection now, both sides, dropping what was on its way.
        New connections are still forwarded (unless refusing). Returns how many were cut."""
        return int(self._call(self._cut_all))

    def refuse(self) -> None:
        """From now on reset each new connection as it arrives (the server is out of reach).
        Connections already forwarded go on: `cut()` as well for a full outage."""
        self._call(lambda: self._set_accepting(False))

    def accept(self) -> None:
        """Forward new connections again."""
        self._call(lambda: self._set_accepting(True))

    def wait_until(self, condition: Callable[[TcpProxy], bool], what: str, timeout: float = WAIT) -> None:
        """Wait until condition(proxy) is true (it is checked whenever a counter changes);
        TimeoutError naming `what` after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not condition(self):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"{what}: not within {timeout} s ({self!r})")
                if not self._thread.is_alive():
                    raise ProxyError(f"{what}: the proxy's thread has ended ({self!r})")
                self._changed.wait(min(remaining, POLL))

    def close(self) -> None:
        """Stop forwarding: reset every connection, close the listening socket, end the thread.
        Safe to call twice. ProxyError if the thread would not end within the deadline."""
        with self._changed:
            if self._stopping:
                already = True
            else:
                already, self._stopping = False, True
        if not already:
            self._wake()
        self._thread.join(WAIT)
        if self._thread.is_alive():
            raise ProxyError(f"the proxy's thread did not end within {WAIT} s ({self!r})")

    # ------------------------------------------------------------ asking the thread
    def _call(self, action: Callable[[], Any]) -> Any:
        """Run action on the proxy's thread and return its result, within the deadline."""
        if self._stopping or not self._thread.is_alive():
            raise ProxyError(f"the proxy is closed ({self!r})")
        done = threading.Event()
        result: list[Any] = []
        self._commands.put((action, result, done))
        self._wake()
        if not done.wait(WAIT):
            raise ProxyError(f"the proxy's thread did not answer within {WAIT} s ({self!r})")
        if result and isinstance(result[0], BaseException):
            raise ProxyError(f"the proxy's thread failed: {result[0]!r}") from result[0]
        return result[0] if result else None

    def _wake(self) -> None:
        try:
            self._wake_w.send(b"!")
        except (BlockingIOError, OSError):
            pass  # the pipe is full (the thread will wake anyway) or already closed

    # ------------------------------------------------------------ the thread
    def _run(self) -> None:
        try:
            while not self._stopping:
                for key, mask in self._selector.select(POLL):
                    if key.data == "wake":
                        self._drain_wake()
                    elif key.data == "listen":
                        self._accept_one()
                    else:
                        self._service(key.data[0], key.data[1], mask)
                self._run_commands()
        finally:
            self._cut_all()
            self._run_commands()  # answer whatever was asked meanwhile (the pairs are gone)
            self._close_own_sockets()
            with self._changed:
                self._changed.notify_all()

    def _run_commands(self) -> None:
        while True:
            try:
                action, result, done = self._commands.get_nowait()
            except queue.Empty:
                return
            try:
                result.append(action())
            except Exception as exc:  # noqa: BLE001 - handed to the caller
                result.append(exc)
            done.set()

    def _drain_wake(self) -> None:
        try:
            while self._wake_r.recv(4096):
                pass
        except (BlockingIOError, OSError):
            pass

    def _set_accepting(self, accepting: bool) -> None:
        with self._changed:
            self._accepting = accepting
            self._changed.notify_all()

    def _accept_one(self) -> None:
        try:
            client, _ = self._listener.accept()
        except (BlockingIOError, InterruptedError, ConnectionAbortedError):
            return
        if not self._accepting:
            self._reset(client)
            self._count("refused")
            return
        try:
            server = socket.create_connection(self.target, timeout=CONNECT_TIMEOUT)
        except OSError:
            self._reset(client)
            self._count("refused")
            return
        for sock in (client, server):
            sock.setblocking(False)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        pair = _Pair(client, server)
        with self._changed:
            self._pairs.add(pair)
        self._count("forwarded")
        self._update(pair)

    def _count(self, counter: str, by: int = 1) -> None:
        with self._changed:
            setattr(self, counter, getattr(self, counter) + by)
            self._changed.notify_all()

    def _service(self, pair: _Pair, side: int, mask: int) -> None:
        """Move bytes for one readable/writable socket of a pair, pass on FINs, and close the
        pair when both directions are done (or reset it when either side failed)."""
        if pair.closed:
            return
        try:
            if mask & selectors.EVENT_READ:
                data = pair.socks[side].recv(CHUNK)
                if data:
                    pair.out[1 - side].extend(data)
                else:
                    pair.eof[side] = True
            if mask & selectors.EVENT_WRITE and pair.out[side]:
                sent = pair.socks[side].send(pair.out[side])
                del pair.out[side][:sent]
            for other in (0, 1):  # a FIN is passed on once everything before it was
                if pair.eof[1 - other] and not pair.out[other] and not pair.shut[other]:
                    pair.socks[other].shutdown(socket.SHUT_WR)
                    pair.shut[other] = True
        except (BlockingIOError, InterruptedError):
            pass
        except OSError:  # reset or broken on one side: reset the other too
            self._drop(pair, reset=True)
            return
        if pair.finished:
            self._drop(pair, reset=False)
        else:
            self._update(pair)

    def _update(self, pair: _Pair) -> None:
        """Register each socket of the pair for what it waits for now."""
        for side in (0, 1):
            events, sock = pair.interest(side), pair.socks[side]
            if events and pair.registered[side]:
                self._selector.modify(sock, events, (pair, side))
            elif events:
                self._selector.register(sock, events, (pair, side))
                pair.registered[side] = True
            elif pair.registered[side]:
                self._selector.unregister(sock)
                pair.registered[side] = False

    def _cut_all(self) -> int:
        with self._changed:
            pairs = list(self._pairs)
        for pair in pairs:
            self._drop(pair, reset=True)
        self._count("cuts", len(pairs))
        return len(pairs)

    def _drop(self, pair: _Pair, *, reset: bool) -> None:
        if pair.closed:
            return
        pair.closed = True
        for side in (0, 1):
            if pair.registered[side]:
                self._selector.unregister(pair.socks[side])
                pair.registered[side] = False
            if reset:
                self._reset(pair.socks[side])
            else:
                pair.socks[side].close()
        with self._changed:
            self._pairs.discard(pair)
            self._changed.notify_all()

    @staticmethod
    def _reset(sock: socket.socket) -> None:
        """Close with RST instead of FIN."""
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _RESET)
        except OSError:
            pass
        sock.close()

    def _close_own_sockets(self) -> None:
        for sock in (self._listener, self._wake_r, self._wake_w):
            try:
                self._selector.unregister(sock)
            except (KeyError, ValueError):
                pass
            sock.close()
        self._selector.close()
