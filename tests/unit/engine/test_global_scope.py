"""Statements typed at the prompt or given to -Command run in the global scope."""

from __future__ import annotations

import io

from pshell.console import ConsoleHost
from pshell.shell import Shell


def run(code: str) -> tuple[str, str]:
    host = ConsoleHost(out=io.StringIO(), err=io.StringIO(), width=120)
    Shell(host).execute(code)
    return host.out.getvalue(), host.err.getvalue()


def test_assigning_to_null_discards_the_value() -> None:
    out, err = run("$null = 1; $null = Get-Date; $global:null = 5; $null -eq $null; 'ok'")
    assert (out, err) == ("True\nok\n", "")


def test_constants_stay_constant() -> None:
    _, err = run("$true = 5")
    assert "Cannot overwrite variable true because it is read-only or constant." in err
