"""Token names shared by the tokenizer, the grammar and the REPL highlighter."""

from __future__ import annotations

KEYWORDS = frozenset(
    {
        "if", "elseif", "else", "foreach", "for", "while", "do", "until", "switch",
        "break", "continue", "return", "function", "filter", "param", "begin",
        "process", "end", "try", "catch", "finally", "throw", "exit", "trap",
    }
)

# Keywords that follow a closing brace and continue the statement before them.
CONTINUATION_KEYWORDS = frozenset({"else", "elseif", "catch", "finally"})

LOGIC_OPERATORS = frozenset({"and", "or", "xor"})
BITWISE_OPERATORS = frozenset({"band", "bor", "bxor", "shl", "shr"})
_COMPARISON_BASES = (
    "eq", "ne", "gt", "ge", "lt", "le", "like", "notlike", "match", "notmatch",
    "replace", "contains", "notcontains", "in", "notin", "split",
)
COMPARISON_OPERATORS = frozenset(
    {base for base in _COMPARISON_BASES}
    | {"i" + base for base in _COMPARISON_BASES}
    | {"c" + base for base in _COMPARISON_BASES}
    | {"is", "isnot", "as", "join"}
)
UNARY_OPERATORS = frozenset({"not", "bnot", "split", "join", "isplit", "csplit"})
FORMAT_OPERATOR = "f"

ALL_OPERATOR_NAMES = (
    LOGIC_OPERATORS | BITWISE_OPERATORS | COMPARISON_OPERATORS | UNARY_OPERATORS | {FORMAT_OPERATOR}
)

ASSIGNMENT_OPERATORS = ("+=", "-=", "*=", "/=", "%=", "=")

# Token kinds after which a line break does not end the statement.
LINE_CONTINUES_AFTER = frozenset(
    {
        "PIPE", "COMMA", "ARG_SEP", "ASSIGN", "LOGIC_OP", "BIT_OP", "CMP_OP", "FORMAT_OP", "PLUS",
        "MINUS", "STAR", "SLASH", "PERCENT", "DOTDOT", "AND_AND", "OR_OR", "NOT_OP",
        "EXCL", "DOT", "COLONCOLON", "USPLIT", "UJOIN", "BNOT_OP",
    }
)

# Highlighting classes for the REPL: token kind -> style class.
HIGHLIGHT_CLASS = {
    "CMDNAME": "command",
    "FUNC_NAME": "command",
    "PARAMETER": "parameter",
    "PARAMETER_COLON": "parameter",
    "VARIABLE": "variable",
    "SPLAT": "variable",
    "STRING": "string",
    "XSTRING": "string",
    "NUMBER": "number",
    "TYPE": "type",
    "ATTR_START": "type",
    "COMMENT": "comment",
    "LOGIC_OP": "operator",
    "BIT_OP": "operator",
    "CMP_OP": "operator",
    "FORMAT_OP": "operator",
    "NOT_OP": "operator",
    "BNOT_OP": "operator",
    "USPLIT": "operator",
    "UJOIN": "operator",
    "REDIRECT": "operator",
}
