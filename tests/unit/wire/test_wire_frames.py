"""Frames: round trips, the size limit, and every way a frame can be malformed."""

from __future__ import annotations

import socket
import struct

import pytest

from pshell.wire import frames


def _pair() -> tuple[socket.socket, socket.socket]:
    a, b = socket.socketpair()
    a.settimeout(5)
    b.settimeout(5)
    return a, b


def test_round_trip_over_a_socket() -> None:
    a, b = _pair()
    messages = [{"type": "hello", "protocol": 1}, {"type": "event", "records": [{"v": "ünïcødé ✓"}] * 3},
                {"type": "request", "id": 7, "op": "x", "args": {"n": 2**40, "f": 1.5, "z": None}}]
    for m in messages:
        a.sendall(frames.encode(m))
    assert [frames.recv_frame(b) for _ in messages] == messages
    a.close()
    with pytest.raises(frames.ConnectionClosed):
        frames.recv_frame(b)


def test_incremental_decoder_byte_by_byte() -> None:
    data = frames.encode({"type": "ping"}) + frames.encode({"type": "pong", "n": [1, 2]})
    decoder = frames.FrameDecoder()
    out = []
    for i in range(len(data)):
        out += decoder.feed(data[i:i + 1])
    assert out == [{"type": "ping"}, {"type": "pong", "n": [1, 2]}]
    assert decoder.pending == 0


def test_encode_refuses_a_frame_over_the_limit() -> None:
    with pytest.raises(frames.FrameTooLarge):
        frames.encode({"type": "x", "v": "a" * 2000}, max_frame=1024)


def test_encode_refuses_nan() -> None:
    with pytest.raises(ValueError):
        frames.encode({"type": "x", "v": float("nan")})


@pytest.mark.parametrize("raw, error", [
    (struct.pack(">I", 0xFFFFFFFF), frames.FrameTooLarge),
    (struct.pack(">I", 2000) + b"{", frames.FrameTooLarge),
    (struct.pack(">I", 0), frames.MalformedFrame),
    (struct.pack(">I", 5) + b"hello", frames.MalformedFrame),
    (struct.pack(">I", 5) + b"[1,2]", frames.MalformedFrame),
    (struct.pack(">I", 2) + b"{}", frames.MalformedFrame),
    (struct.pack(">I", 13) + b'{"type": 12 }', frames.MalformedFrame),
    (struct.pack(">I", 4) + b"\xff\xfe\xfd\xfc", frames.MalformedFrame),
    (struct.pack(">I", 100) + b'{"type"', frames.TruncatedFrame),
    (b"\x00\x00", frames.TruncatedFrame),
])
def test_malformed_frames(raw: bytes, error: type[Exception]) -> None:
    a, b = _pair()
    a.sendall(raw)
    a.shutdown(socket.SHUT_WR)
    with pytest.raises(error) as info:
        frames.recv_frame(b, max_frame=1024)
    assert isinstance(info.value, frames.FrameError)
    assert info.value.error_id in ("MalformedFrame", "FrameTooLarge", "TruncatedFrame")


def test_decoder_rejects_oversized_header_before_the_body_arrives() -> None:
    decoder = frames.FrameDecoder(max_frame=1024)
    with pytest.raises(frames.FrameTooLarge):
        decoder.feed(struct.pack(">I", 4096))


def test_error_message_shape() -> None:
    msg = frames.error_message("bad", "MalformedFrame")
    assert msg["type"] == "error"
    assert msg["error"]["error_id"] == "MalformedFrame" and msg["error"]["message"] == "bad"
    assert frames.decode_body(frames.encode(msg)[4:]) == msg
