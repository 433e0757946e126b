"""Process groups: a native program run by a session host, and a background job's worker,
each lead their own group, so that stopping them reaches every process they started."""

from __future__ import annotations

import os


def signal_group(pgid: int, sig: int) -> None:
    """Send the signal to the group; one that has gone, or that we may not signal, is left alone."""
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def group_alive(pgid: int) -> bool:
    """Whether any process of the group is left (one we may not signal counts as alive)."""
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
