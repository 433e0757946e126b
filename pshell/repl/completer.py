"""Tab completion: commands, parameters, parameter values, variables, members and paths.

Everything comes from declarations and session state (cmdlet Params, function param blocks,
variables); completion never evaluates code from the command line.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from pshell.cmdlets.base import (
    COMMON_PARAMETERS,
    CmdletInfo,
    Param,
    all_cmdlets,
    all_parameters,
    builtin_aliases,
)
from pshell.repl.completion_context import CompletionContext, analyze
from pshell.repl.paths import complete_paths, native_programs, quote

if TYPE_CHECKING:
    from pshell.engine.runtime import ExecutionContext


def _matching(names: Iterable[tuple[str, str]], prefix: str, start: int) -> Iterator[Completion]:
    """Completions for (name, meta) pairs starting with prefix (case-insensitive), deduplicated."""
    low, seen = prefix.lower(), set()
    for name, meta in names:
        if name.lower().startswith(low) and name.lower() not in seen:
            seen.add(name.lower())
            yield Completion(name, start_position=start, display_meta=meta)


class PShellCompleter(Completer):
    """Completes against a live ExecutionContext (its location, functions, aliases, variables)."""

    def __init__(self, context: ExecutionContext) -> None:
        self.context = context

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterator[Completion]:
        try:
            ctx = analyze(document.text_before_cursor)
            yield from self._complete(ctx)
        except Exception:  # noqa: BLE001 - a failing completer must not end the shell
            return

    def _complete(self, ctx: CompletionContext) -> Iterator[Completion]:
        if ctx.kind == "command":
            yield from self.commands(ctx.word)
        elif ctx.kind == "parameter":
            yield from self.parameters(ctx.command, ctx.word)
        elif ctx.kind == "value":
            yield from self.values(ctx.command, ctx.parameter or "", ctx.word)
        elif ctx.kind == "variable":
            yield from self.variables(ctx.word)
        elif ctx.kind == "member":
            yield from self.members(ctx.variable or "", ctx.word)
        elif ctx.kind == "path":
            yield from complete_paths(self.context.location, ctx.word)

    # ------------------------------------------------------------ sources
    def commands(self, word: str) -> Iterator[Completion]:
        """Cmdlets, aliases, functions, then native programs; paths when the word looks like one."""
        if word[:1] in ("'", '"', ".", "~", "/") or "/" in word:
            yield from complete_paths(self.context.location, word, commands_only=True)
            return
        session = self.context.session
        names: list[tuple[str, str]] = [(info.name, "cmdlet") for info in all_cmdlets()]
        names += [(fn.name, "function") for fn in session.all_functions().values()]
        names += [(alias, f"alias → {target}") for alias, target in session.all_aliases().items()]
        names += [(alias, f"alias → {target}") for alias, target in sorted(builtin_aliases().items())]
        yield from _matching(names, word, -len(word))
        if word:
            yield from _matching(((n, "native") for n in native_programs()), word, -len(word))

    def command_parameters(self, command: str | None) -> dict[str, Param]:
        """The parameters of a cmdlet, function or script named on the line (none for natives)."""
        if not command:
            return {}
        from pshell.engine.commands import resolve_command
        from pshell.engine.functions import FunctionInfo

        target: Any = resolve_command(self.context, command)
        if isinstance(target, tuple) and target[0] == "script":
            try:
                target = self.context.load_script(target[1])
            except Exception:  # noqa: BLE001 - a script that does not parse has no parameters to offer
                return {}
        if isinstance(target, CmdletInfo):
            return all_parameters(target)
        if isinstance(target, FunctionInfo):
            params = dict(target.params)
            if target.advanced:
                for name, p in COMMON_PARAMETERS.items():
                    params.setdefault(name, p)
            return params
        return {}

    def parameters(self, command: str | None, word: str) -> Iterator[Completion]:
        params = self.command_parameters(command)
        names = [(f"-{name}", "switch" if p.is_switch else f"[{p.type}]") for name, p in params.items()]
        yield from _matching(names, word, -len(word))

    def _find_parameter(self, command: str | None, name: str) -> Param | None:
        params = self.command_parameters(command)
        low = name.lower()
        for p in params.values():
            if p.name.lower() == low or low in (a.lower() for a in p.aliases):
                return p
        candidates = [p for p in params.values() if p.name.lower().startswith(low)]
        return candidates[0] if len(candidates) == 1 else None

    def values(self, command: str | None, parameter: str, word: str) -> Iterator[Completion]:
        """The choices of a ValidateSet-like parameter; paths for any other parameter."""
        p = self._find_parameter(command, parameter)
        if p is not None and p.choices:
            bare = word.strip("'\"").lower()
            for choice in p.choices:
                if choice.lower().startswith(bare):
                    yield Completion(quote(choice), start_position=-len(word), display=choice)
        elif p is not None and p.type.lower() in ("bool", "boolean"):
            yield from _matching([("$true", "bool"), ("$false", "bool")], word, -len(word))
        elif p is None or not p.is_switch:
            yield from complete_paths(self.context.location, word)

    def variables(self, word: str) -> Iterator[Completion]:
        """`$name`, `${name}`, `@name` (splatting) and `$env:NAME`."""
        sigil = "@" if word.startswith("@") else "$"
        braced = word.startswith("${")
        prefix = word[2:] if braced else word[1:]
        if prefix.lower().startswith("env:"):
            names = ["env:" + n for n in sorted(os.environ)]
        else:
            scope, sep, _ = prefix.rpartition(":")
            names = [(scope + sep if sep else "") + v.Name for v in self.context.session.visible_variables()]
        low = prefix.lower()
        for name in names:
            if name.lower().startswith(low):
                plain = all(c.isalnum() or c in "_:" for c in name) and not braced
                text = f"{sigil}{name}" if plain else f"{sigil}{{{name}}}"
                yield Completion(text, start_position=-len(word), display=text)

    def members(self, variable: str, word: str) -> Iterator[Completion]:
        """Property names of a variable's current value (read, never computed by user code)."""
        from pshell.engine.members import property_names

        var = self.context.session.lookup(variable)
        if var is None or var.getter is not None:
            return
        try:
            names = property_names(var.Value)
        except Exception:  # noqa: BLE001
            return
        yield from _matching(((n, "property") for n in names), word, -len(word))
