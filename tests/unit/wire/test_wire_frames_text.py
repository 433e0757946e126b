"""Output events whose blocks of lines travel as text beside the JSON: the same message comes
back; a frame whose text does not add up is a protocol error."""

from __future__ import annotations

import copy
import json

import pytest

from pshell.wire import frames


def event(*records: dict) -> dict:
    return {"type": "event", "event": "output", "session": "s1", "records": list(records), "dropped": 0}


def test_blocks_of_lines_go_as_text_and_come_back_the_same() -> None:
    message = event({"s": "output", "v": "one", "seq": 1, "c": 1},
                    {"s": "lines", "v": ["", "ünïcødé ✓", "tab\there", "cr\r", ""], "seq": 2, "c": 1},
                    {"s": "error", "v": {"t": "err", "message": "x"}, "seq": 7, "c": 1},
                    {"s": "lines", "v": [""], "seq": 8, "c": 1})
    data = frames.encode(copy.deepcopy(message))
    assert data[frames.HEADER.size:frames.HEADER.size + 1] == frames.TEXT_MARK
    assert b'"tab\\there"' not in data and b"tab\there" in data  # the text as it is, not JSON-escaped
    got = frames.decode_body(data[frames.HEADER.size:])
    assert got == message
    assert frames.FrameDecoder().feed(data) == [message]


def test_a_line_with_a_newline_of_its_own_stays_in_the_json() -> None:
    message = event({"s": "lines", "v": ["a\nb", "c"], "seq": 1, "c": 1})
    data = frames.encode(copy.deepcopy(message))
    assert frames.decode_body(data[frames.HEADER.size:]) == message


def test_other_frames_are_plain_json() -> None:
    data = frames.encode({"type": "request", "id": 1, "op": "status", "args": {"records": ["lines"]}})
    assert data[frames.HEADER.size:frames.HEADER.size + 1] == b"{"


def text_frame(head: dict, text: bytes) -> bytes:
    body = json.dumps(head).encode()
    return frames.TEXT_MARK + frames.JSON_LENGTH.pack(len(body)) + body + text


@pytest.mark.parametrize("body", [
    frames.TEXT_MARK + b"\x00\x00",  # too short for the length of its JSON
    text_frame(event({"s": "lines", "n": 2, "b": 3, "seq": 1}), b"a\nb\nc"),  # text no block claims
    text_frame(event({"s": "lines", "n": 3, "b": 3, "seq": 1}), b"a\nb"),  # fewer lines than it says
    text_frame(event({"s": "lines", "n": 1, "b": 9, "seq": 1}), b"abc"),  # beyond the end of the frame
    text_frame(event({"s": "lines", "n": 1, "b": 2, "seq": 1}), b"\xff\xfe"),  # not UTF-8
    text_frame({"type": "event"}, b""),  # no records
    frames.TEXT_MARK + frames.JSON_LENGTH.pack(4) + b"nope",  # not JSON
], ids=["short", "unclaimed", "count", "beyond", "utf8", "records", "json"])
def test_text_that_does_not_add_up_is_a_malformed_frame(body: bytes) -> None:
    with pytest.raises(frames.MalformedFrame):
        frames.decode_body(body)
