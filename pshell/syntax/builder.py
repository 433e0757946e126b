"""Lark parse tree -> syntax tree (pshell.syntax.ast), one method per grammar rule."""

from __future__ import annotations

import threading
from typing import Any, Callable

from lark import Token, v_args
from lark.visitors import Transformer_NonRecursive
from lark.tree import Meta

from pshell.syntax import ast as A
from pshell.syntax.numbers import parse_number
from pshell.syntax.strings import expand_parts, unescape_bare

_SCOPES = ("global", "local", "script", "private", "using", "env", "variable", "function")


_current = threading.local()


def _pos(meta: Meta) -> A.Pos | None:
    if getattr(meta, "empty", True):
        return None
    return A.Pos(meta.start_pos, meta.end_pos, meta.line, meta.column, getattr(_current, "source", None))


def _tok_pos(tok: Token) -> A.Pos:
    return A.Pos(tok.start_pos or 0, tok.end_pos or 0, tok.line or 0, tok.column or 0, getattr(_current, "source", None))


def _nodes(children: list[Any]) -> list[Any]:
    return [c for c in children if not isinstance(c, Token) and c is not None]


def make_variable(text: str, pos: A.Pos | None = None) -> A.Variable:
    """`script:x` -> Variable("x", scope="script")."""
    scope = ""
    if ":" in text:
        head, rest = text.split(":", 1)
        if head.lower() in _SCOPES:
            scope, text = head.lower(), rest
    return A.Variable(text, scope, pos=pos)


@v_args(meta=True)
class AstBuilder(Transformer_NonRecursive):
    """Builds the syntax tree; `source` is the text, `parse_fragment` parses `$(...)` in strings.

    Non-recursive, so that long operator chains and deep nesting do not exhaust Python's stack."""

    def __init__(self, source: str, parse_fragment: Callable[[str, int], A.StatementList], file: str | None = None) -> None:
        super().__init__()
        self.source = source
        self.parse_fragment = parse_fragment
        self.file = file

    def transform(self, tree: Any) -> Any:
        previous = getattr(_current, "source", None)
        _current.source = A.Source(self.source, self.file)
        try:
            return super().transform(tree)
        finally:
            _current.source = previous

    def _text(self, meta: Meta) -> str:
        return "" if getattr(meta, "empty", True) else self.source[meta.start_pos : meta.end_pos]

    # ------------------------------------------------------------ blocks
    def start(self, meta: Meta, children: list[Any]) -> A.StatementList:
        return children[0]

    def statement_list(self, meta: Meta, children: list[Any]) -> A.StatementList:
        return A.StatementList(_nodes(children), pos=_pos(meta))

    def block(self, meta: Meta, children: list[Any]) -> A.StatementList:
        return children[1]

    def script_block(self, meta: Meta, children: list[Any]) -> A.ScriptBlockExpression:
        from pshell.syntax.blocks import split_script_body

        body = split_script_body(children[1])
        text = self._text(meta)
        return A.ScriptBlockExpression(body, text[1:-1] if text else "", pos=_pos(meta))

    def param_block(self, meta: Meta, children: list[Any]) -> A.ParamBlock:
        attrs = [c for c in children if isinstance(c, A.Attribute)]
        params = [c for c in children if isinstance(c, A.ParameterDeclaration)]
        return A.ParamBlock(params, attrs, pos=_pos(meta))

    def named_block(self, meta: Meta, children: list[Any]) -> A.NamedBlock:
        return A.NamedBlock(children[0].value.lower(), children[1], pos=_pos(meta))

    def parameter(self, meta: Meta, children: list[Any]) -> A.ParameterDeclaration:
        attrs, type_name, name, default = [], None, "", None
        seen_var = False
        for c in children:
            if isinstance(c, A.Attribute):
                attrs.append(c)
            elif isinstance(c, A.TypeLiteral):
                type_name = c.name
            elif isinstance(c, Token) and c.type == "VARIABLE":
                name, seen_var = c.value.split(":")[-1], True
            elif seen_var and isinstance(c, A.Node):
                default = c
        return A.ParameterDeclaration(name, type_name, attrs, default, pos=_pos(meta))

    def attribute(self, meta: Meta, children: list[Any]) -> A.Attribute:
        name = children[0].value
        positional: list[A.Node] = []
        named: dict[str, A.Node | None] = {}
        for c in children[1:]:
            if isinstance(c, tuple):
                named[c[0]] = c[1]
            elif isinstance(c, A.Node):
                positional.append(c)
        return A.Attribute(name, positional, named, pos=_pos(meta))

    def type_constraint(self, meta: Meta, children: list[Any]) -> A.TypeLiteral:
        return A.TypeLiteral(children[0].value, pos=_pos(meta))

    def named_attribute_argument(self, meta: Meta, children: list[Any]) -> tuple[str, A.Node | None]:
        return (children[0].value, children[2] if len(children) > 2 else None)

    def positional_attribute_argument(self, meta: Meta, children: list[Any]) -> A.Node:
        return children[0]

    # ------------------------------------------------------------ statements
    def labeled_statement(self, meta: Meta, children: list[Any]) -> A.Node:
        stmt = children[1]
        stmt.label = children[0].value
        return stmt

    def if_statement(self, meta: Meta, children: list[Any]) -> A.IfStatement:
        clauses = [(children[2], children[4])]
        else_body = None
        rest = children[5:]
        for c in rest:
            if isinstance(c, tuple):
                clauses.append(c)
            elif isinstance(c, A.StatementList):
                else_body = c
        return A.IfStatement(clauses, else_body, pos=_pos(meta))

    def elseif_clause(self, meta: Meta, children: list[Any]) -> tuple[A.Node, A.StatementList]:
        return (children[2], children[4])

    def foreach_statement(self, meta: Meta, children: list[Any]) -> A.ForEachStatement:
        var = make_variable(children[2].value, _tok_pos(children[2]))
        return A.ForEachStatement(var, children[4], children[6], pos=_pos(meta))

    def for_statement(self, meta: Meta, children: list[Any]) -> A.ForStatement:
        parts: list[Any] = [None, None, None]
        slot = 0
        for c in children[2:-2]:
            if isinstance(c, Token) and c.type == "SEMI":
                slot += 1
            elif c is not None and not isinstance(c, Token):
                parts[slot] = c
        return A.ForStatement(parts[0], parts[1], parts[2], children[-1], pos=_pos(meta))

    def while_statement(self, meta: Meta, children: list[Any]) -> A.WhileStatement:
        return A.WhileStatement(children[2], children[4], pos=_pos(meta))

    def do_while_statement(self, meta: Meta, children: list[Any]) -> A.DoStatement:
        return A.DoStatement(children[1], children[4], until=False, pos=_pos(meta))

    def do_until_statement(self, meta: Meta, children: list[Any]) -> A.DoStatement:
        return A.DoStatement(children[1], children[4], until=True, pos=_pos(meta))

    def switch_statement(self, meta: Meta, children: list[Any]) -> A.SwitchStatement:
        flags = [c.value.lower() for c in children if isinstance(c, Token) and c.type == "PARAMETER"]
        value = next(c for c in children if isinstance(c, A.Node))
        clauses = [c for c in children if isinstance(c, A.SwitchClause)]
        return A.SwitchStatement(flags, value, clauses, pos=_pos(meta))

    def switch_clause(self, meta: Meta, children: list[Any]) -> A.SwitchClause:
        cond = children[0]
        if isinstance(cond, A.StringConstant) and cond.bare and cond.value.lower() == "default":
            cond = None
        return A.SwitchClause(cond, children[1], pos=_pos(meta))

    def try_statement(self, meta: Meta, children: list[Any]) -> A.TryStatement:
        catches = [c for c in children if isinstance(c, A.CatchClause)]
        finally_body = None
        if len(children) >= 2 and isinstance(children[-2], Token) and children[-2].type == "FINALLY":
            finally_body = children[-1]
        return A.TryStatement(children[1], catches, finally_body, pos=_pos(meta))

    def catch_clause(self, meta: Meta, children: list[Any]) -> A.CatchClause:
        types = [c.value for c in children if isinstance(c, Token) and c.type == "TYPE"]
        return A.CatchClause(types, children[-1], pos=_pos(meta))

    def trap_statement(self, meta: Meta, children: list[Any]) -> A.TrapStatement:
        type_name = children[1].value if isinstance(children[1], Token) else None
        return A.TrapStatement(type_name, children[-1], pos=_pos(meta))

    def function_definition(self, meta: Meta, children: list[Any]) -> A.FunctionDefinition:
        is_filter = children[0].type == "FILTER"
        params = [c for c in children if isinstance(c, A.ParameterDeclaration)]
        has_parens = any(isinstance(c, Token) and c.type == "LPAREN" for c in children)
        body = children[-1]
        return A.FunctionDefinition(children[1].value, body, is_filter, params if has_parens else None, pos=_pos(meta))

    def _flow(self, kind: str, meta: Meta, children: list[Any]) -> A.FlowStatement:
        arg = children[1] if len(children) > 1 else None
        if isinstance(arg, Token):
            return A.FlowStatement(kind, None, arg.value, pos=_pos(meta))
        return A.FlowStatement(kind, arg, pos=_pos(meta))

    def break_statement(self, meta: Meta, children: list[Any]) -> A.FlowStatement:
        return self._flow("break", meta, children)

    def continue_statement(self, meta: Meta, children: list[Any]) -> A.FlowStatement:
        return self._flow("continue", meta, children)

    def return_statement(self, meta: Meta, children: list[Any]) -> A.FlowStatement:
        return self._flow("return", meta, children)

    def throw_statement(self, meta: Meta, children: list[Any]) -> A.FlowStatement:
        return self._flow("throw", meta, children)

    def exit_statement(self, meta: Meta, children: list[Any]) -> A.FlowStatement:
        return self._flow("exit", meta, children)

    # ------------------------------------------------------------ pipelines
    def pipeline_chain(self, meta: Meta, children: list[Any]) -> A.Node:
        pipelines = _nodes(children)
        if len(pipelines) == 1:
            return pipelines[0]
        ops = [c.value for c in children if isinstance(c, Token)]
        return A.PipelineChain(pipelines, ops, pos=_pos(meta))

    def assignment(self, meta: Meta, children: list[Any]) -> A.Assignment:
        return A.Assignment(children[0], children[1].value, children[2], pos=_pos(meta))

    def pipe(self, meta: Meta, children: list[Any]) -> A.Pipeline:
        return A.Pipeline(_nodes(children), self._text(meta), pos=_pos(meta))

    def expression_element(self, meta: Meta, children: list[Any]) -> A.ExpressionElement:
        return A.ExpressionElement(children[0], [c for c in children[1:] if isinstance(c, A.Redirection)], pos=_pos(meta))

    def _command(self, invocation: str, meta: Meta, children: list[Any]) -> A.Command:
        head = children[0] if invocation == "" else children[1]
        name = A.StringConstant(head.value, bare=True, pos=_tok_pos(head)) if isinstance(head, Token) else head
        rest = children[1:] if invocation == "" else children[2:]
        redirections = [c for c in rest if isinstance(c, A.Redirection)]
        elements = [c for c in rest if isinstance(c, A.Node) and not isinstance(c, A.Redirection)]
        return A.Command(name, elements, redirections, invocation, self._text(meta), pos=_pos(meta))

    def command(self, meta: Meta, children: list[Any]) -> A.Command:
        return self._command("", meta, children)

    def call_command(self, meta: Meta, children: list[Any]) -> A.Command:
        return self._command("&", meta, children)

    def dot_source_command(self, meta: Meta, children: list[Any]) -> A.Command:
        return self._command(".", meta, children)

    def parameter_argument(self, meta: Meta, children: list[Any]) -> A.CommandParameter:
        tok = children[0]
        return A.CommandParameter(tok.value, None, False, "-" + tok.value, pos=_tok_pos(tok))

    def colon_parameter(self, meta: Meta, children: list[Any]) -> A.CommandParameter:
        tok = children[0]
        arg = children[1] if len(children) > 1 else None
        return A.CommandParameter(tok.value, arg, True, "-" + tok.value + ":", pos=_pos(meta))

    def command_argument(self, meta: Meta, children: list[Any]) -> A.Node:
        items = _nodes(children)
        if len(items) == 1:
            return items[0]
        return A.ArrayLiteral(items, pos=_pos(meta))

    def generic_argument(self, meta: Meta, children: list[Any]) -> A.Node:
        tok = children[0]
        if tok.type == "XGENERIC":
            return self._expandable(tok.value, tok, bare=True)
        return A.StringConstant(tok.value, bare=True, pos=_tok_pos(tok))

    def splat(self, meta: Meta, children: list[Any]) -> A.Variable:
        tok = children[0]
        return A.Variable(tok.value, "", splat=True, pos=_tok_pos(tok))

    def redirection(self, meta: Meta, children: list[Any]) -> A.Redirection:
        return A.Redirection(children[0].value, children[1] if len(children) > 1 else None, pos=_pos(meta))

    # ------------------------------------------------------------ expressions
    def binary(self, meta: Meta, children: list[Any]) -> A.BinaryOp:
        left, op, right = children
        return A.BinaryOp(op.value.lower(), left, right, pos=_pos(meta))

    def array_literal(self, meta: Meta, children: list[Any]) -> A.ArrayLiteral:
        return A.ArrayLiteral(_nodes(children), pos=_pos(meta))

    def unary(self, meta: Meta, children: list[Any]) -> A.UnaryOp:
        op = children[0].value.lower()
        return A.UnaryOp({"!": "not"}.get(op, op), children[1], pos=_pos(meta))

    def unary_array(self, meta: Meta, children: list[Any]) -> A.ArrayLiteral:
        return A.ArrayLiteral([children[1]], pos=_pos(meta))

    def pre_increment(self, meta: Meta, children: list[Any]) -> A.Increment:
        return A.Increment(children[1], 1 if children[0].value == "++" else -1, True, pos=_pos(meta))

    def post_increment(self, meta: Meta, children: list[Any]) -> A.Increment:
        return A.Increment(children[0], 1 if children[1].value == "++" else -1, False, pos=_pos(meta))

    def cast(self, meta: Meta, children: list[Any]) -> A.Cast:
        return A.Cast(children[0].value, children[1], pos=_pos(meta))

    def member_access(self, meta: Meta, children: list[Any]) -> A.MemberAccess:
        return A.MemberAccess(children[0], children[2], pos=_pos(meta))

    def static_member_access(self, meta: Meta, children: list[Any]) -> A.MemberAccess:
        return A.MemberAccess(children[0], children[2], static=True, pos=_pos(meta))

    def method_call(self, meta: Meta, children: list[Any]) -> A.MethodCall:
        return A.MethodCall(children[0], children[2], children[4] or [], pos=_pos(meta))

    def static_method_call(self, meta: Meta, children: list[Any]) -> A.MethodCall:
        return A.MethodCall(children[0], children[2], children[4] or [], static=True, pos=_pos(meta))

    def call_arguments(self, meta: Meta, children: list[Any]) -> list[A.Node]:
        """`(a, b + 1)`: one expression per argument (the ARG_SEP tokens between them dropped)."""
        return _nodes(children)

    def index(self, meta: Meta, children: list[Any]) -> A.Index:
        return A.Index(children[0], children[2], pos=_pos(meta))

    def member_name(self, meta: Meta, children: list[Any]) -> str:
        return children[0].value

    def number(self, meta: Meta, children: list[Any]) -> A.Constant:
        tok = children[0]
        return A.Constant(parse_number(tok.value), pos=_tok_pos(tok))

    def string_literal(self, meta: Meta, children: list[Any]) -> A.StringConstant:
        return A.StringConstant(children[0].value, pos=_tok_pos(children[0]))

    def expandable_string(self, meta: Meta, children: list[Any]) -> A.Node:
        tok = children[0]
        return self._expandable(tok.value, tok, bare=False)

    def _expandable(self, raw: str, tok: Token, *, bare: bool) -> A.Node:
        offset = (tok.start_pos or 0) + (0 if bare else 1)
        parts = expand_parts(raw, offset, self.parse_fragment)
        if all(isinstance(p, str) for p in parts):
            return A.StringConstant("".join(parts), bare=bare, pos=_tok_pos(tok))  # type: ignore[arg-type]
        return A.ExpandableString(parts, raw, pos=_tok_pos(tok))

    def variable(self, meta: Meta, children: list[Any]) -> A.Variable:
        tok = children[0]
        return make_variable(tok.value, _tok_pos(tok))

    def type_literal(self, meta: Meta, children: list[Any]) -> A.TypeLiteral:
        return A.TypeLiteral(children[0].value, pos=_tok_pos(children[0]))

    def paren_expression(self, meta: Meta, children: list[Any]) -> A.ParenExpression:
        return A.ParenExpression(children[1], pos=_pos(meta))

    def sub_expression(self, meta: Meta, children: list[Any]) -> A.SubExpression:
        return A.SubExpression(children[1], pos=_pos(meta))

    def array_expression(self, meta: Meta, children: list[Any]) -> A.ArrayExpression:
        return A.ArrayExpression(children[1], pos=_pos(meta))

    def hash_literal(self, meta: Meta, children: list[Any]) -> A.HashLiteral:
        return A.HashLiteral([c for c in children if isinstance(c, tuple)], pos=_pos(meta))

    def hash_entry(self, meta: Meta, children: list[Any]) -> tuple[A.Node, A.Node]:
        return (children[0], children[2])

    def bare_key(self, meta: Meta, children: list[Any]) -> A.StringConstant:
        return A.StringConstant(unescape_bare(children[0].value), bare=True, pos=_tok_pos(children[0]))
