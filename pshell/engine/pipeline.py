"""Pipelines: one processor per element, objects pushed through one at a time.

Each processor has begin / push(object) / complete. The first element either pushes its
own output (an expression, a native program) or is processed once without input. A command
that needs no more input raises StopUpstream; the driver then completes only that command
and those after it, which is how `1..100000000 | Select-Object -First 3` returns at once.
"""

from __future__ import annotations

import abc
from typing import TYPE_CHECKING, Any, Callable

from pshell.cmdlets.base import StopUpstream
from pshell.engine.redirection import Redirections
from pshell.engine.values import enumerate_value, is_enumerable
from pshell.errors import ErrorCategory, ErrorRecord, PSError
from pshell.syntax import ast as A

if TYPE_CHECKING:
    from pshell.engine.runtime import ExecutionContext

Emit = Callable[[Any], None]


class Processor(abc.ABC):
    """One element of a running pipeline."""

    def __init__(self, context: "ExecutionContext", node: A.Node | None) -> None:
        self.context = context
        self.node = node
        self.downstream: Emit = lambda obj: None
        self.expecting_input = False
        self.completed = False
        self.had_error = False
        self.redirections: Redirections | None = None

    def owns(self, stop: StopUpstream) -> bool:
        return False

    def begin(self) -> None:
        pass

    @abc.abstractmethod
    def push(self, obj: Any) -> None:
        """Process one input object."""

    def push_many(self, objs: list[Any]) -> None:
        """Process input objects one after the other (a processor may do it with less work
        per object)."""
        push = self.push
        for obj in objs:
            push(obj)

    @abc.abstractmethod
    def run_first(self) -> None:
        """Run as the first element of the pipeline, with no input."""

    def complete(self) -> None:
        self.completed = True

    def dispose(self) -> None:
        pass

    def emit(self, obj: Any) -> None:
        self.downstream(obj)


def lines_target(emit: Emit) -> Callable[[list[str]], None] | None:
    """Where a list of lines of text can go at once instead of one by one through `emit`: the
    `emit_lines` attribute of the function at the end of a chain of processors that pass
    their output straight on (Processor.emit, not overridden, with no redirection between).
    A session host's output has one: a native program's lines go there a block at a time."""
    for _ in range(64):
        many = getattr(emit, "emit_lines", None)
        if many is not None:
            return many
        owner = getattr(emit, "__self__", None)
        if not isinstance(owner, Processor) or getattr(emit, "__func__", None) is not Processor.emit:
            return None
        emit = owner.downstream
    return None


def direct_target(emit: Emit) -> Emit:
    """The function that `emit` ends up calling for each object, past the links that only pass
    it on (Processor.emit, not overridden; an open gate): for a caller that emits many objects
    in a row. Take it again for each run of objects (a gate opens once its command has begun)."""
    for _ in range(64):
        owner = getattr(emit, "__self__", None)
        if isinstance(owner, Processor) and getattr(emit, "__func__", None) is Processor.emit:
            emit = owner.downstream
        elif isinstance(emit, _Gate) and emit.is_open:
            emit = emit.target
        else:
            break
    return emit


class ExpressionProcessor(Processor):
    """An expression at the head of a pipeline: its value, enumerated."""

    def __init__(self, context: "ExecutionContext", node: A.ExpressionElement, *, alone: bool = False) -> None:
        super().__init__(context, node)
        self.expression = node.expression
        # `$i++` or `++$i` as a whole statement changes the variable and outputs nothing
        self.silent = alone and isinstance(node.expression, A.Increment)

    def run_first(self) -> None:
        from pshell.engine.evaluator import LazyRange

        value = self.context.evaluator.eval(self.expression)
        if self.silent:
            return
        if isinstance(value, LazyRange) or is_enumerable(value):
            for item in value:
                self.context.check_stopping()
                self.emit(item)
        elif value is not None or not isinstance(self.expression, (A.SubExpression,)):
            if value is None and isinstance(self.expression, A.ParenExpression):
                return
            self.emit(value)

    def push(self, obj: Any) -> None:
        raise PSError(ErrorRecord("Expressions are only allowed as the first element of a pipeline.",
                                  "ExpressionsMustBeFirstInPipeline", ErrorCategory.ParserError,
                                  span=self.context.evaluator.span_of(self.node)))


def build_processor(context: "ExecutionContext", element: A.Node, position: int, count: int) -> Processor:
    from pshell.engine.commands import command_processor

    if isinstance(element, A.ExpressionElement):
        if position > 0:
            raise PSError(ErrorRecord("Expressions are only allowed as the first element of a pipeline.",
                                      "ExpressionsMustBeFirstInPipeline", ErrorCategory.ParserError,
                                      span=context.evaluator.span_of(element),
                                      exception_type="System.Management.Automation.ParseException"))
        proc: Processor = ExpressionProcessor(context, element, alone=count == 1)
        redirects = element.redirections
    else:
        assert isinstance(element, A.Command)
        proc = command_processor(context, element, position=position, count=count)
        redirects = element.redirections
    if redirects:
        proc.redirections = Redirections(context, redirects)
    return proc


def run_pipeline_node(context: "ExecutionContext", node: A.Node, emit: Emit) -> None:
    """Run a statement that is a pipeline (or a chain of them with && and ||)."""
    if isinstance(node, A.PipelineChain):
        ok = True
        for i, pipeline in enumerate(node.pipelines):
            if i > 0:
                op = node.operators[i - 1]
                if (op == "&&" and not ok) or (op == "||" and ok):
                    continue
            ok = run_pipeline(context, pipeline, emit)
        return
    if isinstance(node, A.Pipeline):
        element = node.elements[0]
        if len(node.elements) == 1 and isinstance(element, A.ExpressionElement) and not element.redirections:
            single = ExpressionProcessor(context, element, alone=True)
            single.downstream = emit
            single.run_first()
            context.last_success = True
            return
        run_pipeline(context, node, emit)
        return
    if isinstance(node, A.Assignment):
        context.evaluator.assign(node)
        context.last_success = True
        return
    raise PSError(ErrorRecord(f"Cannot run {type(node).__name__} as a pipeline.", "UnexpectedToken"))


def run_pipeline(context: "ExecutionContext", pipeline: A.Pipeline, emit: Emit, input_items: Any = None) -> bool:
    """Run one pipeline; returns $? (no error written by its commands)."""
    elements = pipeline.elements
    processors: list[Processor] = []
    try:
        for i, element in enumerate(elements):
            processors.append(build_processor(context, element, i, len(elements)))
        ok = drive(context, processors, emit, input_items)
    except PSError:
        context.last_success = False
        raise
    finally:
        for p in processors:
            p.dispose()
    context.last_success = ok
    return ok


def drive(context: "ExecutionContext", processors: list[Processor], emit: Emit, input_items: Any = None) -> bool:
    """Link processors, then begin, feed, and complete them, honouring StopUpstream."""
    gates: list[_Gate] = []
    for i, p in enumerate(processors):
        nxt: Emit = emit
        if i + 1 < len(processors):
            gate = _Gate(processors[i + 1].push)
            gates.append(gate)
            nxt = gate
        p.downstream = p.redirections.wrap_output(nxt) if p.redirections else nxt
        p.expecting_input = i > 0 or input_items is not None
    try:
        for i, p in enumerate(processors):
            p.begin()
            if i > 0:
                gates[i - 1].open()
        if input_items is not None:
            for item in input_items:
                processors[0].push(item)
        else:
            processors[0].run_first()
        _complete_from(processors, 0)
    except StopUpstream as stop:
        index = next((i for i, p in enumerate(processors) if p.owns(stop)), None)
        if index is None:
            raise
        _complete_from(processors, index)
    finally:
        for p in processors:
            if p.redirections:
                p.redirections.close()
    return not any(p.had_error for p in processors)


class _Gate:
    """The link into a command: holds what arrives before that command has begun (output
    written by an upstream begin block), then passes everything straight through."""

    __slots__ = ("target", "queued", "is_open")

    def __init__(self, target: Emit) -> None:
        self.target = target
        self.queued: list[Any] = []
        self.is_open = False

    def __call__(self, obj: Any) -> None:
        if self.is_open:
            self.target(obj)
        else:
            self.queued.append(obj)

    def open(self) -> None:
        self.is_open = True
        queued, self.queued = self.queued, []
        for item in queued:
            self.target(item)


def _complete_from(processors: list[Processor], start: int) -> None:
    i = start
    while i < len(processors):
        p = processors[i]
        try:
            if not p.completed:
                p.complete()
            i += 1
        except StopUpstream as stop:
            index = next((j for j, q in enumerate(processors) if q.owns(stop)), None)
            if index is None:
                raise
            for q in processors[:index]:
                q.completed = True
            i = index


def run_block_pipeline(context: "ExecutionContext", items: Any, emit: Emit) -> None:
    """Send values down an emit, enumerating collections (a block's output)."""
    for item in enumerate_value(items):
        emit(item)
