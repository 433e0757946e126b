"""A session in the session host: its record, its runspace, its one running command.

The runspace is an ExecutionContext of the same engine the client uses, made on the first
command (in the command's thread). A command runs in a thread of its own; its output and
stream records are serialized as they are made and go into the session's OutputBuffer.
Native programs run in their own process groups, which the session kills when a command is
stopped or the session is removed (no orphans).
"""

from __future__ import annotations

import collections
import datetime as _dt
import logging
import os
import signal
import threading
import time
import uuid
from typing import Any, Callable

from pshell.engine import environment
from pshell.host.buffer import BufferInterrupted, OutputBuffer
from pshell.host.workers import Workers
from pshell.process_groups import group_alive, signal_group
from pshell.wire.serialize import DEFAULT_DEPTH, deserialize, serialize, serialize_error

log = logging.getLogger("pshell.host")
_PARSE_LOCK = threading.Lock()

RUNNING, COMPLETED, FAILED, STOPPED = "Running", "Completed", "Failed", "Stopped"
_WORKERS = Workers("command")
_PARSED: "collections.OrderedDict[str, Any]" = collections.OrderedDict()
_PARSED_MAX = 256
HOME = os.path.expanduser("~")
# Output values that serialize() would return unchanged (the lines of a native program are
# str): sent as they are, without its checks (a few microseconds an object).
_AS_THEY_ARE = frozenset({str, int, bool, type(None)})
# Characters of text in one block record of a native program's lines (None: as they come,
# at most the 64 KiB a native program's output is read in). Set from the daemon's frame limit
# when that is small: a block must fit in one frame even when every character is escaped.
_block_chars: int | None = None


def set_max_frame(max_frame: int) -> None:
    """The largest frame the daemon sends: blocks of lines are kept well inside it."""
    global _block_chars
    # JSON text of a line: at most 6 bytes a character (\u00XX) and 4 around it ("",);
    # half the frame for one block leaves room for the rest of the event.
    chars = (max_frame // 2 - 256) // 10
    _block_chars = None if chars >= 1 << 16 else max(1, chars)


def _blocks(lines: list[str]) -> list[list[str]]:
    """`lines` cut into blocks that fit in a frame (one block unless the frame limit is small)."""
    limit = _block_chars
    if limit is None or len(lines) <= 1:
        return [lines]
    blocks: list[list[str]] = []
    current: list[str] = []
    size = 0
    for line in lines:
        if current and size + len(line) + 1 > limit:
            blocks.append(current)
            current, size = [], 0
        current.append(line)
        size += len(line) + 1
    blocks.append(current)
    return blocks


def _parsed(script: str) -> Any:
    """The syntax tree of a command's script; the trees of recent scripts are kept (a script
    that runs again, like `{ 1 }` in a loop, is not parsed again). ParseError if it is bad."""
    from pshell.syntax.parser import parse

    with _PARSE_LOCK:
        body = _PARSED.get(script)
        if body is None:
            body = parse(script)
            _PARSED[script] = body
            if len(_PARSED) > _PARSED_MAX:
                _PARSED.popitem(last=False)
        else:
            _PARSED.move_to_end(script)
        return body


def utc_now() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc)


def iso(moment: _dt.datetime | None) -> str | None:
    return None if moment is None else moment.isoformat(timespec="milliseconds")


class Command:
    def __init__(self, command_id: int, script: str) -> None:
        self.id = command_id
        self.script = script
        self.state = RUNNING
        self.started_on = utc_now()
        self.ended_on: _dt.datetime | None = None
        self.done = threading.Event()  # set when the command has ended (its end record is written)
        self.stop_requested = False
        self.dropped_at_start = 0
        self.pipeline_input: list[Any] | None = None

    def info(self, buffer: OutputBuffer) -> dict[str, Any]:
        return {"id": self.id, "state": self.state, "script": self.script, "started_on": iso(self.started_on),
                "ended_on": iso(self.ended_on), "blocked": self.state == RUNNING and buffer.blocked}


class Session:
    def __init__(self, *, name: str, configuration: str, idle_timeout_ms: int, output_buffering: str,
                 buffer_records: int, enable_network_access: bool = False, origin: str | None = None,
                 instance_id: str | None = None) -> None:
        self.instance_id = instance_id or str(uuid.uuid4())
        self.name = name
        self.configuration = configuration
        self.idle_timeout_ms = idle_timeout_ms
        self.output_buffering = output_buffering
        self.enable_network_access = enable_network_access
        self.origin = origin
        # Its own environment variables: the session host's (which has no SSH agent), plus the
        # agent of the client that made it when it was made with -EnableNetworkAccess.
        self.environment: dict[str, str] = dict(os.environ)
        self.created_on = utc_now()
        self.disconnected_on: _dt.datetime | None = None
        self.expires_on: _dt.datetime | None = None
        self.expires_at: float | None = None  # time.monotonic() deadline while disconnected
        self.lock = threading.RLock()
        self.buffer = OutputBuffer(buffer_records, output_buffering)
        self.attached: Any = None  # the daemon Connection this session is connected to
        self.streaming: Any = None  # the Connection its output is being sent to
        self.command: Command | None = None
        self.context: Any = None
        self.process_groups: set[int] = set()
        self.removed = False
        self._command_ids = 0
        self._host: Any = None

    # ------------------------------------------------------------ what clients see
    def info(self, client_id: str | None) -> dict[str, Any]:
        with self.lock:
            attached_to = getattr(self.attached, "client_id", None) if self.attached is not None else None
            running = self.command is not None and self.command.state == RUNNING
            if self.attached is not None and attached_to == client_id:
                state, availability = "Opened", ("Busy" if running else "Available")
            elif self.attached is not None:
                state, availability = "Disconnected", "Busy"
            else:
                state, availability = "Disconnected", "None"
            return {
                "instance_id": self.instance_id, "name": self.name, "configuration": self.configuration,
                "state": state, "availability": availability, "idle_timeout_ms": self.idle_timeout_ms,
                "output_buffering": self.output_buffering, "created_on": iso(self.created_on),
                "disconnected_on": iso(self.disconnected_on), "expires_on": iso(self.expires_on),
                "enable_network_access": self.enable_network_access, "origin": self.origin,
                "command": None if self.command is None else self.command.info(self.buffer),
                "buffered": self.buffer.data_count, "dropped": self.buffer.dropped_total,
                "undelivered": self.buffer.pending_count + self.buffer.inflight_count,
                "streaming": self.streaming is not None,
                "location": self.context.location if self.context is not None else HOME,
            }

    @property
    def running(self) -> bool:
        return self.command is not None and self.command.state == RUNNING

    def start_idle_clock(self) -> None:
        now = utc_now()
        self.disconnected_on = now
        self.expires_on = now + _dt.timedelta(milliseconds=self.idle_timeout_ms)
        self.expires_at = time.monotonic() + self.idle_timeout_ms / 1000.0

    def stop_idle_clock(self) -> None:
        self.disconnected_on = self.expires_on = None
        self.expires_at = None

    # ------------------------------------------------------------ commands
    def start_command(self, script: str, arguments: list[Any], using: dict[str, Any], width: int | None = None,
                      on_end: Callable[["Session", Command], None] | None = None, *,
                      pipeline_input: list[Any] | None = None) -> Command:
        """Start a command in its own thread. `pipeline_input` (serialized values), if given, is
        the command's pipeline input ($input / process blocks)."""
        with self.lock:
            self._command_ids += 1
            command = Command(self._command_ids, script)
            command.dropped_at_start = self.buffer.dropped_total
            self.command = command
            self.buffer.reset_interrupt()
            command.pipeline_input = pipeline_input
        _WORKERS.run(lambda: self._run(command, arguments, using, width, on_end))
        return command

    def _put(self, command: Command, record: dict[str, Any]) -> None:
        record["c"] = command.id
        try:
            self.buffer.put(record)
        except BufferInterrupted:
            from pshell.engine.flow import PipelineStopped

            raise PipelineStopped() from None

    def _put_lines(self, command: Command, lines: list[str]) -> None:
        try:
            for block in _blocks(lines):
                self.buffer.put_lines(command.id, block)
        except BufferInterrupted:
            from pshell.engine.flow import PipelineStopped

            raise PipelineStopped() from None

    def _runspace(self) -> Any:
        if self.context is None:
            from pshell.engine.runtime import ExecutionContext
            from pshell.host.remote_host import RemoteHost

            self._host = RemoteHost(lambda record: None)
            context = ExecutionContext(self._host)
            context.host_passthrough = False
            context.native_process_group = True
            context.on_native_started = self._native_started
            if os.path.isdir(HOME):
                context.set_location(HOME)
            self.context = context
        return self.context

    def _native_started(self, proc: Any) -> None:
        with self.lock:
            self.process_groups.add(proc.pid)
            stopping = self.removed or (self.command is not None and self.command.stop_requested)
        if stopping:  # the stop came while the program was being started
            signal_group(proc.pid, signal.SIGKILL)
        log.debug("session %s: native %s started in process group %d", self.name, proc.args[0], proc.pid)

    def _run(self, command: Command, arguments: list[Any], using: dict[str, Any], width: int | None,
             on_end: Callable[["Session", Command], None] | None) -> None:
        threading.current_thread().name = f"command-{self.name}-{command.id}"
        state, error = COMPLETED, None
        try:
            with environment.using(self.environment):
                state, error = self._execute(command, arguments, using, width)
        except BaseException as exc:  # noqa: BLE001 - the daemon must survive any command
            log.exception("session %s: command %d failed inside the host", self.name, command.id)
            from pshell.errors import ErrorCategory, ErrorRecord

            error = ErrorRecord(f"Internal error in the session host: {type(exc).__name__}: {exc}", "InternalError",
                                ErrorCategory.NotSpecified)
            state = FAILED
        if command.stop_requested and state != FAILED:
            state = STOPPED
        with self.lock:
            command.state = state
            command.ended_on = utc_now()
            self._prune_groups()
        end = {"s": "end", "state": state, "error": None if error is None else serialize_error(error),
               "dropped": self.buffer.dropped_total - command.dropped_at_start}
        try:
            self._put(command, end)
        finally:
            command.done.set()
        log.debug("session %s: command %d %s", self.name, command.id, state)
        if on_end is not None:
            on_end(self, command)

    def _execute(self, command: Command, arguments: list[Any], using: dict[str, Any], width: int | None) -> tuple[str, Any]:
        from pshell.engine.binder import PositionalArg
        from pshell.engine.flow import (
            BreakLoop,
            ContinueLoop,
            ExitScript,
            PipelineStopped,
            ReturnFromBlock,
        )
        from pshell.engine.functions import FunctionInfo
        from pshell.engine.pipeline import drive
        from pshell.engine.script_command import ScriptProcessor
        from pshell.engine.values import ScriptBlock
        from pshell.errors import ParseError, PSError
        from pshell.format.render import FormattedText, format_to_lines

        context = self._runspace()
        host = self._host
        host.sink = lambda record: self._put(command, record)
        if width:
            host.width = int(width)
        with self.lock:  # stop_command sets both under the lock: no stop is lost
            if command.stop_requested:
                return STOPPED, None
            context.reset_stop()
        try:
            body = _parsed(command.script)
        except ParseError as err:
            context.record_error(err.record)
            host.write_error(err.record)
            return FAILED, err.record
        args = [deserialize(a) for a in arguments]
        restore = self._set_using({k: deserialize(v) for k, v in using.items()})

        def emit(obj: Any) -> None:
            if isinstance(obj, FormattedText):  # Format-* in the session: laid out here, at the client's width
                for line in format_to_lines([obj], width=host.width):
                    self._put(command, {"s": "output", "v": line.rstrip()})
                return
            value = obj if type(obj) in _AS_THEY_ARE else serialize(obj, DEFAULT_DEPTH)
            self._put(command, {"s": "output", "v": value})

        def emit_lines(lines: list[str]) -> None:
            """Many lines of a native program's output at once (`pipeline.lines_target`): one
            block record instead of a record per line."""
            if lines:
                self._put_lines(command, lines)

        emit_lines.room = self.buffer.room  # type: ignore[attr-defined]
        emit.emit_lines = emit_lines  # type: ignore[attr-defined]

        try:
            fn = FunctionInfo.from_scriptblock(ScriptBlock(body, command.script))
            proc = ScriptProcessor(context, None, fn, [PositionalArg(a) for a in args], dot_source=True)
            try:
                items = None if command.pipeline_input is None else [deserialize(v) for v in command.pipeline_input]
                drive(context, [proc], emit, items)
            finally:
                proc.dispose()
            return COMPLETED, None
        except ExitScript:
            return COMPLETED, None
        except (BreakLoop, ContinueLoop, ReturnFromBlock):
            return COMPLETED, None
        except (PipelineStopped, BufferInterrupted, KeyboardInterrupt):
            return STOPPED, None
        except PSError as exc:
            if command.stop_requested:
                return STOPPED, None
            context.record_error(exc.record)
            context.last_success = False
            try:
                host.write_error(exc.record)
            except Exception:  # noqa: BLE001 - stopped while writing the error
                pass
            return FAILED, exc.record
        except RecursionError:
            from pshell.errors import ErrorCategory, ErrorRecord

            record = ErrorRecord("The script failed due to call depth overflow.", "CallDepthOverflow",
                                 ErrorCategory.InvalidOperation)
            host.write_error(record)
            return FAILED, record
        finally:
            restore()

    def _set_using(self, values: dict[str, Any]) -> Callable[[], None]:
        """`$using:name` reads the variable `name`: define each for the command, and put back
        what was there afterwards unless the command itself assigned it."""
        session = self.context.session
        saved = {}
        for name, value in values.items():
            var = session.global_scope.variables.get(name)
            saved[name] = (var is not None, None if var is None else var.get(), value)
            session.set(name, value, "global")

        def restore() -> None:
            for name, (existed, old, given) in saved.items():
                current = session.global_scope.variables.get(name)
                if current is None or current.get() is not given:
                    continue
                if existed:
                    session.set(name, old, "global")
                else:
                    session.remove(name, "global")

        return restore

    # ------------------------------------------------------------ stopping
    def stop_command(self, wait: float = 5.0) -> bool:
        """Stop the running command (and every native program of the session); True if it ended."""
        with self.lock:
            command = self.command
            if command is None or command.state != RUNNING:
                self.kill_process_groups(grace=0.0)
                return True
            command.stop_requested = True
            if self.context is not None:
                self.context.request_stop()
        self.buffer.interrupt()
        self.kill_process_groups()
        if threading.current_thread().name == f"command-{self.name}-{command.id}":
            return True  # the command stops itself
        return command.done.wait(wait)

    def kill_process_groups(self, grace: float = 2.0) -> None:
        with self.lock:
            groups = list(self.process_groups)
        if not groups:
            return
        for pgid in groups:
            signal_group(pgid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and any(group_alive(g) for g in groups):
            time.sleep(0.05)
        for pgid in groups:
            if group_alive(pgid):
                signal_group(pgid, signal.SIGKILL)
        log.info("session %s: ended process groups %s", self.name, groups)
        with self.lock:
            self._prune_groups()

    def _prune_groups(self) -> None:
        self.process_groups = {g for g in self.process_groups if group_alive(g)}

    def terminate(self) -> None:
        """End everything that runs in the session (it is being removed)."""
        with self.lock:
            self.removed = True
        self.stop_command(wait=5.0)
        self.kill_process_groups(grace=1.0)
        self.buffer.clear()
