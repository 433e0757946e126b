"""Syntax colouring from pshell's own tokenizer, so the colours agree with how code will run."""

from __future__ import annotations

from collections.abc import Callable

from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.lexers import Lexer

from pshell.repl.scan import scan
from pshell.syntax import tokens as T

_QUOTES = "'\"\u2018\u2019\u201a\u201b\u201c\u201d\u201e"
_EXTRA_CLASS = {"MEMBER": "member", "DOTSOURCE": "operator", "AMP": "operator", "PIPE": "operator",
                "ASSIGN": "operator", "AND_AND": "operator", "OR_OR": "operator", "LABEL": "keyword",
                "IN": "keyword", "XGENERIC": "string"}


def token_class(kind: str) -> str | None:
    """The syntax class (command, string, keyword, ...) of a token kind, or None for plain."""
    if kind in T.HIGHLIGHT_CLASS:
        return T.HIGHLIGHT_CLASS[kind]
    if kind.lower() in T.KEYWORDS:
        return "keyword"
    return _EXTRA_CLASS.get(kind)


def classify(text: str) -> list[str | None]:
    """One syntax class (or None) per character of `text`; never raises.

    On a tokenizer error everything from the failing position is plain text, except an
    unterminated string, which is coloured as a string to the end."""
    classes: list[str | None] = [None] * len(text)

    def paint(start: int, end: int, cls: str | None) -> None:
        if cls is not None:
            for i in range(max(start, 0), min(end, len(text))):
                classes[i] = cls

    result = scan(text)
    for tok in result.tokens:
        if tok.start_pos is not None and tok.end_pos is not None:
            paint(tok.start_pos, tok.end_pos, token_class(tok.type))
    for comment in result.comments:
        if comment.start_pos is not None and comment.end_pos is not None:
            paint(comment.start_pos, comment.end_pos, "comment")
    failed_at = result.failed_at
    if failed_at is not None:
        for i in range(failed_at, len(text)):
            classes[i] = None
        rest = text[failed_at:]
        if rest[:1] in _QUOTES or rest[:2] in ('@"', "@'"):
            paint(failed_at, len(text), "string")
        elif rest[:2] == "<#":
            paint(failed_at, len(text), "comment")
    return classes


def fragments(text: str) -> list[StyleAndTextTuples]:
    """The coloured fragments of each line of `text`."""
    classes = classify(text)
    lines: list[StyleAndTextTuples] = []
    current: StyleAndTextTuples = []
    run_start, run_class = 0, classes[0] if classes else None

    def flush(end: int) -> None:
        if end > run_start:
            current.append((f"class:pshell.{run_class}" if run_class else "", text[run_start:end]))

    for i, ch in enumerate(text):
        if ch == "\n":
            flush(i)
            lines.append(current)
            current = []
            run_start = i + 1
            run_class = classes[i + 1] if i + 1 < len(text) else None
        elif classes[i] != run_class:
            flush(i)
            run_start, run_class = i, classes[i]
    flush(len(text))
    lines.append(current)
    return lines


class PShellLexer(Lexer):
    """A prompt_toolkit lexer over pshell's tokenizer (commands, parameters, strings, ...)."""

    def __init__(self) -> None:
        self._cache: tuple[str, list[StyleAndTextTuples]] | None = None

    def lex_document(self, document: Document) -> Callable[[int], StyleAndTextTuples]:
        text = document.text
        if self._cache is None or self._cache[0] != text:
            try:
                self._cache = (text, fragments(text))
            except Exception:  # noqa: BLE001 - fall back to plain text, never raise
                self._cache = (text, [[("", line)] for line in text.split("\n")])
        lines = self._cache[1]

        def get_line(lineno: int) -> StyleAndTextTuples:
            return lines[lineno] if 0 <= lineno < len(lines) else []

        return get_line
