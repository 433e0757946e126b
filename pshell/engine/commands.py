"""Finding and running commands: aliases, functions, cmdlets, script files, native programs."""

from __future__ import annotations

import os
import shutil
from typing import TYPE_CHECKING, Any

from pshell.cmdlets.base import (
    Cmdlet,
    CmdletInfo,
    StopUpstream,
    all_parameters,
    builtin_aliases,
    find_cmdlet,
)
from pshell.engine import environment
from pshell.engine.binder import (
    NO_VALUE,
    BindingError,
    NamedArg,
    PositionalArg,
    RawArg,
    bind_arguments,
    bind_pipeline_object,
    missing_mandatory,
    missing_mandatory_error,
    pipeline_params,
    splat_arguments,
)
from pshell.engine.functions import FunctionInfo
from pshell.engine.pipeline import Processor
from pshell.engine.runtime import COMMON_NAMES, CommandRuntime
from pshell.engine.values import ScriptBlock, is_enumerable, to_string
from pshell.errors import ErrorCategory, ErrorRecord, PSError
from pshell.syntax import ast as A

if TYPE_CHECKING:
    from pshell.engine.runtime import ExecutionContext


def command_not_found(name: str) -> PSError:
    return PSError(ErrorRecord(
        f"The term '{name}' is not recognized as a name of a cmdlet, function, script file, or executable program.\n"
        "Check the spelling of the name, or if a path was included, verify that the path is correct and try again.",
        "CommandNotFoundException", ErrorCategory.ObjectNotFound, target=name,
        exception_type="System.Management.Automation.CommandNotFoundException", command_name=name,
        extra={"id_command": ""}))


def resolve_command(context: "ExecutionContext", name: str) -> Any:
    """The command a name refers to: FunctionInfo, CmdletInfo, ('script', path) or ('native', path)."""
    seen: set[str] = set()
    while True:
        alias = context.session.get_alias(name) or builtin_aliases().get(name.lower())
        if alias is None or name.lower() in seen:
            break
        seen.add(name.lower())
        name = alias
    fn = context.session.get_function(name)
    if fn is not None:
        return fn
    info = find_cmdlet(name)
    if info is not None:
        return info
    if "/" in name or name.startswith("~"):
        path = context.resolve_path(name)
        if path.lower().endswith(".ps1") and os.path.isfile(path):
            return ("script", path)
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return ("native", path)
        return None
    if name.lower().endswith(".ps1"):
        path = context.resolve_path(name)
        if os.path.isfile(path) and os.path.dirname(name):
            return ("script", path)
    found = shutil.which(name, path=environment.current().get("PATH"))
    if found:
        return ("native", found)
    return None


def evaluate_arguments(context: "ExecutionContext", elements: list[A.Node]) -> list[RawArg]:
    """Command elements -> raw arguments for the binder (values evaluated, splats expanded)."""
    ev = context.evaluator
    args: list[RawArg] = []
    for el in elements:
        if isinstance(el, A.CommandParameter):
            value = ev._plain(ev.eval(el.argument)) if el.colon and el.argument is not None else NO_VALUE
            args.append(NamedArg(el.name, value, el.text, el.pos))
        elif isinstance(el, A.Variable) and el.splat:
            args.extend(splat_arguments(context.get_variable_node(A.Variable(el.name))))
        else:
            args.append(PositionalArg(ev._plain(ev.eval(el)), el.pos))
    return args


def native_arguments(context: "ExecutionContext", elements: list[A.Node]) -> list[str]:
    """Arguments for a native program: every value as text, arrays spread."""
    ev = context.evaluator
    out: list[str] = []
    for el in elements:
        if isinstance(el, A.CommandParameter):
            if el.colon and el.argument is not None:
                out.append(el.text + to_string(ev.eval(el.argument)))
            else:
                out.append(el.text)
        elif isinstance(el, A.Variable) and el.splat:
            for a in splat_arguments(context.get_variable_node(A.Variable(el.name))):
                if isinstance(a, NamedArg):
                    out.append("-" + a.name)
                    if a.value is not NO_VALUE and a.value is not True:
                        out.append(to_string(a.value))
                else:
                    out.append(to_string(a.value))
        else:
            value = ev._plain(ev.eval(el))
            if is_enumerable(value):
                out.extend(to_string(v) for v in value)
            else:
                out.append(to_string(value))
    return out


def command_processor(context: "ExecutionContext", node: A.Command, *, position: int, count: int) -> Processor:
    """Build the processor for one command element of a pipeline."""
    from pshell.engine.native import NativeProcessor
    from pshell.engine.script_command import ScriptProcessor

    if node.invocation:
        target = context.evaluator.eval(node.name)
        if isinstance(target, ScriptBlock):
            fn = FunctionInfo.from_scriptblock(target)
            return ScriptProcessor(context, node, fn, evaluate_arguments(context, node.elements),
                                   dot_source=node.invocation == ".")
        if isinstance(target, (FunctionInfo, CmdletInfo)):
            resolved: Any = target
        else:
            name = to_string(target)
            resolved = resolve_command(context, name)
            if resolved is None:
                raise command_not_found(name).__class__(command_not_found(name).record.with_span(context.evaluator.span_of(node.name)))
    else:
        name = to_string(context.evaluator.eval(node.name))
        resolved = resolve_command(context, name)
        if resolved is None:
            err = command_not_found(name)
            err.record.span = context.evaluator.span_of(node.name)
            raise err
    if _asks_for_help(node) and isinstance(resolved, (FunctionInfo, CmdletInfo)) and resolved.name:
        return CmdletProcessor(context, node, find_cmdlet("Get-Help"), [PositionalArg(resolved.name)])
    if isinstance(resolved, FunctionInfo):
        return ScriptProcessor(context, node, resolved, evaluate_arguments(context, node.elements),
                               dot_source=node.invocation == ".")
    if isinstance(resolved, CmdletInfo):
        return CmdletProcessor(context, node, resolved, evaluate_arguments(context, node.elements))
    kind, path = resolved
    if kind == "script":
        fn = context.load_script(path)
        return ScriptProcessor(context, node, fn, evaluate_arguments(context, node.elements),
                               dot_source=node.invocation == ".", script_path=path)
    return NativeProcessor(context, node, path, native_arguments(context, node.elements),
                           last=position == count - 1)


def cmdlet_class_name(name: str) -> str:
    """The .NET class PowerShell names in a cmdlet's error ids: Write-Output -> ...WriteOutputCommand."""
    return f"Microsoft.PowerShell.Commands.{name.replace('-', '')}Command"


def _asks_for_help(node: A.Command) -> bool:
    """`Command -?`: the only argument is the parameter `?` (then Get-Help runs instead)."""
    return len(node.elements) == 1 and isinstance(node.elements[0], A.CommandParameter) and node.elements[0].name == "?"


class CmdletProcessor(Processor):
    """Runs a declared cmdlet: binds arguments once, pipeline input per object."""

    def __init__(self, context: "ExecutionContext", node: A.Command, info: CmdletInfo, args: list[RawArg]) -> None:
        super().__init__(context, node)
        self.info = info
        try:
            self.state = bind_arguments(info.name, all_parameters(info), args, default_set=info.default_set)
        except BindingError as exc:
            exc.record.span = exc.record.span or context.evaluator.span_of(node)
            exc.record.extra.setdefault("id_command", cmdlet_class_name(info.name))
            raise
        common = {k: v for k, v in self.state.bound.items() if k in COMMON_NAMES}
        self.base = {k: v for k, v in self.state.bound.items() if k not in COMMON_NAMES}
        self.runtime = CommandRuntime(context, self, info.name, common, node, id_command=cmdlet_class_name(info.name))
        self.cmdlet = info.cls(context, self.runtime)
        self.cmdlet.bound = dict(self.base)
        self._candidates: list[Any] | None = None  # pipeline_params(state), on the first object
        self._by_value: tuple[str, str] | bool | None = None  # see _binds_whole_object
        self._sets_by_names: dict[tuple[str, ...], str] = {}  # names bound from input -> parameter set

    def owns(self, stop: StopUpstream) -> bool:
        return stop.command is self.cmdlet

    def _check_mandatory(self, extra: dict[str, Any]) -> bool:
        missing = missing_mandatory(self.state, {**self.base, **extra}, expecting_input=False)
        if missing:
            missing = [m for m in missing if m not in COMMON_NAMES]
        if missing:
            err = missing_mandatory_error(self.info.name, missing)
            err.record.span = self.context.evaluator.span_of(self.node)
            err.record.extra["id_command"] = cmdlet_class_name(self.info.name)
            raise err
        return True

    def begin(self) -> None:
        if not self.expecting_input:
            self._check_mandatory({})
        self.cmdlet.parameter_set = self.state.chosen_set()
        with self.runtime.active():
            self.cmdlet.begin()

    def run_first(self) -> None:
        with self.runtime.active():
            self.cmdlet.process()

    def push(self, obj: Any) -> None:
        self.context.check_stopping()
        fast = self._by_value
        if fast is None:
            fast = self._by_value = self._binds_whole_object(obj)
        if fast:  # the object itself goes to one [object] parameter: nothing to work out per object
            name, chosen = fast
            cmdlet = self.cmdlet
            bound_all = self.base.copy()
            bound_all[name] = obj
            cmdlet.bound = bound_all
            cmdlet.parameter_set = chosen
        elif not self._bind_slowly(obj):
            return
        runtimes = self.context.runtimes  # runtime.active(), without a generator per object
        runtimes.append(self.runtime)
        try:
            self.cmdlet.process()
        except PSError as exc:
            self.runtime._tag(exc.record)
            raise
        finally:
            runtimes.pop()

    def push_many(self, objs: list[Any]) -> None:
        """Many input objects. A cmdlet that does nothing with each object (no process block:
        Out-Null) only needs the last one bound, once it is known that each binds as it is."""
        if objs and self._by_value is None:
            self.push(objs[0])
            objs = objs[1:]
        if not objs:
            return
        if self._by_value and type(self.cmdlet).process is Cmdlet.process:
            self.context.check_stopping()
            name, chosen = self._by_value
            bound_all = self.base.copy()
            bound_all[name] = objs[-1]
            self.cmdlet.bound = bound_all
            self.cmdlet.parameter_set = chosen
            return
        push = self.push
        for obj in objs:
            push(obj)

    def _binds_whole_object(self, obj: Any) -> tuple[str, str] | bool:
        """(parameter, parameter set) when every input object is bound as it is to the same
        [object] parameter (Out-Null, Out-Default, Select-Object ...) with nothing missing;
        else False."""
        state = self.state
        self._candidates = pipeline_params(state)
        first = next((p for p in self._candidates if p.pipeline), None)
        if first is None or first.choices or first.type not in ("object", "psobject"):
            return False
        try:
            self._check_mandatory({first.name: obj})
            return first.name, state.chosen_set({first.name: obj})
        except BindingError:
            return False

    def _bind_slowly(self, obj: Any) -> bool:
        """Bind one input object in general; False (the error written) if it cannot be."""
        state = self.state
        if self._candidates is None:  # the parameters that take pipeline input never change here
            self._candidates = pipeline_params(state)
        try:
            bound = bind_pipeline_object(state, obj, self._candidates)
            # What binding decides beyond the values depends only on which names were bound:
            # the missing mandatory parameters and the parameter set, worked out once each.
            names = tuple(bound)
            chosen = self._sets_by_names.get(names)
            if chosen is None:
                self._check_mandatory(bound)
                chosen = self._sets_by_names[names] = state.chosen_set(bound)
        except BindingError as exc:
            exc.record.span = exc.record.span or self.context.evaluator.span_of(self.node)
            exc.record.extra.setdefault("id_command", cmdlet_class_name(self.info.name))
            self.runtime.write_error(exc.record)
            return False
        cmdlet = self.cmdlet
        cmdlet.bound = {**self.base, **bound}
        cmdlet.parameter_set = chosen
        return True

    def complete(self) -> None:
        self.completed = True
        with self.runtime.active():
            self.cmdlet.end()

    def dispose(self) -> None:
        close = getattr(self.cmdlet, "dispose", None)
        if close is not None:
            close()
