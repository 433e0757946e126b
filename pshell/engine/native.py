"""Native programs in a pipeline: stdout lines become strings, stderr lines error records."""

from __future__ import annotations

import os
import queue
import selectors
import signal
import subprocess
import threading
import time
from typing import IO, TYPE_CHECKING, Any

from pshell.engine import environment
from pshell.engine.pipeline import Processor, lines_target
from pshell.engine.values import to_string
from pshell.errors import ErrorCategory, ErrorRecord, PSError
from pshell.syntax import ast as A

if TYPE_CHECKING:
    from pshell.engine.runtime import ExecutionContext

_EOF = object()
READ_SIZE = 8192  # bytes read from a program's stdout or stderr at once (what a BufferedReader reads)
BLOCK_BYTES = 1 << 16  # lines for a place that takes blocks are gathered up to this much...
GATHER_SECONDS = 0.002  # ... for at most this long (a program writes its output in pieces of a few KiB)


def _pump(stream: IO[bytes], sink: "queue.Queue[Any]") -> None:
    try:
        for line in iter(stream.readline, b""):
            sink.put(line)
    finally:
        sink.put(_EOF)


def _decode(line: bytes) -> str:
    return line.decode("utf-8", errors="replace").rstrip("\n").rstrip("\r")


def _split_lines(data: bytes) -> list[str]:
    """Complete lines (each ending in a newline) as text, without their line ends; a newline
    is never part of a multi-byte UTF-8 character, so decoding them together is decoding each."""
    lines = data.decode("utf-8", errors="replace").split("\n")
    lines.pop()  # after the last newline
    if b"\r" in data:
        lines = [line.rstrip("\r") for line in lines]
    return lines


class _LineReader:
    """A pipe read in chunks: the complete lines of each chunk, the rest kept for the next."""

    __slots__ = ("fd", "partial", "got")

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.partial: list[bytes] = []  # the start of a line not yet complete
        self.got = 0  # bytes of the last read

    def read(self, size: int = READ_SIZE) -> list[str] | None:
        """The lines completed by what the pipe has now (waits for it); None at its end."""
        chunk = os.read(self.fd, size)
        self.got = len(chunk)
        if not chunk:
            if self.partial:
                rest = b"".join(self.partial)
                self.partial = []
                return [_decode(rest)]
            return None
        cut = chunk.rfind(b"\n") + 1
        if cut == 0:
            self.partial.append(chunk)
            return []
        if self.partial:
            self.partial.append(chunk[:cut])
            data = b"".join(self.partial)
            self.partial = []
        else:
            data = chunk[:cut] if cut < len(chunk) else chunk
        if cut < len(chunk):
            self.partial.append(chunk[cut:])
        return _split_lines(data)


class NativeProcessor(Processor):
    """A child process; streamed line by line, never collected first."""

    def __init__(self, context: "ExecutionContext", node: A.Node, path: str, args: list[str], *, last: bool) -> None:
        super().__init__(context, node)
        self.path = path
        self.args = args
        self.last = last
        self.proc: subprocess.Popen[bytes] | None = None
        self.errors: "queue.Queue[Any]" = queue.Queue()
        self.stdin_queue: "queue.Queue[Any] | None" = None
        self.output_queue: "queue.Queue[Any] | None" = None
        self.stderr_reader: threading.Thread | None = None

    def _start(self, *, with_input: bool, pump_errors: bool = True) -> None:
        inherit = self.last and self.context.host_passthrough and self.redirections is None
        # A session host runs each native program in its own process group, so it can stop it all.
        group = bool(getattr(self.context, "native_process_group", False))
        try:
            self.proc = subprocess.Popen(
                [self.path, *self.args],
                stdin=subprocess.PIPE if with_input else None,
                stdout=None if inherit else subprocess.PIPE,
                stderr=None if inherit else subprocess.PIPE,
                cwd=self.context.location,
                env=dict(environment.current()),
                start_new_session=group,
            )
        except OSError as exc:
            raise PSError(ErrorRecord(
                f"An error occurred trying to start process '{self.path}' with working directory "
                f"'{self.context.location}'. {exc.strerror}", "NativeCommandFailed", ErrorCategory.ResourceUnavailable,
                target=self.path, exception_type="System.Management.Automation.ApplicationFailedException")) from None
        started = getattr(self.context, "on_native_started", None) if group else None
        if started is not None:
            started(self.proc)
        if self.proc.stderr is not None and pump_errors:
            self.stderr_reader = threading.Thread(target=_pump, args=(self.proc.stderr, self.errors), daemon=True)
            self.stderr_reader.start()

    def begin(self) -> None:
        if self.expecting_input:
            self._start(with_input=True)
            self.stdin_queue = queue.Queue()
            self.output_queue = queue.Queue()
            threading.Thread(target=self._feed_stdin, daemon=True).start()
            if self.proc and self.proc.stdout is not None:
                threading.Thread(target=_pump, args=(self.proc.stdout, self.output_queue), daemon=True).start()

    def _feed_stdin(self) -> None:
        assert self.proc is not None and self.proc.stdin is not None and self.stdin_queue is not None
        try:
            while True:
                item = self.stdin_queue.get()
                if item is _EOF:
                    break
                self.proc.stdin.write((item + "\n").encode("utf-8"))
                self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            pass
        finally:
            try:
                self.proc.stdin.close()
            except OSError:
                pass

    def push(self, obj: Any) -> None:
        assert self.stdin_queue is not None
        self.stdin_queue.put(to_string(obj))
        self._drain_output(block=False)
        self._drain_errors()

    def _drain_output(self, *, block: bool) -> None:
        assert self.output_queue is not None
        while True:
            try:
                line = self.output_queue.get(block=block, timeout=0.05 if block else None)
            except queue.Empty:
                if block and self.proc is not None and self.proc.poll() is None:
                    self.context.check_stopping()
                    continue
                if block:
                    continue
                return
            if line is _EOF:
                return
            self.emit(_decode(line))

    def run_first(self) -> None:
        """Read stdout and stderr in one thread, in chunks, as they come: each chunk's lines go
        downstream (all at once where the output goes straight to a place that takes blocks
        of lines: a session's output), and stderr's lines become error records in the order
        the program wrote them between its output."""
        self._start(with_input=False, pump_errors=False)
        proc = self.proc
        assert proc is not None
        if proc.stdout is None:
            return
        emit_lines = lines_target(self.downstream)
        emit = self.emit
        readers = {proc.stdout.fileno(): (_LineReader(proc.stdout.fileno()), False)}
        if proc.stderr is not None:
            readers[proc.stderr.fileno()] = (_LineReader(proc.stderr.fileno()), True)
        check_stopping = self.context.check_stopping
        # Lines for a place that takes blocks are gathered into blocks of up to BLOCK_BYTES for at
        # most GATHER_SECONDS, and never more than it has room for (`room`: a session's output
        # buffer in Block mode), so that a full buffer holds the program back as soon as it would
        # without the gathering: no more than one read is taken from its pipe beyond that.
        room = getattr(emit_lines, "room", None)
        held: list[str] = []
        held_bytes = 0
        deadline = 0.0
        line_bytes = 1  # bytes a line of the program's output takes (as far as seen)

        def flush() -> None:
            nonlocal held, held_bytes
            if held:
                lines, held, held_bytes = held, [], 0
                assert emit_lines is not None
                emit_lines(lines)

        with selectors.DefaultSelector() as selector:
            for fd in readers:
                selector.register(fd, selectors.EVENT_READ)
            while readers:
                if held:
                    timeout = deadline - time.monotonic()
                    if timeout <= 0:
                        flush()
                        continue
                    ready = [key.fd for key, _ in selector.select(timeout)]
                    if not ready:
                        flush()
                        continue
                elif len(readers) > 1:
                    ready = [key.fd for key, _ in selector.select()]
                else:
                    ready = list(readers)
                for fd in sorted(ready, key=lambda f: readers[f][1]):  # stdout first, as the lines were read
                    reader, is_error = readers[fd]
                    # a whole block at once when its lines would fit, as long as the last read's lines were
                    big = not is_error and emit_lines is not None and (
                        room is None or room() - len(held) >= BLOCK_BYTES // line_bytes)
                    lines = reader.read(BLOCK_BYTES if big else READ_SIZE)
                    if lines is None:
                        selector.unregister(fd)
                        del readers[fd]
                        if not is_error:
                            flush()
                        continue
                    if is_error:
                        flush()  # the output read before this error goes first
                        for text in lines:
                            self._write_error(text)
                    elif emit_lines is None:
                        for line in lines:
                            emit(line)
                    elif lines:
                        line_bytes = max(1, min(reader.got // len(lines), 256))
                        if not held:
                            deadline = time.monotonic() + GATHER_SECONDS
                        held += lines
                        held_bytes += reader.got
                        if held_bytes >= BLOCK_BYTES or (room is not None and len(held) >= room()):
                            flush()
                    check_stopping()
            flush()

    def _write_error(self, text: str) -> None:
        record = ErrorRecord(text, "NativeCommandError", ErrorCategory.NotSpecified, target=text,
                             exception_type="System.Management.Automation.RemoteException")
        self.context.write_error_stream(record, self)

    def _drain_errors(self) -> None:
        errors = self.errors
        while not errors.empty():  # no exception raised and caught for each line
            line = errors.get_nowait()
            if line is _EOF:
                continue
            self._write_error(_decode(line))

    def complete(self) -> None:
        self.completed = True
        if self.proc is None:
            return
        if self.stdin_queue is not None:
            self.stdin_queue.put(_EOF)
            self._drain_output(block=True)
        code = self.proc.wait()
        if self.stderr_reader is not None:
            self.stderr_reader.join()
            self._drain_errors()
        self.context.session.set("LASTEXITCODE", code, "global")
        if code != 0:
            self.had_error = True

    def dispose(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            grouped = bool(getattr(self.context, "native_process_group", False))
            self._signal(signal.SIGTERM, grouped)
            try:
                self.proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self._signal(signal.SIGKILL, grouped)
                self.proc.wait()

    def _signal(self, sig: int, grouped: bool) -> None:
        assert self.proc is not None
        try:
            if grouped:
                os.killpg(self.proc.pid, sig)
            else:
                self.proc.send_signal(sig)
        except (ProcessLookupError, PermissionError):
            pass
