"""The tokenizer: PowerShell's argument mode and expression mode, decided as it reads.

PowerShell tokenizes a word differently depending on where it stands: `Write-Output 1+2`
passes the one string `1+2`, while `(1+2)` is an addition. This tokenizer keeps a stack of
frames (statement lists, parentheses, indexes, hashtables, switch bodies) and, in each, whether
it is reading a command's arguments, so that every token comes out already classified for the
Lark grammar in `grammar/pshell.lark`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Iterator

from lark import Token

from pshell.errors import ErrorCategory, ErrorRecord, ParseError, SourceSpan
from pshell.syntax import tokens as T
from pshell.syntax.numbers import parse_number

_SPACE = " \t\f\v\u00a0"
_DASHES = "-\u2013\u2014\u2015"
_SQUOTES = "'\u2018\u2019\u201a\u201b"
_DQUOTES = '"\u201c\u201d\u201e'
_IDENT = re.compile(r"[A-Za-z_][\w]*")
_VAR_NAME = re.compile(r"(?:(?:global|local|script|private|using|env|variable|function):)?[\w]+(?::[\w]+)?", re.ASCII)
_VAR_NAME_U = re.compile(r"(?:[A-Za-z]+:)?[\w]+", re.UNICODE)
_REDIRECT = re.compile(r"(?:[1-6*]?>>|[1-6*]?>(?:&[12])?)")
_PARAM = re.compile(r"[A-Za-z_?][\w\-?]*", re.UNICODE)
_ARG_STOP = set(" \t\f\v\u00a0\r\n|;,(){}&") | {"\u2018"}
_OPEN_CLOSE = {"LPAREN": "RPAREN", "CALL_OPEN": "RPAREN", "SUBEXPR_OPEN": "RPAREN", "ARRAY_OPEN": "RPAREN",
               "LBRACE": "RBRACE", "HASH_OPEN": "RBRACE", "LBRACKET": "RBRACKET"}


# What a bracket left open at the end of the text reports: message, error id, and whether the
# caret goes under the opening bracket (True) or just after the last token (False).
_UNCLOSED = {
    "LBRACE": ("Missing closing '}' in statement block or type definition.", "MissingEndCurlyBrace", True),
    "HASH_OPEN": ("Missing closing '}' in hash literal.", "MissingEndCurlyBrace", True),
    "LPAREN": ("Missing closing ')' in expression.", "MissingEndParenthesisInExpression", False),
    "ATTR_START": ("Missing closing ')' in expression.", "MissingEndParenthesisInExpression", False),
    "SUBEXPR_OPEN": ("Missing closing ')' in subexpression.", "MissingEndParenthesisInSubexpression", False),
    "ARRAY_OPEN": ("Missing closing ')' in subexpression.", "MissingEndParenthesisInSubexpression", False),
    "CALL_OPEN": ("Missing ')' in method call.", "MissingEndParenthesisInMethodCall", False),
    "LBRACKET": ("Array index expression is missing or not valid.", "MissingArrayIndexExpression", False),
}


@dataclass
class Frame:
    """One nesting level: what kind of brackets we are in and how words read there."""

    kind: str  # "stmts" | "paren" | "index" | "hash" | "switch" | "foreach" | "switch_header"
    closer: str
    expect: str = "start"  # "start" | "pipe" | "operand" | "operator"
    command: bool = False
    key_position: bool = False
    pending: str = ""  # what the next brace or word means after a keyword
    opener: str = ""  # the token kind that opened this frame
    opened_at: int = 0  # and where


@dataclass
class Lexer:
    """Turns script text into Lark tokens; one instance per text."""

    text: str
    file: str | None = None
    _pos: int = 0
    _frames: list[Frame] = field(default_factory=list)
    _line_starts: list[int] = field(default_factory=list)
    _last: str = ""
    _spaced: bool = True
    _pending_brace: str = ""
    comments: list[Token] = field(default_factory=list)
    last_token: Token | None = None
    previous_token: Token | None = None  # the one before last_token
    last_end: int = 0

    def __post_init__(self) -> None:
        self._frames = [Frame("stmts", "EOF")]
        self._line_starts = [0] + [m.end() for m in re.finditer(r"\n", self.text)]

    # ----------------------------------------------------------------- positions
    def span(self, pos: int, length: int = 1) -> SourceSpan:
        line = bisect.bisect_right(self._line_starts, pos) - 1
        start = self._line_starts[line]
        end = self.text.find("\n", start)
        line_text = self.text[start:] if end < 0 else self.text[start:end]
        return SourceSpan(self.file, line + 1, pos - start + 1, line_text.rstrip("\r"), length)

    def _token(self, kind: str, value: str, start: int, end: int, *, track: bool = True) -> Token:
        line = bisect.bisect_right(self._line_starts, start) - 1
        end_line = bisect.bisect_right(self._line_starts, max(start, end - 1)) - 1
        tok = Token(
            kind,
            value,
            start_pos=start,
            line=line + 1,
            column=start - self._line_starts[line] + 1,
            end_line=end_line + 1,
            end_column=end - self._line_starts[end_line] + 1,
            end_pos=end,
        )
        if track:
            self._last = kind
            self.previous_token, self.last_token = self.last_token, tok
            self.last_end = end
        return tok

    def error(self, message: str, pos: int, error_id: str, *, incomplete: bool = False, length: int = 1) -> ParseError:
        record = ErrorRecord(
            message,
            error_id,
            ErrorCategory.ParserError,
            span=self.span(min(pos, len(self.text)), length),
            exception_type="System.Management.Automation.ParseException",
        )
        record.extra["incomplete"] = incomplete
        return ParseError(record)

    # ----------------------------------------------------------------- frames
    @property
    def frame(self) -> Frame:
        return self._frames[-1]

    def _push(self, kind: str, closer: str, expect: str = "start", *, opener: str = "", at: int = 0) -> None:
        self._frames.append(Frame(kind, closer, expect=expect, key_position=(kind == "hash"), opener=opener, opened_at=at))

    def _pop(self, closer: str, pos: int) -> Frame:
        frame = self.frame
        if len(self._frames) == 1 or frame.closer != closer:
            char = {"RPAREN": ")", "RBRACE": "}", "RBRACKET": "]"}[closer]
            raise self.error(f"Unexpected token '{char}' in expression or statement.", pos, "UnexpectedToken")
        self._frames.pop()
        return frame

    # ----------------------------------------------------------------- main loop
    def tokens(self) -> Iterator[Token]:
        """Yield every token, ending with nothing at end of input (Lark adds $END)."""
        text = self.text
        n = len(text)
        while True:
            newline_at = self._skip_space()
            if newline_at >= 0:
                tok = self._newline(newline_at)
                if tok is not None:
                    yield tok
                continue
            if self._pos >= n:
                break
            before = self._pos
            tok = self._next()
            if self._pos == before:  # nothing read: a character no rule accepts here
                raise self._unexpected(before)
            if tok is not None:
                yield tok
        if len(self._frames) > 1:
            raise self._unclosed(self.frame)

    def _unclosed(self, frame: Frame) -> ParseError:
        """The error for a bracket still open at the end of the text, placed as PowerShell places it."""
        message, error_id, at_opener = _UNCLOSED.get(frame.opener, _UNCLOSED["LPAREN"])
        if frame.kind == "switch_header":
            message, error_id, at_opener = _UNCLOSED["LBRACE"]
        pos = frame.opened_at if at_opener else self.last_end
        return self.error(message, pos, error_id, incomplete=True)

    def _skip_space(self) -> int:
        """Skip blanks, comments and line continuations; return a newline's position or -1."""
        text, n = self.text, len(self.text)
        self._spaced = False
        while self._pos < n:
            c = text[self._pos]
            if c in _SPACE:
                self._pos += 1
                self._spaced = True
            elif c == "`" and not text[self._pos + 1 :].strip(" \t\r\n"):
                raise self.error("Missing expression after the last token; the statement is incomplete.",
                                 self._pos, "IncompleteParseException", incomplete=True)
            elif c == "`" and self._pos + 1 < n and text[self._pos + 1] in "\r\n":
                self._pos += 2 if text[self._pos + 1] == "\n" else 2 + (text[self._pos + 2 : self._pos + 3] == "\n")
                self._spaced = True
            elif c == "#" and (self._spaced or self._pos == 0 or not self.frame.command or text[self._pos - 1] in "\n;|"):
                end = text.find("\n", self._pos)
                end = n if end < 0 else end
                self.comments.append(self._token("COMMENT", text[self._pos:end], self._pos, end, track=False))
                self._pos = end
            elif c == "<" and text.startswith("<#", self._pos):
                end = text.find("#>", self._pos + 2)
                if end < 0:
                    raise self.error("Missing closing '#>' for block comment.", self._pos, "MissingEndOfComment", incomplete=True)
                self.comments.append(self._token("COMMENT", text[self._pos:end + 2], self._pos, end + 2, track=False))
                self._pos = end + 2
                self._spaced = True
            elif c in "\r\n":
                return self._pos
            else:
                break
        return -1

    def _newline(self, at: int) -> Token | None:
        text = self.text
        self._pos = at + 1 if text[at] == "\n" else at + (2 if text.startswith("\r\n", at) else 1)
        frame = self.frame
        if frame.kind in ("paren", "index", "foreach", "switch", "switch_header", "attr"):
            return None
        if self._last in ("", "NEWLINE", "SEMI", "ATTR_END") or self._last in T.LINE_CONTINUES_AFTER or self._last in _OPEN_CLOSE:
            return None
        if self._last == "RBRACE" and self._continuation_follows():
            return None
        if self._starts_with_pipe():
            return None
        frame.command = False
        frame.expect = "start"
        if frame.kind == "hash":
            frame.key_position = True
        return self._token("NEWLINE", "\n", at, at + 1)

    def _peek_word(self) -> str:
        """The word after the blank lines and comments that follow, lower-cased."""
        save = (self._pos, self._last, len(self.comments))
        try:
            while self._skip_space() >= 0:
                self._pos += 1
            m = _IDENT.match(self.text, self._pos)
            return m.group(0).lower() if m else self.text[self._pos : self._pos + 1]
        finally:
            self._pos, self._last = save[0], save[1]
            del self.comments[save[2]:]

    def _continuation_follows(self) -> bool:
        word = self._peek_word()
        if word in T.CONTINUATION_KEYWORDS:
            return True
        return word in ("while", "until") and self._pending_brace == "after_do"

    def _keyword_after_brace(self) -> Token | None:
        """`} else {`, `} catch {`, `} while (...)`, `} process {`: a keyword after a block."""
        m = _IDENT.match(self.text, self._pos)
        if not m:
            return None
        word = m.group(0).lower()
        after = self.text[m.end() : m.end() + 1]
        if after and (after.isalnum() or after in "_-"):
            return None
        follows_do = word in ("while", "until") and self._pending_brace == "after_do"
        if word in T.CONTINUATION_KEYWORDS or follows_do or word in ("begin", "process", "end") and self.frame.kind == "stmts":
            self._pending_brace = ""
            return self._keyword(word, m.start(), m.end())
        return None

    def _starts_with_pipe(self) -> bool:
        word = self._peek_word()
        return word == "|" and not self.text.startswith("||", self._pos)

    # ----------------------------------------------------------------- dispatch
    def _next(self) -> Token | None:
        frame = self.frame
        c = self.text[self._pos]
        if c == ";":
            return self._separator()
        if self._last == "RBRACE" and not frame.command:
            tok = self._keyword_after_brace()
            if tok is not None:
                return tok
        if frame.expect == "member":
            return self._member_name()
        if frame.expect == "label":
            return self._operand()
        if frame.kind == "attr" and frame.expect == "start":
            frame.expect = "operand"
        if frame.command:
            return self._argument_token()
        if frame.kind == "switch" and frame.expect == "start":
            return self._switch_clause()
        if frame.kind == "hash" and frame.key_position and frame.expect == "start":
            return self._hash_key()
        if frame.expect in ("start", "pipe"):
            tok = self._statement_start()
            if tok is not None:
                return tok
        if frame.expect in ("start", "pipe", "operand"):
            return self._operand()
        return self._operator()

    def _separator(self) -> Token:
        frame = self.frame
        start = self._pos
        self._pos += 1
        frame.command = False
        frame.expect = "start"
        if frame.kind == "hash":
            frame.key_position = True
        if frame.kind in ("switch",):
            return None  # type: ignore[return-value]
        return self._token("SEMI", ";", start, self._pos)

    # ----------------------------------------------------------------- statement start
    def _statement_start(self) -> Token | None:
        text, start, frame = self.text, self._pos, self.frame
        c = text[start]
        if frame.expect == "start":
            m = _IDENT.match(text, start)
            if m:
                word = m.group(0).lower()
                after = text[m.end() : m.end() + 1]
                is_word_end = not after or not (after.isalnum() or after in "_-.\\/:*?")
                if word in T.KEYWORDS and is_word_end and word != "in":
                    return self._keyword(word, start, m.end())
            if c == ":" and _IDENT.match(text, start + 1) and self._last in ("", "NEWLINE", "SEMI", "LBRACE"):
                m = _IDENT.match(text, start + 1)
                self._pos = m.end()
                return self._token("LABEL", m.group(0), start, self._pos)
        if c == "&" and not text.startswith("&&", start):
            self._pos += 1
            frame.command = True
            frame.expect = "operand"
            return self._token("AMP", "&", start, self._pos)
        if c == "." and start + 1 < len(text) and text[start + 1] in " \t":
            self._pos += 1
            frame.command = True
            frame.expect = "operand"
            return self._token("DOTSOURCE", ".", start, self._pos)
        if self._is_command_name_start(start):
            tok = self._generic(start, kind="CMDNAME")
            frame.command = True
            frame.expect = "operand"
            return tok
        return None

    def _is_command_name_start(self, pos: int) -> bool:
        text = self.text
        c = text[pos]
        if c.isalpha() or c in "_\\/~*?%":
            return True
        if ord(c) > 127 and c.isprintable() and not c.isspace() and c not in _DASHES + _SQUOTES + _DQUOTES:
            return True  # any other non-ASCII character starts a command name, as in PowerShell
        if _digit(c):
            m = re.match(r"[\w.]+", text[pos:])
            word = m.group(0) if m else c
            return parse_number(word) is None and bool(re.match(r"\d+[A-Za-z_]", word)) and not re.match(r"0x[0-9a-f]+$", word, re.I)
        if c == "." and pos + 1 < len(text):
            nxt = text[pos + 1]
            return nxt in "/\\" or (nxt == "." and pos + 2 < len(text) and text[pos + 2] in "/\\") or nxt.isalpha()
        return False

    def _keyword(self, word: str, start: int, end: int) -> Token:
        frame = self.frame
        self._pos = end
        kind = word.upper()
        frame.expect = "operand"
        if word in ("return", "throw", "exit"):
            frame.expect = "start"
        elif word in ("function", "filter"):
            self._skip_space()
            m = re.compile(r"[^\s(){};]+").match(self.text, self._pos)
            tok = self._token(kind, word, start, end)
            if m:
                self._pending_function_name = (m.group(0), m.start(), m.end())
            return tok
        elif word in ("break", "continue"):
            frame.expect = "label"
        elif word == "switch":
            self._push("switch_header", "SWITCH_BODY", expect="operand", opener="SWITCH", at=start)
        elif word == "foreach":
            self._pending_brace = "foreach"
        elif word in ("do", "param"):
            self._pending_brace = word
        self._pending_function_name = None
        return self._token(kind, word, start, end)

    _pending_function_name: tuple[str, int, int] | None = None

    # ----------------------------------------------------------------- operands
    def _operand(self) -> Token:
        text, start, frame = self.text, self._pos, self.frame
        if self._pending_function_name:
            name, s, e = self._pending_function_name
            self._pending_function_name = None
            self._pos = e
            frame.expect = "operator"
            return self._token("FUNC_NAME", name, s, e)
        if frame.expect == "label":
            frame.expect = "operator"
            m = _IDENT.match(text, start)
            if m and text[start] not in "$":
                self._pos = m.end()
                return self._token("GENERIC", m.group(0), start, self._pos)
        c = text[start]
        two = text[start : start + 2]
        if frame.kind == "switch_header":
            if c in _DASHES and _IDENT.match(text, start + 1):
                m = _IDENT.match(text, start + 1)
                self._pos = m.end()
                return self._token("PARAMETER", m.group(0), start, self._pos)
            if c == "{":
                self._frames.pop()
                self._pos += 1
                self._push("switch", "RBRACE", opener="LBRACE", at=start)
                return self._token("LBRACE", "{", start, self._pos)
        if two == "$(":
            return self._open("SUBEXPR_OPEN", "stmts", "RPAREN", 2)
        if two == "@(":
            return self._open("ARRAY_OPEN", "stmts", "RPAREN", 2)
        if two == "@{":
            return self._open("HASH_OPEN", "hash", "RBRACE", 2)
        if two == "::" and self._last == "TYPE":
            return self._member_access(2, "COLONCOLON")
        if c == "(":
            pending, self._pending_brace = self._pending_brace, ""
            tok = self._open("LPAREN", "foreach" if pending == "foreach" else "paren", "RPAREN", 1)
            self.frame.pending = pending if pending == "param" else ""
            return tok
        if c == "{":
            pending, self._pending_brace = self._pending_brace, ""
            tok = self._open("LBRACE", "stmts", "RBRACE", 1)
            self.frame.pending = "do_body" if pending == "do" else ""
            return tok
        if c == "$":
            return self._variable()
        if c == "@" and start + 1 < len(text) and (text[start + 1].isalnum() or text[start + 1] == "_"):
            m = _VAR_NAME_U.match(text, start + 1)
            self._pos = m.end()
            frame.expect = "operator"
            return self._token("SPLAT", m.group(0), start, self._pos)
        if c == "@" and start + 1 < len(text) and text[start + 1] in _DQUOTES + _SQUOTES:
            return self._here_string()
        if c in _SQUOTES:
            return self._single_quoted()
        if c in _DQUOTES:
            return self._double_quoted()
        if c == "[":
            return self._type_or_attribute()
        if _digit(c) or (c == "." and _digit(text[start + 1 : start + 2])):
            return self._number()
        if c in _DASHES:
            m = _IDENT.match(text, start + 1)
            if m and m.group(0).lower() in T.UNARY_OPERATORS:
                name = m.group(0).lower()
                self._pos = m.end()
                frame.expect = "operand"
                kind = {"not": "NOT_OP", "bnot": "BNOT_OP", "join": "UJOIN"}.get(name, "USPLIT")
                return self._token(kind, name, start, self._pos)
            if start + 1 < len(text) and text[start + 1] in _DASHES:
                self._pos += 2
                return self._token("MINUSMINUS", "--", start, self._pos)
            self._pos += 1
            return self._token("MINUS", "-", start, self._pos)
        if two == "++":
            self._pos += 2
            return self._token("PLUSPLUS", "++", start, self._pos)
        if c == ",":
            self._pos += 1
            return self._token(self._comma_kind(operand=True), c, start, self._pos)
        single = {"+": "PLUS", "!": "EXCL"}
        if c in single:
            self._pos += 1
            return self._token(single[c], c, start, self._pos)
        if c in ")}]":
            return self._close(c)
        if c.isalpha() or c == "_":
            m = re.compile(r"[\w\-]+").match(text, start)
            self._pos = m.end()
            frame.expect = "operator"
            return self._token("GENERIC", m.group(0), start, self._pos)
        if c == "|":
            return self._pipe()
        raise self.error(f"Unexpected token '{c}' in expression or statement.", start, "UnexpectedToken")

    def _open(self, kind: str, frame_kind: str, closer: str, width: int) -> Token:
        start = self._pos
        self._pos += width
        self.frame.expect = "operator"
        self._push(frame_kind, closer, opener=kind, at=start)
        return self._token(kind, self.text[start : self._pos], start, self._pos)

    def _close(self, c: str) -> Token:
        start = self._pos
        closer = {")": "RPAREN", "}": "RBRACE", "]": "RBRACKET"}[c]
        frame = self._pop(closer, start)
        self._pos += 1
        outer = self.frame
        if frame.kind == "switch":
            outer.expect = "operator"
        elif outer.kind == "switch":
            outer.expect = "start"
        elif outer.kind == "switch_header" and closer == "RPAREN":
            outer.expect = "operand"
        elif frame.pending == "param":
            outer.expect = "start"
        elif outer.expect != "attr_close":
            outer.expect = "operator"
        if closer == "RBRACE":
            self._pending_brace = "after_do" if frame.pending == "do_body" else ""
        return self._token(closer, c, start, self._pos)

    def _variable(self) -> Token:
        text, start = self.text, self._pos
        self.frame.expect = "operator"
        nxt = text[start + 1 : start + 2]
        if nxt == "{":
            end = text.find("}", start + 2)
            if end < 0:
                raise self.error("Missing closing '}' in variable name.", start, "IncompleteDollarVariableReference", incomplete=True)
            self._pos = end + 1
            return self._token("VARIABLE", text[start + 2 : end].replace("`", ""), start, self._pos)
        if nxt in ("_", "?", "$", "^") and not (nxt == "_" and start + 2 < len(text) and (text[start + 2].isalnum() or text[start + 2] == "_")):
            self._pos = start + 2
            return self._token("VARIABLE", nxt, start, self._pos)
        m = _VAR_NAME_U.match(text, start + 1)
        if not m:
            self._pos = start + 1
            return self._token("GENERIC", "$", start, self._pos)
        name = m.group(0)
        if ":" in name and name.split(":", 1)[0].lower() not in (
            "global", "local", "script", "private", "using", "env", "variable", "function"
        ):
            name = name.split(":", 1)[0]
        self._pos = start + 1 + len(name)
        return self._token("VARIABLE", name, start, self._pos)

    def _number(self) -> Token:
        text, start = self.text, self._pos
        m = re.compile(r"0[xX][0-9a-fA-F]+[lL]?(?:kb|mb|gb|tb|pb)?|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[dDlL]?(?:kb|mb|gb|tb|pb)?", re.I | re.A).match(text, start)
        end = m.end()
        if end < len(text) and (text[end].isalnum() or text[end] == "_"):
            raise self.error(f"Unexpected token '{text[start:end + 1]}' in expression or statement.", start, "UnexpectedToken")
        if text[end - 1] == "." and text[end : end + 1] == ".":
            end -= 1
        self._pos = end
        self.frame.expect = "operator"
        return self._token("NUMBER", text[start:end], start, end)

    def _type_or_attribute(self) -> Token:
        text, start = self.text, self._pos
        depth, i = 0, start
        while i < len(text):
            ch = text[i]
            if ch == "[":
                depth += 1
            elif ch == "]":
                depth -= 1
                if depth == 0:
                    break
            elif ch == "(" and depth == 1:
                name = text[start + 1 : i].strip()
                if not re.fullmatch(r"[\w.]+", name):
                    break
                self._pos = i + 1
                self.frame.expect = "operator"
                self._push("attr", "RPAREN", opener="ATTR_START", at=start)
                tok = self._token("ATTR_START", name, start, self._pos)
                self._frames[-2].expect = "attr_close"
                return tok
            elif ch in "\n;{}$'\"" or ch in _SPACE and depth == 1 and text[start + 1 : i].strip():
                if ch not in _SPACE:
                    break
            i += 1
        name = text[start + 1 : i].strip()
        if i >= len(text) or text[i] != "]" or not re.fullmatch(r"[\w.`,\[\] ]+", name):
            raise self.error("Missing type name after '['.", start, "MissingTypename", incomplete=i >= len(text))
        self._pos = i + 1
        self.frame.expect = "operand" if self._cast_follows() and self.frame.kind != "switch" else "operator"
        return self._token("TYPE", name.replace(" ", ""), start, self._pos)

    def _cast_follows(self) -> bool:
        """After `[type]`: does an operand follow (a cast), or is the type a value itself?"""
        text, i = self.text, self._pos
        while i < len(text) and text[i] in _SPACE:
            i += 1
        c = text[i : i + 1]
        if not c:
            return False
        if c in "$('\"[@+!" or c in _SQUOTES or c in _DQUOTES or _digit(c):
            return True
        if c in _DASHES:
            m = _IDENT.match(text, i + 1)
            return _digit(text[i + 1 : i + 2]) or bool(m and m.group(0).lower() in ("not", "bnot", "join", "split"))
        return False

    # ----------------------------------------------------------------- strings
    def _single_quoted(self) -> Token:
        text, start = self.text, self._pos
        i, out = start + 1, []
        while True:
            if i >= len(text):
                raise self.error("The string is missing the terminator: '.", start, "TerminatorExpectedAtEndOfString", incomplete=True)
            ch = text[i]
            if ch in _SQUOTES:
                if text[i + 1 : i + 2] and text[i + 1] in _SQUOTES:
                    out.append("'")
                    i += 2
                    continue
                break
            out.append(ch)
            i += 1
        self._pos = i + 1
        self.frame.expect = "operator"
        return self._token("STRING", "".join(out), start, self._pos)

    def _double_quoted(self) -> Token:
        text, start = self.text, self._pos
        end = scan_expandable(text, start + 1, lambda p: self.error(
            'The string is missing the terminator: ".', start, "TerminatorExpectedAtEndOfString", incomplete=True))
        self._pos = end + 1
        self.frame.expect = "operator"
        return self._token("XSTRING", text[start + 1 : end], start, self._pos)

    def _here_string(self) -> Token:
        text, start = self.text, self._pos
        quote = text[start + 1]
        expandable = quote in _DQUOTES
        line_end = text.find("\n", start)
        if line_end < 0 or text[start + 2 : line_end].strip():
            if line_end < 0:
                raise self.error("The string is missing the terminator: " + ('"@' if expandable else "'@") + ".", start, "TerminatorExpectedAtEndOfString", incomplete=True)
            raise self.error("No characters are allowed after a here-string header but before the end of the line.", start + 2, "UnexpectedCharactersAfterHereStringHeader")
        closer = re.compile(r"\r?\n[" + (_DQUOTES if expandable else _SQUOTES) + r"]@")
        m = closer.search(text, line_end)
        if text.startswith(('"@', "'@"), line_end + 1):
            body_end, close_end = line_end, line_end + 3
        elif m:
            body_end, close_end = m.start(), m.end()
        else:
            raise self.error("The string is missing the terminator: " + ('"@' if expandable else "'@") + ".", start, "TerminatorExpectedAtEndOfString", incomplete=True)
        body = text[line_end + 1 : body_end]
        if body_end == line_end:
            body = ""
        self._pos = close_end
        self.frame.expect = "operator"
        return self._token("XSTRING" if expandable else "STRING", body, start, self._pos)

    # ----------------------------------------------------------------- operators
    def _operator(self) -> Token:
        text, start, frame = self.text, self._pos, self.frame
        c = text[start]
        two = text[start : start + 2]
        if frame.expect == "attr_close":
            if c == "]":
                self._pos += 1
                frame.expect = "start"
                tok = self._token("RBRACKET", "]", start, self._pos)
                self._last = "ATTR_END"  # a line break after an attribute does not end the statement
                return tok
        if not self._spaced and self._last not in ("NEWLINE", "SEMI"):
            if c == "." and two != ".." and start + 1 < len(text) and (text[start + 1].isalpha() or text[start + 1] in "_$'\"("):
                return self._member_access(1, "DOT")
            if two == "::":
                return self._member_access(2, "COLONCOLON")
            if c == "[":
                return self._open("LBRACKET", "index", "RBRACKET", 1)
            if c == "(" and self._last == "MEMBER":
                return self._open("CALL_OPEN", "paren", "RPAREN", 1)
            if two in ("++", "--"):
                self._pos += 2
                return self._token("POSTFIX_OP", two, start, self._pos)
        if two == "::":
            return self._member_access(2, "COLONCOLON")
        if c in ")}]":
            return self._close(c)
        if c == "{" and frame.kind == "switch":
            return self._open("LBRACE", "stmts", "RBRACE", 1)
        if c == "{" or (c == "(" and frame.kind == "switch_header"):
            return self._operand()
        if frame.kind == "foreach" and re.match(r"in\b", text[start:], re.I):
            self._pos += 2
            frame.expect = "start"
            return self._token("IN", "in", start, self._pos)
        if c == "(" and self._last in ("FUNC_NAME",):
            tok = self._open("LPAREN", "paren", "RPAREN", 1)
            self.frame.pending = "param"
            return tok
        if two == "&&" or two == "||":
            self._pos += 2
            frame.command, frame.expect = False, "start"
            return self._token("AND_AND" if two == "&&" else "OR_OR", two, start, self._pos)
        if c == "|":
            return self._pipe()
        if c == ",":
            self._pos += 1
            frame.expect = "operand"
            return self._token(self._comma_kind(), ",", start, self._pos)
        if two == "..":
            self._pos += 2
            frame.expect = "operand"
            return self._token("DOTDOT", "..", start, self._pos)
        m = _REDIRECT.match(text, start)
        if m and (c == ">" or c in "123456*" and ">" in m.group(0)):
            return self._redirect(m)
        for op in T.ASSIGNMENT_OPERATORS:
            if text.startswith(op, start) and not (op == "=" and two == "=="):
                self._pos += len(op)
                frame.expect = "start"
                return self._token("ASSIGN", op, start, self._pos)
        if c in _DASHES:
            m = _IDENT.match(text, start + 1)
            if m and m.group(0).lower() in T.ALL_OPERATOR_NAMES:
                return self._named_operator(m.group(0).lower(), start, m.end())
            if two in ("--",) and not m:
                self._pos += 2
                return self._token("POSTFIX_OP", two, start, self._pos)
            self._pos += 1
            frame.expect = "operand"
            return self._token("MINUS", "-", start, self._pos)
        single = {"+": "PLUS", "*": "STAR", "/": "SLASH", "%": "PERCENT"}
        if c in single:
            self._pos += 1
            frame.expect = "operand"
            return self._token(single[c], c, start, self._pos)
        if c == "!" and two == "!=":
            raise self.error("The '!=' operator is not allowed in PowerShell; use '-ne' instead.", start, "InvalidEqualsOperator", length=2)
        raise self._unexpected(start)

    def _comma_kind(self, *, operand: bool = False) -> str:
        """What a comma is where it stands: mostly the array operator, but a separator in lists.

        After a parameter in a parameter list it separates parameters (PARAM_SEP). Directly inside
        a method call's parentheses it separates arguments (ARG_SEP), wherever it stands: PowerShell
        turns the comma operator off there, so each argument is a whole expression
        (`[math]::Round(10/3, 1)` has two) and a leading comma (`$x.M(,1)`) is an error. Brackets
        opened inside an argument (`(...)`, `@(...)`, `$x[...]`, `{...}`, `@{...}`) are frames of
        their own, where a comma is the operator again.
        """
        frame = self.frame
        if frame.pending == "param" and not operand:
            return "PARAM_SEP"
        if frame.opener == "CALL_OPEN":
            return "ARG_SEP"
        return "COMMA"

    def _unexpected(self, start: int) -> ParseError:
        m = re.compile(r"[^\s;|(){}]+").match(self.text, start)
        word = m.group(0) if m else self.text[start]
        return self.error(f"Unexpected token '{word}' in expression or statement.", start, "UnexpectedToken", length=len(word))

    def _named_operator(self, name: str, start: int, end: int) -> Token:
        self._pos = end
        self.frame.expect = "operand"
        if name in T.LOGIC_OPERATORS:
            kind = "LOGIC_OP"
        elif name in T.BITWISE_OPERATORS:
            kind = "BIT_OP"
        elif name == T.FORMAT_OPERATOR:
            kind = "FORMAT_OP"
        elif name in T.COMPARISON_OPERATORS:
            kind = "CMP_OP"
        else:
            raise self.error(f"Unexpected token '-{name}' in expression or statement.", start, "UnexpectedToken", length=end - start)
        return self._token(kind, name, start, end)

    def _member_access(self, width: int, kind: str) -> Token:
        start = self._pos
        self._pos += width
        tok = self._token(kind, self.text[start : self._pos], start, self._pos)
        self.frame.expect = "member"
        return tok

    def _pipe(self) -> Token:
        start = self._pos
        self._pos += 1
        frame = self.frame
        frame.command = False
        frame.expect = "pipe"
        return self._token("PIPE", "|", start, self._pos)

    def _redirect(self, m: re.Match[str]) -> Token:
        start = self._pos
        self._pos = m.end()
        self.frame.expect = "operand"
        self.frame.command = True
        return self._token("REDIRECT", m.group(0), start, self._pos)

    # ----------------------------------------------------------------- special positions
    def _switch_clause(self) -> Token:
        text, start, frame = self.text, self._pos, self.frame
        c = text[start]
        if c == "}":
            return self._close(c)
        if c in "{($'\"" or c in _SQUOTES + _DQUOTES or _digit(c) or c == "[":
            tok = self._operand()
            if tok.type not in ("LBRACE", "LPAREN", "SUBEXPR_OPEN"):
                frame.expect = "operator"
            return tok
        tok = self._generic(start, kind="GENERIC")
        frame.expect = "operator"
        return tok

    def _hash_key(self) -> Token:
        text, start, frame = self.text, self._pos, self.frame
        c = text[start]
        frame.key_position = False
        if c.isalpha() or c == "_":
            m = re.compile(r"[\w\-.]+").match(text, start)
            self._pos = m.end()
            frame.expect = "operator"
            return self._token("GENERIC", m.group(0), start, self._pos)
        if c == "}":
            frame.key_position = True
            return self._close(c)
        tok = self._operand()
        return tok

    # ----------------------------------------------------------------- argument mode
    def _argument_token(self) -> Token:
        text, start, frame = self.text, self._pos, self.frame
        c = text[start]
        two = text[start : start + 2]
        if frame.expect == "member":
            return self._member_name()
        if not self._spaced and frame.expect == "operator" and self._last not in ("CMDNAME", "PARAMETER", "PARAMETER_COLON", "GENERIC", "NUMBER", "COMMA", "AMP", "DOTSOURCE"):
            if c == "." and start + 1 < len(text) and (text[start + 1].isalpha() or text[start + 1] in "_$'\"("):
                return self._member_access(1, "DOT")
            if two == "::":
                return self._member_access(2, "COLONCOLON")
            if c == "[":
                return self._open("LBRACKET", "index", "RBRACKET", 1)
            if c == "(" and self._last == "MEMBER":
                return self._open("CALL_OPEN", "paren", "RPAREN", 1)
        if c == "|":
            if two == "||":
                self._pos += 2
                frame.command, frame.expect = False, "start"
                return self._token("OR_OR", "||", start, self._pos)
            return self._pipe()
        if two == "&&":
            self._pos += 2
            frame.command, frame.expect = False, "start"
            return self._token("AND_AND", "&&", start, self._pos)
        if c == "&":
            raise self.error("The ampersand (&) character is not allowed. The & operator is reserved for future use; "
                             "wrap an ampersand in double quotation marks (\"&\") to pass it as part of a string.",
                             start, "AmpersandNotAllowed")
        if c in ")}":
            frame.command = False
            return self._close(c)
        if c == ",":
            self._pos += 1
            frame.expect = "operand"
            return self._token("COMMA", ",", start, self._pos)
        m = _REDIRECT.match(text, start)
        if m and (c == ">" or (c in "123456*" and ">" in m.group(0) and (self._spaced or self._last in ("CMDNAME",)))):
            return self._redirect(m)
        if c in _DASHES and start + 1 < len(text):
            if two == "--" and (start + 2 >= len(text) or text[start + 2] in " \t\r\n"):
                self._pos += 2
                frame.expect = "operator"
                return self._token("GENERIC", "--", start, self._pos)
            pm = _PARAM.match(text, start + 1)
            if pm and not _digit(text[start + 1]):
                name = pm.group(0)
                self._pos = pm.end()
                if text[self._pos : self._pos + 1] == ":":
                    self._pos += 1
                    frame.expect = "operand"
                    return self._token("PARAMETER_COLON", name, start, self._pos)
                frame.expect = "operand"
                return self._token("PARAMETER", name, start, self._pos)
        if two in ("$(", "@(", "@{") or c in "({$" or c in _SQUOTES or c in _DQUOTES or (c == "@" and start + 1 < len(text) and (text[start + 1].isalnum() or text[start + 1] in "_\"'")):
            if c == "$" and self._expandable_argument(start):
                return self._generic(start, kind="GENERIC")
            if c in _SQUOTES + _DQUOTES and self._quoted_glued(start):
                return self._generic(start, kind="GENERIC")
            tok = self._operand()
            if tok.type in ("STRING", "XSTRING", "VARIABLE", "SPLAT"):
                frame.expect = "operator"
            return tok
        return self._generic(start, kind="GENERIC")

    def _member_name(self) -> Token:
        text, start, frame = self.text, self._pos, self.frame
        m = _IDENT.match(text, start)
        if m:
            self._pos = m.end()
            frame.expect = "operator"
            return self._token("MEMBER", m.group(0), start, self._pos)
        frame.expect = "operand"
        return self._operand()

    def _expandable_argument(self, start: int) -> bool:
        """`$x-y` or `$a/$b` in argument mode: one word to expand, not a variable."""
        text = self.text
        if text[start + 1 : start + 2] in ("(", "{"):
            return False
        m = _VAR_NAME_U.match(text, start + 1)
        if not m:
            return False
        end = m.end()
        if end >= len(text):
            return False
        nxt = text[end]
        return not (nxt in _ARG_STOP or nxt in ".[" or nxt == ">")

    def _quoted_glued(self, start: int) -> bool:
        """`"a"b` or `'x'.txt` in argument mode: quoted text glued to more of the word."""
        text = self.text
        quote = text[start]
        if quote in _SQUOTES:
            i = start + 1
            while i < len(text):
                if text[i] in _SQUOTES:
                    if text[i + 1 : i + 2] and text[i + 1] in _SQUOTES:
                        i += 2
                        continue
                    break
                i += 1
            end = i + 1
        else:
            try:
                end = scan_expandable(text, start + 1, lambda p: ValueError()) + 1
            except ValueError:
                return False
        return end < len(text) and text[end] not in _ARG_STOP and text[end] != ">"

    def _generic(self, start: int, *, kind: str) -> Token:
        """A bare word in argument mode; may hold quotes and `$` (then it expands)."""
        text = self.text
        i, out, expandable, plain = start, [], False, True
        n = len(text)
        while i < n:
            ch = text[i]
            if ch in _ARG_STOP:
                break
            if ch == ">" or (ch == "<" and text[i + 1 : i + 2] == "#"):
                break
            if ch == "#" and i == start:
                pass
            if ch == "`":
                if i + 1 < n:
                    out.append("`" + text[i + 1])
                    i += 2
                    plain = False
                    continue
                i += 1
                continue
            if ch in _SQUOTES:
                plain = False
                j = i + 1
                while j < n:
                    if text[j] in _SQUOTES:
                        if text[j + 1 : j + 2] and text[j + 1] in _SQUOTES:
                            out.append("'")
                            j += 2
                            continue
                        break
                    out.append(_escape_expandable(text[j]))
                    j += 1
                else:
                    raise self.error("The string is missing the terminator: '.", i, "TerminatorExpectedAtEndOfString", incomplete=True)
                i = j + 1
                continue
            if ch in _DQUOTES:
                plain = False
                end = scan_expandable(text, i + 1, lambda p: self.error(
                    'The string is missing the terminator: ".', i, "TerminatorExpectedAtEndOfString", incomplete=True))
                out.append(text[i + 1 : end])
                expandable = expandable or "$" in text[i + 1 : end] or "`" in text[i + 1 : end]
                i = end + 1
                continue
            if ch == "$" and i + 1 < n and (text[i + 1].isalnum() or text[i + 1] in "_{(?$^"):
                expandable = True
                if text[i + 1] == "(":
                    end = scan_subexpression(text, i + 2, lambda p: self.error(
                        "Missing closing ')' in subexpression.", i, "MissingEndParenthesisInSubexpression", incomplete=True))
                    out.append(text[i : end + 1])
                    i = end + 1
                    continue
            out.append(ch)
            i += 1
        self._pos = i
        raw = "".join(out)
        self.frame.expect = "operator"
        if kind == "GENERIC" and plain and not expandable and parse_number(raw.lstrip("-")) is not None and raw.count("-") <= 1:
            return self._token("NUMBER", raw, start, i)
        if kind == "CMDNAME":
            return self._token("CMDNAME", _unescape_plain(raw), start, i)
        if expandable or not plain:
            return self._token("XGENERIC" if expandable or "`" in raw else "GENERIC", raw if expandable or "`" in raw else _unescape_plain(raw), start, i)
        return self._token("GENERIC", raw, start, i)


def _digit(c: str) -> bool:
    """An ASCII digit (str.isdigit also accepts '²' and other Unicode digits)."""
    return len(c) == 1 and "0" <= c <= "9"


def _escape_expandable(ch: str) -> str:
    return "`" + ch if ch in "$`\"" else ch


def _unescape_plain(raw: str) -> str:
    return re.sub(r"`(.)", lambda m: m.group(1), raw)


def scan_expandable(text: str, i: int, on_eof) -> int:
    """Index of the closing double quote of an expandable string whose body starts at i."""
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "`":
            i += 2
            continue
        if ch in _DQUOTES:
            if i + 1 < n and text[i + 1] in _DQUOTES:
                i += 2
                continue
            return i
        if ch == "$" and i + 1 < n and text[i + 1] == "(":
            i = scan_subexpression(text, i + 2, on_eof) + 1
            continue
        i += 1
    raise on_eof(i)


def scan_subexpression(text: str, i: int, on_eof) -> int:
    """Index of the `)` that closes a `$(` whose body starts at i (nested strings skipped)."""
    depth, n = 1, len(text)
    while i < n:
        ch = text[i]
        if ch == "`":
            i += 2
            continue
        if ch in _SQUOTES:
            j = i + 1
            while j < n and text[j] not in _SQUOTES:
                j += 1
            i = j + 1
            continue
        if ch in _DQUOTES:
            i = scan_expandable(text, i + 1, on_eof) + 1
            continue
        if ch == "#" and (i == 0 or text[i - 1] in " \t\n("):
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise on_eof(i)


def tokenize(text: str, file: str | None = None) -> list[Token]:
    """All tokens of a script (for highlighting and tests)."""
    return list(Lexer(text, file).tokens())
