"""Block records on the client: each line its own output record with its own seq, in order with
the records around it; nothing twice after a reconnection, even from inside a block."""

from __future__ import annotations

from pshell.remoting.connection import OutputStream, decode_record
from pshell.remoting.output import LINES, last_seq


def block(seq: int, lines: list[str], command: int = 1) -> object:
    return decode_record({"s": LINES, "seq": seq, "c": command, "v": lines})


def rec(seq: int, stream: str = "output", **extra) -> object:  # type: ignore[no-untyped-def]
    return decode_record({"s": stream, "seq": seq, "c": 1, **extra})


def test_a_block_becomes_one_output_record_per_line_in_order() -> None:
    stream = OutputStream("s1")
    stream._add([rec(1, v="before"), block(2, ["a", "b", "c"]), rec(5, "error", v={"message": "oops"}),
                 block(6, ["d"]), rec(7, "end", state="Completed", error=None, dropped=0)], 0)
    assert stream.waiting == 7
    got = list(stream.until_end(1, timeout=1))
    assert [(r.stream, r.value, r.seq) for r in got if r.stream == "output"] == [
        ("output", "before", 1), ("output", "a", 2), ("output", "b", 3), ("output", "c", 4), ("output", "d", 6)]
    assert [r.stream for r in got] == ["output"] * 4 + ["error", "output", "end"]
    assert stream.last_seq == 7


def test_lines_sent_again_after_a_reconnection_are_not_taken_twice() -> None:
    stream = OutputStream("s1")
    stream._add([block(1, ["a", "b", "c"])], 0)
    stream._add([block(1, ["a", "b", "c"]), block(4, ["d", "e"])], 0)  # the whole block again
    assert [r.value for r in stream.drain()] == ["a", "b", "c", "d", "e"]
    stream._add([block(4, ["d", "e", "f"])], 0)  # a block that overlaps what arrived
    assert [(r.value, r.seq) for r in stream.drain()] == [("f", 6)]
    assert stream.last_seq == 6


def test_a_new_connection_continues_after_the_last_line_of_the_lost_one() -> None:
    lost = OutputStream("s1")
    lost._add([block(1, ["a", "b"]), block(3, ["c", "d"])], 0)
    lost._close("lost")
    fresh = OutputStream("s1")
    fresh.continue_from(lost)
    fresh._add([block(3, ["c", "d"]), block(5, ["e"])], 0)
    assert [r.value for r in fresh.drain()] == ["e"]


def test_blocks_stay_whole_for_a_caller_that_asks_and_the_ack_covers_the_last_line() -> None:
    stream = OutputStream("s1")
    records = [block(1, ["a", "b"]), rec(3, "warning", v="w"), block(4, ["c", "d", "e"])]
    stream._add(records, 2)
    got = stream.drain_or_raise(blocks=True)
    assert [r.stream for r in got] == ["dropped", LINES, "warning", LINES]
    assert max(map(last_seq, records)) == 6


def test_get_hands_out_the_lines_of_a_block_one_by_one() -> None:
    stream = OutputStream("s1")
    stream._add([block(1, ["a", "b", "c"])], 0)
    assert [(r.stream, r.value, r.seq) for r in (stream.get(0.1), stream.get(0.1))] == [("output", "a", 1),
                                                                                      ("output", "b", 2)]
    assert stream.waiting == 1
    assert stream.get(0.1).value == "c" and stream.get(0.01) is None
