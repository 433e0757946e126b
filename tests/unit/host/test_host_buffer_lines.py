"""Block records of a native program's lines in the output buffer: one seq per line, capacity
and Drop counted in lines, acknowledgements and requeue by a block's last line."""

from __future__ import annotations

import threading
import time

from test_host_buffer import WAIT, wait_until

from pshell.host.buffer import (
    BLOCK_COST,
    LINES,
    BufferInterrupted,
    OutputBuffer,
    last_seq,
)


def lines_of(records: list[dict]) -> list[tuple[int, str]]:
    """(seq, line) of every line, whether it came in a block or as a record of its own."""
    out: list[tuple[int, str]] = []
    for r in records:
        if r["s"] == LINES:
            out += [(r["seq"] + i, line) for i, line in enumerate(r["v"])]
        elif r["s"] == "output":
            out.append((r["seq"], r["v"]))
    return out


def drain(buffer: OutputBuffer) -> tuple[list[dict], int]:
    records: list[dict] = []
    dropped = 0
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        batch, d = buffer.take(100, timeout=0.2, window=50)
        dropped += d
        if batch:
            records += batch
            buffer.ack(last_seq(batch[-1]))
            if batch[-1]["s"] == "end":
                return records, dropped
    raise AssertionError("no end record")


def produce_blocks(buffer: OutputBuffer, blocks: list[list[str]]) -> tuple[threading.Thread, dict[str, object]]:
    state: dict[str, object] = {"done": False, "error": None}

    def run() -> None:
        try:
            for block in blocks:
                buffer.put_lines(1, block)
            buffer.put({"s": "end", "state": "Completed"})
            state["done"] = True
        except BaseException as exc:  # noqa: BLE001
            state["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, state


def numbered(start: int, count: int) -> list[str]:
    return [str(i) for i in range(start, start + count)]


def test_a_block_takes_one_seq_per_line_and_counts_as_its_lines() -> None:
    buffer = OutputBuffer(100, "Block")
    buffer.put({"s": "output", "v": "first"})
    buffer.put_lines(7, ["a", "b", "c"])
    buffer.put({"s": "output", "v": "last"})
    assert buffer.data_count == 5 and buffer.pending_count == 5
    batch, _ = buffer.take(100)
    assert [(r["s"], r["seq"]) for r in batch] == [("output", 1), (LINES, 2), ("output", 5)]
    assert batch[1]["c"] == 7 and batch[1]["v"] == ["a", "b", "c"] and last_seq(batch[1]) == 4
    assert buffer.inflight_count == 5
    buffer.ack(3)  # inside the block: the block stays until its last line is acknowledged
    assert buffer.data_count == 4
    buffer.ack(4)
    assert buffer.data_count == 1
    buffer.ack(5)
    assert buffer.data_count == 0


def test_block_mode_fills_to_capacity_in_lines_then_suspends_the_producer() -> None:
    buffer = OutputBuffer(10, "Block")
    thread, state = produce_blocks(buffer, [numbered(0, 25), numbered(25, 5)])
    wait_until(lambda: buffer.blocked)
    assert buffer.data_count == 10 and not state["done"]
    time.sleep(0.05)
    assert buffer.data_count == 10 and not state["done"]  # held back: real back-pressure
    records, dropped = drain(buffer)
    thread.join(WAIT)
    assert state["done"] and state["error"] is None and dropped == 0
    got = lines_of(records)
    assert [line for _, line in got] == numbered(0, 30)
    assert [seq for seq, _ in got] == list(range(1, 31))  # every line its own seq, none twice
    assert all(len(r["v"]) <= 10 for r in records if r["s"] == LINES)


def test_interrupt_releases_a_producer_blocked_inside_a_block() -> None:
    buffer = OutputBuffer(5, "Block")
    thread, state = produce_blocks(buffer, [numbered(0, 100)])
    wait_until(lambda: buffer.blocked)
    buffer.interrupt()
    thread.join(WAIT)
    assert isinstance(state["error"], BufferInterrupted)


def test_drop_discards_the_oldest_lines_one_by_one_and_counts_them_exactly() -> None:
    buffer = OutputBuffer(100, "Drop")
    for start in range(0, 5000, 37):  # blocks that do not line up with the capacity
        buffer.put_lines(1, numbered(start, min(37, 5000 - start)))
    buffer.put({"s": "end", "state": "Completed"})
    assert buffer.data_count == 100 and buffer.dropped_total == 4900
    records, dropped = drain(buffer)
    assert [line for _, line in lines_of(records)] == numbered(4900, 100)
    assert dropped == 4900


def test_drop_with_lines_and_records_mixed_keeps_the_newest() -> None:
    buffer = OutputBuffer(10, "Drop")
    buffer.put({"s": "output", "v": "x"})
    buffer.put_lines(1, numbered(0, 6))
    buffer.put({"s": "end", "state": "Completed"})  # never dropped, never counted
    buffer.put_lines(1, numbered(6, 6))
    buffer.put({"s": "output", "v": "y"})
    assert buffer.data_count == 10 and buffer.dropped_total == 4
    batch, dropped = buffer.take(1000)
    assert dropped == 4
    assert [line for _, line in lines_of(batch)] == numbered(3, 9) + ["y"]
    assert any(r["s"] == "end" for r in batch)


def test_drop_with_everything_in_flight_keeps_only_the_newest_line() -> None:
    buffer = OutputBuffer(4, "Drop")
    buffer.put_lines(1, numbered(0, 4))
    inflight, _ = buffer.take(100)
    buffer.put_lines(1, numbered(4, 10))  # nothing pending to drop: all but its last line go
    assert buffer.dropped_total == 9
    batch, dropped = buffer.take(100)
    assert dropped == 9 and lines_of(batch) == [(5, "13")]
    buffer.ack(last_seq(batch[-1]))
    assert buffer.data_count == 0


def test_a_block_larger_than_the_capacity_in_drop_mode() -> None:
    buffer = OutputBuffer(10, "Drop")
    buffer.put_lines(1, numbered(0, 25))
    assert buffer.dropped_total == 15
    batch, dropped = buffer.take(100)
    assert [line for _, line in lines_of(batch)] == numbered(15, 10) and dropped == 15


def test_requeue_gives_unacknowledged_blocks_back_whole_and_in_order() -> None:
    buffer = OutputBuffer(1000, "Block")
    for start in range(0, 60, 20):
        buffer.put_lines(1, numbered(start, 20))
    first, _ = buffer.take(100)
    assert len(first) == 3
    buffer.ack(last_seq(first[0]))  # the receiver had only the first block
    buffer.requeue()
    again, _ = buffer.take(100)
    assert [line for _, line in lines_of(again)] == numbered(20, 40)
    assert again[0]["seq"] == 21


def test_a_batch_holds_a_bounded_number_of_blocks() -> None:
    buffer = OutputBuffer(100000, "Block")
    for start in range(0, 100 * 50, 50):
        buffer.put_lines(1, numbered(start, 50))
    batch, _ = buffer.take(500)
    assert len(batch) == -(-500 // BLOCK_COST)  # a block counts BLOCK_COST records toward the batch
