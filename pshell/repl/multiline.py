"""When Enter runs the input and when it only starts another line (`>> `)."""

from __future__ import annotations

from pshell.syntax.lexer import Lexer as Tokenizer
from pshell.syntax.parser import is_incomplete

CONTINUATION_PROMPT = ">> "


def _ends_with_line_continuation(text: str) -> bool:
    """A backtick as the very last character continues the line (unless it is in a comment)."""
    if not text.endswith("`") or text.endswith("``"):
        return False
    tokenizer = Tokenizer(text)
    try:
        for _ in tokenizer.tokens():
            pass
    except Exception:  # noqa: BLE001 - the parser decides about broken input
        return False
    return not any(c.end_pos == len(text) for c in tokenizer.comments)


def needs_more_input(text: str) -> bool:
    """True if the text is an unfinished script: an open block, string, here-string, a
    trailing `|` or operator, or a trailing backtick."""
    if not text.strip():
        return False
    if _ends_with_line_continuation(text):
        return True
    try:
        return is_incomplete(text)
    except Exception:  # noqa: BLE001 - let the engine report whatever is wrong with it
        return False


def continuation_prompt(width: int, line_number: int, is_soft_wrap: bool) -> str:
    """The prompt of the second and later lines of one input (nothing on soft-wrapped lines)."""
    return "" if is_soft_wrap else CONTINUATION_PROMPT
