"""try / catch [Type] / finally."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from pshell.engine.types import full_name
from pshell.errors import ErrorRecord, PSError
from pshell.syntax import ast as A

if TYPE_CHECKING:
    from pshell.engine.evaluator import Evaluator

_HIERARCHY = {
    "system.management.automation.itemnotfoundexception": ["system.management.automation.sessionstateexception",
                                                            "system.management.automation.runtimeexception"],
    "system.management.automation.parameterbindingexception": ["system.management.automation.runtimeexception"],
    "system.management.automation.commandnotfoundexception": ["system.management.automation.runtimeexception"],
    "system.management.automation.psinvalidcastexception": ["system.invalidcastexception"],
    "system.management.automation.methodinvocationexception": ["system.management.automation.runtimeexception"],
    "system.management.automation.actionpreferencestopexception": ["system.management.automation.runtimeexception"],
    "system.management.automation.parseexception": ["system.management.automation.runtimeexception"],
    "system.dividebyzeroexception": ["system.arithmeticexception", "system.systemexception"],
    "system.argumentexception": ["system.systemexception"],
    "system.invalidoperationexception": ["system.systemexception"],
}


def catches(record: ErrorRecord, type_names: list[str]) -> bool:
    """Does `catch [T]` catch this error? (by exception type, including base types)."""
    if not type_names:
        return True
    lineage = ["system.exception"]
    # PowerShell also tries the exception a RuntimeException wraps (1/0 -> DivideByZeroException)
    for actual in (record.exception_type.lower(), record.extra.get("inner_exception_type", "").lower()):
        if actual:
            lineage[:0] = [actual, *_HIERARCHY.get(actual, [])]
    for name in type_names:
        wanted = full_name(name).lower()
        if not wanted.startswith("system.") and "." not in wanted:
            wanted = "system." + wanted
        short = name.lower()
        if any(t == wanted or t == short or t.endswith("." + short) for t in lineage):
            return True
    return False


def run_try(ev: "Evaluator", stmt: A.TryStatement, emit: Callable[[Any], None]) -> None:
    try:
        ev.try_depth += 1
        try:
            ev.run_statements(stmt.body, emit)
        finally:
            ev.try_depth -= 1
    except PSError as exc:
        record = exc.record
        ev.context.record_error(record)
        for clause in stmt.catches:
            if catches(record, clause.types):
                saved = ev.context.session.get("_")
                ev.context.session.set("_", record)
                try:
                    ev.run_statements(clause.body, emit)
                finally:
                    ev.context.session.set("_", saved)
                break
        else:
            if stmt.finally_body is not None:
                ev.run_statements(stmt.finally_body, emit)
            raise
        if stmt.finally_body is not None:
            ev.run_statements(stmt.finally_body, emit)
        return
    except BaseException:
        if stmt.finally_body is not None:
            with ev.context.stop_held():  # Ctrl+C or Stop-Job: the finally block still runs
                ev.run_statements(stmt.finally_body, emit)
        raise
    if stmt.finally_body is not None:
        ev.run_statements(stmt.finally_body, emit)
