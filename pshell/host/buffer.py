"""A session's output buffer: bounded, with PowerShell's Block and Drop modes.

Records are plain JSON-ready dicts (already serialized) with a sequence number `seq`, so a
later version can spool them to disk as they are, and a receiver can acknowledge what it
has. A record is *pending* until a sender takes it, then *in flight* until the receiver
acknowledges it; a connection that is lost puts its in-flight records back in front of the
pending ones, so a client that dies loses nothing it had not acknowledged.

Capacity counts data records, pending and in flight. Control records (the end of a command)
never count and are never dropped.

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

    def _make_room(self) -> None:
        """The buffer is full (caller holds the lock): Block waits for acknowledgements, Drop
        discards the oldest pending record."""
        while self.mode == BLOCK and self._data >= self.capacity:
            if self._interrupted:
                raise BufferInterrupted()
            self._waiting += 1
            try:
                self._cond.wait(1.0)
            finally:
                self._waiting -= 1
        if self.mode == DROP and self._data >= self.capacity:
            self._drop_oldest()

    def _drop_oldest(self) -> None:
        for i, rec in enumerate(self._pending):
            if not _is_control(rec):
                del self._pending[i]
                self._data -= 1
                self._dropped += 1
                self.dropped_total += 1
                return
        # Everything counted is in flight: let this one record exceed the bound; acks will follow.

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
            while self._pending and len(batch) < room:
                rec = self._pending.popleft()
                self._inflight.append(rec)
                batch.append(rec)
            dropped, self._dropped = self._dropped, 0
            return batch, dropped

    def ack(self, seq: int) -> None:
        """The receiver has every record up to `seq`: forget them, make room."""
        with self._cond:
            inflight = self._inflight
            freed = False
            while inflight and inflight[0]["seq"] <= seq:
                if inflight.popleft().get("s") not in CONTROL_STREAMS:
                    self._data -= 1
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

    @property
    def blocked(self) -> bool:
        """A producer is waiting for room (the command is suspended)."""
        with self._cond:
            return self._waiting > 0

    @property
    def pending_count(self) -> int:
        with self._cond:
            return len(self._pending)

    @property
    def inflight_count(self) -> int:
        with self._cond:
            return len(self._inflight)

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
