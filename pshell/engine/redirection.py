"""Redirections on a pipeline element: `> file`, `>> file`, `2> file`, `2>&1`, `*> $null`, ..."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from pshell.engine.values import to_string
from pshell.errors import ErrorRecord
from pshell.syntax import ast as A

if TYPE_CHECKING:
    from pshell.engine.runtime import ExecutionContext

_STREAM_NUMBERS = {"warning": "3", "verbose": "4", "debug": "5", "information": "6"}


class _FileTarget:
    def __init__(self, context: "ExecutionContext", path: str, append: bool) -> None:
        self.context = context
        self.path = context.resolve_path(path)
        self.append = append
        self.objects: list[Any] = []

    def add(self, obj: Any) -> None:
        self.objects.append(obj)

    def close(self) -> None:
        text = self.context.format_objects(self.objects) if self.objects else ""
        mode = "a" if self.append else "w"
        with open(self.path, mode, encoding="utf-8") as f:
            f.write(text)


class Redirections:
    """Where each stream of one pipeline element goes."""

    def __init__(self, context: "ExecutionContext", nodes: list[A.Redirection]) -> None:
        self.context = context
        self.output: Callable[[Any], None] | None = None
        self.files: list[_FileTarget] = []
        self.merge: set[str] = set()
        self.stream_targets: dict[str, Callable[[Any], None] | None] = {}
        self._downstream: Callable[[Any], None] | None = None
        for node in nodes:
            self._add(node)

    def _target(self, node: A.Redirection, append: bool) -> Callable[[Any], None] | None:
        if isinstance(node.target, A.Variable) and node.target.name.lower() == "null":
            return None
        if node.target is None:
            from pshell.errors import ErrorCategory, PSError

            raise PSError(ErrorRecord("Missing file specification after redirection operator.", "MissingFileSpecification",
                                      ErrorCategory.ParserError))
        path = to_string(self.context.evaluator.eval(node.target))
        target = _FileTarget(self.context, path, append)
        self.files.append(target)
        return target.add

    def _add(self, node: A.Redirection) -> None:
        op = node.operator
        stream = op[0] if op[0] in "123456*" else "1"
        append = ">>" in op
        if op.endswith("&1"):
            if stream == "*":
                self.merge.update({"2", "3", "4", "5", "6"})
            else:
                self.merge.add(stream)
            return
        target = self._target(node, append)
        streams = ["1", "2", "3", "4", "5", "6"] if stream == "*" else [stream]
        for s in streams:
            if s == "1":
                self.output = target if target is not None else (lambda obj: None)
            else:
                self.stream_targets[s] = target

    def wrap_output(self, downstream: Callable[[Any], None]) -> Callable[[Any], None]:
        self._downstream = downstream
        if self.output is not None:
            return self.output
        return downstream

    def _deliver(self, stream: str, obj: Any) -> bool:
        if stream in self.stream_targets:
            target = self.stream_targets[stream]
            if target is not None:
                target(obj)
            return True
        if stream in self.merge:
            sink = self.output or self._downstream
            if sink is not None:
                sink(obj)
            return True
        return False

    def take_error(self, record: ErrorRecord) -> bool:
        return self._deliver("2", record)

    def take_stream(self, stream: str, message: str) -> bool:
        return self._deliver(_STREAM_NUMBERS.get(stream, "6"), message)

    def information_target(self) -> Callable[[str], None] | None:
        if "6" in self.stream_targets or "6" in self.merge:
            return lambda text: self._deliver("6", text)
        return None

    def close(self) -> None:
        for target in self.files:
            target.close()
        self.files = []
