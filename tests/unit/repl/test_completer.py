"""Tab completion against a live Shell (prompt_toolkit Documents, no terminal)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from pshell.repl.completer import PShellCompleter
from pshell.repl.completion_context import analyze
from pshell.shell import Shell


@pytest.fixture
def shell(tmp_path: Path) -> Shell:
    (tmp_path / "alpha.txt").write_text("a")
    (tmp_path / "alpine.ps1").write_text("param([ValidateSet('Fast','Slow')] $Speed, [switch]$Loud)\n$Speed")
    (tmp_path / "My Documents").mkdir()
    (tmp_path / "My Documents" / "inner.txt").write_text("i")
    (tmp_path / "src").mkdir()
    (tmp_path / ".hidden").write_text("h")
    tool = tmp_path / "tool.sh"
    tool.write_text("#!/bin/sh\necho tool\n")
    tool.chmod(tool.stat().st_mode | stat.S_IXUSR)
    sh = Shell()
    sh.context.set_location(str(tmp_path))
    ok = sh.execute(
        "function Invoke-Thing { [CmdletBinding()] param([ValidateSet('Alpha','Beta','Gamma Ray')] [string]$Mode, "
        "[switch]$Force, [string]$Path) }\n"
        "$myNumber = 42; $myText = 'hello'; $other = 1"
    )
    assert ok
    return sh


def complete(shell: Shell, text: str, cursor: int | None = None) -> list[str]:
    doc = Document(text, len(text) if cursor is None else cursor)
    completions = PShellCompleter(shell.context).get_completions(doc, CompleteEvent(completion_requested=True))
    return [c.text for c in completions]


def applied(shell: Shell, text: str) -> list[str]:
    """The line as it reads after taking each completion."""
    doc = Document(text, len(text))
    out = []
    for c in PShellCompleter(shell.context).get_completions(doc, CompleteEvent(completion_requested=True)):
        out.append(text[: len(text) + c.start_position] + c.text)
    return out


# ------------------------------------------------------------ commands
def test_cmdlet_name(shell: Shell) -> None:
    assert applied(shell, "Write-Outp") == ["Write-Output"]
    assert "Get-ChildItem" in complete(shell, "Get-Ch")


def test_case_insensitive(shell: Shell) -> None:
    assert "Write-Output" in complete(shell, "write-outp")


def test_functions_and_aliases(shell: Shell) -> None:
    assert complete(shell, "Invoke-Th") == ["Invoke-Thing"]
    from pshell.cmdlets.base import builtin_aliases

    alias = next(iter(builtin_aliases()), None)
    if alias is not None:
        assert alias in complete(shell, alias)


def test_command_after_pipe_and_in_block(shell: Shell) -> None:
    assert "Select-Object" in complete(shell, "1..3 | Select-Obj")
    assert "Write-Output" in complete(shell, "if ($true) { Write-Outp")
    assert "Write-Output" in complete(shell, "$x = (Write-Outp")


def test_native_programs(shell: Shell) -> None:
    assert "sh" in complete(shell, "sh")


def test_empty_line_offers_cmdlets_but_not_every_program(shell: Shell) -> None:
    names = complete(shell, "")
    assert "Write-Output" in names
    assert "sh" not in names


def test_relative_command_path(shell: Shell) -> None:
    names = complete(shell, "./")
    assert "./tool.sh" in names and "./alpine.ps1" in names and "./src/" in names
    assert "./alpha.txt" not in names  # not executable


# ------------------------------------------------------------ parameters
def test_parameter_name(shell: Shell) -> None:
    assert applied(shell, "Write-Host -Fore") == ["Write-Host -ForegroundColor"]


def test_parameter_names_include_common(shell: Shell) -> None:
    names = complete(shell, "Write-Host -")
    assert "-ForegroundColor" in names and "-ErrorAction" in names


def test_parameter_of_function(shell: Shell) -> None:
    assert complete(shell, "Invoke-Thing -")[:3] == ["-Mode", "-Force", "-Path"]
    assert complete(shell, "Invoke-Thing -F") == ["-Force"]
    assert "-Verbose" in complete(shell, "Invoke-Thing -V")  # [CmdletBinding()]


def test_parameter_of_script(shell: Shell) -> None:
    assert complete(shell, "./alpine.ps1 -") == ["-Speed", "-Loud"]


def test_parameter_of_command_in_nested_pipeline(shell: Shell) -> None:
    assert "-ForegroundColor" in complete(shell, "Get-Item (Write-Host -Fore")
    assert "-First" in complete(shell, "Get-ChildItem | Select-Object -Fir")
    assert "-First" in complete(shell, "Select-Object (1 + 2) -Fir")


def test_parameter_via_alias_of_command(shell: Shell) -> None:
    from pshell.cmdlets.base import builtin_aliases

    alias = next((a for a, t in builtin_aliases().items() if t.lower() == "write-output"), None)
    if alias is None:
        pytest.skip("no alias for Write-Output")
    assert "-NoEnumerate" in complete(shell, f"{alias} -NoE")


def test_native_command_has_no_parameters(shell: Shell) -> None:
    assert complete(shell, "sh -") == []


# ------------------------------------------------------------ parameter values
def test_choices(shell: Shell) -> None:
    names = complete(shell, "Write-Host -ForegroundColor ")
    assert "Red" in names and "DarkGreen" in names
    assert complete(shell, "Write-Host -ForegroundColor dark")[:1] == ["DarkBlue"]
    assert complete(shell, "Write-Host -ForegroundColor:Re") == ["Red"]


def test_choices_of_unique_prefix_and_common(shell: Shell) -> None:
    assert complete(shell, "Write-Host -Fore Gre") == ["Green"]
    assert complete(shell, "Get-Item -ErrorAction Sil") == ["SilentlyContinue"]
    assert complete(shell, "Get-Item -ea St") == ["Stop"]


def test_function_choices_quote_spaces(shell: Shell) -> None:
    assert complete(shell, "Invoke-Thing -Mode ") == ["Alpha", "Beta", "'Gamma Ray'"]
    assert complete(shell, "Invoke-Thing -Mode g") == ["'Gamma Ray'"]


def test_value_of_parameter_without_choices_is_a_path(shell: Shell) -> None:
    assert complete(shell, "Invoke-Thing -Path alp") == ["alpha.txt", "alpine.ps1"]


# ------------------------------------------------------------ variables and members
def test_variables(shell: Shell) -> None:
    assert complete(shell, "$myN") == ["$myNumber"]
    assert complete(shell, "Write-Output $myT") == ["$myText"]
    assert set(complete(shell, "$my")) == {"$myNumber", "$myText"}


def test_splat_and_env(shell: Shell, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PSHELL_TEST_VALUE", "1")
    assert complete(shell, "Get-Item @myT") == ["@myText"]
    assert complete(shell, "$env:PSHELL_TEST_V") == ["$env:PSHELL_TEST_VALUE"]


def test_member(shell: Shell) -> None:
    assert complete(shell, "$myText.Le") == ["Length"]


# ------------------------------------------------------------ paths
def test_paths_relative_to_location(shell: Shell) -> None:
    assert complete(shell, "Get-Content alp") == ["alpha.txt", "alpine.ps1"]
    assert complete(shell, "Get-Content ./al") == ["./alpha.txt", "./alpine.ps1"]
    assert complete(shell, "Set-Location s") == ["src/"]


def test_directories_first_hidden_only_when_asked(shell: Shell) -> None:
    names = complete(shell, "Get-Item ")
    assert names[:2] == ["'My Documents/'", "src/"]
    assert ".hidden" not in names
    assert complete(shell, "Get-Item .h") == [".hidden"]


def test_paths_with_spaces_are_quoted(shell: Shell) -> None:
    assert complete(shell, "Get-Item My") == ["'My Documents/'"]
    assert complete(shell, "Get-Item 'My D") == ["'My Documents/'"]
    assert complete(shell, "Get-Item 'My Documents/'") == ["'My Documents/inner.txt'"]
    assert complete(shell, 'Get-Item "My D') == ['"My Documents/"']


def test_home_and_absolute(shell: Shell, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert complete(shell, "Get-Item ~/al") == ["~/alpha.txt", "~/alpine.ps1"]
    assert complete(shell, "Set-Location ~") == ["~/"]
    assert complete(shell, f"Get-Item {tmp_path}/sr") == [f"{tmp_path}/src/"]


def test_missing_folder_gives_nothing(shell: Shell) -> None:
    assert complete(shell, "Get-Item nowhere/x") == []


# ------------------------------------------------------------ robustness
def test_cursor_in_the_middle_uses_text_before_it(shell: Shell) -> None:
    assert complete(shell, "Write-Outp | Sort-Object", cursor=len("Write-Outp")) == ["Write-Output"]


@pytest.mark.parametrize("text", ["", "'", '"', "$", "${", "@", "(", ")", "}", "1 +", "$x.", "[int]::", "<#", "`",
                                  "Get-Item -Path 'unterminated", "foo)) -", "@{a=", "& ", "-", "--"])
def test_never_raises(shell: Shell, text: str) -> None:
    complete(shell, text)


def test_nothing_in_comments(shell: Shell) -> None:
    assert complete(shell, "<# Write-Outp") == []
    assert complete(shell, "Get-Item x # Write-Outp") == []


def test_completion_does_not_run_code(shell: Shell, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    for text in [f"$(New-Item '{marker}') -", f"Get-Item (New-Item '{marker}').", f"$x = New-Item '{marker}'; $x.",
                 f"& {{ New-Item '{marker}' }} -"]:
        complete(shell, text)
    assert not marker.exists()
    assert not os.path.exists(marker)


def test_analyze_kinds() -> None:
    assert analyze("Get-Ch").kind == "command"
    assert analyze("Get-Item -Pa").kind == "parameter"
    assert analyze("Get-Item -Path ").kind == "value"
    assert analyze("Get-Item x").kind == "path"
    assert analyze("$a").kind == "variable"
    assert analyze("$a.b").kind == "member"
