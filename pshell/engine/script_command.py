"""Running a function, filter, script block or script file as a pipeline command."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pshell.cmdlets.base import COMMON_PARAMETERS, StopUpstream
from pshell.engine.binder import (
    BindingError,
    RawArg,
    bind_arguments,
    bind_pipeline_object,
    convert_argument,
    missing_mandatory,
    missing_mandatory_error,
)
from pshell.engine.flow import ReturnFromBlock
from pshell.engine.functions import FunctionInfo
from pshell.engine.pipeline import Processor
from pshell.engine.runtime import COMMON_NAMES, CommandRuntime
from pshell.engine.types import SwitchParameter
from pshell.engine.values import Hashtable, to_bool
from pshell.errors import ErrorCategory, ErrorRecord, PSError
from pshell.syntax import ast as A

if TYPE_CHECKING:
    from pshell.engine.runtime import ExecutionContext

_PREFERENCE_OF = {
    "ErrorAction": "ErrorActionPreference",
    "WarningAction": "WarningPreference",
    "InformationAction": "InformationPreference",
}


class ScriptProcessor(Processor):
    """A command written in PowerShell: begin/process/end blocks in its own scope."""

    def __init__(self, context: "ExecutionContext", node: A.Node | None, fn: FunctionInfo, args: list[RawArg], *,
                 dot_source: bool = False, script_path: str | None = None) -> None:
        super().__init__(context, node)
        self.fn = fn
        self.dot_source = dot_source
        self.script_path = script_path
        params = dict(fn.params)
        if fn.advanced:
            for name, p in COMMON_PARAMETERS.items():
                params.setdefault(name, p)
        try:
            self.state = bind_arguments(fn.name or "<ScriptBlock>", params, args, default_set=fn.default_set,
                                        allow_unbound=not fn.advanced, normalize_choices=False)
        except BindingError as exc:
            exc.record.span = exc.record.span or context.evaluator.span_of(node)
            raise
        self.runtime = CommandRuntime(context, self, fn.name, {k: v for k, v in self.state.bound.items() if k in COMMON_NAMES}, node)
        self.scope: Any = None
        self.collected: list[Any] = []
        self.has_process = fn.body.process is not None or fn.is_filter

    def owns(self, stop: StopUpstream) -> bool:
        return False

    # ------------------------------------------------------------ scope
    def _enter_scope(self) -> None:
        session = self.context.session
        if self.dot_source:
            self.scope = session.current
        else:
            self.scope = session.push(is_script=self.script_path is not None)
            session.pop(self.scope)
        define = lambda name, value: session.define(name, value, scope=self.scope)  # noqa: E731
        define("args", list(self.state.unbound_positional))
        bound_table = Hashtable()
        for name, value in self.state.bound.items():
            if name in self.fn.params:
                bound_table[name] = self._script_value(name, value)
        define("PSBoundParameters", bound_table)
        for name, value in self.state.bound.items():
            if name in _PREFERENCE_OF:
                define(_PREFERENCE_OF[name], value)
            elif name == "Verbose" and value:
                define("VerbosePreference", "Continue")
            elif name == "Debug" and value:
                define("DebugPreference", "Continue")
            elif name in self.fn.params:
                define(name, self._script_value(name, value))
        if self.script_path:
            import os

            define("PSScriptRoot", os.path.dirname(self.script_path))
            define("PSCommandPath", self.script_path)
        define("MyInvocation", self._invocation_info(bound_table))
        with session.activate(self.scope):
            for name, p in self.fn.params.items():
                if name in self.state.bound:
                    continue
                default = self.fn.default_for(name)
                if p.type == "switch":
                    value: Any = SwitchParameter(default is not None and to_bool(self.context.evaluator.eval(default)))
                elif default is not None:
                    value = self.context.evaluator.eval(default)
                    if p.type not in ("object", "psobject"):
                        value = convert_argument(p, value, self.fn.name)
                else:
                    value = None if p.type not in ("string",) else ""
                    if p.type.endswith("[]") or p.type in ("object", "psobject"):
                        value = None
                session.define(name, value, scope=self.scope)

    def _script_value(self, name: str, value: Any) -> Any:
        """A bound value as the script sees it: a [switch] is a SwitchParameter."""
        p = self.fn.params.get(name)
        return SwitchParameter(to_bool(value)) if p is not None and p.is_switch else value

    def _invocation_info(self, bound: Hashtable) -> Any:
        from pshell.engine.invocation import ExternalScriptInfo, InvocationInfo

        command: Any = ExternalScriptInfo(self.script_path) if self.script_path else self.fn
        node_name = getattr(self.node, "name", None)
        name = node_name.value if isinstance(node_name, A.StringConstant) else (command.Name or "")
        return InvocationInfo(command, invocation_name=name, bound=bound, unbound=self.state.unbound_positional,
                              span=self.context.evaluator.span_of(self.node), caller_file=self.context.current_file)

    def _run_block(self, block: A.StatementList | None) -> None:
        if block is None:
            return
        session = self.context.session
        with session.activate(self.scope), self.context.running(self.script_path or self.fn.file), self.runtime.active():
            try:
                self.context.evaluator.run_statements(block, self.emit)
            except ReturnFromBlock:
                pass

    # ------------------------------------------------------------ lifecycle
    def begin(self) -> None:
        missing = missing_mandatory(self.state, {}, expecting_input=self.expecting_input)
        missing = [m for m in missing if m not in COMMON_NAMES]
        if missing:
            err = missing_mandatory_error(self.fn.name, missing)
            err.record.span = self.context.evaluator.span_of(self.node)
            raise err
        self._validate_scripts(self.state.bound)
        self._enter_scope()
        self._run_block(self.fn.body.begin)

    def run_first(self) -> None:
        if self.has_process:
            self._process_one(None, bound={}, has_input=False)

    def push(self, obj: Any) -> None:
        self.context.check_stopping()
        if not self.has_process:
            self.collected.append(obj)
            return
        bound: dict[str, Any] = {}
        if any(p.pipeline or p.pipeline_by_name for p in self.fn.params.values()):
            try:
                bound = bind_pipeline_object(self.state, obj)
            except BindingError as exc:
                self.runtime.write_error(exc.record)
                return
        self._process_one(obj, bound=bound, has_input=True)

    def _process_one(self, obj: Any, *, bound: dict[str, Any], has_input: bool) -> None:
        session = self.context.session
        session.define("_", obj, scope=self.scope)
        session.define("PSItem", obj, scope=self.scope)
        for name, value in bound.items():
            session.define(name, self._script_value(name, value), scope=self.scope)
        block = self.fn.body.process if self.fn.body.process is not None else self.fn.body.end
        self._run_block(block)

    def complete(self) -> None:
        self.completed = True
        if self.scope is None:
            return
        if self.has_process:
            if self.fn.body.process is not None:
                self._run_block(self.fn.body.end)
            return
        self.context.session.define("input", iter(self.collected) if self.expecting_input else iter(()), scope=self.scope)
        self.context.session.define("_", None, scope=self.scope)
        self._run_block(self.fn.body.end)

    def _validate_scripts(self, bound: dict[str, Any]) -> None:
        for name, blocks in self.fn.validators.items():
            if name not in bound:
                continue
            for block in blocks:
                ok = to_bool(self.context.invoke_block(block, dollar_under=bound[name]))
                if not ok:
                    raise PSError(ErrorRecord(
                        f"Cannot validate argument on parameter '{name}'. The \"{block.text.strip()}\" validation script "
                        f"for the argument with value \"{bound[name]}\" did not return a result of True. Determine why "
                        "the validation script failed, and then try the command again.",
                        "ParameterArgumentValidationError", ErrorCategory.InvalidData,
                        exception_type="System.Management.Automation.ParameterBindingException"))
