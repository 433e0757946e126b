"""Lines typed in a session entered with Enter-PSSession.

While a session is entered, the shell sends each line to it as a command and shows what
comes back: objects through the shell's own formatter (without PSComputerName, as
PowerShell shows them in an interactive session), everything else through the host. The
prompt becomes `[Computer]: PS /remote/dir> `.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from pshell.errors import ErrorRecord
from pshell.remoting.client import client_sessions
from pshell.remoting.errors import HostError
from pshell.remoting.receiving import Target, lost_error, receive_output

if TYPE_CHECKING:
    from pshell.engine.runtime import ExecutionContext
    from pshell.remoting.pssession import PSSession

EXIT_WORDS = ("exit", "exit-pssession", "exsn")


class LineRuntime:
    """The streams of one line run in an entered session: output to the shell, the rest to the host."""

    processor = None

    def __init__(self, context: "ExecutionContext", emit: Callable[[Any], None]) -> None:
        self.context = context
        self.emit = emit
        self.failed = False

    def write_error(self, record: ErrorRecord) -> None:
        self.failed = True
        self.context.record_error(record)
        self.context.host.write_error(record)

    def write_warning(self, message: str) -> None:
        self.context.host.write_warning(message)

    def write_host(self, text: str, *, foreground: str | None = None, background: str | None = None,
                   newline: bool = True) -> None:
        self.context.host.write(text + ("\n" if newline else ""), foreground, background)

    def write_progress(self, activity: str, status: str, percent: int, *, completed: bool) -> None:
        self.context.host.write_progress(activity, status, percent, completed=completed)


def entered_session(context: "ExecutionContext") -> "PSSession | None":
    sessions = getattr(context, "remoting", None)
    return None if sessions is None else sessions.entered


def prompt_for(session: "PSSession") -> str:
    return f"[{session.ComputerName}]: PS {session.location}> "


def run_line(context: "ExecutionContext", session: "PSSession", text: str, emit: Callable[[Any], None]) -> bool:
    """Run a line in the entered session; False if it failed. A session that is lost is exited."""
    client = client_sessions(context)
    runtime = LineRuntime(context, emit)
    try:
        conn = client.connection(session.computer)
        stream = conn.output(session.InstanceId)
        width = getattr(context.host, "width", None)
        command = conn.invoke(session.InstanceId, text, width=width if isinstance(width, int) else None)
    except HostError as exc:
        runtime.write_error(exc.record)
        _leave_if_gone(client, session)
        return False

    def stop(target: Target) -> None:
        try:
            conn.stop(session.InstanceId, wait=0)
        except HostError:
            pass

    def lost(target: Target, exc: HostError) -> None:
        runtime.write_error(lost_error(session, exc))  # type: ignore[arg-type]

    target = Target(session, stream, command)
    receive_output(runtime, [target], hide_computer_name=True, stop=stop, on_lost=lost)  # type: ignore[arg-type]
    try:
        session.update(conn.get_session(session.InstanceId))
    except HostError:
        _leave_if_gone(client, session)
    return not runtime.failed and target.state == "Completed"


def _leave_if_gone(client: Any, session: "PSSession") -> None:
    if session.State != "Opened" or client.existing_connection(session.computer) is None:
        exit_session(client, session)


def exit_session(client: Any, session: "PSSession") -> None:
    """Leave the entered session; one Enter-PSSession made for itself (-ComputerName) is removed."""
    session.entered = False
    client.entered = None
    if session.temporary:
        client.forget(session)
        conn = client.existing_connection(session.computer)
        if conn is not None:
            try:
                conn.remove(session.InstanceId)
            except HostError:
                pass
        session.mark("Closed")
