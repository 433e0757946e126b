"""The parameter binder: arguments and pipeline input -> a command's declared parameters.

Order as PowerShell: named arguments, positional arguments, then (per input object)
pipeline input by value and by property name, then the mandatory check. Parameter names
match case-insensitively, by alias, or by any unique prefix.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, Sequence

from pshell.cmdlets.base import ALL_SETS, Param
from pshell.engine.members import get_property, has_property
from pshell.engine.types import ConversionError, convert_to, full_name
from pshell.engine.values import PSObject, as_list, is_enumerable, to_string
from pshell.errors import ErrorCategory, ErrorRecord, PSError


class NoValue:
    """The marker for `-Switch` with no `:value`."""

    def __repr__(self) -> str:
        return "<no value>"


NO_VALUE = NoValue()


@dataclass
class NamedArg:
    name: str
    value: Any = NO_VALUE
    text: str = ""
    pos: Any = None


@dataclass
class PositionalArg:
    value: Any
    pos: Any = None


RawArg = NamedArg | PositionalArg


class BindingError(PSError):
    """A binding failure: PowerShell's ParameterBindingException."""


def binding_error(message: str, error_id: str, category: str = ErrorCategory.InvalidArgument, *, command: str = "", target: Any = None) -> BindingError:
    record = ErrorRecord(message, error_id, category, target=target, command_name=command or None,
                         exception_type="System.Management.Automation.ParameterBindingException")
    return BindingError(record)


@dataclass
class BindState:
    """What has been bound so far for one command invocation."""

    command: str
    params: dict[str, Param]
    default_set: str
    bound: dict[str, Any] = field(default_factory=dict)
    from_args: set[str] = field(default_factory=set)
    candidate_sets: set[str] = field(default_factory=set)
    unbound_positional: list[Any] = field(default_factory=list)
    normalize_choices: bool = True

    @functools.cached_property
    def all_sets(self) -> set[str]:
        sets: set[str] = set()
        for p in self.params.values():
            sets.update(p.sets)
        return sets or {self.default_set}

    def chosen_set(self, extra: dict[str, Any] | None = None) -> str:
        """The parameter set in force, given what is bound (plus `extra`, bound from pipeline input)."""
        sets = set(self.candidate_sets or self.all_sets)
        for name in extra or {}:
            p = self.params.get(name)
            if p is not None and p.sets and sets & set(p.sets):
                sets &= set(p.sets)
        if self.default_set in sets:
            return self.default_set
        bound = {**self.bound, **(extra or {})}
        satisfied = [s for s in sorted(sets) if all(n in bound for n, p in self.params.items() if p.is_mandatory_in(s))]
        if len(satisfied) >= 1:
            return satisfied[0]
        return sorted(sets)[0]


def resolve_parameter(params: dict[str, Param], name: str, command: str) -> Param:
    """Exact name, alias, then unique prefix; PowerShell's errors otherwise."""
    key = name.lower()
    for pname, p in params.items():
        if pname.lower() == key or key in (a.lower() for a in p.aliases):
            return p
    matches = [p for pname, p in params.items() if pname.lower().startswith(key)]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        names = " ".join("-" + p.name for p in matches)
        raise binding_error(
            f"Parameter cannot be processed because the parameter name '{name}' is ambiguous. Possible matches include: {names}.",
            "AmbiguousParameter", command=command, target=name)
    raise binding_error(f"A parameter cannot be found that matches parameter name '{name}'.", "NamedParameterNotFound", command=command, target=name)


def _type_label(p: Param) -> str:
    return full_name(p.type)


def convert_argument(p: Param, value: Any, command: str) -> Any:
    """Convert one argument to the parameter's type and validate it."""
    if p.is_switch:
        from pshell.engine.values import to_bool

        return True if value is NO_VALUE else to_bool(value)
    try:
        converted = convert_to(value, p.type) if p.type not in ("object", "psobject") else value
    except ConversionError as exc:
        raise binding_error(
            f"Cannot process argument transformation on parameter '{p.name}'. {exc.record.message}",
            "ParameterArgumentTransformationError", command=command, target=value) from None
    except PSError as exc:
        raise binding_error(
            f"Cannot process argument transformation on parameter '{p.name}'. {exc.record.message}",
            "ParameterArgumentTransformationError", command=command, target=value) from None
    validate(p, converted, command)
    return converted


def validate(p: Param, value: Any, command: str) -> None:
    values = as_list(value) if p.type.endswith("[]") else [value]
    if p.not_null_or_empty and (not values or any(v is None or v == "" for v in values)):
        raise binding_error(
            f"Cannot validate argument on parameter '{p.name}'. The argument is null or empty. Provide an argument "
            "that is not null or empty, and then try the command again.",
            "ParameterArgumentValidationError", ErrorCategory.InvalidData, command=command, target=value)
    if p.mandatory and not p.allow_empty:
        for v in values:
            if v is None:
                raise binding_error(f"Cannot bind argument to parameter '{p.name}' because it is null.",
                                    "ParameterArgumentValidationErrorNullNotAllowed", ErrorCategory.InvalidData, command=command)
            if v == "":
                raise binding_error(f"Cannot bind argument to parameter '{p.name}' because it is an empty string.",
                                    "ParameterArgumentValidationErrorEmptyStringNotAllowed", ErrorCategory.InvalidData, command=command)
    if p.choices:
        for v in values:
            text = to_string(v)
            if not any(text.lower() == c.lower() for c in p.choices):
                raise binding_error(
                    f"Cannot validate argument on parameter '{p.name}'. The argument \"{text}\" does not belong to the set "
                    f"\"{','.join(p.choices)}\" specified by the ValidateSet attribute. Supply an argument that is in the set "
                    "and then try the command again.",
                    "ParameterArgumentValidationError", ErrorCategory.InvalidData, command=command, target=v)
    if p.range is not None:
        lo, hi = p.range
        for v in values:
            if v is None:
                continue
            if lo is not None and v < lo:
                raise binding_error(
                    f"Cannot validate argument on parameter '{p.name}'. The {to_string(v)} argument is less than the minimum "
                    f"allowed range of {to_string(lo)}. Supply an argument that is greater than or equal to {to_string(lo)} "
                    "and then try the command again.",
                    "ParameterArgumentValidationError", ErrorCategory.InvalidData, command=command, target=v)
            if hi is not None and v > hi:
                raise binding_error(
                    f"Cannot validate argument on parameter '{p.name}'. The {to_string(v)} argument is greater than the "
                    f"maximum allowed range of {to_string(hi)}. Supply an argument that is less than or equal to "
                    f"{to_string(hi)} and then try the command again.",
                    "ParameterArgumentValidationError", ErrorCategory.InvalidData, command=command, target=v)


def _normalize_choice(state: "BindState", p: Param, value: Any) -> Any:
    """A cmdlet's ValidateSet value in the declared spelling (script functions keep what was typed)."""
    if not p.choices or not state.normalize_choices:
        return value
    def norm(v: Any) -> Any:
        text = to_string(v).lower()
        return next((c for c in p.choices if c.lower() == text), v)
    if isinstance(value, list):
        return [norm(v) for v in value]
    return norm(value)


def _restrict_sets(state: BindState, p: Param) -> None:
    if not p.sets:
        return
    sets = set(p.sets)
    state.candidate_sets = (state.candidate_sets & sets) if state.candidate_sets else sets
    if not state.candidate_sets:
        raise binding_error(
            "Parameter set cannot be resolved using the specified named parameters. One or more parameters issued "
            "cannot be used together or an insufficient number of parameters were provided.",
            "AmbiguousParameterSet", command=state.command)


def bind_arguments(
    command: str,
    params: dict[str, Param],
    args: Sequence[RawArg],
    *,
    default_set: str = ALL_SETS,
    allow_unbound: bool = False,
    normalize_choices: bool = True,
) -> BindState:
    """Bind named then positional arguments. With allow_unbound, leftovers go to $args."""
    state = BindState(command, params, default_set, normalize_choices=normalize_choices)
    positional: list[Any] = []
    items = list(args)
    i = 0
    while i < len(items):
        arg = items[i]
        i += 1
        if isinstance(arg, PositionalArg):
            positional.append((arg.value, arg.pos))
            continue
        try:
            p = resolve_parameter(params, arg.name, command)
        except BindingError as exc:
            exc.record.span = exc.record.span or _span(arg.pos)
            if allow_unbound and exc.record.error_id == "NamedParameterNotFound":
                positional.append((arg.text or "-" + arg.name, arg.pos))
                if arg.value is not NO_VALUE:
                    positional.append((arg.value, arg.pos))
                continue
            raise
        if p.name in state.bound:
            raise binding_error(f"Cannot bind parameter because parameter '{p.name}' is specified more than once. "
                                "To provide multiple values to parameters that can accept multiple values, use the "
                                "array syntax. For example, \"-parameter value1,value2,value3\".",
                                "ParameterAlreadyBound", command=command)
        value, value_pos = arg.value, arg.pos
        if value is NO_VALUE and not p.is_switch:
            if i < len(items) and isinstance(items[i], PositionalArg):
                value, value_pos = items[i].value, items[i].pos
                i += 1
            else:
                err = binding_error(
                    f"Missing an argument for parameter '{p.name}'. Specify a parameter of type '{_type_label(p)}' and try again.",
                    "MissingArgument", command=command)
                err.record.span = _span(arg.pos)
                raise err
        _restrict_sets(state, p)
        state.bound[p.name] = _normalize_choice(state, p, _convert_at(p, value, command, value_pos))
        state.from_args.add(p.name)
    _bind_positional(state, positional, allow_unbound)
    return state


def _positional_params(state: BindState) -> list[list[Param]]:
    """The unbound positional parameters of the candidate sets, grouped by position (in a
    group, those of the default set first)."""
    sets = state.candidate_sets or state.all_sets
    ranked = [(p.position_in(sets), p) for p in state.params.values()
              if p.position is not None and p.name not in state.bound and (not p.sets or set(p.sets) & sets)]
    ranked.sort(key=lambda item: (item[0], 0 if (not item[1].sets or state.default_set in item[1].sets) else 1))
    groups: dict[int, list[Param]] = {}
    for position, p in ranked:
        groups.setdefault(position, []).append(p)  # type: ignore[arg-type]
    return list(groups.values())


def _pick_positional(group: list[Param], value: Any) -> Param:
    """Of parameters that share a position in different sets, the one whose type the argument
    already has (`Invoke-Command localhost { }` vs `Invoke-Command { }`), else the first."""
    if len(group) > 1:
        from pshell.engine.types import is_instance

        items = list(value) if isinstance(value, (list, tuple)) else [value]
        for p in group:
            element = p.type[:-2] if p.type.endswith("[]") else p.type
            if element not in ("object", "psobject") and items and all(is_instance(v, element) for v in items):
                return p
    return group[0]


def _span(pos: Any) -> Any:
    """The source span of an argument (for the caret under it), if it has a place."""
    source = getattr(pos, "source", None)
    if source is None:
        return None
    return source.span(pos.start, max(1, pos.end - pos.start))


def _convert_at(p: Param, value: Any, command: str, pos: Any) -> Any:
    """convert_argument, with the argument's place on the error."""
    try:
        return convert_argument(p, value, command)
    except BindingError as exc:
        exc.record.span = exc.record.span or _span(pos)
        raise


def _bind_positional(state: BindState, values: list[tuple[Any, Any]], allow_unbound: bool) -> None:
    queue = list(values)
    while queue:
        groups = _positional_params(state)
        if not groups:
            break
        value, pos = queue[0]
        p = _pick_positional(groups[0], value)
        if p.remaining:
            break
        queue.pop(0)
        _restrict_sets(state, p)
        state.bound[p.name] = _normalize_choice(state, p, _convert_at(p, value, state.command, pos))
        state.from_args.add(p.name)
    if queue:
        sets = state.candidate_sets or state.all_sets
        target = next((p.name for p in state.params.values() if p.remaining and p.name not in state.bound
                       and (not p.sets or set(p.sets) & sets)), None)
        if target:
            p = state.params[target]
            state.bound[p.name] = convert_argument(p, [v for v, _ in queue], state.command)
            state.from_args.add(p.name)
        elif allow_unbound:
            state.unbound_positional = [v for v, _ in queue]
        else:
            err = binding_error(f"A positional parameter cannot be found that accepts argument '{to_string(queue[0][0])}'.",
                                "PositionalParameterNotFound", command=state.command, target=queue[0][0])
            err.record.span = _span(queue[0][1])
            raise err


def pipeline_params(state: BindState) -> list[Param]:
    sets = state.candidate_sets or state.all_sets
    return [p for p in state.params.values()
            if (p.pipeline or p.pipeline_by_name) and p.name not in state.from_args and (not p.sets or set(p.sets) & sets)]


def bind_pipeline_object(state: BindState, obj: Any, candidates: list[Param] | None = None) -> dict[str, Any]:
    """Bind one input object: by value first, then by property name. Returns what was bound.
    `candidates`: pipeline_params(state), when the caller keeps it between objects."""
    bound: dict[str, Any] = {}
    if candidates is None:
        candidates = pipeline_params(state)
    for p in candidates:
        if not p.pipeline:
            continue
        if not p.choices and p.type in ("object", "psobject"):
            bound[p.name] = obj  # no conversion, nothing to normalize: the common case, quickly
            break
        try:
            value = obj if p.type in ("object", "psobject") else convert_argument(p, obj, state.command)
        except BindingError:
            continue
        if p.type.endswith("[]") and not isinstance(value, list):
            value = [value]
        bound[p.name] = _normalize_choice(state, p, value)
        break
    if not bound:
        for p in candidates:
            if not p.pipeline_by_name:
                continue
            names = (p.name, *p.aliases)
            hit = next((n for n in names if has_property(obj, n)), None)
            if hit is None:
                continue
            bound[p.name] = _normalize_choice(state, p, convert_argument(p, get_property(obj, hit), state.command))
    if not bound and candidates:
        raise binding_error(
            "The input object cannot be bound to any parameters for the command either because the command does not "
            "take pipeline input or the input and its properties do not match any of the parameters that take pipeline input.",
            "InputObjectNotBound", command=state.command, target=obj)
    return bound


def missing_mandatory(state: BindState, bound: dict[str, Any], *, expecting_input: bool) -> list[str]:
    chosen = state.chosen_set(bound)
    missing = []
    for name, p in state.params.items():
        if name in bound or name in state.bound:
            continue
        if p.is_mandatory_in(chosen) or (p.mandatory and not p.sets):
            if expecting_input and (p.pipeline or p.pipeline_by_name):
                continue
            missing.append(name)
    return missing


def missing_mandatory_error(command: str, names: list[str]) -> BindingError:
    return binding_error(
        f"Cannot process command because of one or more missing mandatory parameters: {' '.join(names)}.",
        "MissingMandatoryParameter", command=command)


def splat_arguments(value: Any) -> list[RawArg]:
    """`@h` / `@a`: a hashtable splats named arguments, an array positional ones."""
    from pshell.engine.values import Hashtable

    if isinstance(value, Hashtable):
        return [NamedArg(str(k), v if v is not True else True) for k, v in value.items()]
    if isinstance(value, PSObject):
        return [NamedArg(k, v) for k, v in value.properties.items()]
    if is_enumerable(value):
        return [PositionalArg(v) for v in value]
    return [PositionalArg(value)]
