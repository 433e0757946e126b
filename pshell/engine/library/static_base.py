"""The table of .NET types with static members (`[Math]::PI`, `[IO.Path]::Combine(...)`,
`[Text.StringBuilder]::new()`); the `static_*` modules fill it."""

from __future__ import annotations

from typing import Any, Callable

from pshell.engine.library.common import EnumValue, checked, enum_flags

STATIC_TYPES: dict[str, "StaticType"] = {}
"""Lower-case type name (full, without `System.`, accelerator) -> its static members."""


class StaticType:
    """One .NET type's static properties, static methods and constructor."""

    def __init__(self, full_name: str, *aliases: str, generic_arity: int = 0) -> None:
        self.full_name = full_name
        self.generic_arity = generic_arity
        self.properties: dict[str, tuple[str, Callable[[], Any]]] = {}
        self.methods: dict[str, tuple[str, Callable[..., Any], bool]] = {}
        self.constructor: Callable[..., Any] | None = None
        self.constructor_wants_types = False
        self.enum_values: dict[str, EnumValue] = {}
        names = {full_name.lower(), *(a.lower() for a in aliases)}
        if full_name.lower().startswith("system."):
            names.add(full_name.lower()[7:])
        for name in names:
            STATIC_TYPES[name] = self

    def constant(self, name: str, value: Any) -> None:
        """A static property whose value never changes."""
        self.properties[name.lower()] = (name, lambda: value)

    def constants(self, values: dict[str, Any]) -> None:
        for name, value in values.items():
            self.constant(name, value)

    def enum(self, values: dict[str, int]) -> None:
        """Make this an enum type: each name is a static property holding an EnumValue."""
        self.enum_values = {name: EnumValue(value, name, self.full_name) for name, value in values.items()}
        for name, value in self.enum_values.items():
            self.constant(name, value)

    def enum_value(self, value: Any) -> EnumValue:
        """A name, number or 'A, B' as a value of this enum (for casts such as `[DayOfWeek]'Monday'`)."""
        number = enum_flags(value, {k: int(v) for k, v in self.enum_values.items()}, self.full_name)
        for member in self.enum_values.values():
            if int(member) == number:
                return member
        names = [n for n, v in self.enum_values.items() if v and number & v == v]
        return EnumValue(number, ", ".join(names) or str(number), self.full_name)

    def property(self, *names: str) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
        """Decorator: a static property computed on each read (`[datetime]::Now`)."""

        def register(fn: Callable[[], Any]) -> Callable[[], Any]:
            for name in names:
                self.properties[name.lower()] = (name, fn)
            return fn

        return register

    def method(self, *names: str, needs_context: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Decorator: a static method, called as fn([context,] *args) with its argument count checked."""

        def register(fn: Callable[..., Any]) -> Callable[..., Any]:
            for name in names:
                self.methods[name.lower()] = (name, checked(fn, name, 1 if needs_context else 0), needs_context)
            return fn

        return register

    def new(self, wants_types: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Decorator: the constructor, `[T]::new(...)`; with wants_types it gets the generic
        type arguments first (`fn(["string"], *args)`)."""

        def register(fn: Callable[..., Any]) -> Callable[..., Any]:
            self.constructor = checked(fn, "new", 1 if wants_types else 0, ".ctor")
            self.constructor_wants_types = wants_types
            return fn

        return register

    def __repr__(self) -> str:
        return f"StaticType({self.full_name!r})"
