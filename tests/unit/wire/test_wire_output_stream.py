"""The client's OutputStream: order, duplicates after a reconnection, dropped counts, the end."""

from __future__ import annotations

import pytest

from pshell.errors import ErrorRecord
from pshell.remoting.connection import ConnectionLost, OutputStream, decode_record
from pshell.wire.serialize import serialize, serialize_error


def rec(seq: int, stream: str = "output", command: int = 1, **extra) -> object:  # type: ignore[no-untyped-def]
    raw = {"s": stream, "seq": seq, "c": command, **extra}
    if stream == "output" and "v" not in raw:
        raw["v"] = serialize(seq)
    return decode_record(raw)


def test_records_in_order_without_duplicates_and_with_dropped_markers() -> None:
    stream = OutputStream("s1")
    stream._add([rec(1), rec(2)], 0)
    stream._add([rec(2), rec(3)], 0)  # 2 again: sent twice around a reconnection
    stream._add([rec(10), rec(11, "end", state="Completed", error=None, dropped=6)], 6)
    got = list(stream.until_end(1, timeout=1))
    assert [(r.stream, r.value) for r in got] == [("output", 1), ("output", 2), ("output", 3), ("dropped", 6),
                                                 ("output", 10), ("end", "Completed")]
    assert stream.dropped_total == 6 and stream.last_seq == 11
    assert stream.get(timeout=0.01) is None


def test_end_record_error_and_stream_kinds() -> None:
    err = ErrorRecord("boom", "Boom")
    stream = OutputStream("s1")
    stream._add([rec(1, "warning", v="w"), rec(2, "error", v=serialize_error(err)),
                 rec(3, "host", v="hi\n", fg="Red", bg=None),
                 rec(4, "progress", activity="a", status="s", percent=5, completed=False),
                 rec(5, "end", state="Failed", error=serialize_error(err), dropped=0)], 0)
    got = list(stream.until_end(timeout=1))
    assert got[0].value == "w"
    assert isinstance(got[1].value, ErrorRecord) and got[1].value.message == "boom"
    assert got[2].value == "hi\n" and got[2].data["fg"] == "Red"
    assert got[3].value == {"activity": "a", "status": "s", "percent": 5, "completed": False}
    assert got[4].value == "Failed" and got[4].error is not None and got[4].error.error_id == "Boom"


def test_closed_stream_gives_what_arrived_then_raises() -> None:
    stream = OutputStream("s1")
    stream._add([rec(1)], 0)
    stream._close("gone")
    assert stream.get(timeout=0.01).value == 1  # type: ignore[union-attr]
    with pytest.raises(ConnectionLost, match="gone"):
        stream.get(timeout=0.01)


def test_until_end_times_out() -> None:
    stream = OutputStream("s1")
    with pytest.raises(TimeoutError):
        list(stream.until_end(1, timeout=0.05))


def test_a_stream_on_a_new_connection_continues_where_the_lost_one_stopped() -> None:
    lost = OutputStream("s1")
    lost._add([rec(1), rec(2), rec(3)], 0)
    assert [lost.get(timeout=1).value for _ in range(3)] == [1, 2, 3]
    lost._close("the SSH connection was reset")
    new = OutputStream("s1")
    new.continue_from(lost)
    new._add([rec(2), rec(3), rec(4), rec(5, "end", state="Completed", error=None, dropped=0)], 0)  # 2, 3 unacked
    assert [(r.stream, r.value) for r in new.until_end(1, timeout=1)] == [("output", 4), ("end", "Completed")]


def test_records_read_after_the_connection_was_declared_lost_are_left_for_the_next_one() -> None:
    stream = OutputStream("s1")
    stream._add([rec(1)], 0)
    stream._close("lost")
    stream._add([rec(2)], 0)  # still in the old connection's buffers: not taken here
    assert stream.get(timeout=1).value == 1 and stream.last_seq == 1
    with pytest.raises(ConnectionLost):
        stream.get(timeout=1)
