"""Bad input: garbage, truncated, oversized and out-of-order frames, and a wrong protocol version.
The offending connection gets an error and is closed; the daemon and other sessions carry on."""

from __future__ import annotations

import json
import os
import socket
import struct

import pytest
from host_helpers import WAIT, HostEnv

from pshell.remoting import connection as client
from pshell.remoting.connection import HostConnection, HostError
from pshell.wire import frames

HELLO = {"type": "hello", "protocol": frames.PROTOCOL_VERSION, "client": "test", "client_id": "raw"}


def raw(host: HostEnv) -> socket.socket:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(WAIT)
    s.connect(os.path.join(host.root, "host.sock"))
    return s


def frame(obj: object) -> bytes:
    body = json.dumps(obj).encode()
    return struct.pack(">I", len(body)) + body


def error_then_close(s: socket.socket) -> dict:
    message = frames.recv_frame(s)
    assert message["type"] == "error", message
    with pytest.raises((frames.ConnectionClosed, ConnectionResetError)):
        frames.recv_frame(s)  # the daemon closed this connection
    s.close()
    return message["error"]


def test_wrong_protocol_version_gets_a_clear_message(host: HostEnv) -> None:
    host.connect()
    s = raw(host)
    s.sendall(frame({**HELLO, "protocol": 999}))
    error = error_then_close(s)
    assert error["error_id"] == "ProtocolVersionMismatch"
    assert f"protocol version {frames.PROTOCOL_VERSION}" in error["message"] and "version 999" in error["message"]


def test_client_of_another_version_raises_a_clear_error(host: HostEnv, monkeypatch: pytest.MonkeyPatch) -> None:
    host.connect()
    with monkeypatch.context() as patch, pytest.raises(HostError) as info:
        patch.setattr(client, "PROTOCOL_VERSION", frames.PROTOCOL_VERSION + 1)
        HostConnection.open(host.root)
    assert info.value.error_id == "ProtocolVersionMismatch"
    assert f"protocol version {frames.PROTOCOL_VERSION}" in info.value.record.message
    assert f"version {frames.PROTOCOL_VERSION + 1}" in info.value.record.message


BEFORE_HELLO = [
    ("garbage", b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", "FrameTooLarge"),
    ("not json", struct.pack(">I", 5) + b"hello", "MalformedFrame"),
    ("not an object", frame([1, 2, 3]), "MalformedFrame"),
    ("no type", frame({"protocol": 1}), "MalformedFrame"),
    ("empty frame", struct.pack(">I", 0), "MalformedFrame"),
    ("oversized", struct.pack(">I", 0xFFFFFFF0) + b"{}", "FrameTooLarge"),
    ("request before hello", frame({"type": "request", "id": 1, "op": "status", "args": {}}), "HandshakeRequired"),
]
AFTER_HELLO = [
    ("second hello", frame(HELLO), "UnexpectedFrame"),
    ("unknown type", frame({"type": "teapot"}), "UnexpectedFrame"),
    ("request without id", frame({"type": "request", "op": "status"}), "MalformedFrame"),
    ("bad ack", frame({"type": "ack", "session": 5}), "MalformedFrame"),
    ("not json", struct.pack(">I", 3) + b"{{{", "MalformedFrame"),
    ("oversized", struct.pack(">I", 64 * 1024 * 1024), "FrameTooLarge"),
]


def test_bad_frames_close_only_that_connection(host: HostEnv) -> None:
    good = host.connect()
    sid = good.new_session("Survivor")["instance_id"]
    command = good.invoke(sid, "$x = 5; 'started'")
    assert [r.value for r in good.output(sid).until_end(command, timeout=WAIT) if r.stream == "output"] == ["started"]
    daemon_pid = good.server_pid

    for name, data, error_id in BEFORE_HELLO:
        s = raw(host)
        s.sendall(data)
        assert error_then_close(s)["error_id"] == error_id, name
    for name, data, error_id in AFTER_HELLO:
        s = raw(host)
        s.sendall(frame(HELLO))
        assert frames.recv_frame(s)["type"] == "welcome"
        s.sendall(data)
        assert error_then_close(s)["error_id"] == error_id, name

    # truncated: the frame is cut short and the client half-closes
    s = raw(host)
    s.sendall(struct.pack(">I", 100) + b'{"type": "hel')
    s.shutdown(socket.SHUT_WR)
    assert error_then_close(s)["error_id"] == "TruncatedFrame"
    # a connection that says nothing and goes away
    raw(host).close()

    # a session of a bad connection becomes Disconnected and keeps its runspace
    s = raw(host)
    s.sendall(frame(HELLO))
    frames.recv_frame(s)
    s.sendall(frame({"type": "request", "id": 1, "op": "new_session", "args": {"name": "Victim"}}))
    victim = frames.recv_frame(s)["result"]["instance_id"]
    s.sendall(b"\x00\x00\x00\x05trash")
    assert error_then_close(s)["error_id"] == "MalformedFrame"

    # the daemon and the other session carry on
    assert good.status()["pid"] == daemon_pid
    command = good.invoke(sid, "$x * 2")
    assert [r.value for r in good.output(sid).until_end(command, timeout=WAIT) if r.stream == "output"] == [10]
    sessions = {s["name"]: s for s in good.list_sessions()}
    assert sessions["Survivor"]["state"] == "Opened"
    assert (sessions["Victim"]["state"], sessions["Victim"]["availability"]) == ("Disconnected", "None")
    assert good.connect_session(victim)["state"] == "Opened"


def test_bad_requests_are_answered_and_the_connection_stays(host: HostEnv) -> None:
    conn = host.connect()
    with pytest.raises(HostError) as info:
        conn.request("frobnicate")
    assert info.value.error_id == "UnknownOperation"
    with pytest.raises(HostError) as info:
        conn.request("invoke", session="no-such-session", script="1")
    assert info.value.error_id == "SessionNotFound"
    with pytest.raises(HostError) as info:
        conn.request("new_session", idle_timeout_ms="soon")
    assert info.value.error_id == "InvalidArgument"
    assert conn.status()["connections"] >= 1
