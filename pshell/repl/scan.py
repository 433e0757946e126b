"""Tokenizing half-typed input for colouring and completion, without ever raising.

pshell's tokenizer raises at the first problem. For a bracket still open at the end of the
text it has already produced every token (only the closer is missing), so the tokens count
as complete; any other error (an unterminated string or comment, a stray `)`) stops the
tokens at the position it reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lark import Token

from pshell.errors import ParseError
from pshell.syntax.lexer import Lexer as Tokenizer

#: Errors raised after the last token, for a bracket left open.
UNCLOSED_BRACKET_ERRORS = frozenset({
    "MissingEndCurlyBrace", "MissingEndParenthesisInExpression", "MissingEndParenthesisInSubexpression",
    "MissingEndParenthesisInMethodCall", "MissingArrayIndexExpression",
})


@dataclass
class Scan:
    """The tokens and comments of a text, and where tokenizing failed (None: nowhere)."""

    tokens: list[Token] = field(default_factory=list)
    comments: list[Token] = field(default_factory=list)
    failed_at: int | None = None


def error_offset(text: str, err: ParseError) -> int:
    """The character offset a parse error points at (its span is a line and column)."""
    span = err.record.span
    if span is None:
        return len(text)
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    line = min(max(span.line, 1), len(starts)) - 1
    return min(starts[line] + max(span.column, 1) - 1, len(text))


def scan(text: str) -> Scan:
    """Tokenize `text` as far as possible."""
    tokenizer = Tokenizer(text)
    result = Scan(comments=tokenizer.comments)
    try:
        result.tokens.extend(tokenizer.tokens())
    except ParseError as err:
        record = err.record
        unclosed = record.extra.get("incomplete") and record.error_id in UNCLOSED_BRACKET_ERRORS
        offset = error_offset(text, err)
        result.failed_at = None if unclosed or offset >= len(text) else offset
    except Exception:  # noqa: BLE001 - half-typed input must never break the prompt
        result.failed_at = 0
    return result
