"""The syntax tree: one dataclass per construct of the language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional


class Source:
    """A parsed text and its file, to turn offsets into lines and columns for errors."""

    __slots__ = ("text", "file", "_starts")

    def __init__(self, text: str, file: str | None = None) -> None:
        self.text = text
        self.file = file
        self._starts: list[int] | None = None

    def span(self, start: int, length: int = 1) -> Any:
        import bisect

        from pshell.errors import SourceSpan

        if self._starts is None:
            self._starts = [0] + [i + 1 for i, c in enumerate(self.text) if c == "\n"]
        line = bisect.bisect_right(self._starts, start) - 1
        begin = self._starts[line]
        end = self.text.find("\n", begin)
        text = self.text[begin:] if end < 0 else self.text[begin:end]
        return SourceSpan(self.file, line + 1, start - begin + 1, text.rstrip("\r"), length)


@dataclass(frozen=True)
class Pos:
    """Where a node starts and ends in its text (offsets, 1-based line and column)."""

    start: int
    end: int
    line: int
    column: int
    source: Optional[Source] = field(default=None, compare=False, repr=False)


@dataclass(kw_only=True)
class Node:
    pos: Optional[Pos] = field(default=None, repr=False, compare=False)


# ------------------------------------------------------------------ expressions
@dataclass
class Constant(Node):
    value: Any


@dataclass
class StringConstant(Node):
    value: str
    bare: bool = False  # a bare word in argument mode


@dataclass
class ExpandableString(Node):
    parts: list[Node | str]
    raw: str = ""


@dataclass
class Variable(Node):
    name: str
    scope: str = ""  # "", "global", "script", "local", "private", "using", "env", "variable"
    splat: bool = False


@dataclass
class TypeLiteral(Node):
    name: str


@dataclass
class Cast(Node):
    type_name: str
    operand: Node


@dataclass
class BinaryOp(Node):
    op: str
    left: Node
    right: Node


@dataclass
class UnaryOp(Node):
    op: str
    operand: Node


@dataclass
class Increment(Node):
    target: Node
    delta: int
    prefix: bool


@dataclass
class ArrayLiteral(Node):
    items: list[Node]


@dataclass
class ArrayExpression(Node):
    body: "StatementList"


@dataclass
class SubExpression(Node):
    body: "StatementList"


@dataclass
class ParenExpression(Node):
    pipeline: Node


@dataclass
class HashLiteral(Node):
    entries: list[tuple[Node, Node]]


@dataclass
class ScriptBlockExpression(Node):
    body: "ScriptBlockBody"
    text: str = ""


@dataclass
class MemberAccess(Node):
    target: Node
    member: Node | str
    static: bool = False


@dataclass
class MethodCall(Node):
    target: Node
    member: Node | str
    arguments: list[Node]
    static: bool = False


@dataclass
class Index(Node):
    target: Node
    index: Node


# ------------------------------------------------------------------ commands and pipelines
@dataclass
class CommandParameter(Node):
    name: str
    argument: Optional[Node] = None
    colon: bool = False
    text: str = ""


@dataclass
class Redirection(Node):
    operator: str  # e.g. ">", ">>", "2>", "2>&1", "*>"
    target: Optional[Node] = None


@dataclass
class Command(Node):
    name: Node  # StringConstant for a name; any expression after & or .
    elements: list[Node]  # CommandParameter | argument expressions
    redirections: list[Redirection]
    invocation: str = ""  # "", "&", "."
    text: str = ""


@dataclass
class ExpressionElement(Node):
    expression: Node
    redirections: list[Redirection]


@dataclass
class Pipeline(Node):
    elements: list[Node]  # Command | ExpressionElement
    text: str = ""


@dataclass
class PipelineChain(Node):
    pipelines: list[Node]
    operators: list[str]


@dataclass
class Assignment(Node):
    target: Node
    op: str
    value: Node


# ------------------------------------------------------------------ statements
@dataclass
class StatementList(Node):
    statements: list[Node]


@dataclass
class IfStatement(Node):
    clauses: list[tuple[Node, StatementList]]
    else_body: Optional[StatementList] = None


@dataclass
class ForEachStatement(Node):
    variable: Variable
    iterable: Node
    body: StatementList
    label: str = ""


@dataclass
class ForStatement(Node):
    init: Optional[Node]
    condition: Optional[Node]
    iterator: Optional[Node]
    body: StatementList
    label: str = ""


@dataclass
class WhileStatement(Node):
    condition: Node
    body: StatementList
    label: str = ""


@dataclass
class DoStatement(Node):
    body: StatementList
    condition: Node
    until: bool
    label: str = ""


@dataclass
class SwitchClause(Node):
    condition: Optional[Node]  # None for default
    body: StatementList


@dataclass
class SwitchStatement(Node):
    flags: list[str]
    value: Node
    clauses: list[SwitchClause]
    label: str = ""


@dataclass
class CatchClause(Node):
    types: list[str]
    body: StatementList


@dataclass
class TryStatement(Node):
    body: StatementList
    catches: list[CatchClause]
    finally_body: Optional[StatementList] = None


@dataclass
class TrapStatement(Node):
    type_name: Optional[str]
    body: StatementList


@dataclass
class Attribute(Node):
    name: str
    positional: list[Node]
    named: dict[str, Optional[Node]]


@dataclass
class ParameterDeclaration(Node):
    name: str
    type_name: Optional[str]
    attributes: list[Attribute]
    default: Optional[Node] = None


@dataclass
class ParamBlock(Node):
    parameters: list[ParameterDeclaration]
    attributes: list[Attribute]


@dataclass
class NamedBlock(Node):
    kind: str  # begin | process | end
    body: StatementList


@dataclass
class ScriptBlockBody(Node):
    """A script or script block: optional param block, then statements or named blocks."""

    param_block: Optional[ParamBlock]
    begin: Optional[StatementList]
    process: Optional[StatementList]
    end: Optional[StatementList]
    traps: list[TrapStatement] = field(default_factory=list)


@dataclass
class FunctionDefinition(Node):
    name: str
    body: ScriptBlockExpression
    is_filter: bool = False
    parameters: Optional[list[ParameterDeclaration]] = None


@dataclass
class FlowStatement(Node):
    kind: str  # break | continue | return | throw | exit
    value: Optional[Node] = None
    label: str = ""
