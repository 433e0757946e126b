"""A session's output buffer: bounded, with PowerShell's Block and Drop modes.

Records are plain JSON-ready dicts (already serialized) with a sequence number `seq`, so a
later version can spool them to disk as they are, and a receiver can acknowledge what it
has. A record is *pending* until a sender takes it, then *in flight* until the receiver
acknowledges it; a connection that is lost puts its in-flight records back in front of the
pending ones, so a client that dies loses nothing it had not acknowledged.

Capacity counts data records, pending and in flight. Control records (the end of a command)
never count and are never dropped.

A *block* record (`{"s": "lines", "v": [line, ...]}`, from `put_lines`) holds many lines of a
native program's output at once; it counts as one data record per line everywhere (capacity,
Drop counts), and takes one sequence number per line: its `seq` is its first line's, the
last is `seq + len(v) - 1`. Drop discards the oldest lines of a pending block one by one.

- Block: `put` waits while the buffer is full (the command is suspended; a native program's
  reader stops reading its pipe, which is real back-pressure). No output is lost.
- Drop: `put` discards the oldest pending record to make room, and counts it; the count goes
  to the receiver with the next batch.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import Any

BLOCK = "Block"
DROP = "Drop"
MODES = (BLOCK, DROP)
CONTROL_STREAMS = frozenset({"end"})
LINES = "lines"  # a block record: many lines of a native program's output
# A block record counts as this many records toward a batch taken by `take` (a block holds up
# to 64 KiB of text; a batch then stays around a megabyte, far below the frame limit).
BLOCK_COST = 32


class BufferInterrupted(Exception):
    """The command waiting for room was stopped."""


def normalize_mode(mode: Any) -> str:
    text = str(mode or "").strip().lower()
    for m in MODES:
        if m.lower() == text:
            return m
    raise ValueError(f"Output buffering mode must be Block or Drop, not {mode!r}.")


def _is_control(record: dict[str, Any]) -> bool:
    return record.get("s") in CONTROL_STREAMS


def units(record: dict[str, Any]) -> int:
    """Data records a record counts as: the lines of a block, 0 for a control record, else 1."""
    stream = record.get("s")
    if stream == LINES:
        return len(record["v"])
    return 0 if stream in CONTROL_STREAMS else 1


def last_seq(record: dict[str, Any]) -> int:
    """The sequence number of a record's last line (its own for a record that is not a block)."""
    if record.get("s") == LINES:
        return record["seq"] + len(record["v"]) - 1
    return record["seq"]


class OutputBuffer:
    def __init__(self, capacity: int, mode: str = BLOCK) -> None:
        if capacity < 1:
            raise ValueError("The output buffer must hold at least one record.")
        self.capacity = capacity
        self.mode = normalize_mode(mode)
        self._cond = threading.Condition()
        self._pending: deque[dict[str, Any]] = deque()
        self._inflight: deque[dict[str, Any]] = deque()
        self._data = 0  # data records pending or in flight
        self._next_seq = 1
        self._dropped = 0  # dropped since the last batch was taken
        self.dropped_total = 0
        self._waiting = 0  # producers waiting for room
        self._takers = 0  # consumers waiting for records
        self._interrupted = False

    # ------------------------------------------------------------ producer
    def put(self, record: dict[str, Any]) -> int:
        """Add a record; returns its sequence number. Block mode waits for room;
        BufferInterrupted if `interrupt()` is called meanwhile."""
        with self._cond:
            if record.get("s") not in CONTROL_STREAMS:
                if self._data >= self.capacity:
                    self._make_room()
                self._data += 1
            seq = self._next_seq
            self._next_seq = seq + 1
            record["seq"] = seq
            self._pending.append(record)
            if self._takers:  # only a consumer waits for records (a put frees no room)
                self._cond.notify_all()
            return seq

    def put_lines(self, command: Any, lines: list[str]) -> None:
        """Add lines of output as block records (one sequence number per line). Block mode puts
        as many as there is room for and waits for room for the rest (BufferInterrupted if
        `interrupt()` is called meanwhile); Drop mode discards the oldest pending lines (and,
        when that is not enough, the first of these) so that the buffer holds what per-line
        puts would have left in it, and counts every line discarded."""
        total = len(lines)
        start = 0
        with self._cond:
            while start < total:
                if self._data >= self.capacity:
                    self._wait_for_room()
                count = total - start
                if self.mode == BLOCK:
                    count = min(count, self.capacity - self._data)
                else:
                    excess = self._data + count - self.capacity
                    if excess > 0:
                        excess -= self._drop_pending(excess)
                        if excess > 0:  # all the rest is in flight: lose the first of these lines
                            skip = min(excess, count - 1)
                            self._count_dropped(skip)
                            start += skip
                            count -= skip
                block = lines if start == 0 and count == total else lines[start:start + count]
                seq = self._next_seq
                self._next_seq = seq + count
                self._data += count
                self._pending.append({"s": LINES, "c": command, "v": block, "seq": seq})
                start += count
            if self._takers:
                self._cond.notify_all()

    def _wait_for_room(self) -> None:
        """Block mode (caller holds the lock): wait while the buffer is full."""
        while self.mode == BLOCK and self._data >= self.capacity:
            if self._interrupted:
                raise BufferInterrupted()
            self._waiting += 1
            try:
                self._cond.wait(1.0)
            finally:
                self._waiting -= 1

    def _make_room(self) -> None:
        """The buffer is full (caller holds the lock): Block waits for acknowledgements, Drop
        discards the oldest pending record."""
        self._wait_for_room()
        if self.mode == DROP and self._data >= self.capacity:
            # Nothing pending to drop (everything counted is in flight): this one record
            # exceeds the bound; acknowledgements will follow.
            self._drop_pending(1)

    def _drop_pending(self, count: int) -> int:
        """Discard up to `count` of the oldest pending data records (lines of a block one by
        one); returns how many were discarded."""
        pending = self._pending
        dropped = 0
        i = 0
        while dropped < count and i < len(pending):
            rec = pending[i]
            stream = rec.get("s")
            if stream in CONTROL_STREAMS:
                i += 1
                continue
            if stream == LINES:
                lines = rec["v"]
                take = min(len(lines), count - dropped)
                dropped += take
                if take < len(lines):
                    rec["v"] = lines[take:]
                    rec["seq"] += take
                    break
            else:
                dropped += 1
            del pending[i]
        self._data -= dropped
        self._count_dropped(dropped)
        return dropped

    def _count_dropped(self, count: int) -> None:
        self._dropped += count
        self.dropped_total += count

    def interrupt(self) -> None:
        """Wake and fail a producer waiting for room (the command is being stopped)."""
        with self._cond:
            self._interrupted = True
            self._cond.notify_all()

    def reset_interrupt(self) -> None:
        with self._cond:
            self._interrupted = False

    # ------------------------------------------------------------ consumer
    def take(self, max_records: int = 1000, timeout: float | None = None, window: int | None = None
             ) -> tuple[list[dict[str, Any]], int]:
        """Move up to max_records pending records in flight and return them, with the number of
        records dropped before them. Waits up to `timeout` for something; ([], 0) if nothing.
        `window` bounds the records in flight (unacknowledged) at once."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while True:
                room = max_records if window is None else min(max_records, window - len(self._inflight))
                if (self._pending and room > 0) or self._dropped:
                    break
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return [], 0
                self._takers += 1
                try:
                    self._cond.wait(remaining)
                finally:
                    self._takers -= 1
            batch: list[dict[str, Any]] = []
            pending, inflight = self._pending, self._inflight
            while pending and room > 0:
                rec = pending.popleft()
                inflight.append(rec)
                batch.append(rec)
                room -= BLOCK_COST if rec.get("s") == LINES else 1
            dropped, self._dropped = self._dropped, 0
            return batch, dropped

    def ack(self, seq: int) -> None:
        """The receiver has every record up to `seq`: forget them, make room."""
        with self._cond:
            inflight = self._inflight
            freed = False
            while inflight and last_seq(inflight[0]) <= seq:
                self._data -= units(inflight.popleft())
                freed = True
            if freed:
                self._cond.notify_all()

    def requeue(self) -> None:
        """The receiver went away: records in flight are pending again, in order, in front."""
        with self._cond:
            while self._inflight:
                self._pending.appendleft(self._inflight.pop())
            self._cond.notify_all()

    def wake(self) -> None:
        """Wake a waiting consumer (its connection is going away)."""
        with self._cond:
            self._cond.notify_all()

    # ------------------------------------------------------------ settings and state
    def set_mode(self, mode: str) -> None:
        with self._cond:
            self.mode = normalize_mode(mode)
            self._cond.notify_all()

    def set_capacity(self, capacity: int) -> None:
        with self._cond:
            self.capacity = max(1, int(capacity))
            self._cond.notify_all()

    def room(self) -> int | float:
        """How many more lines go in without waiting (Block) or dropping (Drop: any number)."""
        if self.mode == DROP:
            return float("inf")
        return max(0, self.capacity - self._data)

    @property
    def blocked(self) -> bool:
        """A producer is waiting for room (the command is suspended)."""
        with self._cond:
            return self._waiting > 0

    @property
    def pending_count(self) -> int:
        """Records pending (a block counts as its lines)."""
        with self._cond:
            return sum(len(r["v"]) if r.get("s") == LINES else 1 for r in self._pending)

    @property
    def inflight_count(self) -> int:
        """Records in flight (a block counts as its lines)."""
        with self._cond:
            return sum(len(r["v"]) if r.get("s") == LINES else 1 for r in self._inflight)

    @property
    def data_count(self) -> int:
        with self._cond:
            return self._data

    def clear(self) -> None:
        with self._cond:
            self._pending.clear()
            self._inflight.clear()
            self._data = 0
            self._dropped = 0
            self._interrupted = True
            self._cond.notify_all()
