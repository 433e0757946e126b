"""The switch statement: -Regex, -Wildcard, -Exact, -CaseSensitive, script-block conditions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from pshell.engine import operators as ops
from pshell.engine.flow import BreakLoop, ContinueLoop, loop_matches
from pshell.engine.text import dotnet_regex, wildcard_match
from pshell.engine.values import ScriptBlock, enumerate_value, to_bool, to_string
from pshell.syntax import ast as A

if TYPE_CHECKING:
    from pshell.engine.evaluator import Evaluator


def _matches(ev: "Evaluator", flags: set[str], condition: Any, item: Any) -> bool:
    cs = "casesensitive" in flags
    if isinstance(condition, ScriptBlock):
        return to_bool(ev.context.invoke_block(condition, dollar_under=item, new_scope=False))
    if "regex" in flags:
        m = dotnet_regex(to_string(condition), case_sensitive=cs).search(to_string(item))
        if m is not None:
            ops._set_matches(ev.context, m)
        return m is not None
    if "wildcard" in flags:
        return wildcard_match(to_string(condition), to_string(item), case_sensitive=cs)
    return ops.equals(item, condition, cs) if not isinstance(item, str) else ops.equals(item, to_string(condition), cs)


def run_switch(ev: "Evaluator", stmt: A.SwitchStatement, emit: Callable[[Any], None]) -> None:
    flags = set(stmt.flags)
    value = ev.statement_value(stmt.value)
    conditions = [(None if c.condition is None else ev.eval(c.condition), c) for c in stmt.clauses]
    saved = ev.context.session.lookup("_")
    previous = saved.get() if saved is not None else None
    try:
        for item in (enumerate_value(value) if value is not None else [None]):
            ev.context.session.set("_", item)
            matched = False
            try:
                for condition, clause in conditions:
                    if condition is None:
                        continue
                    if _matches(ev, flags, condition, item):
                        matched = True
                        ev.run_statements(clause.body, emit)
                if not matched:
                    for condition, clause in conditions:
                        if condition is None:
                            ev.run_statements(clause.body, emit)
            except ContinueLoop as exc:
                if loop_matches(exc, stmt.label):
                    continue
                raise
    except BreakLoop as exc:
        if not loop_matches(exc, stmt.label):
            raise
    finally:
        ev.context.session.set("_", previous)
