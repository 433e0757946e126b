"""Parsing: text -> syntax tree, with the Lark parser built once and reused."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from lark import Lark, Token
from lark.exceptions import UnexpectedInput, UnexpectedToken, VisitError
from lark.lexer import Lexer as LarkLexer

from pshell.errors import ErrorCategory, ErrorRecord, ParseError, PSError
from pshell.syntax import ast as A
from pshell.syntax.blocks import BlockStructureError, split_script_body
from pshell.syntax.builder import AstBuilder
from pshell.syntax.lexer import Lexer


def grammar_text() -> str:
    """The grammar: next to the package when installed, in grammar/ in a checkout."""
    packaged = resources.files("pshell").joinpath("grammar/pshell.lark")
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    return (Path(__file__).resolve().parents[2] / "grammar" / "pshell.lark").read_text(encoding="utf-8")


class _TokenFeed(LarkLexer):
    """Hands Lark the tokens of pshell's own tokenizer."""

    def __init__(self, lexer_conf: object) -> None:
        pass

    def lex(self, data: Lexer) -> object:  # type: ignore[override]
        return data.tokens()


def _cache_file() -> str | bool:
    """Where Lark keeps its analysed grammar, so a new process skips building the tables."""
    import os

    from pshell import __version__

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "pshell")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
        return True
    return os.path.join(folder, f"grammar-{__version__}.lark-cache")


@functools.lru_cache(maxsize=1)
def _lark() -> Lark:
    return Lark(grammar_text(), parser="lalr", lexer=_TokenFeed, propagate_positions=True, maybe_placeholders=True,
                cache=_cache_file())


_DESCRIPTIONS = {
    "RPAREN": "')'", "RBRACE": "'}'", "RBRACKET": "']'", "$END": "end of input",
}


def _unexpected(lexer: Lexer, err: UnexpectedToken) -> ParseError:
    tok: Token = err.token
    if tok.type == "$END":
        return _incomplete(lexer)
    if tok.type == "ARG_SEP" or tok.type == "RPAREN" and _kind(lexer.previous_token) == "ARG_SEP":
        missing = _missing_argument(lexer)
        if missing is not None:
            return missing
    text = lexer.text[tok.start_pos : tok.end_pos] if tok.start_pos is not None else str(tok.value)
    if tok.type == "NEWLINE" or tok.type == "RPAREN" and "RPAREN" not in (err.expected or set()):
        message = "Missing expression after the last token; the statement is incomplete." if tok.type == "NEWLINE" else f"Unexpected token '{text}' in expression or statement."
        error_id = "ExpectedExpression" if tok.type == "NEWLINE" else "UnexpectedToken"
    else:
        message = f"Unexpected token '{text}' in expression or statement."
        error_id = "UnexpectedToken"
    return lexer.error(message, tok.start_pos or 0, error_id, length=max(1, len(text)))


_VALUE_AFTER = frozenset({"PLUS", "MINUS", "STAR", "SLASH", "PERCENT", "CMP_OP", "LOGIC_OP", "BIT_OP", "FORMAT_OP",
                          "DOTDOT", "ASSIGN", "NOT_OP", "BNOT_OP", "EXCL", "USPLIT", "UJOIN"})


def _kind(tok: Token | None) -> str:
    return tok.type if tok is not None else ""


def _missing_argument(lexer: Lexer) -> ParseError | None:
    """A method argument is missing where a comma or `)` stands: say so as PowerShell does.

    `$x.M(,1)`: the comma operator is off in method arguments, so nothing starts the first
    argument and the `(` has no `)`. `$x.M(1,,2)` and `$x.M(1,)`: nothing after a comma.
    `$x.M(1 + ,2)`: nothing after an operator. The caret goes just after the token before.
    """
    before = lexer.previous_token
    if before is None:
        return None
    at = before.end_pos or 0
    text = lexer.text[before.start_pos : before.end_pos] if before.start_pos is not None else str(before.value)
    kind = before.type
    if kind == "CALL_OPEN":
        return lexer.error("Missing ')' in method call.", at, "MissingEndParenthesisInMethodCall")
    if kind == "ARG_SEP":
        return lexer.error("Missing expression after ','.", at, "MissingExpressionAfterToken")
    if kind in _VALUE_AFTER:
        return lexer.error(f"You must provide a value expression following the '{text}' operator.", at, "ExpectedValueExpression")
    return None


def _incomplete(lexer: Lexer) -> ParseError:
    """The text ended in the middle of a statement: say what is missing, just after the last token."""
    last = lexer.last_token
    kind = last.type if last is not None else ""
    text = lexer.text[last.start_pos : last.end_pos] if last is not None else ""
    if kind in _VALUE_AFTER:
        message, error_id = f"You must provide a value expression following the '{text}' operator.", "ExpectedValueExpression"
    elif kind == "PIPE":
        message, error_id = "An empty pipe element is not allowed.", "EmptyPipeElement"
    elif kind in ("COMMA", "ARG_SEP"):
        message, error_id = "Missing expression after ','.", "MissingExpressionAfterToken"
    elif kind in ("IF", "ELSEIF", "WHILE", "FOR", "FOREACH", "SWITCH", "UNTIL"):
        message, error_id = f"Missing '(' after '{text}' in {text} statement.", "MissingOpenParenthesisInIfStatement"
    elif kind in ("RPAREN", "ELSE", "TRY", "FINALLY", "DO", "CATCH", "BEGIN", "PROCESS", "END", "FUNC_NAME"):
        message, error_id = "Missing statement block.", "MissingStatementBlock"
    else:
        message, error_id = "Missing expression after the last token; the statement is incomplete.", "IncompleteParseException"
    return lexer.error(message, lexer.last_end, error_id, incomplete=True)


def parse(text: str, file: str | None = None, *, offset: int = 0) -> A.ScriptBlockBody:
    """Parse a whole script (or script block body); raise ParseError with line and column."""
    return split_body(parse_statements(text, file), text, file)


def split_body(statements: A.StatementList, text: str, file: str | None) -> A.ScriptBlockBody:
    try:
        return split_script_body(statements)
    except BlockStructureError as exc:
        pos = exc.pos.start if exc.pos else 0
        raise Lexer(text, file).error(str(exc), pos, exc.error_id) from None


def parse_statements(text: str, file: str | None = None) -> A.StatementList:
    """Parse text into a statement list (no named-block arrangement)."""
    lexer = Lexer(text, file)
    try:
        tree = _lark().parse(lexer)  # type: ignore[arg-type]
    except UnexpectedToken as err:
        raise _unexpected(lexer, err) from None
    except UnexpectedInput as err:
        raise lexer.error("Unexpected input.", getattr(err, "pos_in_stream", 0) or 0, "UnexpectedToken") from None
    except VisitError as err:
        if isinstance(err.orig_exc, PSError):
            raise err.orig_exc from None
        raise
    except PSError:
        raise

    def fragment(body: str, at: int) -> A.StatementList:
        try:
            return parse_statements(body, file)
        except ParseError as inner:
            span = lexer.span(at + _offset_of(body, inner), 1)
            inner.record.span = span
            raise

    try:
        return AstBuilder(text, fragment, file).transform(tree)
    except VisitError as err:
        orig = err.orig_exc
        if isinstance(orig, PSError):
            raise orig from None
        if isinstance(orig, BlockStructureError):
            raise lexer.error(str(orig), orig.pos.start if orig.pos else 0, orig.error_id) from None
        raise


def _offset_of(body: str, err: ParseError) -> int:
    span = err.record.span
    if span is None:
        return 0
    lines = body.split("\n")
    return sum(len(line) + 1 for line in lines[: span.line - 1]) + span.column - 1


def is_incomplete(text: str) -> bool:
    """True when the text is an unfinished script (open block, string or pipeline)."""
    try:
        parse(text)
    except ParseError as err:
        return bool(err.record.extra.get("incomplete"))
    return False


def make_error(message: str, error_id: str) -> ParseError:
    return ParseError(ErrorRecord(message, error_id, ErrorCategory.ParserError))
