"""Input history kept in a file under the user's data directory."""

from __future__ import annotations

import os
from collections.abc import Iterable

from prompt_toolkit.history import FileHistory


def history_path() -> str:
    """`$XDG_DATA_HOME/pshell/history`, or `~/.local/share/pshell/history`."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.path.join(base, "pshell", "history")


class PShellHistory(FileHistory):
    """A FileHistory that creates its folder when it first saves, and never fails the prompt
    when the file cannot be written (read-only home, full disk)."""

    def store_string(self, string: str) -> None:
        try:
            os.makedirs(os.path.dirname(os.fspath(self.filename)) or ".", exist_ok=True)
            super().store_string(string)
        except OSError:
            pass

    def load_history_strings(self) -> Iterable[str]:
        try:
            yield from super().load_history_strings()
        except OSError:
            return


def create_history(path: str | None = None) -> PShellHistory:
    """The history for an interactive session (path defaults to `history_path()`)."""
    return PShellHistory(path or history_path())
