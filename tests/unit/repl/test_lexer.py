"""The REPL's syntax colouring (prompt_toolkit Documents, no terminal)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from prompt_toolkit.document import Document

from pshell.repl.lexer import PShellLexer, classify, fragments


def styled(text: str) -> list[tuple[str, str]]:
    """(class, text) runs of the whole text, lines joined, plain runs as ''."""
    out: list[tuple[str, str]] = []
    for i, line in enumerate(fragments(text)):
        if i:
            out.append(("", "\n"))
        out.extend((style.removeprefix("class:pshell."), chunk) for style, chunk in line)
    return out


def cls_of(text: str, word: str, nth: int = 0) -> str | None:
    """The class of the first character of the nth occurrence of word."""
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(word, pos + 1)
    return classify(text)[pos]


def test_pipeline_classes() -> None:
    text = "Get-ChildItem -Path . | Where-Object { $_.Length -gt 10 } # big ones"
    assert cls_of(text, "Get-ChildItem") == "command"
    assert cls_of(text, "-Path") == "parameter"
    assert cls_of(text, "Where-Object") == "command"
    assert cls_of(text, "$_") == "variable"
    assert cls_of(text, "-gt") == "operator"
    assert cls_of(text, "10") == "number"
    assert cls_of(text, "# big") == "comment"
    assert cls_of(text, "|") == "operator"


def test_strings_types_keywords() -> None:
    text = "if ($x) { [int]$n = 'one' + \"two $x\" } else { 1 }"
    assert cls_of(text, "if") == "keyword"
    assert cls_of(text, "else") == "keyword"
    assert cls_of(text, "[int]") == "type"
    assert cls_of(text, "'one'") == "string"
    assert cls_of(text, '"two') == "string"
    assert cls_of(text, "$n") == "variable"


def test_whole_token_is_coloured() -> None:
    runs = styled("Write-Host -ForegroundColor Red 'hi'")
    assert ("command", "Write-Host") in runs
    assert ("parameter", "-ForegroundColor") in runs
    assert ("string", "'hi'") in runs


def test_multiline_lines_are_split() -> None:
    lines = fragments("if ($true) {\n  'in block'\n}")
    assert len(lines) == 3
    assert "".join(t for _, t in lines[1]) == "  'in block'"
    assert ("class:pshell.string", "'in block'") in lines[1]


def test_unterminated_string_is_a_string_to_the_end() -> None:
    text = "Write-Output 'abc def"
    assert cls_of(text, "Write-Output") == "command"
    assert all(c == "string" for c in classify(text)[text.index("'"):])


def test_error_falls_back_to_plain_text() -> None:
    text = "Get-Item foo) | Sort-Object"
    classes = classify(text)
    assert classes[0] == "command"
    assert all(c is None for c in classes[text.index(")"):])


def test_open_block_is_still_coloured() -> None:
    text = "foreach ($i in 1..3) {\n  Write-Output $i"
    assert cls_of(text, "foreach") == "keyword"
    assert cls_of(text, "Write-Output") == "command"
    assert cls_of(text, "$i", 1) == "variable"


@pytest.mark.parametrize("text", ["", "\n", "$", "@", "'", '"', "@'", '@"\n', "<#", "{", "}", ")", "]", "[", "$x.",
                                  "${",
                                  "-", "`", "&", "|", "1..", "a`\n", "#", "\u201c", "$(", "@{a=", "[int"])
def test_never_raises_on_fragments(text: str) -> None:
    lines = PShellLexer().lex_document(Document(text))
    joined = "\n".join("".join(chunk for _, chunk in lines(i)) for i in range(text.count("\n") + 1))
    assert joined == text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab$-'\"`(){}[]@#<>|;.,= \n1")), max_size=30))
def test_never_raises_and_keeps_the_text(text: str) -> None:
    lines = fragments(text)
    assert "\n".join("".join(chunk for _, chunk in line) for line in lines) == text


def test_lexer_lines_out_of_range_are_empty() -> None:
    get_line = PShellLexer().lex_document(Document("1"))
    assert get_line(5) == []
