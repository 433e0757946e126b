"""Method-call arguments: the comma separates arguments, each a whole expression.

PowerShell turns the comma operator off directly inside a method call's parentheses
(about_Methods; the language specification's argument-expression has no array-literal level),
so `[math]::Round(10/3, 1)` is Round(10/3, 1), while elsewhere the comma binds tighter than the
arithmetic operators (`1, 2 + 3` is `(1, 2) + 3`, about_Operator_Precedence).
"""

from __future__ import annotations

import pytest

from pshell.errors import ParseError
from pshell.syntax import ast as A
from pshell.syntax.lexer import tokenize
from pshell.syntax.parser import is_incomplete, parse


def expression(text: str) -> A.Node:
    body = parse(text)
    assert body.end is not None and len(body.end.statements) == 1
    pipeline = body.end.statements[0]
    assert isinstance(pipeline, A.Pipeline) and len(pipeline.elements) == 1
    element = pipeline.elements[0]
    assert isinstance(element, A.ExpressionElement)
    return element.expression


def call(text: str) -> A.MethodCall:
    node = expression(text)
    assert isinstance(node, A.MethodCall), node
    return node


def comma_kinds(text: str) -> list[str]:
    return [t.type for t in tokenize(text) if t.value == "," and t.type != "STRING"]


def parse_error(text: str) -> ParseError:
    with pytest.raises(ParseError) as info:
        parse(text)
    return info.value


# ------------------------------------------------------------------ tokens
class TestTokens:
    def test_comma_directly_in_a_call_separates_arguments(self) -> None:
        assert comma_kinds("$x.M(1, 2, 3)") == ["ARG_SEP", "ARG_SEP"]
        assert comma_kinds("[math]::Round(10/3, 1)") == ["ARG_SEP"]

    def test_comma_in_brackets_inside_an_argument_is_the_array_operator(self) -> None:
        for text in ("$x.M((1, 2))", "$x.M(@(1, 2))", "$x.M($a[0, 1])", "$x.M({ 1, 2 })", "$x.M(@{ a = 1, 2 })",
                     "$x.M($(1, 2))"):
            assert comma_kinds(text) == ["COMMA"], text

    def test_comma_elsewhere_is_the_array_operator(self) -> None:
        assert comma_kinds("$a = 1, 2 + 3") == ["COMMA"]
        assert comma_kinds("Write-Output 1,2") == ["COMMA"]
        assert comma_kinds("(1, 2).Count") == ["COMMA"]
        assert comma_kinds("$x.M(1, 2), 3") == ["ARG_SEP", "COMMA"]

    def test_parameter_lists_keep_their_separator(self) -> None:
        assert comma_kinds("function f($a = 1 + 2, $b) {}") == ["PARAM_SEP"]


# ------------------------------------------------------------------ syntax tree
class TestArguments:
    def test_binary_operator_before_a_comma(self) -> None:
        node = call("[math]::Round(10/3, 1)")
        assert node.static and len(node.arguments) == 2
        first, second = node.arguments
        assert isinstance(first, A.BinaryOp) and first.op == "/"
        assert isinstance(second, A.Constant) and second.value == 1

    @pytest.mark.parametrize("text, op", [
        ("[math]::Round(10 + 3, 1)", "+"), ("'x'.Substring(4/2, 1)", "/"), ("$x.M(2 * 3, 1)", "*"),
        ("$x.M(7 % 3, 1)", "%"), ("$x.M('{0}' -f 1, 1)", "f"), ("$x.M(1..3, 1)", ".."), ("$x.M(1 -lt 2, 1)", "lt"),
        ("$x.M(1 -band 3, 1)", "band"), ("$x.M($a -and $b, 1)", "and"), ("$x.M('a' -split 'b', 1)", "split"),
    ])
    def test_each_operator_stays_inside_its_argument(self, text: str, op: str) -> None:
        node = call(text)
        assert len(node.arguments) == 2
        assert isinstance(node.arguments[0], A.BinaryOp) and node.arguments[0].op == op

    def test_operator_after_the_comma(self) -> None:
        node = call("$x.M(1, 2 + 3)")
        assert [type(a) for a in node.arguments] == [A.Constant, A.BinaryOp]

    def test_no_arguments(self) -> None:
        assert call("$x.M()").arguments == []

    def test_one_argument(self) -> None:
        node = call("$x.M(1 + 2)")
        assert len(node.arguments) == 1 and isinstance(node.arguments[0], A.BinaryOp)

    def test_nested_calls(self) -> None:
        node = call("[math]::Max([math]::Min(5, 3 * 2), 1)")
        assert len(node.arguments) == 2
        inner = node.arguments[0]
        assert isinstance(inner, A.MethodCall) and len(inner.arguments) == 2
        assert isinstance(inner.arguments[1], A.BinaryOp)

    def test_constructor(self) -> None:
        node = call("[Type]::new($a - 1, $b)")
        assert node.static and node.member == "new"
        assert [type(a) for a in node.arguments] == [A.BinaryOp, A.Variable]

    def test_unary_minus(self) -> None:
        node = call("[math]::Abs(-3 + 1)")
        assert len(node.arguments) == 1
        arg = node.arguments[0]
        assert isinstance(arg, A.BinaryOp) and isinstance(arg.left, A.UnaryOp)

    def test_an_array_in_its_own_brackets_is_one_argument(self) -> None:
        assert [type(a) for a in call("$list.AddRange(@(1, 2))").arguments] == [A.ArrayExpression]
        node = call("$list.AddRange((1, 2))")
        assert len(node.arguments) == 1 and isinstance(node.arguments[0], A.ParenExpression)
        node = call("$x.M($a[0, 1], 2)")
        assert len(node.arguments) == 2
        index = node.arguments[0]
        assert isinstance(index, A.Index) and isinstance(index.index, A.ArrayLiteral)

    def test_script_block_arguments(self) -> None:
        node = call("$x.Where({ $_, 1 }, 'First', 1 + 1)")
        assert [type(a) for a in node.arguments] == [A.ScriptBlockExpression, A.StringConstant, A.BinaryOp]

    def test_call_spanning_lines(self) -> None:
        node = call("$x.Method(\n  1,\n  2 + 3\n)")
        assert [type(a) for a in node.arguments] == [A.Constant, A.BinaryOp]
        node = call("$x.Method(\n  1\n  , 2)")
        assert len(node.arguments) == 2

    def test_call_in_a_command_argument(self) -> None:
        body = parse("Write-Output $s.Substring(1 + 1, 2)")
        assert body.end is not None
        cmd = body.end.statements[0].elements[0]  # type: ignore[attr-defined]
        assert isinstance(cmd, A.Command)
        arg = cmd.elements[0]
        assert isinstance(arg, A.MethodCall) and [type(a) for a in arg.arguments] == [A.BinaryOp, A.Constant]

    def test_array_operator_outside_calls_keeps_its_precedence(self) -> None:
        node = expression("1, 2 + 3")
        assert isinstance(node, A.BinaryOp) and isinstance(node.left, A.ArrayLiteral)
        node = expression("$x.M(1), 2")
        assert isinstance(node, A.ArrayLiteral) and isinstance(node.items[0], A.MethodCall)


# ------------------------------------------------------------------ errors
class TestErrors:
    @pytest.mark.parametrize("text, message, error_id, column", [
        ("$x.M(,1)", "Missing ')' in method call.", "MissingEndParenthesisInMethodCall", 6),
        ("$x.M(1,,2)", "Missing expression after ','.", "MissingExpressionAfterToken", 8),
        ("$x.M(1, )", "Missing expression after ','.", "MissingExpressionAfterToken", 8),
        ("$x.M(1 + ,2)", "You must provide a value expression following the '+' operator.", "ExpectedValueExpression", 9),
    ])
    def test_missing_argument(self, text: str, message: str, error_id: str, column: int) -> None:
        err = parse_error(text)
        assert (err.record.message, err.record.error_id) == (message, error_id)
        span = err.record.span
        assert span is not None and (span.line, span.column) == (1, column)

    def test_missing_argument_on_a_later_line(self) -> None:
        err = parse_error("$x.M(\n  1,\n  ,2)")
        span = err.record.span
        assert err.record.message == "Missing expression after ','."
        assert span is not None and (span.line, span.column) == (2, 5)

    def test_unclosed_call_is_incomplete(self) -> None:
        for text in ("$x.M(1,", "$x.M(1, 2", "[math]::Round(10/3,\n"):
            assert is_incomplete(text), text
        assert not is_incomplete("$x.M(1,,2)")
