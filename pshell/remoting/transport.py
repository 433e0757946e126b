"""Byte transports under a HostConnection: a Unix socket, a pair of pipes, or an SSH channel."""

from __future__ import annotations

import os
import select
import socket
from typing import Any, Callable


class _Transport:
    def send(self, data: bytes) -> None: ...
    def recv(self, size: int) -> bytes: ...
    def settimeout(self, timeout: float | None) -> None: ...
    def close(self) -> None: ...
    def close_reader(self) -> None:
        """The reading side, once the reader has finished with it."""


class _SocketTransport(_Transport):
    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def recv(self, size: int) -> bytes:
        return self.sock.recv(size)

    def settimeout(self, timeout: float | None) -> None:
        self.sock.settimeout(timeout)

    def close(self) -> None:
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


class _PipeTransport(_Transport):
    """Owns both file descriptors. close() closes the writing one (the far side sees EOF and
    ends, so the reader gets EOF too) and calls on_close (e.g. to end an ssh process); the
    reading one is closed when the reader is done with it, never under a blocked read."""

    def __init__(self, read_fd: int, write_fd: int, on_close: Callable[[], None] | None) -> None:
        self.read_fd, self.write_fd, self.on_close = read_fd, write_fd, on_close
        self.timeout: float | None = None
        self._closed = False

    def send(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self.write_fd, view):]

    def recv(self, size: int) -> bytes:
        if self.timeout is not None:
            ready, _, _ = select.select([self.read_fd], [], [], self.timeout)
            if not ready:
                raise socket.timeout("timed out")
        return os.read(self.read_fd, size)

    def settimeout(self, timeout: float | None) -> None:
        self.timeout = timeout

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            os.close(self.write_fd)
        except OSError:
            pass
        if self.on_close is not None:
            self.on_close()

    def close_reader(self) -> None:
        if self.read_fd >= 0:
            fd, self.read_fd = self.read_fd, -1
            try:
                os.close(fd)
            except OSError:
                pass


class _ChannelTransport(_Transport):
    """An SSH channel (paramiko) to a session host bridge; on_close runs once it is closed
    (to let the shared SSH connection go when its last channel is done)."""

    def __init__(self, channel: Any, on_close: Callable[[], None] | None = None) -> None:
        self.channel = channel
        self.on_close = on_close
        self._closed = False

    def send(self, data: bytes) -> None:
        try:
            self.channel.sendall(data)
        except Exception as exc:  # noqa: BLE001 - paramiko's way of saying the connection was reset
            from paramiko import SSHException

            if isinstance(exc, (EOFError, SSHException)):
                raise ConnectionResetError(str(exc) or "the SSH connection is gone") from None
            raise

    def recv(self, size: int) -> bytes:
        return self.channel.recv(size)

    def settimeout(self, timeout: float | None) -> None:
        self.channel.settimeout(timeout)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self.channel.close()
        except Exception:  # noqa: BLE001 - the link may already be gone
            pass
        if self.on_close is not None:
            self.on_close()
