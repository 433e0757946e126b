"""`pshell host --stdio`: copy bytes between stdin/stdout and the session host's socket.

Used by the SSH transport: `ssh computer pshell host --stdio`. Starts the session host if
needed. Ends when the socket closes, or when stdin ends and the host has closed its side.
"""

from __future__ import annotations

import os
import selectors
import socket
import sys


def relay_stdio() -> int:
    from pshell.host.paths import StateDirError
    from pshell.host.starter import HostStartError, connect

    try:
        sock = connect(start=True)
    except (HostStartError, StateDirError, OSError) as exc:
        print(f"pshell host: {exc}", file=sys.stderr)
        return 1
    return relay(sys.stdin.fileno(), sys.stdout.fileno(), sock)


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
