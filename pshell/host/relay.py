"""`pshell host --stdio`: copy bytes between stdin/stdout and the session host's socket.

Used by the SSH transport: `ssh computer pshell host --stdio`. Starts the session host if
needed. Ends when the socket closes, or when stdin ends and the host has closed its side.

The client's hello (the first frame) gets a `bridge` entry on its way: the SSH connection it
came over and the SSH agent sshd forwarded for it, if any (SSH_CONNECTION, SSH_AUTH_SOCK of
this process). The session host offers that agent, not one a client names, to the sessions
made with -EnableNetworkAccess, and keeps loopback sessions made with it from being
connected over SSH.
"""

from __future__ import annotations

import os
import selectors
import socket
import sys

from pshell.wire import frames


def relay_stdio() -> int:
    from pshell.host.paths import StateDirError
    from pshell.host.starter import HostStartError, connect

    if not _streams(sys.stdin.fileno()):
        print("pshell host --stdio: standard input must be a pipe or a socket: it is the bridge sshd runs for "
              "pshell's SSH sessions, not a command to run by hand.", file=sys.stderr)
        return 2

    try:
        sock = connect(start=True)
    except (HostStartError, StateDirError, OSError) as exc:
        print(f"pshell host: {exc}", file=sys.stderr)
        return 1
    try:
        _pass_hello(sys.stdin.fileno(), sock)
    except OSError:
        sock.close()
        return 0
    return relay(sys.stdin.fileno(), sys.stdout.fileno(), sock)


def _streams(fd: int) -> bool:
    """Whether the file descriptor can be waited on (a pipe, socket or terminal; not a file)."""
    import stat

    try:
        mode = os.fstat(fd).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or stat.S_ISCHR(mode) and os.isatty(fd)


def _pass_hello(in_fd: int, sock: socket.socket) -> None:
    """Copy the first frame, adding what this bridge knows to a hello; anything else (the
    session host will refuse it) goes on as it came."""
    data = b""
    while len(data) < frames.HEADER.size:
        chunk = os.read(in_fd, frames.HEADER.size - len(data))
        if not chunk:
            sock.sendall(data)
            return
        data += chunk
    (length,) = frames.HEADER.unpack(data)
    if length > frames.DEFAULT_MAX_FRAME:
        sock.sendall(data)
        return
    body = b""
    while len(body) < length:
        chunk = os.read(in_fd, length - len(body))
        if not chunk:
            sock.sendall(data + body)
            return
        body += chunk
    try:
        hello = frames.decode_body(body)
    except Exception:  # noqa: BLE001 - not ours to judge: the session host answers it
        sock.sendall(data + body)
        return
    if hello.get("type") == "hello":
        hello["bridge"] = {"ssh": os.environ.get("SSH_CONNECTION"), "agent": os.environ.get("SSH_AUTH_SOCK")}
        sock.sendall(frames.encode(hello))
    else:
        sock.sendall(data + body)


def relay(in_fd: int, out_fd: int, sock: socket.socket) -> int:
    selector = selectors.DefaultSelector()
    selector.register(in_fd, selectors.EVENT_READ, "in")
    selector.register(sock, selectors.EVENT_READ, "sock")
    try:
        while True:
            for key, _ in selector.select():
                if key.data == "in":
                    data = os.read(in_fd, 65536)
                    if not data:
                        selector.unregister(in_fd)
                        try:
                            sock.shutdown(socket.SHUT_WR)
                        except OSError:
                            return 0
                        continue
                    sock.sendall(data)
                else:
                    data = sock.recv(65536)
                    if not data:
                        return 0
                    view = memoryview(data)
                    while view:
                        written = os.write(out_fd, view)
                        view = view[written:]
    except (BrokenPipeError, ConnectionError):
        return 0
    finally:
        selector.close()
        sock.close()
