"""A session's output as it arrives at a client: OutputRecord and OutputStream."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pshell.errors import ErrorRecord
from pshell.remoting.errors import ConnectionLost
from pshell.wire.serialize import deserialize, deserialize_error


@dataclass
class OutputRecord:
    """One record of a session's output, in order.

    stream: output | error | warning | verbose | debug | information | host | progress | end | dropped
    value:  output -> the deserialized object; error -> ErrorRecord; warning..information,
            host -> text; progress -> dict; end -> the command's final state
            (Completed/Failed/Stopped); dropped -> how many records Drop mode discarded here.
    """

    stream: str
    value: Any
    seq: int
    command: int | None
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def error(self) -> ErrorRecord | None:
        """For an end record: the terminating error, if the command failed with one."""
        raw = self.data.get("error")
        return deserialize_error(raw) if isinstance(raw, dict) else None


LINES = "lines"  # a block record: many lines of a native program's output, expanded here
_PLAIN = frozenset({str, int, float, bool, type(None)})


def decode_record(raw: dict[str, Any]) -> OutputRecord:
    """A record as it came from the session host. A block record (stream "lines", value the
    list of its lines, seq its first line's) stands for one output record per line with
    consecutive seqs; OutputStream hands those out one by one."""
    stream = str(raw.get("s"))
    seq, command = int(raw.get("seq", 0)), raw.get("c")
    try:
        if stream == "output":
            value = raw.get("v")
            if type(value) not in _PLAIN:
                value = deserialize(value)
        elif stream == LINES:
            value = raw.get("v")
            if not isinstance(value, list):
                value = [str(value)]
            if not all(type(line) is str for line in value):
                value = [line if type(line) is str else str(line) for line in value]
        elif stream == "error":
            value = deserialize_error(raw.get("v") or {})
        elif stream == "end":
            value = raw.get("state")
        elif stream == "progress":
            value = {k: raw.get(k) for k in ("activity", "status", "percent", "completed")}
        else:
            value = raw.get("v")
    except (ValueError, KeyError, TypeError) as exc:
        value = f"<undecodable {stream} record: {exc}>"
    return OutputRecord(stream, value, seq, command, raw)


def last_seq(record: OutputRecord) -> int:
    """The seq of a record's last line (a block takes one per line)."""
    if record.stream == LINES:
        return record.seq + len(record.value) - 1
    return record.seq


def expand(record: OutputRecord) -> list[OutputRecord]:
    """A block record as the output record of each of its lines."""
    command, first = record.command, record.seq
    return [OutputRecord("output", line, first + i, command, {"s": "output", "v": line, "seq": first + i, "c": command})
            for i, line in enumerate(record.value)]


def _expanded(records: list[OutputRecord]) -> list[OutputRecord]:
    out: list[OutputRecord] = []
    for record in records:
        if record.stream == LINES:
            out.extend(expand(record))
        else:
            out.append(record)
    return out


class OutputStream:
    """The output of one session as it arrives at this client."""

    def __init__(self, instance_id: str) -> None:
        self.instance_id = instance_id
        self._cond = threading.Condition()
        self._records: deque[OutputRecord] = deque()
        self.last_seq = 0
        self.dropped_total = 0
        self.closed_reason: str | None = None
        self._wakers: list[threading.Event] = []

    def add_waker(self, event: threading.Event) -> None:
        """Set `event` whenever records arrive or the stream closes (to wait on many streams)."""
        with self._cond:
            self._wakers.append(event)
            if self._records or self.closed_reason is not None:
                event.set()

    def remove_waker(self, event: threading.Event) -> None:
        with self._cond:
            if event in self._wakers:
                self._wakers.remove(event)

    def _wake(self) -> None:
        self._cond.notify_all()
        for event in self._wakers:
            event.set()

    def _add(self, records: list[OutputRecord], dropped: int) -> None:
        with self._cond:
            if self.closed_reason is not None:
                # Read from the connection after it was declared lost: whoever receives this
                # session may have found the stream empty and closed already, and moved on to a
                # new connection. No acknowledgement goes out on a lost connection, so the
                # session host sends these again to the next one.
                return
            if dropped:
                self.dropped_total += dropped
                first = records[0].seq if records else self.last_seq + 1
                self._records.append(OutputRecord("dropped", dropped, first, records[0].command if records else None))
            for record in records:
                if record.stream == LINES:
                    last = record.seq + len(record.value) - 1
                    if last <= self.last_seq or not record.value:
                        continue  # sent again after a reconnection
                    if record.seq <= self.last_seq:  # partly: only its lines not taken yet
                        skip = self.last_seq - record.seq + 1
                        record = OutputRecord(LINES, record.value[skip:], record.seq + skip, record.command, record.data)
                    self.last_seq = last
                    self._records.append(record)
                    continue
                if record.seq <= self.last_seq:
                    continue  # sent again after a reconnection
                self.last_seq = record.seq
                self._records.append(record)
            self._wake()

    def continue_from(self, previous: OutputStream) -> None:
        """Take over from `previous`, the same session's stream on a connection that was lost.
        The session host sends a new connection again every record it had no acknowledgement
        for, and some of those reached this client just before the old connection went:
        they are not taken twice."""
        with self._cond:
            self.last_seq = max(self.last_seq, previous.last_seq)

    def _close(self, reason: str) -> None:
        with self._cond:
            self.closed_reason = reason
            self._wake()

    def get(self, timeout: float | None = None) -> OutputRecord | None:
        """The next record; None if none came within timeout. ConnectionLost once the connection
        is gone and everything that arrived has been taken."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while not self._records:
                if self.closed_reason is not None:
                    raise ConnectionLost(self.closed_reason)
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return None
                self._cond.wait(remaining)
            record = self._records.popleft()
            if record.stream == LINES:
                lines = expand(record)
                record = lines[0]
                self._records.extendleft(reversed(lines[1:]))
            return record

    @property
    def waiting(self) -> int:
        """How many records have arrived and not been taken (a block counts as its lines)."""
        with self._cond:
            return sum(len(r.value) if r.stream == LINES else 1 for r in self._records)

    def drain(self) -> list[OutputRecord]:
        """Everything that has arrived, without waiting."""
        with self._cond:
            out = list(self._records)
            self._records.clear()
        return _expanded(out)

    def drain_or_raise(self, *, blocks: bool = False) -> list[OutputRecord]:
        """Everything that has arrived, without waiting; ConnectionLost if there is nothing and
        the connection is gone. `blocks=True`: a native program's lines stay in their block
        records (stream "lines", value the list of lines) for a caller that handles them."""
        with self._cond:
            if not self._records and self.closed_reason is not None:
                raise ConnectionLost(self.closed_reason)
            out = list(self._records)
            self._records.clear()
        return out if blocks else _expanded(out)

    def until_end(self, command: int | None = None, timeout: float | None = None) -> Iterator[OutputRecord]:
        """Records up to and including the end record of `command` (any command if None).
        TimeoutError if the end does not come within `timeout` seconds of the call."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
            record = self.get(remaining)
            if record is None:
                raise TimeoutError(f"no end of command {command} from session {self.instance_id}")
            yield record
            if record.stream == "end" and (command is None or record.command == command):
                return
