"""Variables, functions and aliases in nested scopes (global, script, local)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from pshell.engine import environment
from pshell.engine.values import CaseInsensitiveDict
from pshell.errors import ErrorCategory, ErrorRecord, PSError


@dataclass
class PSVariable:
    """A variable: `Get-Variable` shows Name and Value."""

    Name: str
    Value: Any = None
    Description: str = ""
    Options: str = "None"
    getter: Callable[[], Any] | None = field(default=None, repr=False)

    PS_TYPE_NAMES = ("System.Management.Automation.PSVariable", "System.Object")
    PS_PROPERTIES = ("Name", "Value", "Description", "Options")

    def get(self) -> Any:
        return self.getter() if self.getter is not None else self.Value

    @property
    def read_only(self) -> bool:
        return self.Options in ("ReadOnly", "Constant")


class Scope:
    """One level of variables, functions and aliases."""

    __slots__ = ("parent", "variables", "functions", "aliases", "is_script")

    def __init__(self, parent: "Scope | None" = None, *, is_script: bool = False) -> None:
        self.parent = parent
        self.variables: CaseInsensitiveDict = CaseInsensitiveDict()
        self.functions: CaseInsensitiveDict = CaseInsensitiveDict()
        self.aliases: CaseInsensitiveDict = CaseInsensitiveDict()
        self.is_script = is_script

    def chain(self) -> Iterator["Scope"]:
        scope: Scope | None = self
        while scope is not None:
            yield scope
            scope = scope.parent


def _read_only(name: str) -> PSError:
    return PSError(ErrorRecord(
        f"Cannot overwrite variable {name} because it is read-only or constant.",
        "VariableNotWritable", ErrorCategory.WriteError, target=name,
        exception_type="System.Management.Automation.SessionStateUnauthorizedAccessException"))


class SessionState:
    """The scope stack of one runspace."""

    def __init__(self) -> None:
        self.global_scope = Scope(is_script=True)
        self.current = self.global_scope

    # ------------------------------------------------------------ scopes
    def push(self, *, is_script: bool = False) -> Scope:
        self.current = Scope(self.current, is_script=is_script)
        return self.current

    @contextlib.contextmanager
    def activate(self, scope: Scope) -> Iterator[Scope]:
        """Make a scope current for a while (a pipeline's functions take turns)."""
        previous, self.current = self.current, scope
        try:
            yield scope
        finally:
            self.current = previous

    def pop(self, scope: Scope) -> None:
        assert self.current is scope and scope.parent is not None
        self.current = scope.parent

    def script_scope(self) -> Scope:
        for scope in self.current.chain():
            if scope.is_script:
                return scope
        return self.global_scope

    def _target(self, scope: str) -> Scope:
        scope = scope.lower()
        if scope == "global":
            return self.global_scope
        if scope == "script":
            return self.script_scope()
        if scope.isdigit():
            chain = list(self.current.chain())
            return chain[min(int(scope), len(chain) - 1)]
        return self.current

    # ------------------------------------------------------------ variables
    def lookup(self, name: str, scope: str = "") -> PSVariable | None:
        if scope.lower() == "env":
            value = environment.current().get(name)
            return None if value is None else PSVariable(name, value)
        if scope and scope.lower() not in ("local", "private", "using", "variable"):
            return self._target(scope).variables.get(name)
        if scope.lower() in ("local", "private"):
            return self.current.variables.get(name)
        for s in self.current.chain():
            var = s.variables.get(name)
            if var is not None:
                return var
        return None

    def get(self, name: str, scope: str = "") -> Any:
        var = self.lookup(name, scope)
        return None if var is None else var.get()

    def set(self, name: str, value: Any, scope: str = "", *, force: bool = False) -> None:
        if name.lower() == "null" and scope.lower() in ("", "local", "global", "script", "private", "variable"):
            return  # `$null = expr` discards the value
        if scope.lower() == "env":
            if value is None or value == "":
                environment.current().pop(name, None)
            else:
                from pshell.engine.values import to_string

                environment.current()[name] = to_string(value)
            return
        target = self._target(scope) if scope and scope.lower() not in ("local", "private", "variable") else self.current
        existing = target.variables.get(name)
        if existing is None and not scope:
            for s in self.current.chain():
                found = s.variables.get(name)
                if found is not None and found.Options == "Constant":
                    raise _read_only(name)
                break
        if existing is not None:
            if existing.read_only and not force:
                raise _read_only(name)
            existing.Value = value
            existing.getter = None
            return
        target.variables[name] = PSVariable(name, value)

    def define(self, name: str, value: Any = None, *, options: str = "None", description: str = "",
               getter: Callable[[], Any] | None = None, scope: Scope | None = None) -> PSVariable:
        var = PSVariable(name, value, description, options, getter)
        (scope or self.current).variables[name] = var
        return var

    def remove(self, name: str, scope: str = "") -> bool:
        if scope.lower() == "env":
            return environment.current().pop(name, None) is not None
        targets = [self._target(scope)] if scope else list(self.current.chain())
        for s in targets:
            var = s.variables.get(name)
            if var is not None:
                if var.Options == "Constant":
                    raise _read_only(name)
                del s.variables[name]
                return True
        return False

    def visible_variables(self) -> list[PSVariable]:
        seen: CaseInsensitiveDict = CaseInsensitiveDict()
        for s in self.current.chain():
            for name, var in s.variables.items():
                if name not in seen:
                    seen[name] = var
        return sorted(seen.values(), key=lambda v: v.Name.lower())

    # ------------------------------------------------------------ functions and aliases
    def get_function(self, name: str) -> Any:
        for s in self.current.chain():
            fn = s.functions.get(name)
            if fn is not None:
                return fn
        return None

    def set_function(self, name: str, fn: Any, scope: str = "") -> None:
        target = self._target(scope) if scope else self.current
        target.functions[name] = fn

    def all_functions(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for s in self.current.chain():
            for name, fn in s.functions.items():
                out.setdefault(name.lower(), fn)
        return out

    def get_alias(self, name: str) -> str | None:
        for s in self.current.chain():
            target = s.aliases.get(name)
            if target is not None:
                return target
        return None

    def set_alias(self, name: str, target: str, scope: str = "") -> None:
        (self._target(scope) if scope else self.current).aliases[name] = target

    def all_aliases(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for s in reversed(list(self.current.chain())):
            for name, target in s.aliases.items():
                out[name] = target
        return out
