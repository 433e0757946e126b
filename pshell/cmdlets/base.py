"""How a cmdlet is declared: one class, its parameters, help and examples, in one place.

    @cmdlet("Get-Thing", aliases=("gt",), synopsis="Gets things.", examples=[...])
    class GetThing(Cmdlet):
        Name = Param("string[]", position=0, help="Names of the things.")
        Force = Param("switch")

        def process(self) -> None:
            self.write_output(...)

The binder, Get-Help, Get-Command, tab completion and the example tests all read the
declaration (`GetThing.info`); nothing else needs editing to add a cmdlet.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, ClassVar, NoReturn, Sequence

from pshell.errors import ErrorCategory, ErrorRecord, PSError

if TYPE_CHECKING:
    from pshell.engine.runtime import CommandRuntime, ExecutionContext

ALL_SETS = "__AllParameterSets"


@dataclass
class Param:
    """One parameter: its PowerShell type name and how it binds."""

    type: str = "object"
    position: int | None = None
    mandatory: bool = False
    pipeline: bool = False
    pipeline_by_name: bool = False
    aliases: tuple[str, ...] = ()
    sets: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    range: tuple[int | float | None, int | float | None] | None = None
    default: Any = None
    help: str = ""
    remaining: bool = False
    allow_empty: bool = True
    not_null_or_empty: bool = False  # [ValidateNotNullOrEmpty]: checked whenever a value is given
    mandatory_in: tuple[str, ...] = ()
    set_positions: dict[str, int] = field(default_factory=dict)  # a position that differs in some sets
    name: str = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        bound = instance.bound
        if self.name in bound:
            return bound[self.name]
        if self.type == "switch":
            return bool(self.default)
        return self.default() if callable(self.default) else self.default

    @property
    def is_switch(self) -> bool:
        return self.type == "switch"

    def position_in(self, sets: set[str]) -> int | None:
        """The position among these candidate parameter sets (the smallest, when it differs)."""
        if self.position is None or not self.set_positions:
            return self.position
        mine = [s for s in sets if self.in_set(s)] or list(sets)
        return min(self.set_positions.get(s, self.position) for s in mine)

    def in_set(self, set_name: str) -> bool:
        return not self.sets or set_name in self.sets

    def is_mandatory_in(self, set_name: str) -> bool:
        if self.mandatory_in:
            return set_name in self.mandatory_in
        return self.mandatory and self.in_set(set_name)


@dataclass(frozen=True)
class Example:
    """A help example; `output` (if given) is checked by the example tests."""

    code: str
    description: str
    output: str | None = None
    runnable: bool = True


@dataclass
class CmdletInfo:
    """Everything known about a cmdlet from its declaration."""

    name: str
    cls: type["Cmdlet"]
    aliases: tuple[str, ...]
    synopsis: str
    description: str
    examples: list[Example]
    parameters: dict[str, Param]
    default_set: str
    supports_should_process: bool
    outputs: str = ""
    related: tuple[str, ...] = ()

    @property
    def noun(self) -> str:
        return self.name.split("-", 1)[-1]

    @property
    def verb(self) -> str:
        return self.name.split("-", 1)[0]

    @property
    def parameter_sets(self) -> list[str]:
        sets: list[str] = []
        for p in self.parameters.values():
            for s in p.sets:
                if s not in sets:
                    sets.append(s)
        return sets or [self.default_set]


COMMON_PARAMETERS: dict[str, Param] = {}


def _common(name: str, type_: str, *aliases: str, choices: tuple[str, ...] = ()) -> None:
    p = Param(type_, aliases=aliases, choices=choices)
    p.name = name
    COMMON_PARAMETERS[name] = p


_ACTIONS = ("Continue", "Ignore", "Inquire", "SilentlyContinue", "Stop", "Suspend", "Break")
_common("Verbose", "switch", "vb")
_common("Debug", "switch", "db")
_common("ErrorAction", "string", "ea", choices=_ACTIONS)
_common("WarningAction", "string", "wa", choices=_ACTIONS)
_common("InformationAction", "string", "infa", choices=_ACTIONS)
_common("ErrorVariable", "string", "ev")
_common("WarningVariable", "string", "wv")
_common("InformationVariable", "string", "iv")
_common("OutVariable", "string", "ov")
_common("OutBuffer", "int", "ob")
_common("PipelineVariable", "string", "pv")

SHOULD_PROCESS_PARAMETERS: dict[str, Param] = {}
for _name, _alias in (("WhatIf", "wi"), ("Confirm", "cf")):
    _p = Param("switch", aliases=(_alias,))
    _p.name = _name
    SHOULD_PROCESS_PARAMETERS[_name] = _p


class StopUpstream(Exception):
    """Raised by a command that needs no more input (Select-Object -First)."""

    def __init__(self, command: "Cmdlet | None" = None) -> None:
        super().__init__("stop upstream")
        self.command = command


class Cmdlet:
    """Base of every cmdlet. Subclasses declare Params and override begin/process/end."""

    info: ClassVar[CmdletInfo]

    def __init__(self, context: "ExecutionContext", runtime: "CommandRuntime") -> None:
        self.context = context
        self.runtime = runtime
        self.bound: dict[str, Any] = {}
        self.parameter_set: str = ""

    # -------------------------------------------------------- lifecycle
    def begin(self) -> None:
        """Called once before the first input object."""

    def process(self) -> None:
        """Called once per input object (or once when there is no pipeline input)."""

    def end(self) -> None:
        """Called once after the last input object."""

    # -------------------------------------------------------- parameters
    def is_bound(self, name: str) -> bool:
        return name in self.bound

    @property
    def expecting_input(self) -> bool:
        """True when this command has pipeline input ($MyInvocation.ExpectingInput)."""
        return self.runtime.expecting_input

    # -------------------------------------------------------- streams
    def write_output(self, value: Any, *, enumerate: bool = False) -> None:
        if enumerate:
            from pshell.engine.values import enumerate_value

            for item in enumerate_value(value):
                self.runtime.emit(item)
        else:
            self.runtime.emit(value)

    def error_record(
        self,
        error: ErrorRecord | str,
        error_id: str = "",
        category: str = ErrorCategory.NotSpecified,
        target: Any = None,
        exception_type: str = "",
    ) -> ErrorRecord:
        if isinstance(error, ErrorRecord):
            record = error
        else:
            record = ErrorRecord(
                error,
                error_id or "RuntimeException",
                category,
                target=target,
                exception_type=exception_type or "System.Management.Automation.RuntimeException",
            )
        return record.with_command(self.info.name)

    def write_error(
        self,
        error: ErrorRecord | str,
        error_id: str = "",
        category: str = ErrorCategory.NotSpecified,
        target: Any = None,
        exception_type: str = "",
    ) -> None:
        """A non-terminating error: the command goes on with the next input."""
        self.runtime.write_error(self.error_record(error, error_id, category, target, exception_type))

    def throw(
        self,
        error: ErrorRecord | str,
        error_id: str = "",
        category: str = ErrorCategory.NotSpecified,
        target: Any = None,
        exception_type: str = "",
    ) -> NoReturn:
        """A terminating error: the pipeline stops."""
        raise PSError(self.error_record(error, error_id, category, target, exception_type))

    def write_warning(self, message: str) -> None:
        self.runtime.write_warning(message)

    def write_verbose(self, message: str) -> None:
        self.runtime.write_verbose(message)

    def write_debug(self, message: str) -> None:
        self.runtime.write_debug(message)

    def write_information(self, message: Any, tags: Sequence[str] = ()) -> None:
        self.runtime.write_information(message, tags)

    def write_host(self, text: str, *, foreground: str | None = None, background: str | None = None, newline: bool = True) -> None:
        self.runtime.write_host(text, foreground=foreground, background=background, newline=newline)

    def write_progress(self, activity: str, status: str = "", percent: int = -1, *, completed: bool = False, activity_id: int = 0) -> None:
        self.runtime.write_progress(activity, status, percent, completed=completed, activity_id=activity_id)

    def should_process(self, target: str, action: str | None = None) -> bool:
        """-WhatIf prints what would happen and returns False; -Confirm asks."""
        return self.runtime.should_process(target, action or self.info.name)

    def stop_upstream(self) -> NoReturn:
        raise StopUpstream(self)

    @property
    def stopping(self) -> bool:
        return self.runtime.stopping


# ------------------------------------------------------------------ registry
_REGISTRY: dict[str, CmdletInfo] = {}
_ALIASES: dict[str, str] = {}
_loaded = False


def cmdlet(
    name: str,
    *,
    aliases: Sequence[str] = (),
    synopsis: str,
    description: str = "",
    examples: Sequence[Example] = (),
    default_set: str = ALL_SETS,
    supports_should_process: bool = False,
    outputs: str = "",
    related: Sequence[str] = (),
) -> Callable[[type[Cmdlet]], type[Cmdlet]]:
    """Declare a cmdlet class; registers it under its name and aliases."""

    def register(cls: type[Cmdlet]) -> type[Cmdlet]:
        params: dict[str, Param] = {}
        for klass in reversed(cls.__mro__):
            for attr, value in vars(klass).items():
                if isinstance(value, Param):
                    params[attr] = value
        info = CmdletInfo(
            name=name,
            cls=cls,
            aliases=tuple(aliases),
            synopsis=synopsis,
            description=description or synopsis,
            examples=list(examples),
            parameters=params,
            default_set=default_set,
            supports_should_process=supports_should_process,
            outputs=outputs,
            related=tuple(related),
        )
        cls.info = info
        _REGISTRY[name.lower()] = info
        for alias in aliases:
            _ALIASES[alias.lower()] = name
        return cls

    return register


def _load_all() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    import pshell.cmdlets as package

    for module in pkgutil.iter_modules(package.__path__):
        if module.name != "base" and not module.name.startswith("_"):
            importlib.import_module(f"pshell.cmdlets.{module.name}")


def all_cmdlets() -> list[CmdletInfo]:
    _load_all()
    return sorted(_REGISTRY.values(), key=lambda i: i.name.lower())


def find_cmdlet(name: str) -> CmdletInfo | None:
    _load_all()
    return _REGISTRY.get(name.lower())


def builtin_aliases() -> dict[str, str]:
    """Alias -> cmdlet name, as declared by the cmdlets."""
    _load_all()
    return dict(_ALIASES)


def all_parameters(info: CmdletInfo) -> dict[str, Param]:
    """A cmdlet's own parameters plus the common ones (and -WhatIf/-Confirm if it has them)."""
    params = dict(info.parameters)
    for name, p in COMMON_PARAMETERS.items():
        params.setdefault(name, p)
    if info.supports_should_process:
        for name, p in SHOULD_PROCESS_PARAMETERS.items():
            params.setdefault(name, p)
    return params
