"""Bringing a remote command's output into the local pipeline.

`receive_output(runtime, targets)` reads the OutputStreams of one or more sessions until each
has delivered the end of its command, and writes every record to the local command's
streams on the calling thread (the pipeline is not thread-safe): objects downstream with
`PSComputerName`, errors to the error stream, Write-Host text to the host, and a warning for
output that Drop mode discarded. Ctrl+C (a stop request) stops the remote commands.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pshell.engine.flow import PipelineStopped
from pshell.errors import ErrorCategory, ErrorRecord
from pshell.remoting.errors import ConnectionLost
from pshell.remoting.output import LINES, OutputRecord, OutputStream, expand
from pshell.remoting.tagging import tag_lines, tag_remote

if TYPE_CHECKING:
    from pshell.engine.runtime import CommandRuntime
    from pshell.remoting.pssession import PSSession

POLL = 0.25  # seconds between looks at the stop flag while nothing arrives


@dataclass
class Target:
    """One session whose command's output is being received."""

    session: PSSession
    stream: OutputStream
    command: int | None  # the command whose end ends the receiving (None: the next end record)
    done: bool = False
    failed: ErrorRecord | None = None
    state: str | None = None
    pending: list[OutputRecord] = field(default_factory=list)


def receive_output(runtime: CommandRuntime, targets: list[Target], *, hide_computer_name: bool = False,
                   on_lost: Callable[[Target, ConnectionLost], bool | None] | None = None,
                   stop: Callable[[Target], None] | None = None) -> None:
    """Relay records until every target has delivered its command's end record (or lost its
    connection: `on_lost` may connect again, put the new stream in the target and return True
    to go on). A stop request calls `stop` for each unfinished target and goes on relaying
    until they end, then raises PipelineStopped."""
    wake = threading.Event()
    for target in targets:
        target.stream.add_waker(wake)
    stopping_sent = False
    try:
        while not all(t.done for t in targets):
            wake.clear()
            moved = False
            for target in targets:
                if target.done:
                    continue
                try:
                    records = target.stream.drain_or_raise(blocks=True)
                except ConnectionLost as exc:
                    lost = target.stream
                    if on_lost is not None and on_lost(target, exc):
                        lost.remove_waker(wake)  # connected again: target.stream is the new connection's
                        target.stream.add_waker(wake)
                        continue
                    target.done = True
                    continue
                for record in records:
                    moved = True
                    if record.stream == LINES:  # a native program's lines: each its own tagged string
                        session = target.session
                        _emit_all(_line_target(runtime), tag_lines(record.value, session.ComputerName,
                                                                   session.InstanceId, show=not hide_computer_name))
                        continue
                    _relay(runtime, target, record, hide_computer_name)
                    if record.stream == "end" and (target.command is None or record.command == target.command):
                        target.done = True
                        target.state = str(record.value)
                        break
            if runtime.context.stopping and not stopping_sent and stop is not None:
                stopping_sent = True
                for target in targets:
                    if not target.done:
                        stop(target)
            if not moved:
                runtime.context.about_to_wait()
                wake.wait(POLL)
    finally:
        for target in targets:
            target.stream.remove_waker(wake)
    if stopping_sent:
        raise PipelineStopped()


def _line_target(runtime: Any) -> Callable[[Any], None]:
    """Where the cmdlet's output objects go, past the links that only pass them on (many lines
    of a block go there one after the other)."""
    from pshell.engine.pipeline import direct_target
    from pshell.engine.runtime import CommandRuntime

    processor = getattr(runtime, "processor", None)
    if type(runtime).emit is CommandRuntime.emit and processor is not None:
        return direct_target(processor.emit)
    return runtime.emit


def _emit_all(emit: Callable[[Any], None], objects: Iterator[Any]) -> None:
    """Each object to `emit`, in order: all at once where `emit` is the input of a command
    (Processor.push_many) or a list's append (`$r = ...`)."""
    from pshell.engine.pipeline import Processor

    owner = getattr(emit, "__self__", None)
    name = getattr(emit, "__name__", None)
    if isinstance(owner, Processor) and name == "push":
        owner.push_many(list(objects))
    elif type(owner) is list and name == "append":
        owner.extend(objects)
    else:
        for obj in objects:
            emit(obj)


def _relay(runtime: CommandRuntime, target: Target, record: OutputRecord, hide: bool) -> None:
    session = target.session
    relay_record(runtime, record, session.ComputerName, session.InstanceId, session.Name, hide=hide)


def relay_record(runtime: Any, record: OutputRecord, computer: str, runspace_id: str, session_name: str, *,
                 hide: bool = False) -> None:
    """Write one record of a remote command to the local command's streams (objects tagged
    with the computer they came from)."""
    kind = record.stream
    if kind == LINES:
        for line in expand(record):
            relay_record(runtime, line, computer, runspace_id, session_name, hide=hide)
    elif kind == "output":
        runtime.emit(tag_remote(record.value, computer, runspace_id, show=not hide))
    elif kind == "error":
        error: ErrorRecord = record.value
        error.extra["PSComputerName"] = computer
        runtime.write_error(error)
    elif kind == "warning":
        runtime.write_warning(str(record.value))
    elif kind in ("verbose", "debug", "information"):
        runtime.context.write_stream(kind, str(record.value), runtime.processor)
    elif kind == "host":
        runtime.write_host(str(record.value), foreground=record.data.get("fg"), background=record.data.get("bg"),
                           newline=False)
    elif kind == "progress":
        value = record.value
        runtime.write_progress(str(value.get("activity") or ""), str(value.get("status") or ""),
                               int(value.get("percent") if value.get("percent") is not None else -1),
                               completed=bool(value.get("completed")))
    elif kind == "dropped":
        runtime.write_warning(f"{int(record.value)} output objects of session {session_name} on {computer} were "
                              "discarded because the output buffer was full and the session's OutputBufferingMode "
                              "is Drop.")


def lost_error(session: PSSession, exc: ConnectionLost) -> ErrorRecord:
    return ErrorRecord(f"[{session.ComputerName}] The connection to the session {session.Name} was lost: "
                       f"{exc.record.message}", "PSSessionConnectionLost", ErrorCategory.ConnectionError,
                       target=session, exception_type="System.Management.Automation.Remoting.PSRemotingTransportException")
