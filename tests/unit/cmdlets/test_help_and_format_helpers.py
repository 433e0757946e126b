"""Pure helpers of the help, command-info and formatting cmdlets."""

from __future__ import annotations

import datetime as dt

import pytest

from pshell.cmdlets._command_info import module_of, qualified_id
from pshell.cmdlets._help_text import (
    HelpText,
    dotnet_display,
    parameter_syntax,
    parse_comment_help,
    syntax_lines,
    type_display,
)
from pshell.cmdlets.base import ALL_SETS, Param
from pshell.cmdlets.history import duration_text
from pshell.format.render import SizedTable, group_header, group_runs, grouped_blocks
from pshell.format.table import TableColumn


def param(name: str, type_: str = "string", **kw: object) -> Param:
    p = Param(type_, **kw)  # type: ignore[arg-type]
    p.name = name
    return p


@pytest.mark.parametrize("declared,shown", [
    ("string[]", "string[]"), ("object", "Object"), ("object[]", "Object[]"), ("System.String", "string"),
    ("System.Int32", "int"), ("psobject", "psobject"), ("System.IO.FileInfo", "FileInfo"), ("int", "int"),
])
def test_type_display_uses_powershell_names(declared: str, shown: str) -> None:
    assert type_display(declared) == shown


def test_dotnet_display_for_comment_help() -> None:
    assert dotnet_display("string") == "String"
    assert dotnet_display("int[]") == "Int32[]"
    assert dotnet_display("object") == "Object"


def test_parameter_syntax_notation() -> None:
    assert parameter_syntax(param("Name", "string[]", position=0), ALL_SETS) == "[[-Name] <string[]>]"
    assert parameter_syntax(param("Path", position=0, mandatory=True), ALL_SETS) == "[-Path] <string>"
    assert parameter_syntax(param("Filter", mandatory=True), ALL_SETS) == "-Filter <string>"
    assert parameter_syntax(param("Force", "switch"), ALL_SETS) == "[-Force]"
    assert parameter_syntax(param("Kind", choices=("a", "b")), ALL_SETS, choices=True) == "[-Kind {a | b}]"


def test_syntax_orders_positional_then_mandatory_then_named() -> None:
    params = {p.name: p for p in (
        param("Extra"), param("Second", position=1), param("Must", mandatory=True), param("First", position=0),
        param("Force", "switch"))}
    assert syntax_lines("Get-Thing", params, ALL_SETS, common=True) == [
        "Get-Thing [[-First] <string>] [[-Second] <string>] -Must <string> [-Extra <string>] [-Force] "
        "[<CommonParameters>]"]


def test_syntax_has_one_line_per_set_default_first() -> None:
    params = {p.name: p for p in (param("Path", sets=("Path",), position=0), param("LiteralPath", sets=("Literal",)),
                                  param("Force", "switch"))}
    assert syntax_lines("Get-Thing", params, "Literal", common=False, should_process=True) == [
        "Get-Thing [-LiteralPath <string>] [-Force] [-WhatIf] [-Confirm]",
        "Get-Thing [[-Path] <string>] [-Force] [-WhatIf] [-Confirm]",
    ]


def test_parse_comment_help_sections() -> None:
    text = """
    <#
    .SYNOPSIS
    Does a thing.
    .PARAMETER Name
    The name.
    .EXAMPLE
    Do-Thing -Name x

    Does it to x.
    .LINK
    Get-Other
    #>
    param($Name)
    """
    found = parse_comment_help(text)
    assert found is not None
    assert found["synopsis"] == "Does a thing."
    assert found["parameters"] == {"name": "The name."}
    assert found["examples"] == ["Do-Thing -Name x\n\nDoes it to x."]
    assert found["links"] == ["Get-Other"]
    assert parse_comment_help("<# just a comment #> param()") is None


def test_help_text_keeps_indentation_when_wrapping() -> None:
    doc = HelpText().add("  alpha beta gamma", 2)
    assert doc.lines == [(4, "alpha beta gamma")]
    assert doc.plain() == "    alpha beta gamma"


def test_module_names_and_error_ids() -> None:
    assert module_of("Get-ChildItem") == "Microsoft.PowerShell.Management"
    assert module_of("ForEach-Object") == "Microsoft.PowerShell.Core"
    assert module_of("Format-Table") == "Microsoft.PowerShell.Utility"
    assert qualified_id("HelpNotFound", "Get-Help") == "HelpNotFound,Microsoft.PowerShell.Commands.GetHelpCommand"


@pytest.mark.parametrize("seconds,text", [(0.25, "0.250"), (75.5, "1:15.500"), (3725.001, "1:02:05.001")])
def test_history_duration_text(seconds: float, text: str) -> None:
    assert duration_text(dt.timedelta(seconds=seconds)) == text


def test_group_runs_follow_changes_without_sorting() -> None:
    runs = group_runs(["a1", "a2", "b1", "a3"], lambda s: s[0])
    assert [(k, v) for k, v in runs] == [("a", ["a1", "a2"]), ("b", ["b1"]), ("a", ["a3"])]
    assert group_header("Team", "red") == "   Team: red"


def test_grouped_blocks_single_run_without_header_is_the_body() -> None:
    body = object()
    assert grouped_blocks([(None, body)]) is body
    blocks = grouped_blocks([("h1", "x"), ("h2", "y")], gap=2)
    assert blocks.parts == ["h1", "", "x", "", "", "h2", "", "y"]


def test_sized_table_shares_the_rest_among_unsized_columns() -> None:
    table = SizedTable([TableColumn("A", width=4), TableColumn("B"), TableColumn("C")], [["1", "2", "3"]])
    assert table.column_widths(30) == [4, 12, 12]
    assert table.column_widths(8) == [4, 1, 1]
    assert table.column_widths(6) == [4, 1, 0]
