"""The console host: where output, errors, warnings and prompts meet the terminal.

Colours on a terminal (errors red, warnings yellow, verbose and debug cyan); plain text on a
pipe or file. Errors go to stderr, everything else to stdout, as pwsh does.
"""

from __future__ import annotations

import getpass
import os
import shutil
import sys
from typing import Any, TextIO

from rich.console import Console as RichConsole
from rich.text import Text

from pshell.errors import ErrorRecord
from pshell.format.errors import render_error

_COLOURS = {
    "black": "black", "darkblue": "blue", "darkgreen": "green", "darkcyan": "cyan", "darkred": "red",
    "darkmagenta": "magenta", "darkyellow": "yellow", "gray": "white", "darkgray": "bright_black",
    "blue": "bright_blue", "green": "bright_green", "cyan": "bright_cyan", "red": "bright_red",
    "magenta": "bright_magenta", "yellow": "bright_yellow", "white": "bright_white",
}


class ConsoleHost:
    """Writes to real streams; reads lines for Read-Host and prompts."""

    def __init__(self, out: TextIO | None = None, err: TextIO | None = None, *, interactive: bool = False,
                 width: int | None = None) -> None:
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.interactive = interactive
        self.is_terminal = self.out.isatty() if hasattr(self.out, "isatty") else False
        self._fixed_width = width
        color = "auto" if self.is_terminal and not os.environ.get("NO_COLOR") else None
        self.console = RichConsole(file=self.out, color_system=color, force_terminal=self.is_terminal,
                                   highlight=False, soft_wrap=True, emoji=False, markup=False, legacy_windows=False)
        err_terminal = self.err.isatty() if hasattr(self.err, "isatty") else False
        self.err_console = RichConsole(file=self.err, color_system="auto" if err_terminal and not os.environ.get("NO_COLOR") else None,
                                       force_terminal=err_terminal, highlight=False, soft_wrap=True, emoji=False,
                                       markup=False, legacy_windows=False)
        self._progress: Any = None
        self.before_write: Any = None  # shows collected output before other writes (keeps order)
        self.before_wait: Any = None  # shows collected output before the command waits

    def _sync(self) -> None:
        """Let pending formatted output (a table being collected) go out first, to keep order."""
        hook, self.before_write = self.before_write, None
        try:
            if hook is not None:
                hook()
        finally:
            self.before_write = hook

    @property
    def width(self) -> int:
        if self._fixed_width:
            return self._fixed_width
        if self.is_terminal:
            try:
                return os.get_terminal_size(self.out.fileno()).columns
            except (OSError, ValueError, AttributeError):
                return shutil.get_terminal_size((120, 40)).columns
        env = os.environ.get("COLUMNS")
        return int(env) if env and env.isdigit() else 120

    # ------------------------------------------------------------ writing
    def write(self, text: str, foreground: str | None = None, background: str | None = None) -> None:
        style = None
        if self.is_terminal and (foreground or background):
            fg = _COLOURS.get((foreground or "").lower(), None)
            bg = _COLOURS.get((background or "").lower(), None)
            style = " ".join(filter(None, [fg, f"on {bg}" if bg else None])) or None
        self._sync()
        self._clear_progress()
        self.console.print(Text(text, style=style or ""), end="")
        self.out.flush()

    def write_line(self, text: str = "") -> None:
        self._clear_progress()
        if not self.is_terminal:  # plain text, as is: rich would expand tabs
            self.out.write(text + "\n")
            return
        self.console.print(Text(text), end="\n")

    def write_renderable(self, renderable: Any) -> None:
        self._clear_progress()
        self.console.print(renderable, end="\n", width=self.width)

    def write_error(self, record: ErrorRecord) -> None:
        self._sync()
        self.out.flush()
        self._clear_progress()
        text = render_error(record)
        self.err_console.print(Text(text, style="red" if self.err_console.is_terminal else ""), end="\n")
        self.err.flush()

    def write_warning(self, message: str) -> None:
        self._styled(f"WARNING: {message}", "yellow")

    def write_verbose(self, message: str) -> None:
        self._styled(f"VERBOSE: {message}", "cyan")

    def write_debug(self, message: str) -> None:
        self._styled(f"DEBUG: {message}", "cyan")

    def write_information(self, message: str) -> None:
        self.write_line(message)

    def _styled(self, text: str, style: str) -> None:
        self._sync()
        self._clear_progress()
        self.console.print(Text(text, style=style if self.is_terminal else ""), end="\n")

    def write_progress(self, activity: str, status: str, percent: int, *, completed: bool) -> None:
        if not self.is_terminal:
            return
        from pshell.format.progress import ProgressDisplay

        if self._progress is None:
            self._progress = ProgressDisplay(self.console)
        self._progress.update(activity, status, percent, completed=completed)
        if completed:
            self._clear_progress()

    def _clear_progress(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def clear(self) -> None:
        if self.is_terminal:
            self.console.clear()

    # ------------------------------------------------------------ reading
    def read_line(self, prompt: str = "") -> str:
        self._clear_progress()
        if prompt:
            self.write(prompt)
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        return line.rstrip("\n")

    def read_secret(self, prompt: str = "") -> str:
        if sys.stdin.isatty():
            return getpass.getpass(prompt)
        return self.read_line(prompt)
