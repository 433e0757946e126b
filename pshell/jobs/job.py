"""Jobs: commands that run while the shell does other things, and the results they keep.

A `Job` keeps its results (output objects, errors, warnings, ... in the order they were
made) until they are received; `receive(keep=False)` returns those not yet received.
Its `State` is one of PowerShell's JobState names. A parent job (a RemoteJob, a
BackgroundJob) has child jobs that do the work, and takes its state and HasMoreData from
them, as PowerShell's PSRemotingJob does. Every change of state notifies `CHANGED`, so that
Wait-Job can wait for any of several jobs.
"""

from __future__ import annotations

import copy
import datetime as _dt
import threading
import uuid
from typing import Any, Callable

from pshell.engine.types import register_type
from pshell.errors import ErrorRecord
from pshell.format.views import TableView, ViewColumn, register_view
from pshell.remoting.output import OutputRecord

NOT_STARTED, RUNNING, COMPLETED, FAILED, STOPPED = "NotStarted", "Running", "Completed", "Failed", "Stopped"
BLOCKED, SUSPENDED, DISCONNECTED, SUSPENDING, STOPPING = "Blocked", "Suspended", "Disconnected", "Suspending", "Stopping"
FINISHED = frozenset({COMPLETED, FAILED, STOPPED})

CHANGED = threading.Condition()
"""Notified whenever any job changes state or gets results."""


def notify_all() -> None:
    with CHANGED:
        CHANGED.notify_all()


class JobStateInfo:
    """The state of a job and, for a failed one, why."""

    PS_TYPE_NAMES = ("System.Management.Automation.JobStateInfo", "System.Object")
    PS_PROPERTIES = ("State", "Reason")

    def __init__(self, state: str, reason: ErrorRecord | None = None) -> None:
        self.State = state
        self.Reason = reason

    def ToString(self) -> str:
        return self.State


class Job:
    """One job; a leaf job holds results, a parent job gathers its children's."""

    PS_TYPE_NAMES = ("System.Management.Automation.Job", "System.Object")
    PS_PROPERTIES = ("State", "HasMoreData", "StatusMessage", "Location", "Command", "JobStateInfo", "Finished",
                     "InstanceId", "Id", "Name", "ChildJobs", "PSBeginTime", "PSEndTime", "PSJobTypeName", "Output",
                     "Error", "Progress", "Verbose", "Debug", "Warning", "Information")
    type_name = ""

    def __init__(self, job_id: int, name: str, command: str, location: str = "") -> None:
        self.Id = job_id
        self.Name = name
        self.Command = command
        self.Location = location
        self.InstanceId = str(uuid.uuid4())
        self.ChildJobs: list[Job] = []
        self.PSBeginTime: _dt.datetime | None = None
        self.PSEndTime: _dt.datetime | None = None
        self.StatusMessage = ""
        self._state = JobStateInfo(NOT_STARTED)
        self._results: list[OutputRecord] = []
        self._received = 0
        self._lock = threading.RLock()
        self.finished = threading.Event()
        self.on_change: list[Callable[[Job], None]] = []

    # ------------------------------------------------------------ state
    @property
    def PSJobTypeName(self) -> str:
        return self.type_name

    _frozen: dict[str, Any] | None = None  # a format snapshot's values

    def format_snapshot(self) -> "Job":
        """A copy that keeps today's state, for a table drawn a little later."""
        frozen = copy.copy(self)
        frozen._frozen = {"JobStateInfo": self.JobStateInfo, "HasMoreData": self.HasMoreData}
        return frozen

    @property
    def JobStateInfo(self) -> JobStateInfo:
        if self._frozen is not None:
            return self._frozen["JobStateInfo"]
        if self.ChildJobs:
            return JobStateInfo(self._children_state(), self._children_reason())
        return self._state

    @property
    def State(self) -> str:
        return self.JobStateInfo.State

    @property
    def Finished(self) -> threading.Event:
        return self.finished

    def set_state(self, state: str, reason: ErrorRecord | None = None) -> None:
        with self._lock:
            if self._state.State == state and reason is None:
                return
            if self._state.State in FINISHED and state not in FINISHED:
                return  # a finished job stays finished
            self._state = JobStateInfo(state, reason)
            now = _dt.datetime.now()
            if state == RUNNING and self.PSBeginTime is None:
                self.PSBeginTime = now
            if state in FINISHED:
                self.PSEndTime = self.PSEndTime or now
                self.finished.set()
        self._changed()

    def _children_state(self) -> str:
        """A parent's state from its children's, in PowerShell's order of precedence."""
        states = {child.State for child in self.ChildJobs}
        for state in (RUNNING, STOPPING, BLOCKED, DISCONNECTED):
            if state in states:
                return state
        if NOT_STARTED in states:
            return RUNNING if states - {NOT_STARTED} else NOT_STARTED
        for state in (FAILED, STOPPED):
            if state in states:
                return state
        return COMPLETED

    def _children_reason(self) -> ErrorRecord | None:
        return next((c.JobStateInfo.Reason for c in self.ChildJobs if c.JobStateInfo.Reason is not None), None)

    def _changed(self) -> None:
        for listener in list(self.on_change):
            listener(self)
        notify_all()

    def adopt(self, child: Job) -> Job:
        """Make `child` one of this job's children."""
        self.ChildJobs.append(child)
        child.on_change.append(self._child_changed)
        return child

    def _child_changed(self, child: Job) -> None:
        if self.ChildJobs and self.State in FINISHED:
            with self._lock:
                self.PSBeginTime = self.PSBeginTime or min((c.PSBeginTime for c in self.ChildJobs if c.PSBeginTime),
                                                           default=None)
                self.PSEndTime = self.PSEndTime or _dt.datetime.now()
            self.finished.set()
        elif self.PSBeginTime is None and child.PSBeginTime is not None:
            self.PSBeginTime = child.PSBeginTime
        self._changed()

    @property
    def is_finished(self) -> bool:
        return self.State in FINISHED

    # ------------------------------------------------------------ results
    def add(self, record: OutputRecord) -> None:
        with self._lock:
            self._results.append(record)
        notify_all()

    @property
    def HasMoreData(self) -> bool:
        if self._frozen is not None:
            return bool(self._frozen["HasMoreData"])
        if self.ChildJobs:
            return any(child.HasMoreData for child in self.ChildJobs)
        with self._lock:
            return self._received < len(self._results)

    def receive(self, *, keep: bool = False) -> list[tuple[Job, OutputRecord]]:
        """The results not yet received (children's in turn), each with the job that made it;
        they are marked received unless `keep`."""
        if self.ChildJobs:
            out: list[tuple[Job, OutputRecord]] = []
            for child in self.ChildJobs:
                out.extend(child.receive(keep=keep))
            return out
        with self._lock:
            taken = self._results[self._received:]
            if not keep:
                self._received = len(self._results)
        return [(self, record) for record in taken]

    def _stream(self, name: str) -> list[Any]:
        if self.ChildJobs:
            return [v for child in self.ChildJobs for v in child._stream(name)]
        with self._lock:
            return [r.value for r in self._results if r.stream == name]

    @property
    def Output(self) -> list[Any]:
        return self._stream("output")

    @property
    def Error(self) -> list[Any]:
        return self._stream("error")

    @property
    def Warning(self) -> list[Any]:
        return self._stream("warning")

    @property
    def Verbose(self) -> list[Any]:
        return self._stream("verbose")

    @property
    def Debug(self) -> list[Any]:
        return self._stream("debug")

    @property
    def Information(self) -> list[Any]:
        return self._stream("information")

    @property
    def Progress(self) -> list[Any]:
        return self._stream("progress")

    # ------------------------------------------------------------ control
    def stop(self) -> None:
        """Stop the job (and its children)."""
        for child in self.ChildJobs:
            child.stop()
        if not self.ChildJobs and not self.is_finished:
            self.set_state(STOPPED)

    # ------------------------------------------------------------ text
    def ToString(self) -> str:
        return f"System.Management.Automation.{type(self).__name__}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}(Id={self.Id}, Name={self.Name!r}, State={self.State})"


register_type("Job", Job, "System.Management.Automation.Job", "System.Management.Automation.Job")
register_view(TableView(("System.Management.Automation.Job",), [
    ViewColumn("Id", width=6),
    ViewColumn("Name", width=15),
    ViewColumn("PSJobTypeName", width=15),
    ViewColumn("State", width=13),
    ViewColumn("HasMoreData", width=15),
    ViewColumn("Location", width=20),
    ViewColumn("Command"),
]))


def wait_for(jobs: list[Job], *, any_: bool = False, timeout: float | None = None,
             done: Callable[[Job], bool] | None = None, stopping: Callable[[], bool] | None = None) -> list[Job]:
    """Wait until all (or any) of the jobs are done (by `done`, default: finished); the jobs that
    are done when the wait ends (timeout, or `stopping()` becomes true: checked often)."""
    import time

    done = done or (lambda job: job.is_finished)
    deadline = None if timeout is None or timeout < 0 else time.monotonic() + timeout
    with CHANGED:
        while True:
            finished = [job for job in jobs if done(job)]
            if (any_ and finished) or len(finished) == len(jobs):
                return finished
            if stopping is not None and stopping():
                return finished
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                return finished
            CHANGED.wait(0.2 if remaining is None else min(0.2, remaining))
