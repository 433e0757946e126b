"""The host of a session's runspace: what would go to a terminal becomes output records.

Records are JSON-ready dicts with a stream name `s`:

    output       {"v": <serialized object>}
    error        {"v": <serialized ErrorRecord>}
    warning, verbose, debug, information   {"v": "<text>"}
    host         {"v": "<text>", "fg": colour|None, "bg": colour|None}   (Write-Host, Out-Host)
    progress     {"activity", "status", "percent", "completed"}
    end          {"state": Completed|Failed|Stopped, "error": <ErrorRecord>|None, "dropped": n}

The session adds `c` (the command id) and the buffer adds `seq`.
"""

from __future__ import annotations

import io
from typing import Any, Callable

from pshell.errors import ErrorCategory, ErrorRecord, PSError
from pshell.wire.serialize import serialize_error

Sink = Callable[[dict[str, Any]], None]


class RemoteHost:
    interactive = False
    is_terminal = False

    def __init__(self, sink: Sink, width: int = 120) -> None:
        self.sink = sink
        self.width = width
        self.before_write: Any = None

    def write(self, text: str, foreground: str | None = None, background: str | None = None) -> None:
        self.sink({"s": "host", "v": text, "fg": foreground, "bg": background})

    def write_line(self, text: str = "") -> None:
        self.write(text + "\n")

    def write_renderable(self, renderable: Any) -> None:
        from rich.console import Console

        buffer = io.StringIO()
        Console(file=buffer, width=self.width, color_system=None, force_terminal=False, highlight=False,
                emoji=False, markup=False, soft_wrap=True).print(renderable)
        self.write(buffer.getvalue())

    def write_error(self, record: ErrorRecord) -> None:
        self.sink({"s": "error", "v": serialize_error(record)})

    def write_warning(self, message: str) -> None:
        self.sink({"s": "warning", "v": str(message)})

    def write_verbose(self, message: str) -> None:
        self.sink({"s": "verbose", "v": str(message)})

    def write_debug(self, message: str) -> None:
        self.sink({"s": "debug", "v": str(message)})

    def write_information(self, message: str) -> None:
        self.sink({"s": "information", "v": str(message)})

    def write_progress(self, activity: str, status: str, percent: int, *, completed: bool) -> None:
        self.sink({"s": "progress", "activity": str(activity), "status": str(status), "percent": percent,
                   "completed": bool(completed)})

    def clear(self) -> None:
        pass

    def read_line(self, prompt: str = "") -> str:
        raise _no_interaction(prompt)

    def read_secret(self, prompt: str = "") -> str:
        raise _no_interaction(prompt)


def _no_interaction(prompt: str) -> PSError:
    return PSError(ErrorRecord(
        "A command that prompts the user failed because the host program or the command type does not support user "
        f"interaction. The host was attempting to request input with the following message: {prompt}",
        "HostFunctionNotImplemented", ErrorCategory.NotImplemented,
        exception_type="System.Management.Automation.Host.HostException"))
