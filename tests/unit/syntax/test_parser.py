"""The tokenizer and the parser: modes, positions, errors with line and column, incomplete input."""

from __future__ import annotations

import pytest

from pshell.errors import ParseError
from pshell.syntax import ast as A
from pshell.syntax.lexer import tokenize
from pshell.syntax.parser import is_incomplete, parse


def kinds(text: str) -> list[tuple[str, str]]:
    return [(t.type, str(t.value)) for t in tokenize(text)]


def statements(text: str) -> list[A.Node]:
    body = parse(text)
    assert body.end is not None
    return body.end.statements


def only(text: str) -> A.Node:
    stmts = statements(text)
    assert len(stmts) == 1, stmts
    return stmts[0]


def expression(text: str) -> A.Node:
    stmt = only(text)
    assert isinstance(stmt, A.Pipeline) and len(stmt.elements) == 1
    element = stmt.elements[0]
    assert isinstance(element, A.ExpressionElement)
    return element.expression


def command(text: str) -> A.Command:
    stmt = only(text)
    assert isinstance(stmt, A.Pipeline)
    cmd = stmt.elements[0]
    assert isinstance(cmd, A.Command)
    return cmd


def parse_error(text: str) -> ParseError:
    with pytest.raises(ParseError) as info:
        parse(text)
    return info.value


# ------------------------------------------------------------------ modes
class TestArgumentMode:
    def test_arithmetic_text_is_one_word(self) -> None:
        assert kinds("Write-Output 1+2") == [("CMDNAME", "Write-Output"), ("GENERIC", "1+2")]

    def test_parenthesis_switches_to_expression_mode(self) -> None:
        assert [k for k, _ in kinds("Write-Output (1+2)")] == ["CMDNAME", "LPAREN", "NUMBER", "PLUS", "NUMBER", "RPAREN"]

    def test_negative_number_is_a_number_not_a_parameter(self) -> None:
        assert kinds("Write-Output -5") == [("CMDNAME", "Write-Output"), ("NUMBER", "-5")]

    def test_parameter_and_colon_parameter(self) -> None:
        assert kinds("f -Name x -Flag:$false") == [
            ("CMDNAME", "f"), ("PARAMETER", "Name"), ("GENERIC", "x"), ("PARAMETER_COLON", "Flag"), ("VARIABLE", "false")]

    def test_bare_words_and_paths(self) -> None:
        assert kinds("Get-Item ./a/b.txt *.ps1") == [("CMDNAME", "Get-Item"), ("GENERIC", "./a/b.txt"), ("GENERIC", "*.ps1")]

    def test_variable_glued_to_text_expands(self) -> None:
        assert kinds("echo $x-y")[1][0] == "XGENERIC"

    def test_comma_in_arguments_makes_an_array(self) -> None:
        cmd = command("Write-Output a,b")
        assert isinstance(cmd.elements[0], A.ArrayLiteral)

    def test_hash_inside_word_is_not_a_comment(self) -> None:
        assert kinds("echo a#b # c") == [("CMDNAME", "echo"), ("GENERIC", "a#b")]

    def test_call_operator_with_bare_word(self) -> None:
        cmd = command("& sh -c 'exit 1'")
        assert cmd.invocation == "&"
        assert isinstance(cmd.name, A.StringConstant) and cmd.name.value == "sh"

    def test_dot_source_with_path(self) -> None:
        cmd = command(". ./lib.ps1 arg")
        assert cmd.invocation == "." and cmd.name.value == "./lib.ps1"  # type: ignore[attr-defined]

    def test_redirections(self) -> None:
        cmd = command("cmd > out.txt 2>&1")
        assert [r.operator for r in cmd.redirections] == [">", "2>&1"]


class TestExpressionMode:
    def test_precedence(self) -> None:
        node = expression("1 + 2 * 3")
        assert isinstance(node, A.BinaryOp) and node.op == "+"
        assert isinstance(node.right, A.BinaryOp) and node.right.op == "*"

    def test_comma_binds_tighter_than_plus(self) -> None:
        node = expression("1,2 + 3")
        assert isinstance(node, A.BinaryOp) and isinstance(node.left, A.ArrayLiteral)

    def test_named_operators(self) -> None:
        assert [k for k, _ in kinds("$a -eq 1 -and $b -like 'x*'")] == [
            "VARIABLE", "CMP_OP", "NUMBER", "LOGIC_OP", "VARIABLE", "CMP_OP", "STRING"]

    def test_case_variants(self) -> None:
        assert expression("'a' -ceq 'A'").op == "ceq"  # type: ignore[attr-defined]

    def test_numbers_with_suffixes(self) -> None:
        assert [expression(t).value for t in ("0x1F", "2KB", "1.5", "1e3")] == [31, 2048, 1.5, 1000.0]  # type: ignore[attr-defined]

    def test_strings(self) -> None:
        assert expression("'it''s'").value == "it's"  # type: ignore[attr-defined]
        node = expression('"a $x $(1+2) `t"')
        assert isinstance(node, A.ExpandableString)
        assert any(isinstance(p, A.Variable) for p in node.parts)
        assert any(isinstance(p, A.SubExpression) for p in node.parts)

    def test_here_strings(self) -> None:
        assert expression("@'\nraw $x\n'@").value == "raw $x"  # type: ignore[attr-defined]
        assert isinstance(expression('@"\nv $x\n"@'), A.ExpandableString)

    def test_hash_and_cast(self) -> None:
        node = expression("[ordered]@{a=1; b='x'}")
        assert isinstance(node, A.Cast) and node.type_name == "ordered"
        assert isinstance(node.operand, A.HashLiteral) and len(node.operand.entries) == 2

    def test_member_index_method(self) -> None:
        node = expression("$x.Items[0].ToUpper()")
        assert isinstance(node, A.MethodCall)
        assert isinstance(node.target, A.Index)

    def test_static_member(self) -> None:
        node = expression("[Math]::Round(2.5)")
        assert isinstance(node, A.MethodCall) and node.static

    def test_scoped_variables(self) -> None:
        for text, scope in (("$script:x", "script"), ("$global:x", "global"), ("$env:HOME", "env"), ("$using:x", "using")):
            node = expression(text)
            assert isinstance(node, A.Variable) and node.scope == scope, text

    def test_increments(self) -> None:
        node = expression("$i++")
        assert isinstance(node, A.Increment) and not node.prefix and node.delta == 1
        node = expression("--$i")
        assert isinstance(node, A.Increment) and node.prefix and node.delta == -1

    def test_script_block_with_param(self) -> None:
        node = expression("{ param($x) $x * 2 }")
        assert isinstance(node, A.ScriptBlockExpression)
        assert node.body.param_block is not None and node.body.param_block.parameters[0].name == "x"


# ------------------------------------------------------------------ statements
class TestStatements:
    def test_separators(self) -> None:
        assert len(statements("1; 2\n3\n\n;4")) == 4

    def test_comments(self) -> None:
        assert len(statements("# c\n1 # d\n<# block\n #> 2")) == 2

    def test_backtick_continuation(self) -> None:
        cmd = command("Write-Output `\n  a `\n  b")
        assert len(cmd.elements) == 2

    def test_pipe_continues_line(self) -> None:
        stmt = only("1 |\n  Write-Output")
        assert isinstance(stmt, A.Pipeline) and len(stmt.elements) == 2

    def test_leading_pipe_continues_line(self) -> None:
        stmt = only("1\n  | Write-Output")
        assert isinstance(stmt, A.Pipeline) and len(stmt.elements) == 2

    def test_if_elseif_else_on_separate_lines(self) -> None:
        stmt = only("if ($a) {\n 1\n}\nelseif ($b) { 2 }\nelse {\n 3 }")
        assert isinstance(stmt, A.IfStatement) and len(stmt.clauses) == 2 and stmt.else_body is not None

    def test_loops(self) -> None:
        assert isinstance(only("foreach ($i in 1..3) { $i }"), A.ForEachStatement)
        assert isinstance(only("for ($i = 0; $i -lt 3; $i++) { }"), A.ForStatement)
        assert isinstance(only("while ($true) { break }"), A.WhileStatement)
        stmt = only("do { 1 }\nuntil ($true)")
        assert isinstance(stmt, A.DoStatement) and stmt.until

    def test_labels_on_break_and_continue(self) -> None:
        stmt = only(":outer foreach ($a in 1) { continue outer }")
        assert isinstance(stmt, A.ForEachStatement) and stmt.label == "outer"
        inner = stmt.body.statements[0]
        assert isinstance(inner, A.FlowStatement) and inner.label == "outer"

    def test_switch_flags_and_clauses(self) -> None:
        stmt = only("switch -Regex ($x) { '^a' { 1 } default { 2 } }")
        assert isinstance(stmt, A.SwitchStatement)
        assert [f.lower() for f in stmt.flags] == ["regex"] and len(stmt.clauses) == 2

    def test_try_catch_finally(self) -> None:
        stmt = only("try { 1 }\ncatch [System.Exception], [ArgumentException] { 2 }\nfinally { 3 }")
        assert isinstance(stmt, A.TryStatement)
        assert stmt.catches[0].types == ["System.Exception", "ArgumentException"] and stmt.finally_body is not None

    def test_function_with_typed_parameters_and_defaults(self) -> None:
        stmt = only("function f([int]$a = 1, $b = $a * 2) { }")
        assert isinstance(stmt, A.FunctionDefinition) and stmt.parameters is not None
        assert [p.name for p in stmt.parameters] == ["a", "b"]
        assert stmt.parameters[0].type_name == "int"
        assert isinstance(stmt.parameters[1].default, A.BinaryOp)

    def test_attributes_then_param_on_next_line(self) -> None:
        stmt = only("function f {\n [CmdletBinding()]\n param([Parameter(Mandatory)][string]$Name, [switch]$Force)\n}")
        assert isinstance(stmt, A.FunctionDefinition)
        block = stmt.body.body.param_block
        assert block is not None and block.attributes[0].name == "CmdletBinding"
        assert [p.name for p in block.parameters] == ["Name", "Force"]
        assert block.parameters[0].attributes[0].named.keys() == {"Mandatory"}

    def test_named_blocks(self) -> None:
        body = parse("begin { 1 } process { 2 } end { 3 }")
        assert body.begin is not None and body.process is not None and body.end is not None

    def test_assignment_forms(self) -> None:
        for text in ("$a = 1", "$a += 1", "$h.x = 1", "$a[0] = 1", "$a, $b = 1, 2", "[int]$n = '5'"):
            assert isinstance(only(text), A.Assignment), text

    def test_pipeline_chain(self) -> None:
        stmt = only("a && b || c")
        assert isinstance(stmt, A.PipelineChain) and stmt.operators == ["&&", "||"]


# ------------------------------------------------------------------ positions
class TestPositions:
    def test_token_lines_and_columns(self) -> None:
        toks = tokenize("$a = 1\n  Write-Output $a")
        cmd = next(t for t in toks if t.type == "CMDNAME")
        assert (cmd.line, cmd.column) == (2, 3)

    def test_node_positions(self) -> None:
        cmd = command("  Get-Thing -x 1")
        assert cmd.pos is not None and (cmd.pos.line, cmd.pos.column) == (1, 3)
        param = cmd.elements[0]
        assert param.pos is not None and param.pos.column == 13


# ------------------------------------------------------------------ errors
class TestErrors:
    def test_unexpected_token(self) -> None:
        err = parse_error("'ok'\n1 2")
        span = err.record.span
        assert err.record.message == "Unexpected token '2' in expression or statement."
        assert span is not None and (span.line, span.column) == (2, 3)
        assert span.caret_lines()[-1].endswith("  ~")

    def test_missing_closing_brace_points_at_the_opening_one(self) -> None:
        err = parse_error("function f {\n 'x'\n")
        assert err.record.message == "Missing closing '}' in statement block or type definition."
        assert err.record.span is not None and (err.record.span.line, err.record.span.column) == (1, 12)

    def test_missing_closing_paren(self) -> None:
        err = parse_error("$x = (1 + 2")
        assert err.record.message == "Missing closing ')' in expression."
        assert err.record.span is not None and err.record.span.column == 12

    def test_missing_value_after_operator(self) -> None:
        err = parse_error("$y = 1 +")
        assert err.record.message == "You must provide a value expression following the '+' operator."
        assert err.record.span is not None and err.record.span.column == 9

    def test_empty_pipe_element(self) -> None:
        assert parse_error("Get-Thing |").record.message == "An empty pipe element is not allowed."

    def test_unterminated_string(self) -> None:
        err = parse_error("'abc")
        assert err.record.message == "The string is missing the terminator: '."
        assert err.record.error_id == "TerminatorExpectedAtEndOfString"

    def test_not_equals_operator(self) -> None:
        assert "-ne" in parse_error("1 != 2").record.message

    def test_file_name_in_span(self) -> None:
        with pytest.raises(ParseError) as info:
            parse("1 2", "/x/y.ps1")
        assert info.value.record.span is not None and info.value.record.span.file == "/x/y.ps1"

    def test_parse_errors_are_parser_errors(self) -> None:
        err = parse_error("1 2")
        assert err.record.category == "ParserError"


# ------------------------------------------------------------------ incomplete input (REPL)
@pytest.mark.parametrize("text", [
    "if ($x) {", "function f {\n", "'abc", '"abc', "@'\nabc", "1 +", "Get-Thing |", "$a = (1,", "<# comment",
    "foreach ($i in 1..3) {\n $i", "$h = @{", "Write-Output `",
])
def test_incomplete(text: str) -> None:
    assert is_incomplete(text)


@pytest.mark.parametrize("text", ["", "1", "if ($x) { 1 }", "1 2", ")", "'a' 'b'", "Get-Thing | Out-Null", "# only comment"])
def test_complete_or_wrong(text: str) -> None:
    assert not is_incomplete(text)
