"""Fuzzing the parser and the engine with hypothesis.

Arbitrary text (random unicode, truncated and mutated corpus scripts, token soups) goes
through the parser, which may only ever raise ParseError. Scripts that are safe to run (a
vocabulary of harmless commands, no loops, small numbers) also go through `Shell.execute`
in-process, with a capturing host and a deadline that stops anything running away: it must
never raise and never report an internal (Python) error. Deterministic: derandomize=True.
"""

from __future__ import annotations

import io
import os
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pshell.console import ConsoleHost
from pshell.errors import ErrorRecord, ParseError
from pshell.shell import Shell
from pshell.syntax.lexer import tokenize
from pshell.syntax.parser import is_incomplete, parse

ROOT = Path(__file__).resolve().parents[3]
CORPUS = sorted(
    p.read_text(encoding="utf-8", errors="replace")
    for p in [*ROOT.glob("tests/scripts/**/*.ps1"), *ROOT.glob("examples/*.ps1")]
)

# PSHELL_FUZZ_EXAMPLES raises the number of examples for a longer hunt (the default keeps CI fast).
EXAMPLES = int(os.environ.get("PSHELL_FUZZ_EXAMPLES", "150"))
FUZZ = settings(derandomize=True, deadline=None, database=None, max_examples=EXAMPLES,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])

# Fragments of PowerShell, glued at random into "token soups".
FRAGMENTS = [
    "$x", "$_", "$null", "$true", "$args", "$env:HOME", "$script:y", "${a b}", "@x", "1", "-1", "0x1F", "2KB", "1.5",
    "'s'", "'it''s'", '"d $x $(1+2) `t"', '@"\nhere $x\n"@', "@'\nraw\n'@", "(", ")", "{", "}", "[", "]", "@(", "@{",
    "$(", ",", ";", "\n", "|", "||", "&&", "&", ".", "..", "::", "=", "+=", "++", "--", "+", "-", "*", "/", "%", "!",
    "-eq", "-ne", "-like", "-match", "-replace", "-split", "-join", "-f", "-and", "-not", "-is", "-as", "-in",
    "-contains", "[int]", "[string]", "[ordered]", "[pscustomobject]", "[Math]", "[CmdletBinding()]",
    "[Parameter(Mandatory)]", "if", "elseif", "else", "switch", "function", "filter", "param", "begin", "process",
    "end", "try", "catch", "finally", "throw", "return", "break", "continue", "exit", "trap", "Write-Output",
    "Write-Host", "Select-Object", "-First", "Sort-Object", "Where-Object", "Measure-Object", "Get-Thing", "echo",
    "-Name", "-Name:", "name", "a.b", "x:y", "#c", "<#c#>", "`", "`n", ">", ">>", "2>&1", "2>", "*>", "$null", ">",
    ".ToUpper()", ".Length", ".Count", "[0]", "[-1]", "\u00e9", "\u2013", "\u201c", "\u2018", "\t", " ", " ", " ",
]
SEPARATORS = st.sampled_from(["", " ", " ", "\n", "; "])

# Commands safe to run in-process: no files, no processes, no prompts, no waiting.
SAFE_COMMANDS = frozenset(name.lower() for name in [
    "Write-Output", "echo", "Write-Host", "Write-Error", "Write-Warning", "Write-Verbose", "Write-Debug",
    "Select-Object", "Sort-Object", "Where-Object", "Measure-Object", "Group-Object", "Out-Null", "Out-String",
    "Get-Thing", "gt", "select", "sort", "where", "?", "measure", "Format-Table", "Format-List", "ft", "fl",
    "ConvertTo-Json", "ConvertFrom-Json", "Get-Variable", "Set-Variable", "New-Object", "Get-Date",
    "Join-Path", "Split-Path", "Get-Member", "Compare-Object", "Tee-Object", "Get-Unique",
])
LOOP_WORDS = frozenset({"foreach", "for", "while", "do", "until", "trap"})


def _soup(parts: list[str], seps: list[str]) -> str:
    return "".join(p + s for p, s in zip(parts, seps + [""] * len(parts)))


soups = st.builds(_soup, st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=25), st.lists(SEPARATORS, max_size=25))


@st.composite
def corpus_mutations(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(CORPUS))
    for _ in range(draw(st.integers(1, 4))):
        if not text:
            break
        i = draw(st.integers(0, len(text) - 1))
        j = draw(st.integers(i, min(len(text), i + 20)))
        op = draw(st.sampled_from(["delete", "insert", "duplicate", "replace"]))
        if op == "delete":
            text = text[:i] + text[j:]
        elif op == "insert":
            text = text[:i] + draw(st.sampled_from(FRAGMENTS)) + text[i:]
        elif op == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        else:
            text = text[:i] + draw(st.text(max_size=3)) + text[j:]
    return text


@st.composite
def truncations(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(CORPUS))
    return text[: draw(st.integers(0, len(text)))]


def _parse_only_parse_errors(text: str) -> None:
    try:
        parse(text, "/fuzz/script.ps1")
    except ParseError as err:
        span = err.record.span
        assert span is None or (span.line >= 1 and span.column >= 1), span
    is_incomplete(text)


# ------------------------------------------------------------------ the parser
@FUZZ
@given(st.text(max_size=200))
def test_parser_random_unicode(text: str) -> None:
    _parse_only_parse_errors(text)


@FUZZ
@given(st.text(alphabet="$@(){}[]'\"`#<>|&;,.-+=!:\n \tab1%*/\\?", max_size=80))
def test_parser_punctuation(text: str) -> None:
    _parse_only_parse_errors(text)


@FUZZ
@given(truncations())
def test_parser_truncated_corpus(text: str) -> None:
    _parse_only_parse_errors(text)


@FUZZ
@given(corpus_mutations())
def test_parser_mutated_corpus(text: str) -> None:
    _parse_only_parse_errors(text)


@FUZZ
@given(soups)
def test_parser_token_soup(text: str) -> None:
    _parse_only_parse_errors(text)


def test_deep_nesting_parses_or_fails_cleanly() -> None:
    for n in (50, 400):
        for text in ("(" * n + "1" + ")" * n, "{" * n + "}" * n, "$(" * n + ")" * n, "1" + "+1" * (n * 5)):
            _parse_only_parse_errors(text)


# ------------------------------------------------------------------ the engine
class CapturingHost(ConsoleHost):
    """A console host writing into memory, remembering every error record."""

    def __init__(self) -> None:
        super().__init__(io.StringIO(), io.StringIO(), width=120)
        self.records: list[ErrorRecord] = []

    def write_error(self, record: ErrorRecord) -> None:
        self.records.append(record)
        super().write_error(record)

    def read_line(self, prompt: str = "") -> str:
        return ""

    def read_secret(self, prompt: str = "") -> str:
        return ""


def _safe_to_run(text: str) -> bool:
    """Only harmless commands, no loops or invocations, no big numbers (memory), no files."""
    try:
        tokens = tokenize(text)
    except ParseError:
        return False
    for tok in tokens:
        value = str(tok.value).lower()
        if tok.type in ("CMDNAME", "FUNC_NAME") and value not in SAFE_COMMANDS and tok.type == "CMDNAME":
            return False
        if tok.type.lower() in LOOP_WORDS or tok.type in ("AMP", "DOTSOURCE", "LABEL"):
            return False
        if tok.type == "REDIRECT" or tok.type == "SPLAT":
            return False
        if tok.type == "NUMBER" and sum(c.isdigit() for c in value) > 3:
            return False
        if tok.type in ("FUNCTION", "FILTER"):  # recursion through functions is a loop too
            return False
        if tok.type == "TYPE" and value not in ("int", "string", "ordered", "pscustomobject", "bool", "double", "math"):
            return False
    return "*" not in text or len(text) < 200


def _execute(text: str, tmp: Path) -> None:
    host = CapturingHost()
    shell = Shell(host)
    shell.context.set_location(str(tmp))
    timer = threading.Timer(2.0, shell.context.request_stop)
    timer.start()
    try:
        shell.execute(text)
    finally:
        timer.cancel()
    internal = [r for r in host.records if r.error_id == "InternalError"]
    assert not internal, f"{internal[0].message}\n--- script:\n{text}"
    for record in host.records:
        assert isinstance(record.message, str)


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-run")


@FUZZ
@given(soups.filter(_safe_to_run))
def test_engine_token_soup(run_dir: Path, text: str) -> None:
    _execute(text, run_dir)


@settings(FUZZ, max_examples=max(1, EXAMPLES * 4 // 5))
@given(corpus_mutations().filter(_safe_to_run))
def test_engine_mutated_corpus(run_dir: Path, text: str) -> None:
    _execute(text, run_dir)


@pytest.mark.parametrize("text", [text for text in CORPUS if _safe_to_run(text)][:40])
def test_engine_corpus_scripts(run_dir: Path, text: str) -> None:
    _execute(text, run_dir)
