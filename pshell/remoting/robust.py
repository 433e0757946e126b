"""Robust sessions, client side: connecting again after the network dropped a connection.

While a command runs, a lost connection does not lose the command: it goes on in the session
host, which keeps its output. The client tries to connect again for a while (PowerShell's four
minutes, or -MaxConnectionRetryCount attempts of the session option), showing a progress bar
between "The network connection to web01 has been interrupted..." and "... has been
restored."; once connected it receives the session again and carries on where it was, nothing
lost and nothing twice (`reconnect`: Invoke-Command and Receive-PSSession). When it cannot,
where the output stopped is kept: Receive-PSSession and Connect-PSSession go on from there
later (`output_stream`).

A session that was idle when its connection went is connected again when it is next used
(`reconnect_idle`: Invoke-Command -Session): at once and without a word when the computer
answers, else with the same warnings and tries.

Only connections over SSH are made again: a lost connection to this computer's own session
host means that it stopped, or gave this client up.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pshell.engine.members import get_property
from pshell.errors import ErrorRecord, PSError
from pshell.remoting.errors import HostError
from pshell.remoting.pssession import DISCONNECTED, NONE

if TYPE_CHECKING:
    from pshell.remoting.output import OutputStream
    from pshell.remoting.pssession import PSSession
    from pshell.remoting.receiving import Target

RETRY_SECONDS = 2.0
WINDOW_SECONDS = 240.0  # PowerShell's default: four minutes
ACTIVITY = "Network connection interrupted"
# The session host's answers that mean "the connection went again": worth another try.
RETRYABLE = frozenset({"ConnectionLost", "OperationTimeout", "HandshakeFailed"})
# Where each session's output stood when its connection was lost for good: the stream whose
# last record the next receiving of the session goes on after.
_LEFT_OFF: weakref.WeakKeyDictionary[PSSession, OutputStream] = weakref.WeakKeyDictionary()


@dataclass
class _Outcome:
    """How connecting again ended: connected (conn and the host's answer about the session),
    or not, with the last reason (the computer out of reach, or the session host's refusal)."""

    conn: Any = None
    info: dict[str, Any] | None = None
    unreachable: ErrorRecord | None = None
    refused: HostError | None = None

    @property
    def connected(self) -> bool:
        return self.conn is not None


def attempts_allowed(cmdlet: Any, session: PSSession | None = None) -> int:
    """How many times to try: the MaxConnectionRetryCount of the session option the session was
    made with, else of the command's (-SessionOption, else $PSSessionOption), when it was set
    (New-PSSessionOption -MaxConnectionRetryCount); else as many as fit in four minutes."""
    options = [getattr(session, "session_option", None), cmdlet.bound.get("SessionOption"),
               cmdlet.context.get_variable("PSSessionOption")]
    for option in options:
        if option is not None and getattr(option, "retries_given", True):
            count = get_property(option, "MaxConnectionRetryCount")
            if isinstance(count, int) and count >= 0:
                return count
    return int(WINDOW_SECONDS / RETRY_SECONDS)


def reconnect(cmdlet: Any, target: Target) -> bool:
    """The connection was lost while the target's command ran: connect its session again and
    point the target at the new connection's output stream, which goes on after the last
    record the old one brought. False if the tries ran out (or the session is gone, another
    client took it, or the user stopped)."""
    session, previous = target.session, target.stream
    _LEFT_OFF[session] = previous
    if session.computer.is_local:
        return False

    def receive(conn: Any) -> dict[str, Any]:
        output_stream(conn, session)
        return conn.receive(session.InstanceId)

    outcome = _connect_again(cmdlet, session, receive, announce=True)
    if not outcome.connected:
        return False
    session.update(outcome.info or {})
    target.stream = outcome.conn.output(session.InstanceId)
    return True


def output_stream(conn: Any, session: PSSession) -> OutputStream:
    """The session's output stream on conn, ready to receive the session (ask for it before
    the receive request): after a connection was lost, it goes on after the last record this
    client took, as the session host sends again every record it had no acknowledgement for."""
    stream: OutputStream = conn.output(session.InstanceId)
    previous = _LEFT_OFF.get(session)
    if previous is not None and previous is not stream:
        stream.continue_from(previous)
    return stream


def dropped_while_idle(session: PSSession) -> bool:
    """The session was connected here, with no command running, when its connection was lost:
    this client marked it Disconnected (the session host starts the idle clock of a session
    it disconnects, so DisconnectedOn is empty only here), and no job waits to collect a
    command of it."""
    from pshell.jobs.remote import child_for

    return (not session.computer.is_local and session.State == DISCONNECTED and session.Availability == NONE
            and not session.info.get("disconnected_on") and not session.running_command
            and child_for(session) is None)


def reconnect_idle(cmdlet: Any, session: PSSession) -> bool:
    """Connect again a session that `dropped_while_idle`: once at once, quietly; if the computer
    does not answer, tries as for a running command. False, with the reason written as an
    error of the cmdlet, if it cannot be connected."""
    outcome = _connect_again(cmdlet, session, lambda conn: conn.connect_session(session.InstanceId), announce=False)
    if outcome.connected:
        session.update(outcome.info or {})
        return True
    if outcome.refused is not None:
        cmdlet.host_failure(session, outcome.refused)
    elif outcome.unreachable is not None:
        cmdlet.write_error(cmdlet.error_record(outcome.unreachable))
    return False


# ---------------------------------------------------------------- trying
def _connect_again(cmdlet: Any, session: PSSession, claim: Callable[[Any], dict[str, Any]], *,
                   announce: bool) -> _Outcome:
    """Try to connect the session again, every RETRY_SECONDS, as many times as allowed.
    `announce`: warn at once (a command was running); else one quiet try comes first and the
    warnings only if it fails. `claim(conn)` asks the session host for the session."""
    attempts = attempts_allowed(cmdlet, session)
    outcome = _Outcome()
    if not announce:
        outcome = _attempt(cmdlet, session, claim)
        if outcome.connected or outcome.refused is not None:
            return outcome
    if attempts <= 0:
        return outcome
    name = session.computer.name
    minutes = max(1, round(attempts * RETRY_SECONDS / 60))
    cmdlet.write_warning(f"The network connection to {name} has been interrupted. Attempting to reconnect for up "
                         f"to {minutes} minute{'s' if minutes != 1 else ''}...")
    try:
        for attempt in range(attempts):
            if attempt > 0 or not announce:
                _pause(cmdlet, RETRY_SECONDS)
            if cmdlet.stopping:
                break
            cmdlet.write_progress(ACTIVITY, f"Attempting to reconnect to {name} ...", int(100 * attempt / attempts))
            outcome = _attempt(cmdlet, session, claim)
            if outcome.connected:
                cmdlet.write_warning(f"The network connection to {name} has been restored.")
                return outcome
            if outcome.refused is not None:
                return outcome
        return outcome
    finally:
        cmdlet.write_progress(ACTIVITY, "", 100, completed=True)


def _attempt(cmdlet: Any, session: PSSession, claim: Callable[[Any], dict[str, Any]]) -> _Outcome:
    """One try: a connection to the computer's session host (a new one if the old is gone),
    and the session claimed on it."""
    try:
        conn = cmdlet.client.connection(session.computer)
        return _Outcome(conn=conn, info=claim(conn))
    except HostError as exc:
        if exc.error_id in RETRYABLE:
            return _Outcome(unreachable=exc.record)
        return _Outcome(refused=exc)
    except PSError as exc:  # the computer cannot be reached
        return _Outcome(unreachable=exc.record)


def _pause(cmdlet: Any, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not cmdlet.stopping:
        time.sleep(0.1)
