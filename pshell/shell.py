"""Shell: the one entry point that REPL, script files, -Command and tests use to run code."""

from __future__ import annotations

import datetime as _dt
import os
import sys
import traceback
from typing import Any, Sequence

from pshell.console import ConsoleHost
from pshell.engine.flow import BreakLoop, ContinueLoop, ExitScript, PipelineStopped, ReturnFromBlock
from pshell.engine.runtime import ExecutionContext
from pshell.errors import ErrorCategory, ErrorRecord, ParseError, PSError
from pshell.format.out_default import OutDefault
from pshell.remoting.interactive import entered_session
from pshell.syntax.parser import parse


class Shell:
    """A runspace with a console host; runs text and files and reports errors as PowerShell does."""

    def __init__(self, host: Any = None, *, interactive: bool = False, debug: bool = False) -> None:
        self.host = host or ConsoleHost(interactive=interactive)
        self.context = ExecutionContext(self.host, interactive=interactive)
        self.context.host_passthrough = interactive and getattr(self.host, "is_terminal", False)
        self.out = OutDefault(self.host)
        if hasattr(self.host, "before_write"):
            self.host.before_write = self.out.flush
            self.host.before_wait = self.out.flush_early
        self.debug = debug
        self.exit_code: int | None = None

    # ------------------------------------------------------------ running
    def execute(self, text: str, *, file: str | None = None, add_to_history: bool = False) -> bool:
        """Run script text; returns False if it failed (parse error or terminating error).
        `exit` sets self.exit_code."""
        started = _dt.datetime.now()
        entered = entered_session(self.context)
        if entered is not None and file is None:
            ok = self._guard(lambda: self._run_entered(entered, text))
            if add_to_history and text.strip():
                from pshell.cmdlets.history import HistoryInfo

                self.context.history.append(HistoryInfo(len(self.context.history) + 1, text.strip(),
                                                        "Completed" if ok else "Failed", StartExecutionTime=started,
                                                        EndExecutionTime=_dt.datetime.now()))
            return ok
        try:
            body = parse(text, file)
        except ParseError as err:
            self.context.last_success = False
            self.context.record_error(err.record)
            self.host.write_error(err.record)
            ok = False
        else:
            ok = self._guard(lambda: self._run_body(body, file))
        if add_to_history and text.strip():
            from pshell.cmdlets.history import HistoryInfo

            status = "Completed" if ok and self.context.last_success else "Failed"
            self.context.history.append(HistoryInfo(len(self.context.history) + 1, text.strip(), status,
                                                    StartExecutionTime=started, EndExecutionTime=_dt.datetime.now()))
        return ok

    def _run_entered(self, session: Any, text: str) -> None:
        """A line typed while a session is entered runs there (`exit` comes back)."""
        from pshell.remoting.client import client_sessions
        from pshell.remoting.interactive import EXIT_WORDS, exit_session, run_line

        if text.strip().lower() in EXIT_WORDS:
            exit_session(client_sessions(self.context), session)
            return
        try:
            self.context.last_success = run_line(self.context, session, text, self.out.push)
        finally:
            self.out.flush()

    def close(self) -> None:
        """The client is exiting: sessions running a command stay, Disconnected; idle ones are removed."""
        sessions = getattr(self.context, "remoting", None)
        if sessions is not None:
            try:
                sessions.close()
            except Exception:  # noqa: BLE001 - exiting must not fail
                if self.debug:
                    traceback.print_exc(file=sys.stderr)

    def _run_body(self, body: Any, file: str | None) -> None:
        ev = self.context.evaluator
        with self.context.running(file):
            for block in (body.begin, body.process, body.end):
                if block is None:
                    continue
                for stmt in block.statements:
                    try:
                        ev.run_statement(stmt, self.out.push)
                    finally:
                        self.out.flush()

    def run_file(self, path: str, args: Sequence[str] = ()) -> int:
        """Run a .ps1 file as `pshell file.ps1 args`; returns the exit code."""
        from pshell.engine.binder import NamedArg, PositionalArg
        from pshell.engine.pipeline import drive
        from pshell.engine.script_command import ScriptProcessor

        full = os.path.abspath(path)
        try:
            fn = self.context.load_script(full)
        except ParseError as err:
            self.host.write_error(err.record)
            return 1
        except OSError:
            self.host.write_error(ErrorRecord(
                f"The argument '{path}' is not recognized as the name of a script file. Check the spelling of the name, "
                "or if a path was included, verify that the path is correct and try again.", "FileNotFound",
                ErrorCategory.ObjectNotFound))
            return 64
        raw: list[Any] = []
        for a in args:
            if a.startswith("-") and len(a) > 1 and not a[1].isdigit():
                name, sep, value = a[1:].partition(":")
                raw.append(NamedArg(name, value if sep else NamedArg.__dataclass_fields__["value"].default, a))
            else:
                raw.append(PositionalArg(a))

        def run() -> None:
            proc = ScriptProcessor(self.context, None, fn, raw, script_path=full)
            try:
                drive(self.context, [proc], self.out.push)
            finally:
                self.out.flush()

        ok = self._guard(run)
        if self.exit_code is not None:
            return self.exit_code
        return 0 if ok else 1

    def _guard(self, action: Any) -> bool:
        from pshell.engine.runtime import install_sigint

        restore = install_sigint(self.context) if self.context.interactive else None
        try:
            action()
            return True
        except ExitScript as exc:
            self.exit_code = exc.code
            return True
        except (PipelineStopped, KeyboardInterrupt):
            self.out.pending = []
            self.context.reset_stop()
            if self.context.interactive:
                self.host.write_line("")
            return False
        except PSError as exc:
            self.context.record_error(exc.record)
            self.host.write_error(exc.record)
            self.context.last_success = False
            return False
        except (BreakLoop, ContinueLoop, ReturnFromBlock):
            return True
        except RecursionError:
            self.host.write_error(ErrorRecord("The script failed due to call depth overflow.", "CallDepthOverflow",
                                              ErrorCategory.InvalidOperation))
            return False
        except Exception as exc:  # noqa: BLE001 - last line of defence: no traceback for users
            record = ErrorRecord(f"Internal error: {type(exc).__name__}: {exc}", "InternalError", ErrorCategory.NotSpecified)
            self.host.write_error(record)
            if self.debug:
                traceback.print_exc(file=sys.stderr)
            return False
        finally:
            self.out.flush()
            self.context.reset_stop()
            if restore is not None:
                restore()

    # ------------------------------------------------------------ prompt
    def prompt(self) -> str:
        entered = entered_session(self.context)
        if entered is not None:
            from pshell.remoting.interactive import prompt_for

            return prompt_for(entered)
        fn = self.context.session.get_function("prompt")
        if fn is not None:
            try:
                out = self.context.invoke_block(fn.ScriptBlock)
                from pshell.engine.values import to_string

                return "".join(to_string(o) for o in out)
            except PSError:
                pass
        return f"PS {self.context.location}> "
