"""The execution context of one runspace, and the per-command stream runtime."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from typing import TYPE_CHECKING, Any, Callable, Iterator

from pshell.cmdlets.base import COMMON_PARAMETERS
from pshell.engine.evaluator import Evaluator
from pshell.engine.flow import MISSING, PipelineStopped, ReturnFromBlock
from pshell.engine.scopes import PSVariable, SessionState
from pshell.engine.values import ScriptBlock, to_string
from pshell.errors import ErrorCategory, ErrorRecord, PSError, SourceSpan
from pshell.syntax import ast as A

if TYPE_CHECKING:
    from pshell.engine.pipeline import Processor

COMMON_NAMES = frozenset(COMMON_PARAMETERS) | {"WhatIf", "Confirm"}


class CommandRuntime:
    """Where one command's streams go: output downstream, errors by -ErrorAction, and so on."""

    def __init__(self, context: "ExecutionContext", processor: "Processor", name: str, common: dict[str, Any],
                 node: A.Node | None, *, id_command: str = "") -> None:
        self.context = context
        self.processor = processor
        self.name = name
        self.common = common
        self.node = node
        # a cmdlet's .NET class, which PowerShell puts in the FullyQualifiedErrorId of its errors
        self.id_command = id_command
        self._collecting: set[str] = set()  # -ErrorVariable/-WarningVariable names this command has written

    def _tag(self, record: ErrorRecord) -> None:
        if self.id_command and record.command_name == self.name:
            record.extra.setdefault("id_command", self.id_command)

    @property
    def expecting_input(self) -> bool:
        return self.processor.expecting_input

    @property
    def stopping(self) -> bool:
        return self.context.stopping

    @contextlib.contextmanager
    def active(self) -> Iterator[None]:
        """While a command runs, it is the one whose streams nested output uses."""
        self.context.runtimes.append(self)
        try:
            yield
        except PSError as exc:
            self._tag(exc.record)
            raise
        finally:
            self.context.runtimes.pop()

    def emit(self, obj: Any) -> None:
        self.processor.emit(obj)

    def _preference(self, common: str, variable: str, default: str) -> str:
        if common in self.common:
            return to_string(self.common[common])
        value = self.context.session.get(variable)
        return to_string(value) if value is not None else default

    def write_error(self, record: ErrorRecord) -> None:
        if self.name and record.command_name is None:
            record.command_name = self.name
        self._tag(record)
        if record.span is None and self.node is not None:
            record.span = self.context.evaluator.span_of(self.node)
        self.processor.had_error = True
        self.context.last_success = False
        action = self._preference("ErrorAction", "ErrorActionPreference", "Continue")
        variable = self.common.get("ErrorVariable")
        if variable:
            self._append_variable(to_string(variable), record)
        if action.lower() == "ignore":
            return
        self.context.record_error(record)
        if action.lower() == "stop":
            stop = PSError(record)
            record.extra["script_terminating"] = True
            raise stop
        if action.lower() == "silentlycontinue":
            return
        self.context.write_error_stream(record, self.processor)

    def _append_variable(self, name: str, value: Any) -> None:
        """-ErrorVariable / -WarningVariable: every record of this command (`+name`: added to
        what the variable already holds)."""
        add = name.startswith("+")
        name = name.lstrip("+")
        existing = self.context.session.get(name) if add or name.lower() in self._collecting else None
        self._collecting.add(name.lower())
        items = list(existing) if isinstance(existing, list) else []
        items.append(value)
        self.context.session.set(name, items)

    def write_warning(self, message: str) -> None:
        action = self._preference("WarningAction", "WarningPreference", "Continue").lower()
        variable = self.common.get("WarningVariable")
        if variable:
            self._append_variable(to_string(variable), message)
        if action in ("silentlycontinue", "ignore"):
            return
        self.context.write_stream("warning", message, self.processor)
        if action == "stop":
            raise PSError(ErrorRecord(f"The running command stopped because the preference variable \"WarningPreference\" "
                                      f"or common parameter is set to Stop: {message}", "ActionPreferenceStop",
                                      ErrorCategory.OperationStopped))

    def write_verbose(self, message: str) -> None:
        if self.common.get("Verbose") or self._preference("", "VerbosePreference", "SilentlyContinue").lower() == "continue":
            self.context.write_stream("verbose", message, self.processor)

    def write_debug(self, message: str) -> None:
        if self.common.get("Debug") or self._preference("", "DebugPreference", "SilentlyContinue").lower() == "continue":
            self.context.write_stream("debug", message, self.processor)

    def write_information(self, message: Any, tags: Any = ()) -> None:
        action = self._preference("InformationAction", "InformationPreference", "SilentlyContinue").lower()
        if "PSHOST" in [str(t).upper() for t in tags] and action not in ("ignore",) and "InformationAction" not in self.common:
            action = "continue"
        if action in ("continue", "inquire"):
            self.context.write_stream("information", to_string(message), self.processor)

    def write_host(self, text: str, *, foreground: str | None = None, background: str | None = None, newline: bool = True) -> None:
        action = self._preference("InformationAction", "InformationPreference", "Continue").lower()
        if "InformationAction" in self.common and action in ("silentlycontinue", "ignore"):
            return
        redirect = self.context.information_redirect(self.processor)
        if redirect is not None:
            redirect(text)
            return
        self.context.host.write(text + ("\n" if newline else ""), foreground, background)

    def write_progress(self, activity: str, status: str, percent: int, *, completed: bool, activity_id: int = 0) -> None:
        pref = to_string(self.context.session.get("ProgressPreference") or "Continue").lower()
        if pref in ("silentlycontinue", "ignore"):
            return
        self.context.host.write_progress(activity, status, percent, completed=completed)

    def should_process(self, target: str, action: str) -> bool:
        whatif = self.common.get("WhatIf")
        if whatif is None:
            whatif = bool(self.context.session.get("WhatIfPreference"))
        if whatif:
            self.context.host.write_line(f'What if: Performing the operation "{action}" on target "{target}".')
            return False
        if self.common.get("Confirm"):
            answer = self.context.host.read_line(
                f'Confirm\nAre you sure you want to perform this action?\nPerforming the operation "{action}" on target '
                f'"{target}".\n[Y] Yes  [N] No (default is "Y"): ')
            return answer.strip().lower() in ("", "y", "yes")
        return True


class ExecutionContext:
    """One runspace: scopes, location, host, and the evaluator that runs code in it."""

    def __init__(self, host: Any, *, interactive: bool = False) -> None:
        self.host = host
        self.interactive = interactive
        self.session = SessionState()
        self.evaluator = Evaluator(self)
        self.runtimes: list[CommandRuntime] = []
        self.files: list[str | None] = [None]
        self.last_success = True
        self._stop = threading.Event()
        self._location = os.getcwd()
        self._location_stack: list[str] = []
        self._previous_location: str | None = None
        self.history: list[Any] = []
        self.error_redirects: list[Callable[[ErrorRecord], None]] = []
        self._script_cache: dict[str, tuple[float, Any]] = {}
        from pshell.engine.automatic import install_automatic_variables

        install_automatic_variables(self)

    # ------------------------------------------------------------ variables
    def get_variable(self, name: str) -> Any:
        scope, _, bare = name.rpartition(":")
        return self.session.get(bare, scope)

    def set_variable(self, name: str, value: Any, scope: str = "local") -> None:
        prefix, _, bare = name.rpartition(":")
        self.session.set(bare, value, prefix or ("" if scope == "local" else scope))

    def remove_variable(self, name: str, scope: str = "local") -> bool:
        prefix, _, bare = name.rpartition(":")
        return self.session.remove(bare, prefix or ("" if scope == "local" else scope))

    def variables(self, scope: str | None = None) -> list[PSVariable]:
        return self.session.visible_variables()

    def get_variable_node(self, node: A.Variable) -> Any:
        name = node.name
        if node.scope == "using":
            return self.session.get(name)
        if name == "?" and not node.scope:
            return self.last_success
        var = self.session.lookup(name, node.scope)
        if var is None:
            return None
        return var.get()

    def set_variable_node(self, node: A.Variable, value: Any) -> None:
        self.session.set(node.name, value, node.scope)

    # ------------------------------------------------------------ running code
    def invoke_block(self, block: ScriptBlock, *, args: Any = (), input: Any = None, dollar_under: Any = MISSING,
                     new_scope: bool = True, variables: dict[str, Any] | None = None) -> list[Any]:
        """Run a script block and return its output (errors go to the current error stream)."""
        from pshell.engine.binder import PositionalArg
        from pshell.engine.functions import FunctionInfo
        from pshell.engine.pipeline import drive
        from pshell.engine.script_command import ScriptProcessor

        out: list[Any] = []
        if not new_scope and not block.body.param_block and block.body.process is None and block.body.begin is None:
            session = self.session
            saved = {n: session.lookup(n) for n in ("_", "PSItem")}
            previous = {n: (v.get() if v is not None else None) for n, v in saved.items()}
            if dollar_under is not MISSING:
                session.set("_", dollar_under)
                session.set("PSItem", dollar_under)
            try:
                self.evaluator.run_statements(block.body.end, out.append)
            except ReturnFromBlock:
                pass
            finally:
                if dollar_under is not MISSING:
                    for n, v in previous.items():
                        session.set(n, v)
            return out
        fn = FunctionInfo.from_scriptblock(block)
        proc = ScriptProcessor(self, None, fn, [PositionalArg(a) for a in args])
        if dollar_under is not MISSING and proc.scope is None:
            pass
        if variables or dollar_under is not MISSING:
            original = proc._enter_scope

            def enter() -> None:
                original()
                for k, v in (variables or {}).items():
                    self.session.define(k, v, scope=proc.scope)
                if dollar_under is not MISSING:
                    self.session.define("_", dollar_under, scope=proc.scope)
                    self.session.define("PSItem", dollar_under, scope=proc.scope)

            proc._enter_scope = enter  # type: ignore[method-assign]
        items = None if input is None else list(input) if not isinstance(input, list) else input
        if dollar_under is not MISSING and items is None and proc.has_process:
            items = [dollar_under]
        drive(self, [proc], out.append, items)
        return out

    def invoke_text(self, text: str) -> list[Any]:
        from pshell.syntax.parser import parse

        body = parse(text)
        out: list[Any] = []
        self.evaluator.run_statements(body.end, out.append)
        return out

    def load_script(self, path: str) -> Any:
        from pshell.engine.functions import FunctionInfo
        from pshell.syntax.parser import parse

        mtime = os.path.getmtime(path)
        cached = self._script_cache.get(path)
        if cached and cached[0] == mtime:
            return cached[1]
        with open(path, encoding="utf-8-sig") as f:
            text = f.read()
        body = parse(text, path)
        fn = FunctionInfo.from_scriptblock(ScriptBlock(body, text, path), os.path.basename(path))
        fn.CommandType = "ExternalScript"
        self._script_cache[path] = (mtime, fn)
        return fn

    @contextlib.contextmanager
    def running(self, file: str | None) -> Iterator[None]:
        self.files.append(file)
        try:
            yield
        finally:
            self.files.pop()

    @property
    def current_file(self) -> str | None:
        return self.files[-1]

    def span_at(self, start: int, length: int) -> SourceSpan | None:
        return None

    # ------------------------------------------------------------ errors and streams
    def record_error(self, record: ErrorRecord) -> None:
        errors = self.session.get("Error", "global")
        if isinstance(errors, list):
            if not errors or errors[0] is not record:
                errors.insert(0, record)
                del errors[256:]

    def report_statement_error(self, record: ErrorRecord, span: SourceSpan | None) -> None:
        """A statement-terminating error: shown, recorded, and the script goes on."""
        record.span = record.span or span
        self.last_success = False
        self.record_error(record)
        action = to_string(self.session.get("ErrorActionPreference") or "Continue").lower()
        if action == "stop":
            record.extra["script_terminating"] = True
            raise PSError(record)
        if action in ("silentlycontinue", "ignore"):
            return
        self.write_error_stream(record, None)

    def write_error_stream(self, record: ErrorRecord, processor: "Processor | None") -> None:
        if processor is not None and processor.redirections is not None and processor.redirections.take_error(record):
            return
        for runtime in reversed(self.runtimes):
            redirects = runtime.processor.redirections
            if redirects is not None and redirects.take_error(record):
                return
        self.host.write_error(record)

    def write_stream(self, stream: str, message: str, processor: "Processor | None") -> None:
        chain = ([processor] if processor is not None else []) + [r.processor for r in reversed(self.runtimes)]
        for proc in chain:
            if proc is not None and proc.redirections is not None and proc.redirections.take_stream(stream, message):
                return
        getattr(self.host, f"write_{stream}")(message)

    def information_redirect(self, processor: "Processor") -> Callable[[str], None] | None:
        chain = [processor] + [r.processor for r in reversed(self.runtimes)]
        for proc in chain:
            if proc.redirections is not None:
                target = proc.redirections.information_target()
                if target is not None:
                    return target
        return None

    def throw_error(self, value: Any, span: SourceSpan | None) -> PSError:
        """`throw x`: an ErrorRecord from a message, an object or a record."""
        if isinstance(value, ErrorRecord):
            record = value
        else:
            message = "ScriptHalted" if value is None else to_string(value)
            record = ErrorRecord(message, message if value is not None and isinstance(value, str) else "ScriptHalted",
                                 ErrorCategory.OperationStopped, target=value, span=span, thrown_object=value)
            record.extra["label"] = "Exception"
        record.span = record.span or span
        record.extra["script_terminating"] = True
        return PSError(record)

    # ------------------------------------------------------------ stopping (Ctrl+C)
    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def request_stop(self) -> None:
        self._stop.set()

    def reset_stop(self) -> None:
        self._stop.clear()

    def about_to_wait(self) -> None:
        """A command is about to wait (a sleep, a remote command's output): let the host show
        the output collected so far rather than hold it through the wait."""
        hook = getattr(self.host, "before_wait", None)
        if hook is not None:
            hook()

    @contextlib.contextmanager
    def stop_held(self) -> Iterator[None]:
        """Run something a stop must not cut short (a finally block); the stop goes on after it."""
        stopping = self._stop.is_set()
        self._stop.clear()
        try:
            yield
        finally:
            if stopping:
                self._stop.set()

    def check_stopping(self) -> None:
        if self._stop.is_set():
            raise PipelineStopped()

    # ------------------------------------------------------------ locations
    @property
    def location(self) -> str:
        return self._location

    def set_location(self, path: str) -> None:
        target = self.resolve_path(path)
        if not os.path.isdir(target):
            raise PSError(ErrorRecord(f"Cannot find path '{target}' because it does not exist.", "PathNotFound",
                                      ErrorCategory.ObjectNotFound, target=target,
                                      exception_type="System.Management.Automation.ItemNotFoundException"))
        self._previous_location = self._location
        self._location = os.path.normpath(target)
        try:
            os.chdir(self._location)
        except OSError:
            pass

    def resolve_path(self, path: str) -> str:
        path = to_string(path)
        if path.startswith("~"):
            path = os.path.expanduser(path)
        if not os.path.isabs(path):
            path = os.path.join(self._location, path)
        return os.path.normpath(path)

    # ------------------------------------------------------------ formatting
    def format_objects(self, objects: list[Any], *, width: int | None = None) -> str:
        from pshell.format.render import format_to_text

        return format_to_text(objects, width=width or self.host.width)

    def __repr__(self) -> str:
        return f"<ExecutionContext at {self._location}>"


def install_sigint(context: ExecutionContext) -> Callable[[], None]:
    """Make Ctrl+C stop the running pipeline; returns a function that restores the old handler."""
    previous = signal.getsignal(signal.SIGINT)

    def handler(signum: int, frame: Any) -> None:
        context.request_stop()
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, handler)
    return lambda: signal.signal(signal.SIGINT, previous)
