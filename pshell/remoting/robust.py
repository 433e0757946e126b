"""Robust sessions, client side: connecting again after the network dropped a connection.

While a command runs, a lost connection does not lose the command: it goes on in the session
host, which keeps its output. The client tries to connect again for a while (PowerShell's four
minutes, or -MaxConnectionRetryCount attempts of the session option), showing a progress bar;
once connected it receives the session again and carries on where it was.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from pshell.engine.members import get_property
from pshell.errors import PSError
from pshell.remoting.errors import HostError

if TYPE_CHECKING:
    from pshell.remoting.receiving import Target

RETRY_SECONDS = 2.0
WINDOW_SECONDS = 240.0  # PowerShell's default: four minutes
ACTIVITY = "Network connection interrupted"


def attempts_allowed(cmdlet: Any) -> int:
    """How many times to try: the session option's MaxConnectionRetryCount when it was set
    (New-PSSessionOption -MaxConnectionRetryCount), else as many as fit in four minutes."""
    option = cmdlet.bound.get("SessionOption") or cmdlet.context.get_variable("PSSessionOption")
    if option is not None and getattr(option, "retries_given", True):
        count = get_property(option, "MaxConnectionRetryCount")
        if isinstance(count, int) and count >= 0:
            return count
    return int(WINDOW_SECONDS / RETRY_SECONDS)


def reconnect(cmdlet: Any, target: "Target") -> bool:
    """Connect the target's session again and point the target at its new output stream;
    False if the window passed (or the session is gone, or the user stopped)."""
    session, computer = target.session, target.session.computer
    attempts = attempts_allowed(cmdlet)
    if attempts <= 0:
        return False
    minutes = max(1, round(attempts * RETRY_SECONDS / 60))
    cmdlet.write_warning(f"The network connection to {computer.name} has been interrupted. Attempting to reconnect "
                         f"for up to {minutes} minutes...")
    try:
        for attempt in range(attempts):
            if cmdlet.stopping:
                return False
            cmdlet.write_progress(ACTIVITY, f"Attempting to reconnect to {computer.name} ...",
                                  int(100 * attempt / attempts))
            try:
                conn = cmdlet.client.connection(computer)
                info = conn.receive(session.InstanceId)
            except HostError as exc:
                if exc.error_id == "SessionNotFound":
                    return False
            except PSError:
                pass
            else:
                session.update(info)
                target.stream = conn.output(session.InstanceId)
                cmdlet.write_warning(f"The network connection to {computer.name} has been restored.")
                return True
            _pause(cmdlet, RETRY_SECONDS)
        return False
    finally:
        cmdlet.write_progress(ACTIVITY, "", 100, completed=True)


def _pause(cmdlet: Any, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not cmdlet.stopping:
        time.sleep(0.1)
