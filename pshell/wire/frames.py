"""Frames: a 4-byte big-endian length, then that many bytes of UTF-8 JSON (one object).

An output event with block records of a native program's lines may instead carry their
lines as plain text after its JSON (`_with_text`: a body that starts with a zero byte).

Both ends use these functions. A frame whose length is zero or above the limit, whose body
is not JSON, or whose JSON is not an object with a string "type" is a protocol error: the
receiver answers with an error frame (when it still can) and closes that one connection.
"""

from __future__ import annotations

import json
import socket
import struct
from typing import Any, Callable

PROTOCOL_VERSION = 2  # 2: block records of a native program's lines ("s": "lines")
HEADER = struct.Struct(">I")
DEFAULT_MAX_FRAME = 16 * 1024 * 1024  # bytes of JSON in one frame


class FrameError(Exception):
    """A protocol violation on one connection. `error_id` goes into the error reply."""

    error_id = "MalformedFrame"


class MalformedFrame(FrameError):
    error_id = "MalformedFrame"


class FrameTooLarge(FrameError):
    error_id = "FrameTooLarge"


class TruncatedFrame(FrameError):
    """The peer closed the connection in the middle of a frame."""

    error_id = "TruncatedFrame"


class ConnectionClosed(Exception):
    """The peer closed the connection between frames (a clean end)."""


TEXT_MARK = b"\x00"  # a body that starts so carries text beside its JSON (a JSON body starts with "{")
JSON_LENGTH = struct.Struct(">I")


def _json(message: Any) -> bytes:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def _with_text(message: dict[str, Any]) -> bytes | None:
    """The body of an output event whose block records ("s": "lines") carry their lines as
    text beside the JSON rather than as JSON strings (JSON-escaping every line costs more
    than everything else the session host does with it): b"\x00", the length of the JSON,
    the JSON, then the UTF-8 text of each block in turn, its lines joined by newlines. In the
    JSON such a block has "n" (its number of lines) and "b" (the bytes of its text) instead of
    "v". None if the message has no block to send so."""
    records = message.get("records")
    if not records or message.get("type") != "event":
        return None
    texts: list[bytes] = []
    out: list[Any] = []
    for record in records:
        lines = record.get("v") if isinstance(record, dict) and record.get("s") == "lines" else None
        if isinstance(lines, list) and lines:
            text = "\n".join(lines)
            if text.count("\n") == len(lines) - 1:  # no line holds a newline of its own
                data = text.encode("utf-8", "surrogatepass")
                texts.append(data)
                record = {k: v for k, v in record.items() if k != "v"}
                record["n"] = len(lines)
                record["b"] = len(data)
        out.append(record)
    if not texts:
        return None
    head = _json({**message, "records": out})
    return b"".join([TEXT_MARK, JSON_LENGTH.pack(len(head)), head, *texts])


def encode(message: dict[str, Any], max_frame: int = DEFAULT_MAX_FRAME) -> bytes:
    """One message as the bytes of a frame. Raises FrameTooLarge if it would exceed the limit."""
    body = _with_text(message) or _json(message)
    if len(body) > max_frame:
        raise FrameTooLarge(f"A frame of {len(body)} bytes exceeds the limit of {max_frame} bytes.")
    return HEADER.pack(len(body)) + body


def _read_text(body: bytes) -> dict[str, Any]:
    """A body with text beside its JSON (see _with_text): the message with each block's lines
    back in its "v"."""
    if len(body) < 1 + JSON_LENGTH.size:
        raise MalformedFrame("The frame is too short for its header.")
    (length,) = JSON_LENGTH.unpack_from(body, 1)
    start = 1 + JSON_LENGTH.size
    try:
        message = json.loads(body[start:start + length].decode("utf-8"))
        records = message["records"]
        position = start + length
        for record in records:
            if isinstance(record, dict) and "b" in record:
                size, count = int(record.pop("b")), int(record.pop("n"))
                if size < 0 or position + size > len(body):
                    raise MalformedFrame("The text of a block goes beyond the end of the frame.")
                lines = body[position:position + size].decode("utf-8", "surrogatepass").split("\n")
                if len(lines) != count:
                    raise MalformedFrame(f"A block said it had {count} lines, not {len(lines)}.")
                record["v"] = lines
                position += size
    except MalformedFrame:
        raise
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise MalformedFrame(f"The frame's JSON or text is not valid: {exc}") from None
    if position != len(body):
        raise MalformedFrame("The frame has text that no block claims.")
    return message


def decode_body(body: bytes) -> dict[str, Any]:
    """The message in a frame's body; MalformedFrame unless it is a JSON object with a "type"."""
    try:
        message = _read_text(body) if body[:1] == TEXT_MARK else json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise MalformedFrame(f"The frame is not valid UTF-8 JSON: {exc}") from None
    if not isinstance(message, dict):
        raise MalformedFrame("The frame is not a JSON object.")
    if not isinstance(message.get("type"), str):
        raise MalformedFrame('The frame has no "type".')
    return message


def check_length(length: int, max_frame: int) -> None:
    if length == 0:
        raise MalformedFrame("A frame of length 0 is not allowed.")
    if length > max_frame:
        raise FrameTooLarge(f"A frame of {length} bytes exceeds the limit of {max_frame} bytes.")


def read_exact(recv: Callable[[int], bytes], count: int, *, at_boundary: bool) -> bytes:
    """Exactly `count` bytes from recv; ConnectionClosed on EOF before any byte of a frame,
    TruncatedFrame on EOF inside one."""
    chunks: list[bytes] = []
    got = 0
    while got < count:
        chunk = recv(min(count - got, 1 << 20))
        if not chunk:
            if at_boundary and got == 0:
                raise ConnectionClosed()
            raise TruncatedFrame(f"The connection closed inside a frame ({got} of {count} bytes).")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def read_frame(recv: Callable[[int], bytes], max_frame: int = DEFAULT_MAX_FRAME) -> dict[str, Any]:
    """Read one message with a blocking recv function (socket.recv or a pipe's read)."""
    header = read_exact(recv, HEADER.size, at_boundary=True)
    (length,) = HEADER.unpack(header)
    check_length(length, max_frame)
    return decode_body(read_exact(recv, length, at_boundary=False))


def recv_frame(sock: socket.socket, max_frame: int = DEFAULT_MAX_FRAME) -> dict[str, Any]:
    return read_frame(sock.recv, max_frame)


class FrameDecoder:
    """Incremental decoding for callers that get bytes in arbitrary pieces."""

    def __init__(self, max_frame: int = DEFAULT_MAX_FRAME) -> None:
        self.max_frame = max_frame
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[dict[str, Any]]:
        self._buffer += data
        out: list[dict[str, Any]] = []
        while len(self._buffer) >= HEADER.size:
            (length,) = HEADER.unpack_from(self._buffer)
            check_length(length, self.max_frame)
            if len(self._buffer) < HEADER.size + length:
                break
            body = bytes(self._buffer[HEADER.size:HEADER.size + length])
            del self._buffer[:HEADER.size + length]
            out.append(decode_body(body))
        return out

    @property
    def pending(self) -> int:
        """Bytes of an unfinished frame (non-zero at EOF means the stream was truncated)."""
        return len(self._buffer)


def error_message(message: str, error_id: str, category: str = "ProtocolError", **extra: Any) -> dict[str, Any]:
    """A connection-level error frame (sent before the connection is closed)."""
    return {"type": "error", "error": error_dict(message, error_id, category, **extra)}


def error_dict(message: str, error_id: str, category: str = "NotSpecified", *, target: Any = None,
               exception_type: str = "System.Management.Automation.Remoting.PSRemotingTransportException",
               **details: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"message": message, "error_id": error_id, "category": category,
                           "target": None if target is None else str(target), "exception_type": exception_type}
    if details:
        out["details"] = details
    return out
