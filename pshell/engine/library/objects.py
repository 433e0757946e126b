"""Small .NET value classes scripts use: Version, Stopwatch, Random, OperatingSystem, and the
method-group object `[Math]::Round` (without parentheses) evaluates to."""

from __future__ import annotations

import datetime as _dt
import functools
import random
import re
import time
import uuid
from typing import Any

from pshell.engine.library.common import (
    DotNetException,
    arg_int,
    arg_str,
    dotnet_class,
    ps_method,
    ps_property,
)
from pshell.engine.types import conversion_error, register_type
from pshell.engine.values import as_list


@dotnet_class
@functools.total_ordering
class Version:
    """System.Version: Major.Minor[.Build[.Revision]]; missing parts are -1."""

    PS_TYPE_NAMES = ("System.Version", "System.Object")
    PS_PROPERTIES = ("Major", "Minor", "Build", "Revision", "MajorRevision", "MinorRevision")

    def __init__(self, major: Any = 0, minor: Any = 0, build: Any = -1, revision: Any = -1) -> None:
        if isinstance(major, str) and minor == 0 and build == -1 and revision == -1:
            parsed = Version.parse_text(major)
            major, minor, build, revision = parsed.Major, parsed.Minor, parsed.Build, parsed.Revision
        parts = [arg_int(major), arg_int(minor), arg_int(build), arg_int(revision)]
        for name, value, lowest in zip(("major", "minor", "build", "revision"), parts, (0, 0, -1, -1)):
            if value < lowest:
                raise DotNetException(f"Version's parameters must be greater than or equal to zero. (Parameter '{name}')",
                                      "System.ArgumentOutOfRangeException")
        if parts[2] == -1:
            parts[3] = -1
        self.Major, self.Minor, self.Build, self.Revision = parts

    @classmethod
    def parse_text(cls, text: str) -> "Version":
        """Version.Parse; raises DotNetException with .NET's message."""
        if text is None:
            raise DotNetException("Value cannot be null. (Parameter 'input')", "System.ArgumentNullException")
        pieces = text.strip().split(".")
        if not 2 <= len(pieces) <= 4:
            raise DotNetException("Version string portion was too short or too long. (Parameter 'input')")
        numbers: list[int] = []
        for piece in pieces:
            if not re.fullmatch(r"\s*\+?\d+\s*", piece):
                raise DotNetException(f"The input string '{piece}' was not in a correct format.", "System.FormatException")
            value = int(piece)
            if value > 2**31 - 1:
                raise DotNetException("Value was either too large or too small for an Int32.", "System.OverflowException")
            numbers.append(value)
        return cls(*numbers)

    @classmethod
    def parse(cls, text: str) -> "Version":
        """A cast to [version]: failures are conversion errors."""
        try:
            return cls.parse_text(text)
        except DotNetException as e:
            raise conversion_error(text, "version", e.message) from None

    @classmethod
    def ps_convert_from(cls, value: Any) -> "Version":
        return cls.parse(arg_str(value))

    @property
    def MajorRevision(self) -> int:
        return self.Revision >> 16 if self.Revision > 0 else (-1 if self.Revision < 0 else 0)

    @property
    def MinorRevision(self) -> int:
        return self.Revision & 0xFFFF if self.Revision >= 0 else -1

    def _key(self) -> tuple[int, int, int, int]:
        return (self.Major, self.Minor, self.Build, self.Revision)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Version) and self._key() == other._key()

    def __lt__(self, other: "Version") -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self._key() < other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def CompareTo(self, other: Any) -> int:
        if other is None:
            return 1
        if not isinstance(other, Version):
            other = Version.parse_text(arg_str(other))
        return (self._key() > other._key()) - (self._key() < other._key())

    def Equals(self, other: Any) -> bool:
        return self == other

    def ToString(self, field_count: Any = None) -> str:
        parts = [p for p in self._key() if p >= 0]
        if field_count is not None:
            n = arg_int(field_count)
            if not 0 <= n <= len(parts):
                raise DotNetException(f"Argument must be between 0 and {len(parts)}. (Parameter 'fieldCount')")
            parts = parts[:n]
        return ".".join(str(p) for p in parts)

    def __str__(self) -> str:
        return self.ToString()

    def __repr__(self) -> str:
        return f"Version({self.ToString()!r})"


@dotnet_class
class Stopwatch:
    """System.Diagnostics.Stopwatch."""

    PS_TYPE_NAMES = ("System.Diagnostics.Stopwatch", "System.Object")
    PS_PROPERTIES = ("IsRunning", "Elapsed", "ElapsedMilliseconds", "ElapsedTicks")
    FREQUENCY = 1_000_000_000

    def __init__(self) -> None:
        self._elapsed_ns = 0
        self._started: int | None = None

    def _ns(self) -> int:
        running = time.perf_counter_ns() - self._started if self._started is not None else 0
        return self._elapsed_ns + running

    @property
    def IsRunning(self) -> bool:
        return self._started is not None

    @property
    def Elapsed(self) -> _dt.timedelta:
        return _dt.timedelta(microseconds=self._ns() // 1000)

    @property
    def ElapsedMilliseconds(self) -> int:
        return self._ns() // 1_000_000

    @property
    def ElapsedTicks(self) -> int:
        return self._ns()

    def Start(self) -> None:
        if self._started is None:
            self._started = time.perf_counter_ns()

    def Stop(self) -> None:
        if self._started is not None:
            self._elapsed_ns = self._ns()
            self._started = None

    def Reset(self) -> None:
        self._elapsed_ns = 0
        self._started = None

    def Restart(self) -> None:
        self._elapsed_ns = 0
        self._started = time.perf_counter_ns()

    def ToString(self) -> str:
        return "System.Diagnostics.Stopwatch"


@dotnet_class
class Random:
    """System.Random (its own sequence; seeds do not reproduce .NET's numbers)."""

    PS_TYPE_NAMES = ("System.Random", "System.Object")
    PS_PROPERTIES = ()

    def __init__(self, seed: Any = None) -> None:
        self._random = random.Random(None if seed is None else arg_int(seed))

    def Next(self, low: Any = None, high: Any = None) -> int:
        if low is None:
            return self._random.randrange(0, 2**31 - 1)
        lo, hi = (0, arg_int(low)) if high is None else (arg_int(low), arg_int(high))
        if lo > hi:
            param = "maxValue" if high is None else "minValue"
            message = ("'maxValue' must be greater than zero." if high is None
                       else "'minValue' cannot be greater than maxValue.")
            raise DotNetException(f"{message} (Parameter '{param}')", "System.ArgumentOutOfRangeException")
        return lo if lo == hi else self._random.randrange(lo, hi)

    def NextInt64(self, low: Any = None, high: Any = None) -> int:
        if low is None:
            return self._random.randrange(0, 2**63 - 1)
        lo, hi = (0, int(low)) if high is None else (int(low), int(high))
        return lo if lo >= hi else self._random.randrange(lo, hi)

    def NextDouble(self) -> float:
        return self._random.random()

    def NextSingle(self) -> float:
        return self._random.random()

    def NextBytes(self, buffer: Any) -> None:
        for i in range(len(buffer)):
            buffer[i] = self._random.randrange(256)

    def Shuffle(self, items: Any) -> None:
        self._random.shuffle(items)

    def GetItems(self, choices: Any, length: Any) -> list[Any]:
        pool = as_list(choices)
        return [self._random.choice(pool) for _ in range(arg_int(length))]

    def ToString(self) -> str:
        return "System.Random"


class OperatingSystem:
    """What `[Environment]::OSVersion` returns."""

    PS_TYPE_NAMES = ("System.OperatingSystem", "System.Object")
    PS_PROPERTIES = ("Platform", "ServicePack", "Version", "VersionString")

    def __init__(self, release: str) -> None:
        numbers = [int(n) for n in re.findall(r"\d+", release)[:4]] or [0, 0]
        while len(numbers) < 2:
            numbers.append(0)
        self.Platform = "Unix"
        self.ServicePack = ""
        self.Version = Version(*numbers)
        self.VersionString = f"Unix {self.Version.ToString()}"

    def ToString(self) -> str:
        return self.VersionString


class MethodGroup:
    """A method named without parentheses (`[Math]::Round`, `'abc'.Substring`)."""

    PS_TYPE_NAMES = ("System.Management.Automation.PSMethod", "System.Object")
    PS_PROPERTIES = ("OverloadDefinitions", "TypeNameOfValue", "MemberType", "Value", "Name", "IsInstance")
    MemberType = "Method"
    TypeNameOfValue = "System.Management.Automation.PSMethod"

    def __init__(self, owner: str, name: str, static: bool = True) -> None:
        self.owner = owner
        self.Name = name
        self.IsInstance = not static

    @property
    def OverloadDefinitions(self) -> list[str]:
        return [f"{'static ' if not self.IsInstance else ''}{self.Name}(...)"]

    @property
    def Value(self) -> "MethodGroup":
        return self

    def ToString(self) -> str:
        return ", ".join(self.OverloadDefinitions)


# ------------------------------------------------------------------ Guid members
_GUID_FORMATS = {"D": "{0}", "N": "{1}", "B": "{{{0}}}", "P": "({0})"}


@ps_property(uuid.UUID, "Guid")
def _guid(g: uuid.UUID) -> str:
    return str(g)


@ps_method(uuid.UUID, "ToString")
def _guid_to_string(g: uuid.UUID, fmt: Any = None, provider: Any = None) -> str:
    spec = "D" if fmt is None or arg_str(fmt) == "" else arg_str(fmt)
    if spec.upper() not in _GUID_FORMATS:
        raise DotNetException("Format string can be only \"D\", \"d\", \"N\", \"n\", \"P\", \"p\", \"B\", \"b\", "
                              "\"X\" or \"x\".", "System.FormatException")
    return _GUID_FORMATS[spec.upper()].format(str(g), g.hex)


@ps_method(uuid.UUID, "ToByteArray")
def _guid_bytes(g: uuid.UUID) -> list[int]:
    return list(g.bytes_le)


@ps_method(uuid.UUID, "CompareTo")
def _guid_compare(g: uuid.UUID, other: Any) -> int:
    if other is None:
        return 1
    if not isinstance(other, uuid.UUID):
        raise DotNetException("Object must be of type Guid.")
    return (g.int > other.int) - (g.int < other.int)


@ps_method(uuid.UUID, "Equals")
def _guid_equals(g: uuid.UUID, other: Any) -> bool:
    return isinstance(other, uuid.UUID) and g == other


register_type("System.Version", Version, "System.Version", "version")
register_type("System.Diagnostics.Stopwatch", Stopwatch, "System.Diagnostics.Stopwatch", "diagnostics.stopwatch")
register_type("System.Random", Random, "System.Random", "random")
