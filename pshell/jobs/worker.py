"""The process a background job (Start-Job) runs in: `python -m pshell.jobs.worker`.

It reads one JSON request, one line, from standard input:

    {"script": "<text>", "arguments": [<serialized>], "using": {"name": <serialized>},
     "location": "<directory>", "input": [<serialized>] | null}

runs the script in a fresh runspace of the engine (the client's current directory as its
location, `$using:name` as the session host gives it, the arguments bound to `param()` or
`$args`, `input` as `$input`), and writes what it makes to standard output as JSON lines, one
record a line, in the session host's record format (pshell/host/remote_host.py):

    {"s": "output", "v": <serialized object>}
    {"s": "error", "v": <serialized ErrorRecord>}      warning / verbose / debug / information / host / progress
    ...
    {"s": "end", "state": "Completed"|"Failed"|"Stopped", "error": <serialized ErrorRecord>|null}

The end record comes last and exactly once; the exit code is 0. SIGTERM stops the script (the
end says Stopped). The client starts this process in a process group of its own, so stopping
the job can end the whole group (native programs included). Nothing but records reaches
standard output: the records go to a private copy of it, and the process's own descriptor 1
is pointed at standard error (a native program that writes to the terminal, a stray print, a
Python traceback cannot break the stream). If the client goes away (this process's parent
changes), the script is stopped and the process group ended.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from typing import Any

COMPLETED, FAILED, STOPPED = "Completed", "Failed", "Stopped"
ORPHAN_CHECK_SECONDS = 1.0
ORPHAN_GRACE_SECONDS = 3.0


class RecordWriter:
    """Writes records as JSON lines to a file descriptor, each line whole, from any thread."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._lock = threading.Lock()
        self.ended = False

    def write(self, record: dict[str, Any]) -> None:
        line = (json.dumps(record, ensure_ascii=False, default=str, separators=(",", ":")) + "\n").encode("utf-8")
        with self._lock:
            if self.ended:
                return
            view = memoryview(line)
            while view:
                written = os.write(self.fd, view)
                view = view[written:]

    def end(self, state: str, error: Any = None) -> None:
        from pshell.wire.serialize import serialize_error

        payload = None
        if error is not None:
            try:
                payload = serialize_error(error)
            except Exception:  # noqa: BLE001 - the end record must be written
                payload = {"t": "err", "message": str(getattr(error, "message", error)), "error_id": "InternalError"}
        self.write({"s": "end", "state": state, "error": payload})
        with self._lock:
            self.ended = True


def _take_stdout() -> int:
    """A private descriptor for the records; descriptor 1 then goes to standard error."""
    fd = os.dup(1)
    os.set_inheritable(fd, False)
    try:
        os.dup2(2, 1)
    except OSError:
        pass
    sys.stdout = sys.stderr
    return fd


def _read_request() -> dict[str, Any]:
    line = sys.stdin.buffer.readline()
    if not line.strip():
        raise ValueError("no job request on standard input")
    request = json.loads(line.decode("utf-8"))
    if not isinstance(request, dict) or not isinstance(request.get("script"), str):
        raise ValueError("the job request has no script")
    return request


def _detach_stdin() -> None:
    """Programs the job runs must not read the request pipe: standard input is /dev/null."""
    try:
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
    except OSError:
        pass


def _internal_error(exc: BaseException) -> Any:
    from pshell.errors import ErrorCategory, ErrorRecord

    return ErrorRecord(f"Internal error in the background job: {type(exc).__name__}: {exc}", "InternalError",
                       ErrorCategory.NotSpecified)


class Worker:
    """One job's run: the runspace, its host writing records, and stopping."""

    def __init__(self, writer: RecordWriter) -> None:
        self.writer = writer
        self.stop_requested = threading.Event()
        self.context: Any = None

    # ------------------------------------------------------------ stopping
    def request_stop(self) -> None:
        self.stop_requested.set()
        if self.context is not None:
            self.context.request_stop()

    def install_signals(self) -> None:
        def on_term(signum: int, frame: Any) -> None:
            self.request_stop()

        signal.signal(signal.SIGTERM, on_term)
        signal.signal(signal.SIGINT, on_term)
        signal.signal(signal.SIGHUP, on_term)
        try:
            signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # the client is gone: nothing to write to
        except (AttributeError, ValueError):
            pass

    def watch_parent(self) -> None:
        """Stop, then end the process group, if the client that started this process goes away."""
        parent = os.getppid()

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(ORPHAN_CHECK_SECONDS)
            self.request_stop()
            time.sleep(ORPHAN_GRACE_SECONDS)
            try:
                os.killpg(os.getpgrp(), signal.SIGKILL)
            except OSError:
                os._exit(1)

        threading.Thread(target=watch, name="job-parent-watch", daemon=True).start()

    # ------------------------------------------------------------ running
    def run(self, request: dict[str, Any]) -> tuple[str, Any]:
        from pshell.engine.binder import PositionalArg
        from pshell.engine.flow import BreakLoop, ContinueLoop, ExitScript, PipelineStopped, ReturnFromBlock
        from pshell.engine.functions import FunctionInfo
        from pshell.engine.pipeline import drive
        from pshell.engine.runtime import ExecutionContext
        from pshell.engine.script_command import ScriptProcessor
        from pshell.engine.values import ScriptBlock
        from pshell.errors import ErrorCategory, ErrorRecord, ParseError, PSError
        from pshell.host.remote_host import RemoteHost
        from pshell.syntax.parser import parse
        from pshell.wire.serialize import DEFAULT_DEPTH, deserialize, serialize

        host = RemoteHost(self.writer.write)
        context = ExecutionContext(host)
        context.host_passthrough = False
        self.context = context
        if self.stop_requested.is_set():
            return STOPPED, None
        script = str(request["script"])
        try:
            location = request.get("location")
            if isinstance(location, str) and location:
                context.set_location(location)
        except PSError as exc:
            host.write_error(exc.record)
        try:
            body = parse(script)
        except ParseError as err:
            context.record_error(err.record)
            host.write_error(err.record)
            return FAILED, err.record
        arguments = [deserialize(a) for a in request.get("arguments") or []]
        for name, value in (request.get("using") or {}).items():
            context.session.set(str(name), deserialize(value), "global")
        raw_input = request.get("input")
        items = None if raw_input is None else [deserialize(v) for v in raw_input]

        def emit(obj: Any) -> None:
            self.writer.write({"s": "output", "v": serialize(obj, DEFAULT_DEPTH)})

        try:
            fn = FunctionInfo.from_scriptblock(ScriptBlock(body, script))
            proc = ScriptProcessor(context, None, fn, [PositionalArg(a) for a in arguments], dot_source=True)
            try:
                drive(context, [proc], emit, items)
            finally:
                proc.dispose()
            return (STOPPED, None) if self.stop_requested.is_set() else (COMPLETED, None)
        except (ExitScript, BreakLoop, ContinueLoop, ReturnFromBlock):
            return (STOPPED, None) if self.stop_requested.is_set() else (COMPLETED, None)
        except (PipelineStopped, KeyboardInterrupt):
            return STOPPED, None
        except PSError as exc:
            if self.stop_requested.is_set():
                return STOPPED, None
            context.record_error(exc.record)
            context.last_success = False
            host.write_error(exc.record)
            return FAILED, exc.record
        except RecursionError:
            record = ErrorRecord("The script failed due to call depth overflow.", "CallDepthOverflow",
                                 ErrorCategory.InvalidOperation)
            host.write_error(record)
            return FAILED, record


def main() -> int:
    writer = RecordWriter(_take_stdout())
    worker = Worker(writer)
    worker.install_signals()
    worker.watch_parent()
    state, error = FAILED, None
    try:
        try:
            request = _read_request()
        finally:
            _detach_stdin()
        state, error = worker.run(request)
    except BaseException as exc:  # noqa: BLE001 - never a traceback instead of records
        if worker.stop_requested.is_set() and isinstance(exc, (KeyboardInterrupt, SystemExit)):
            state, error = STOPPED, None
        else:
            error = _internal_error(exc)
            state = FAILED
            try:
                writer.write({"s": "error", "v": _serialized_error(error)})
            except Exception:  # noqa: BLE001
                pass
            if os.environ.get("PSHELL_JOB_DEBUG"):
                import traceback

                traceback.print_exc(file=sys.stderr)
    if worker.stop_requested.is_set() and state == COMPLETED:
        state = STOPPED
    try:
        writer.end(state, error)
    except OSError:
        pass  # the client is gone
    return 0


def _serialized_error(record: Any) -> Any:
    from pshell.wire.serialize import serialize_error

    return serialize_error(record)


def run() -> None:  # pragma: no cover - the module's entry
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    # Threads the script left running (none should hold the process) are not waited for.
    os._exit(code)


if __name__ == "__main__":
    run()
