"""The interactive loop: read a (possibly multi-line) input, run it, repeat until `exit`."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import threading

from prompt_toolkit import PromptSession
from prompt_toolkit.formatted_text import ANSI

from pshell.repl.completer import PShellCompleter
from pshell.repl.history import create_history
from pshell.repl.key_bindings import create_key_bindings
from pshell.repl.lexer import PShellLexer
from pshell.repl.multiline import continuation_prompt
from pshell.repl.style import pshell_style
from pshell.shell import Shell


def create_session(shell: Shell, *, history_file: str | None = None) -> PromptSession[str]:
    """A prompt_toolkit session wired to the shell: colours, Tab, multi-line input, history."""
    return PromptSession(
        multiline=True,
        lexer=PShellLexer(),
        completer=PShellCompleter(shell.context),
        complete_while_typing=False,
        complete_in_thread=False,
        history=create_history(history_file),
        key_bindings=create_key_bindings(),
        prompt_continuation=continuation_prompt,
        style=pshell_style(),
        include_default_pygments_style=False,
        search_ignore_case=True,
        reserve_space_for_menu=6,
    )


def prompt_text(shell: Shell) -> str:
    """The shell's prompt (a user `prompt` function may fail or be interrupted)."""
    try:
        return shell.prompt()
    except (Exception, KeyboardInterrupt):  # noqa: BLE001 - always show some prompt
        return f"PS {shell.context.location}> "


def warm_up() -> None:
    """Load the cmdlets now, and build the parser in the background while the first line is
    typed, so that the first Enter does not wait most of a second for it. (Cmdlet modules are
    imported here, not in the thread: a half-filled registry must never be visible.)"""
    from pshell.cmdlets.base import all_cmdlets
    from pshell.syntax.parser import is_incomplete

    with contextlib.suppress(Exception):  # the engine reports a broken cmdlet module when it is used
        all_cmdlets()

    def build_parser() -> None:
        with contextlib.suppress(Exception):  # only an optimisation
            is_incomplete("1")

    threading.Thread(target=build_parser, name="pshell-warm-up", daemon=True).start()


def start_on_fresh_line() -> None:
    """Move to a new line if output left the cursor mid-line (`Write-Host -NoNewline x`), so the
    prompt does not overwrite it: a line's width of blanks wraps only when not at column 0."""
    if not sys.stdout.isatty():
        return
    try:
        columns = os.get_terminal_size(sys.stdout.fileno()).columns  # the terminal's, not $COLUMNS
    except (OSError, ValueError):
        columns = shutil.get_terminal_size((80, 24)).columns
    sys.stdout.write("\x1b[0m" + " " * columns + "\r")
    sys.stdout.flush()


def load_profile(shell: Shell, path: str) -> None:
    """Run the profile in the global scope, as if dot-sourced; errors are shown, not fatal."""
    try:
        with open(path, encoding="utf-8-sig") as f:
            text = f.read()
    except OSError as exc:
        shell.host.write_line(f"pshell: cannot read profile '{path}': {exc.strerror}")
        return
    try:
        shell.execute(text, file=os.path.abspath(path))
    except KeyboardInterrupt:
        shell.host.write_line("")


def run_repl(*, no_profile: bool, debug: bool, profile: str) -> int:
    """Run the interactive shell; returns the exit code (`exit N`, or 0 on Ctrl+D)."""
    shell = Shell(interactive=True, debug=debug)
    try:
        return _loop(shell, no_profile=no_profile, profile=profile)
    finally:
        shell.close()


def _loop(shell: Shell, *, no_profile: bool, profile: str) -> int:
    if not no_profile and profile and os.path.isfile(profile):
        load_profile(shell, profile)
        if shell.exit_code is not None:
            return shell.exit_code
    warm_up()
    session = create_session(shell)
    while True:
        start_on_fresh_line()
        try:
            text = session.prompt(ANSI(prompt_text(shell)))
        except KeyboardInterrupt:
            continue  # Ctrl+C at the prompt abandons the line
        except EOFError:
            return 0
        if not text.strip():
            continue
        try:
            shell.execute(text, add_to_history=True)
        except KeyboardInterrupt:  # Ctrl+C just outside the engine's own handler
            shell.host.write_line("")
        if shell.exit_code is not None:
            return shell.exit_code
