"""The output buffer: Block suspends the producer and loses nothing; Drop drops the oldest and counts."""

from __future__ import annotations

import threading
import time

import pytest

from pshell.host.buffer import BufferInterrupted, OutputBuffer

WAIT = 20.0


def wait_until(predicate, timeout: float = WAIT) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.01)


def produce(buffer: OutputBuffer, count: int) -> tuple[threading.Thread, dict[str, object]]:
    state: dict[str, object] = {"done": False, "error": None}

    def run() -> None:
        try:
            for i in range(count):
                buffer.put({"s": "output", "v": i})
            buffer.put({"s": "end", "state": "Completed"})
            state["done"] = True
        except BaseException as exc:  # noqa: BLE001
            state["error"] = exc

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t, state


def drain(buffer: OutputBuffer, until_end: bool = True) -> tuple[list[dict], int]:
    records: list[dict] = []
    dropped = 0
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        batch, d = buffer.take(100, timeout=0.2, window=50)
        dropped += d
        if batch:
            records += batch
            buffer.ack(batch[-1]["seq"])
            if until_end and batch[-1]["s"] == "end":
                return records, dropped
        elif not until_end:
            return records, dropped
    raise AssertionError("no end record")


def test_block_suspends_the_producer_and_resumes_without_loss() -> None:
    buffer = OutputBuffer(100, "Block")
    thread, state = produce(buffer, 5000)
    wait_until(lambda: buffer.blocked)
    assert not state["done"]
    assert buffer.data_count == 100
    time.sleep(0.05)
    assert buffer.data_count == 100 and not state["done"]  # still suspended: nothing more went in
    records, dropped = drain(buffer)
    thread.join(WAIT)
    assert state["done"] and state["error"] is None
    assert [r["v"] for r in records if r["s"] == "output"] == list(range(5000))
    assert [r["seq"] for r in records] == list(range(1, 5002))
    assert dropped == 0 and buffer.dropped_total == 0


def test_block_counts_records_in_flight_until_acknowledged() -> None:
    buffer = OutputBuffer(10, "Block")
    for i in range(10):
        buffer.put({"s": "output", "v": i})
    batch, _ = buffer.take(5)
    assert len(batch) == 5 and buffer.data_count == 10
    thread, state = produce(buffer, 1)
    wait_until(lambda: buffer.blocked)
    buffer.ack(batch[-1]["seq"])
    thread.join(WAIT)
    assert state["done"]


def test_requeue_puts_unacknowledged_records_back_in_order() -> None:
    buffer = OutputBuffer(100, "Block")
    for i in range(10):
        buffer.put({"s": "output", "v": i})
    first, _ = buffer.take(4)
    buffer.ack(first[1]["seq"])  # the receiver had only the first two
    buffer.requeue()
    again, _ = buffer.take(100)
    assert [r["v"] for r in again] == list(range(2, 10))


def test_interrupt_releases_a_blocked_producer() -> None:
    buffer = OutputBuffer(5, "Block")
    thread, state = produce(buffer, 100)
    wait_until(lambda: buffer.blocked)
    buffer.interrupt()
    thread.join(WAIT)
    assert isinstance(state["error"], BufferInterrupted)


def test_switching_to_drop_releases_a_blocked_producer() -> None:
    buffer = OutputBuffer(5, "Block")
    thread, state = produce(buffer, 100)
    wait_until(lambda: buffer.blocked)
    buffer.set_mode("drop")
    thread.join(WAIT)
    assert state["done"] and buffer.dropped_total == 95


def test_drop_discards_the_oldest_and_counts() -> None:
    buffer = OutputBuffer(1000, "Drop")
    thread, state = produce(buffer, 20000)
    thread.join(WAIT)
    assert state["done"] and not buffer.blocked
    records, dropped = drain(buffer)
    outputs = [r["v"] for r in records if r["s"] == "output"]
    assert outputs == list(range(19000, 20000))
    assert dropped == 19000 and buffer.dropped_total == 19000
    assert records[-1]["s"] == "end"


def test_control_records_are_never_dropped_nor_counted() -> None:
    buffer = OutputBuffer(2, "Drop")
    buffer.put({"s": "output", "v": 1})
    buffer.put({"s": "end"})
    for v in range(2, 6):
        buffer.put({"s": "output", "v": v})
    assert buffer.data_count == 2
    batch, dropped = buffer.take(100)
    assert [r.get("v", "end") for r in batch] == ["end", 4, 5] and dropped == 3


def test_take_times_out_empty() -> None:
    buffer = OutputBuffer(10)
    start = time.monotonic()
    assert buffer.take(10, timeout=0.1) == ([], 0)
    assert time.monotonic() - start >= 0.09


def test_bad_mode_and_capacity() -> None:
    with pytest.raises(ValueError):
        OutputBuffer(10, "Sometimes")
    with pytest.raises(ValueError):
        OutputBuffer(0)
