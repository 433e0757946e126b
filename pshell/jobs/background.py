"""Background jobs (Start-Job): a script block run in a separate process on this computer.

As in PowerShell, a BackgroundJob is a parent job (PSJobTypeName `BackgroundJob`, Location
`localhost`) with one child job that does the work; the parent takes its Id first and the
child the next one. The child starts `python -m pshell.jobs.worker` (pshell/jobs/worker.py)
in a process group of its own, sends it the request (script, arguments, `$using:` values,
location, input) and reads its records, one JSON line each, on a thread of its own; each
becomes an OutputRecord of the child job. The worker's end record sets the child's state
(Failed with the terminating error as JobStateInfo.Reason); a process that ends without one
makes the job Failed, saying so. Stopping sends SIGTERM to the process group and SIGKILL two
seconds later. Jobs still running when the client exits are ended with it (and a worker whose
client has gone away ends itself).
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import subprocess
import sys
import threading
import time
import weakref
from collections import deque
from typing import TYPE_CHECKING, Any

from pshell.engine import environment
from pshell.errors import ErrorCategory, ErrorRecord
from pshell.jobs.job import COMPLETED, FAILED, FINISHED, RUNNING, STOPPED, Job
from pshell.jobs.repository import job_repository
from pshell.process_groups import group_alive
from pshell.remoting.output import decode_record
from pshell.wire.serialize import DEFAULT_DEPTH, deserialize_error, serialize

if TYPE_CHECKING:
    from pshell.engine.runtime import ExecutionContext
    from pshell.engine.values import ScriptBlock

LOCATION = "localhost"
STOP_GRACE_SECONDS = 2.0  # SIGTERM, then SIGKILL this long after
STOP_WAIT_SECONDS = 10.0  # how long stop() waits for the reader to finish after the kill
STDERR_TAIL = 4096  # characters of the worker's standard error kept for a failure's reason
_PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_RUNNING: "weakref.WeakSet[BackgroundChildJob]" = weakref.WeakSet()
_RUNNING_LOCK = threading.Lock()


class BackgroundJob(Job):
    """The job Start-Job returns: the parent of one BackgroundChildJob."""

    PS_TYPE_NAMES = ("System.Management.Automation.PSRemotingJob", "System.Management.Automation.Job",
                     "System.Object")
    type_name = "BackgroundJob"

    def __init__(self, job_id: int, name: str, command: str) -> None:
        super().__init__(job_id, name, command, LOCATION)

    def StopJob(self) -> None:
        """Job.StopJob(): stops the job (and waits until it has stopped)."""
        self.stop()

    def ToString(self) -> str:
        return self.PS_TYPE_NAMES[0]

    def __repr__(self) -> str:
        return f"BackgroundJob(Id={self.Id}, Name={self.Name!r}, State={self.State})"


class BackgroundChildJob(Job):
    """The child job of a BackgroundJob: the worker process and the records it sends."""

    PS_TYPE_NAMES = ("System.Management.Automation.PSRemotingChildJob", "System.Management.Automation.Job",
                     "System.Object")
    type_name = ""

    def __init__(self, job_id: int, name: str, command: str) -> None:
        super().__init__(job_id, name, command, LOCATION)
        self.process: subprocess.Popen[bytes] | None = None
        self.pgid: int | None = None
        self.stop_requested = False
        self._stderr: deque[str] = deque()
        self._stderr_size = 0
        self._reader: threading.Thread | None = None
        self._stderr_reader: threading.Thread | None = None
        self._seq = 0

    # ------------------------------------------------------------ starting
    def start(self, request: dict[str, Any], cwd: str | None = None) -> None:
        """Start the worker process with this request; the job is Running once it has started."""
        env = dict(environment.current())
        path = env.get("PYTHONPATH")
        env["PYTHONPATH"] = _PACKAGE_ROOT + (os.pathsep + path if path else "")
        env.pop("PYTHONSTARTUP", None)
        env["PYTHONUNBUFFERED"] = "1"
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "pshell.jobs.worker"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, cwd=cwd if cwd and os.path.isdir(cwd) else None, env=env,
                start_new_session=True, close_fds=True)
        except OSError as exc:
            record = _error(f"The background process could not be started: {exc.strerror or exc}.",
                            "BackgroundProcessNotStarted")
            self.add(decode_record({"s": "error", "v": _serialized(record), "seq": self._next_seq()}))
            self.set_state(FAILED, record)
            return
        try:
            pgid = os.getpgid(self.process.pid)
        except OSError:
            pgid = self.process.pid
        self.pgid = pgid if pgid != os.getpgrp() else None  # never this shell's own group
        with _RUNNING_LOCK:
            _RUNNING.add(self)
        self.set_state(RUNNING)
        data = (json.dumps(request, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        self._stderr_reader = threading.Thread(target=self._read_stderr, name=f"job-{self.Id}-stderr", daemon=True)
        self._stderr_reader.start()
        self._reader = threading.Thread(target=self._run, args=(data,), name=f"job-{self.Id}-reader", daemon=True)
        self._reader.start()

    def _next_seq(self) -> int:
        self._seq += 1
        return self._seq

    # ------------------------------------------------------------ reading
    def _run(self, request: bytes) -> None:
        proc = self.process
        assert proc is not None and proc.stdin is not None and proc.stdout is not None
        end: dict[str, Any] | None = None
        try:
            try:
                proc.stdin.write(request)
                proc.stdin.close()
            except (BrokenPipeError, OSError, ValueError):
                pass  # the worker is gone already: its end (or its absence) tells what happened
            for line in proc.stdout:
                try:
                    raw = json.loads(line)
                except ValueError:
                    continue
                if not isinstance(raw, dict) or "s" not in raw:
                    continue
                if raw.get("s") == "end":
                    end = raw
                    continue
                raw["seq"] = self._next_seq()
                self.add(decode_record(raw))
        except Exception as exc:  # noqa: BLE001 - the job must end, whatever the reader met
            end = None
            self._stderr.append(f"{type(exc).__name__}: {exc}")
        finally:
            code = _wait(proc)
            if self._stderr_reader is not None:
                self._stderr_reader.join(2.0)
            with _RUNNING_LOCK:
                _RUNNING.discard(self)
            self._finish(end, code)

    def _read_stderr(self) -> None:
        proc = self.process
        assert proc is not None and proc.stderr is not None
        try:
            for chunk in iter(lambda: proc.stderr.read1(4096), b""):  # type: ignore[union-attr]
                text = chunk.decode("utf-8", "replace")
                self._stderr.append(text)
                self._stderr_size += len(text)
                while self._stderr_size > STDERR_TAIL and len(self._stderr) > 1:
                    self._stderr_size -= len(self._stderr.popleft())
        except (OSError, ValueError):
            pass

    def _finish(self, end: dict[str, Any] | None, code: int | None) -> None:
        if self.is_finished:
            return
        if end is not None:
            state = str(end.get("state") or FAILED)
            if state not in FINISHED:
                state = FAILED
            raw_error = end.get("error")
            reason = deserialize_error(raw_error) if isinstance(raw_error, dict) else None
            if self.stop_requested and state == COMPLETED:
                state = STOPPED
            self.set_state(state, reason if state == FAILED else None)
            return
        if self.stop_requested:
            self.set_state(STOPPED)
            return
        record = _error(self._exit_message(code), "BackgroundProcessExited")
        self.add(decode_record({"s": "error", "v": _serialized(record), "seq": self._next_seq()}))
        self.set_state(FAILED, record)

    def _exit_message(self, code: int | None) -> str:
        if code is None:
            how = "without saying how"
        elif code < 0:
            try:
                how = f"killed by signal {signal.Signals(-code).name}"
            except ValueError:
                how = f"killed by signal {-code}"
        else:
            how = f"exit code {code}"
        message = f"The background process of job {self.Name} ended before the job finished ({how})."
        detail = "".join(self._stderr).strip()
        if detail:
            message += " It reported: " + detail.splitlines()[-1].strip()
        return message

    # ------------------------------------------------------------ stopping
    def stop(self) -> None:
        """Stop the worker: SIGTERM to its process group, SIGKILL after 2 s; the job is Stopped."""
        if self.is_finished:
            return
        self.stop_requested = True
        proc = self.process
        if proc is None:
            self.set_state(STOPPED)
            return
        self._signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        while proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        if proc.poll() is None or (self.pgid is not None and group_alive(self.pgid)):
            self._signal(signal.SIGKILL)
        reader = self._reader
        if reader is not None and reader is not threading.current_thread():
            reader.join(STOP_WAIT_SECONDS)
        if not self.is_finished:
            self.set_state(STOPPED)

    def StopJob(self) -> None:
        """Job.StopJob(): stops the job (and waits until it has stopped)."""
        self.stop()

    def _signal(self, sig: int) -> None:
        proc = self.process
        if proc is None:
            return
        if self.pgid is not None:
            try:
                os.killpg(self.pgid, sig)
                return
            except ProcessLookupError:
                return
            except PermissionError:
                pass
        if proc.poll() is None:
            try:
                proc.send_signal(sig)
            except OSError:
                pass

    def ToString(self) -> str:
        return self.PS_TYPE_NAMES[0]

    def _kill_at_exit(self) -> None:
        """The client is exiting: end the worker without waiting long."""
        self.stop_requested = True
        self._signal(signal.SIGTERM)

    def __repr__(self) -> str:
        return f"BackgroundChildJob(Id={self.Id}, Name={self.Name!r}, State={self.State})"


# ------------------------------------------------------------------ starting a job
def start_background_job(context: "ExecutionContext", script_block: "ScriptBlock | str", arguments: Any = None,
                         name: str | None = None, input: list[Any] | None = None, *,
                         location: str | None = None, using: dict[str, Any] | None = None) -> BackgroundJob:
    """Create, register and start a background job running `script_block` in a new process.

    `arguments` bind to the block's param() or $args; `input` (a list, or None for none) is its
    $input; `$using:name` takes the value of `name` here (unless `using` gives the values);
    the job starts in `location` (default: this runspace's current location)."""
    from pshell.engine.values import ScriptBlock

    if isinstance(script_block, ScriptBlock):
        text, body = script_block.text, script_block.body
    else:
        from pshell.syntax.parser import parse

        text = str(script_block)
        body = parse(text)
    if using is None:
        from pshell.cmdlets.invoke_command import using_variables

        using = {n: context.get_variable(n) for n in using_variables(body)}
    args = [] if arguments is None else list(arguments) if isinstance(arguments, (list, tuple)) else [arguments]
    where = location or context.location
    request = {
        "script": text,
        "arguments": [serialize(a, DEFAULT_DEPTH) for a in args],
        "using": {k: serialize(v, DEFAULT_DEPTH) for k, v in using.items()},
        "location": where,
        "input": None if input is None else [serialize(v, DEFAULT_DEPTH) for v in input],
    }
    repository = job_repository(context)
    parent_id = repository.take_id()
    child_id = repository.take_id()
    parent = BackgroundJob(parent_id, name or f"Job{parent_id}", text)
    child = parent.adopt(BackgroundChildJob(child_id, f"Job{child_id}", text))
    repository.add(parent)
    child.start(request, cwd=where)
    return parent


# ------------------------------------------------------------------ helpers
def _error(message: str, error_id: str) -> ErrorRecord:
    return ErrorRecord(message, error_id, ErrorCategory.OperationStopped,
                       exception_type="System.Management.Automation.Remoting.PSRemotingTransportException")


def _serialized(record: ErrorRecord) -> dict[str, Any]:
    from pshell.wire.serialize import serialize_error

    return serialize_error(record)


def _wait(proc: "subprocess.Popen[bytes]") -> int | None:
    """The worker's exit code once it has exited (it has closed its output: it is ending)."""
    deadline = time.monotonic() + STOP_WAIT_SECONDS
    while time.monotonic() < deadline:
        code = proc.poll()
        if code is not None:
            return code
        time.sleep(0.02)
    return proc.poll()


@atexit.register
def _end_running_jobs() -> None:
    """Background jobs end with the shell that started them (as PowerShell's do)."""
    with _RUNNING_LOCK:
        running = list(_RUNNING)
    for job in running:
        try:
            job._kill_at_exit()
        except Exception:  # noqa: BLE001 - exiting must not fail
            pass
    deadline = time.monotonic() + 1.0
    for job in running:
        proc = job.process
        while proc is not None and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        if proc is not None and proc.poll() is None:
            job._signal(signal.SIGKILL)
