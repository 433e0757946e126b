"""Remote jobs: a command running in a session, whose output the job collects.

A `RemoteJob` (PSJobTypeName RemoteJob) has one `RemoteChildJob` per session. A child job
reads its session's output stream on a thread of its own until the end record of its
command and keeps every record for Receive-Job. When the session is disconnected (by
Disconnect-PSSession, or because the connection is lost) the child becomes Disconnected:
the command goes on in the session host, and its output waits there. Connecting the session
again (Connect-PSSession, Receive-PSSession) attaches the child once more and it carries on.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from pshell.errors import ErrorCategory, ErrorRecord
from pshell.jobs.job import COMPLETED, DISCONNECTED, FAILED, RUNNING, STOPPED, Job
from pshell.remoting.errors import ConnectionLost, HostError

if TYPE_CHECKING:
    from pshell.remoting.connection import HostConnection
    from pshell.remoting.pssession import PSSession

END_STATES = {"Completed": COMPLETED, "Failed": FAILED, "Stopped": STOPPED}


class RemoteJob(Job):
    """A command run in one or more sessions as a job."""

    PS_TYPE_NAMES = ("System.Management.Automation.PSRemotingJob", "System.Management.Automation.Job",
                     "System.Object")
    type_name = "RemoteJob"


class RemoteChildJob(Job):
    """The part of a remote job that runs in one session."""

    PS_TYPE_NAMES = ("System.Management.Automation.PSRemotingChildJob", "System.Management.Automation.Job",
                     "System.Object")

    def __init__(self, job_id: int, session: "PSSession", command: str, command_id: int | None) -> None:
        super().__init__(job_id, f"Job{job_id}", command, session.ComputerName)
        self.session = session
        self.command_id = command_id
        self.remove_session_when_done = False  # a temporary session (Invoke-Command -ComputerName -AsJob)
        self.client: Any = None  # the ClientSessions that can connect the session again
        self._conn: "HostConnection | None" = None
        self._reader: threading.Thread | None = None
        self._detached = threading.Event()

    @property
    def HasMoreData(self) -> bool:
        """True while disconnected: the rest of the command's output waits on the computer."""
        return super().HasMoreData or (self._frozen is None and self.State == DISCONNECTED)

    # ------------------------------------------------------------ following the session
    def attach(self, conn: "HostConnection") -> None:
        """Collect the command's output from this connection (the session streams to it)."""
        self._conn = conn
        self._detached.clear()
        self.session.job = self
        self.set_state(RUNNING)
        self._reader = threading.Thread(target=self._read, args=(conn,), name=f"job-{self.Id}", daemon=True)
        self._reader.start()

    def resume(self, conn: "HostConnection", info: dict[str, Any]) -> None:
        """The session is connected here again (`info`: the host's answer to receive): carry on
        collecting, or finish if the command ended and its output went to another client."""
        command = info.get("command") or {}
        if command.get("id") != self.command_id:
            self._ended(COMPLETED, None)
            return
        waiting = int(info.get("undelivered") or 0) or conn.output(self.session.InstanceId).waiting
        if command.get("state") != "Running" and not waiting:
            self._ended(str(command.get("state") or COMPLETED), None)
            return
        self.attach(conn)

    def session_gone(self, reason: str) -> None:
        """The session no longer exists on its computer: the job cannot finish."""
        self._detached.set()
        if not self.is_finished:
            self.set_state(FAILED, ErrorRecord(reason, "PSSessionStateBroken", ErrorCategory.OpenError,
                                               target=self.session))

    def detach(self) -> None:
        """The session was disconnected: the command runs on without us. A temporary session
        (Invoke-Command -ComputerName -AsJob) becomes one of the client's sessions, so that
        Get-PSSession and Receive-PSSession can find it and the job again."""
        self._detached.set()
        if self.remove_session_when_done and self.client is not None and not self.is_finished:
            self.remove_session_when_done = False
            self.session.Id = self.client.take_id()
            self.client.add(self.session)
        if not self.is_finished:
            self.set_state(DISCONNECTED)

    def _read(self, conn: "HostConnection") -> None:
        stream = conn.output(self.session.InstanceId)
        while not self._detached.is_set():
            try:
                record = stream.get(timeout=0.25)
            except ConnectionLost:
                self.detach()
                return
            if record is None:
                continue
            if record.stream == "end" and (self.command_id is None or record.command == self.command_id):
                self._ended(str(record.value), record.error)
                return
            if record.stream != "end":
                self.add(record)

    def _ended(self, state: str, error: ErrorRecord | None) -> None:
        self.session.job = None
        self.session.update(dict(self.session.info, availability="Available", command=None))
        final = END_STATES.get(state, COMPLETED)
        self.set_state(final, error if final == FAILED else None)
        if self.remove_session_when_done and self._conn is not None:
            try:
                self._conn.remove(self.session.InstanceId)
            except HostError:
                pass

    # ------------------------------------------------------------ control
    def stop(self) -> None:
        """Stop the command in its session (connecting the session again first if it is disconnected)."""
        if self.is_finished:
            return
        try:
            conn = self._conn
            if self.State == DISCONNECTED or conn is None or conn.closed.is_set():
                conn = self.client.connection(self.session.computer)
                self.session.update(conn.connect_session(self.session.InstanceId))
                self.client.add(self.session)
                self._conn = conn
            conn.stop(self.session.InstanceId, wait=5)
        except Exception:  # noqa: BLE001 - HostError, or PSError when the computer is out of reach
            pass
        if self._reader is not None and self._reader is not threading.current_thread():
            self._reader.join(5)  # it reads the command's end record (Stopped)
        self._detached.set()
        self.session.job = None
        if not self.is_finished:
            self.set_state(STOPPED)
        try:
            if self._conn is not None:
                self.session.update(self._conn.get_session(self.session.InstanceId))
        except Exception:  # noqa: BLE001 - best effort: the session as the host now sees it
            pass


def job_failed_to_start(session: "PSSession", message: str) -> ErrorRecord:
    return ErrorRecord(f"[{session.ComputerName}] {message}", "RemoteJobStartFailed", ErrorCategory.InvalidOperation,
                       target=session)


def child_for(session: Any) -> RemoteChildJob | None:
    """The unfinished child job that follows the session's command, if any."""
    job = getattr(session, "job", None)
    return job if isinstance(job, RemoteChildJob) and not job.is_finished else None
