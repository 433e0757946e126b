"""What is being completed at the cursor: a command, a parameter, its value, a path, a variable.

The text before the cursor is run through pshell's own tokenizer, so "command position" and
"argument" mean exactly what they mean when the line runs. Nothing is evaluated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lark import Token

from pshell.repl.scan import scan

_QUOTES = "'\"\u2018\u2019\u201c\u201d"
_OPENERS = {"LPAREN", "SUBEXPR_OPEN", "ARRAY_OPEN", "LBRACE", "HASH_OPEN", "LBRACKET", "CALL_OPEN"}
_CLOSERS = {"RPAREN", "RBRACE", "RBRACKET"}
_STATEMENT_ENDS = {"PIPE", "SEMI", "NEWLINE", "AND_AND", "OR_OR"}
_ARGUMENT_KINDS = {"GENERIC", "XGENERIC", "STRING", "XSTRING", "NUMBER"}
_MEMBER = re.compile(r"\$([A-Za-z_][\w]*(?::[A-Za-z_]\w*)?)\.([A-Za-z_]\w*)?$")
_VARIABLE = re.compile(r"(?<![\w`$])(\$\{?|@(?=[\w]))([\w:?^]*)$")
_FALLBACK_WORD = re.compile(r"[^\s|;(){}=,]*$")


@dataclass
class CompletionContext:
    """kind: "command", "parameter", "value", "path", "variable", "member" or "none".

    word is the text before the cursor that a completion replaces; command is the command
    whose arguments the cursor is in; parameter the named parameter a value is for."""

    kind: str
    word: str = ""
    command: str | None = None
    parameter: str | None = None
    variable: str | None = None


def _tokens(text: str) -> tuple[list[Token], int | None]:
    """The tokens of text and, if the tokenizer failed, the offset where it failed."""
    result = scan(text)
    return result.tokens, result.failed_at


def _current_command(tokens: list[Token]) -> str | None:
    """The command whose argument list the end of `tokens` is in (brackets nest)."""
    stack: list[str | None] = [None]
    for tok in tokens:
        if tok.type in _OPENERS:
            stack.append(None)
        elif tok.type in _CLOSERS:
            if len(stack) > 1:
                stack.pop()
        elif tok.type in _STATEMENT_ENDS:
            stack[-1] = None
        elif tok.type == "CMDNAME":
            stack[-1] = str(tok.value)
    return stack[-1]


def _parameter_before(tokens: list[Token]) -> str | None:
    """The name of a `-Name` / `-Name:` token right before the word, if any."""
    if tokens and tokens[-1].type in ("PARAMETER", "PARAMETER_COLON"):
        return str(tokens[-1].value)
    return None


def _is_command_position(before: str) -> bool:
    """Would a word typed here be a command name?"""
    tokens, failed = _tokens(before + "x")
    return failed is None and bool(tokens) and tokens[-1].type == "CMDNAME" and tokens[-1].end_pos == len(before) + 1


def _argument(word: str, previous: list[Token]) -> CompletionContext:
    command = _current_command(previous)
    if word.startswith("-") and not word.startswith("--"):
        return CompletionContext("parameter", word, command)
    parameter = _parameter_before(previous)
    if parameter is not None:
        return CompletionContext("value", word, command, parameter)
    return CompletionContext("path", word, command)


def analyze(before: str) -> CompletionContext:
    """Classify the text before the cursor for completion."""
    member = _MEMBER.search(before)
    if member:
        return CompletionContext("member", member.group(2) or "", variable=member.group(1))
    variable = _VARIABLE.search(before)
    if variable:
        return CompletionContext("variable", variable.group(0))
    result = scan(before)
    tokens, failed = result.tokens, result.failed_at
    if any(c.end_pos == len(before) for c in result.comments) or (failed is not None and before[failed:][:2] == "<#"):
        return CompletionContext("none")  # in a comment
    if failed is not None:
        rest = before[failed:]
        if rest[:1] in _QUOTES and "\n" not in rest:
            previous = [t for t in tokens if (t.end_pos or 0) <= failed]
            if _is_command_position(before[:failed]):
                return CompletionContext("command", rest)
            return _argument(rest, previous)
        word = _FALLBACK_WORD.search(before).group(0)  # type: ignore[union-attr]
        return CompletionContext("path" if word else "none", word)
    last = tokens[-1] if tokens else None
    if last is not None and last.end_pos == len(before) and before[-1:] not in " \t\n":
        word = before[last.start_pos:]
        previous = tokens[:-1]
        if last.type == "CMDNAME":
            return CompletionContext("command", word)
        if last.type == "PARAMETER":
            return CompletionContext("parameter", word, _current_command(previous))
        if last.type in _ARGUMENT_KINDS:
            return _argument(word, previous)
        return CompletionContext("none", word)
    if _is_command_position(before):
        return CompletionContext("command", "")
    probe, failed = _tokens(before + "x")
    if failed is None and probe and probe[-1].type in ("GENERIC", "XGENERIC"):
        return _argument("", tokens)
    return CompletionContext("none", "")
