"""System cmdlets: dates, sleeping, random numbers, processes, and the host (Read-Host, Clear-Host)."""

from __future__ import annotations

import calendar
import datetime as _dt
import os
import signal
import time
import weakref
from typing import TYPE_CHECKING, Any

from pshell.cmdlets.base import Cmdlet, Example, Param, cmdlet
from pshell.cmdlets.items import path_error
from pshell.engine.members import get_property
from pshell.engine.text import format_value, wildcard_match
from pshell.engine.types import register_type
from pshell.engine.values import to_string
from pshell.errors import ErrorCategory, PSError
from pshell.format.views import CustomView, TableView, ViewColumn, register_view

if TYPE_CHECKING:
    import psutil

_INT_MAX = 2**31 - 1


def _psutil(command: str = "Get-Process") -> Any:
    """psutil, imported when a process cmdlet first needs it. It is a C extension: a pshell
    brought along to a computer without it runs; only the commands that read processes fail."""
    try:
        import psutil
    except ImportError:
        raise PSError(path_error(
            command, "Processes cannot be read on this computer: the Python module psutil is not available "
            "(install it for the Python that runs pshell, e.g. `python3 -m pip install psutil`).",
            "PsutilNotAvailable", ErrorCategory.ResourceUnavailable, None,
            "System.PlatformNotSupportedException")) from None
    return psutil


def _boot_time() -> float:
    """When the computer started (seconds since the epoch): psutil, else /proc/stat's btime."""
    try:
        import psutil
    except ImportError:
        try:
            with open("/proc/stat", encoding="ascii") as f:
                for line in f:
                    if line.startswith("btime "):
                        return float(line.split()[1])
        except (OSError, ValueError, IndexError):
            pass
        return float(_psutil("Get-Uptime").boot_time())
    return float(psutil.boot_time())


# ------------------------------------------------------------------ dates
class DisplayDateTime(_dt.datetime):
    """A DateTime that Get-Date returns: it carries the DisplayHint (Date, Time or DateTime)."""

    PS_PROPERTIES = ("DisplayHint", "DateTime", "Date", "Day", "DayOfWeek", "DayOfYear", "Hour", "Kind",
                     "Millisecond", "Microsecond", "Minute", "Month", "Second", "Ticks", "TimeOfDay", "Year")
    display_hint = "DateTime"
    kind = "Unspecified"

    @classmethod
    def wrap(cls, d: _dt.datetime, hint: str = "DateTime", kind: str | None = None) -> "DisplayDateTime":
        wrapped = cls(d.year, d.month, d.day, d.hour, d.minute, d.second, d.microsecond, tzinfo=d.tzinfo)
        wrapped.display_hint = hint
        wrapped.kind = kind or getattr(d, "kind", "Unspecified")
        return wrapped

    @property
    def DisplayHint(self) -> str:
        return self.display_hint

    @property
    def DateTime(self) -> str:
        return long_date_time(self, "DateTime")

    @property
    def Date(self) -> _dt.datetime:
        return _dt.datetime(self.year, self.month, self.day, tzinfo=self.tzinfo)

    @property
    def Day(self) -> int:
        return self.day

    @property
    def DayOfWeek(self) -> str:
        return calendar.day_name[self.weekday()]

    @property
    def DayOfYear(self) -> int:
        return self.timetuple().tm_yday

    @property
    def Hour(self) -> int:
        return self.hour

    @property
    def Kind(self) -> str:
        if self.tzinfo is not None:
            return "Utc" if self.utcoffset() == _dt.timedelta(0) and self.tzinfo is _dt.timezone.utc else "Local"
        return self.kind

    @property
    def Millisecond(self) -> int:
        return self.microsecond // 1000

    @property
    def Microsecond(self) -> int:
        return self.microsecond % 1000

    @property
    def Minute(self) -> int:
        return self.minute

    @property
    def Month(self) -> int:
        return self.month

    @property
    def Second(self) -> int:
        return self.second

    @property
    def Ticks(self) -> int:
        naive = self.replace(tzinfo=None)
        delta = naive - _dt.datetime(1, 1, 1)
        return (delta.days * 86_400 + delta.seconds) * 10_000_000 + delta.microseconds * 10

    @property
    def TimeOfDay(self) -> _dt.timedelta:
        return _dt.timedelta(hours=self.hour, minutes=self.minute, seconds=self.second, microseconds=self.microsecond)

    @property
    def Year(self) -> int:
        return self.year


def long_date_time(d: _dt.datetime, hint: str | None = None) -> str:
    """How PowerShell shows a DateTime on its own: `Monday, November 23, 2026 7:05:09 PM`."""
    hint = hint or getattr(d, "display_hint", "DateTime")
    if hint == "Date":
        return format_value(d, "D", str)
    if hint == "Time":
        return format_value(d, "T", str)
    return f"{format_value(d, 'D', str)} {format_value(d, 'T', str)}"


register_view(CustomView(("System.DateTime",), lambda d: long_date_time(d)))


def add_months(d: _dt.datetime, months: int) -> _dt.datetime:
    """DateTime.AddMonths: the day is clamped to the length of the new month."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    day = min(d.day, calendar.monthrange(year, month + 1)[1])
    return d.replace(year=year, month=month + 1, day=day)


def _trunc_div(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def uformat(d: _dt.datetime, fmt: str) -> str:
    """Get-Date -UFormat: PowerShell's strftime-like codes (%Y-%m-%d, %A, %s, %V, ...)."""
    f = lambda spec: format_value(d, spec, str)  # noqa: E731
    iso_year, iso_week, _ = d.isocalendar()
    dow = (d.weekday() + 1) % 7
    doy = d.timetuple().tm_yday
    codes: dict[str, Any] = {
        "A": lambda: f("dddd"), "a": lambda: f("ddd"), "B": lambda: f("MMMM"), "b": lambda: f("MMM"),
        "h": lambda: f("MMM"), "C": lambda: str(d.year // 100),
        "c": lambda: f"{f('ddd')} {f('dd')} {f('MMM')} {f('yyyy')} {f('HH')}:{f('mm')}:{f('ss')}",
        "D": lambda: f("MM/dd/yy"), "x": lambda: f("MM/dd/yy"), "d": lambda: f("dd"), "e": lambda: f"{d.day:>2}",
        "F": lambda: f"{f('yyyy')}-{f('MM')}-{f('dd')}", "G": lambda: f"{iso_year:04}",
        "g": lambda: f"{iso_year % 100:02}", "H": lambda: f("HH"), "I": lambda: f("hh"), "j": lambda: f"{doy:03}",
        "k": lambda: f"{d.hour:>2}", "l": lambda: f"{d.hour % 12 or 12:>2}", "M": lambda: f("mm"),
        "m": lambda: f("MM"), "n": lambda: "\n", "p": lambda: f("tt"), "R": lambda: f("HH:mm"),
        "r": lambda: f("hh:mm:ss tt"), "S": lambda: f("ss"), "s": lambda: _epoch_seconds(d),
        "T": lambda: f("HH:mm:ss"), "X": lambda: f("HH:mm:ss"), "t": lambda: "\t",
        "U": lambda: f"{_trunc_div((_dt.date(d.year, 1, 1).isoweekday() % 7 + 6) % 7 + doy - dow, 7):02}",
        "u": lambda: str(dow or 7), "V": lambda: f"{iso_week:02}", "W": lambda: str(doy // 7),
        "w": lambda: str(dow), "Y": lambda: f("yyyy"), "y": lambda: f("yy"), "Z": lambda: f("zz"),
    }
    out: list[str] = []
    i = 1 if fmt.startswith("+") else 0
    while i < len(fmt):
        ch = fmt[i]
        if ch == "%" and i + 1 < len(fmt):
            code = fmt[i + 1]
            out.append(codes[code]() if code in codes else code)
            i += 2
        else:
            out.append(ch if ch != "%" else "")
            i += 1
    return "".join(out)


def _epoch_seconds(d: _dt.datetime) -> str:
    aware = d if d.tzinfo is not None else d.astimezone()
    seconds = (aware - _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)).total_seconds()
    return format_value(seconds, "0", str)


_FILE_FORMATS = {
    "filedate": ("yyyyMMdd", False), "filedateuniversal": ("yyyyMMddZ", True),
    "filedatetime": ("yyyyMMddTHHmmssffff", False), "filedatetimeuniversal": ("yyyyMMddTHHmmssffffZ", True),
}


def to_utc(d: _dt.datetime) -> _dt.datetime:
    return (d if d.tzinfo is not None else d.astimezone()).astimezone(_dt.timezone.utc)


@cmdlet(
    "Get-Date", default_set="DateAndFormat",
    synopsis="Gets the current date and time.",
    description="Returns the current date and time (or -Date, or -UnixTimeSeconds), with -Year, -Month, -Day, "
    "-Hour, -Minute, -Second and -Millisecond replacing parts of it. -Format returns a string made with a .NET "
    "format string (also FileDate, FileDateTime, ...), -UFormat one made with Unix-style codes such as %Y-%m-%d. "
    "-AsUTC converts to UTC first.",
    outputs="System.DateTime, System.String",
    examples=[
        Example("Get-Date -Date '2026-11-23 19:05:09' -Format 'yyyy-MM-dd HH:mm'", "Formats a date.",
                output="2026-11-23 19:05"),
        Example("Get-Date -Date '2026-11-23 19:05:09' -UFormat '%A %d %B %Y'", "Formats with Unix-style codes.",
                output="Monday 23 November 2026"),
        Example("(Get-Date -Date '2026-01-31' -Month 2).ToString('yyyy-MM-dd')", "Changes the month.",
                output="2026-02-28"),
    ],
)
class GetDate(Cmdlet):
    Date = Param("datetime", position=0, pipeline=True, pipeline_by_name=True, aliases=("LastWriteTime",),
                 sets=("DateAndFormat", "DateAndUFormat"), help="The date to use instead of now.")
    UnixTimeSeconds = Param("long", aliases=("UnixTime",), mandatory=True,
                            sets=("UnixTimeSecondsAndFormat", "UnixTimeSecondsAndUFormat"),
                            range=(-62135596800, 253402300799), help="Seconds since 1970-01-01 UTC.")
    Year = Param("int", range=(1, 9999))
    Month = Param("int", range=(1, 12))
    Day = Param("int", range=(1, 31))
    Hour = Param("int", range=(0, 23))
    Minute = Param("int", range=(0, 59))
    Second = Param("int", range=(0, 59))
    Millisecond = Param("int", range=(0, 999))
    DisplayHint = Param("string", choices=("Date", "Time", "DateTime"), default="DateTime",
                        help="What the console shows of the date: Date, Time or DateTime.")
    UFormat = Param("string", mandatory=True, sets=("DateAndUFormat", "UnixTimeSecondsAndUFormat"),
                    help="Unix-style format codes, e.g. '%Y-%m-%d %H:%M'.")
    Format = Param("string", sets=("DateAndFormat", "UnixTimeSecondsAndFormat"),
                   help="A .NET format string, or FileDate, FileDateUniversal, FileDateTime, FileDateTimeUniversal.")
    AsUTC = Param("switch", help="Converts the date to UTC.")

    def process(self) -> None:
        kind = "Local"
        if self.is_bound("Date") and self.Date is not None:
            d: _dt.datetime = self.Date
            kind = getattr(d, "kind", "Unspecified")
        elif self.is_bound("UnixTimeSeconds"):
            d = _dt.datetime.fromtimestamp(self.UnixTimeSeconds)
        else:
            d = _dt.datetime.now()
        if self.is_bound("Year"):
            d = add_months(d, (self.Year - d.year) * 12)
        if self.is_bound("Month"):
            d = add_months(d, self.Month - d.month)
        if self.is_bound("Day"):
            d = d + _dt.timedelta(days=self.Day - d.day)
        if self.is_bound("Hour"):
            d = d + _dt.timedelta(hours=self.Hour - d.hour)
        if self.is_bound("Minute"):
            d = d + _dt.timedelta(minutes=self.Minute - d.minute)
        if self.is_bound("Second"):
            d = d + _dt.timedelta(seconds=self.Second - d.second)
        if self.is_bound("Millisecond"):
            d = d.replace(microsecond=self.Millisecond * 1000)
        if self.AsUTC:
            d = to_utc(d)
        if self.UFormat is not None:
            self.write_output(uformat(d, self.UFormat))
        elif self.Format is not None:
            fmt = self.Format
            special = _FILE_FORMATS.get(fmt.lower())
            if special:
                fmt = special[0]
                if special[1]:
                    d = to_utc(d)
            try:
                self.write_output(format_value(d, fmt, str))
            except ValueError as e:
                self.throw(str(e), "System.FormatException", ErrorCategory.NotSpecified, fmt,
                           "System.FormatException")
        else:
            self.write_output(DisplayDateTime.wrap(d, self.DisplayHint or "DateTime", kind))


@cmdlet(
    "Get-Uptime",
    synopsis="Get the TimeSpan since last boot.",
    description="Returns how long the computer has been running, or with -Since the time it started.",
    outputs="System.TimeSpan, System.DateTime",
    examples=[Example("(Get-Uptime).TotalSeconds -gt 0", "Tells that the computer has been running.", output="True")],
)
class GetUptime(Cmdlet):
    Since = Param("switch", help="Returns the time of the last boot instead.")

    def process(self) -> None:
        boot = _dt.datetime.fromtimestamp(_boot_time())
        self.write_output(boot if self.Since else _dt.datetime.now() - boot)


# ------------------------------------------------------------------ sleeping
@cmdlet(
    "Start-Sleep", aliases=("sleep",), default_set="Seconds",
    synopsis="Suspend shell, script, or runspace activity for the specified period of time.",
    description="Waits for -Seconds (fractions allowed), -Milliseconds or -Duration. Ctrl+C ends the wait.",
    examples=[Example("Start-Sleep -Milliseconds 10; 'done'", "Waits briefly.", output="done")],
)
class StartSleep(Cmdlet):
    Seconds = Param("double", position=0, mandatory=True, pipeline=True, pipeline_by_name=True, sets=("Seconds",),
                    range=(0, 2147483.0), help="How many seconds to wait.")
    Milliseconds = Param("int", aliases=("ms",), mandatory=True, pipeline_by_name=True, sets=("Milliseconds",),
                         range=(0, _INT_MAX), help="How many milliseconds to wait.")
    Duration = Param("timespan", aliases=("ts",), mandatory=True, pipeline_by_name=True, sets=("FromTimeSpan",),
                     help="How long to wait, as a TimeSpan.")

    def process(self) -> None:
        if self.is_bound("Milliseconds"):
            seconds = self.Milliseconds / 1000
        elif self.is_bound("Duration"):
            seconds = self.Duration.total_seconds()
        else:
            seconds = float(self.Seconds or 0)
        deadline = time.monotonic() + max(0.0, seconds)
        if seconds > 0:
            self.context.about_to_wait()
        while True:
            self.context.check_stopping()
            left = deadline - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(left, 0.05))


# ------------------------------------------------------------------ random numbers
class DotNetRandom:
    """System.Random(seed): .NET's seeded subtractive generator, so -SetSeed repeats .NET's numbers."""

    _MSEED = 161803398

    def __init__(self, seed: int) -> None:
        seeds = [0] * 56
        subtraction = _INT_MAX if seed == -(2**31) else abs(seed)
        mj = self._MSEED - subtraction
        seeds[55] = mj
        mk = 1
        for i in range(1, 55):
            ii = (21 * i) % 55
            seeds[ii] = mk
            mk = mj - mk
            if mk < 0:
                mk += _INT_MAX
            mj = seeds[ii]
        for _ in range(4):
            for i in range(1, 56):
                seeds[i] -= seeds[1 + (i + 30) % 55]
                if seeds[i] < 0:
                    seeds[i] += _INT_MAX
        self._seeds = seeds
        self._next = 0
        self._nextp = 21

    def sample(self) -> int:
        """InternalSample: a number in [0, Int32.MaxValue)."""
        nxt = self._next + 1 if self._next + 1 < 56 else 1
        nxtp = self._nextp + 1 if self._nextp + 1 < 56 else 1
        value = self._seeds[nxt] - self._seeds[nxtp]
        if value == _INT_MAX:
            value -= 1
        if value < 0:
            value += _INT_MAX
        self._seeds[nxt] = value
        self._next, self._nextp = nxt, nxtp
        return value


class RandomSource:
    """Get-Random's generator: cryptographic by default, .NET's seeded one after -SetSeed; every number is
    made from bytes, as PowerShell's PolymorphicRandomNumberGenerator does."""

    def __init__(self, seed: int | None = None) -> None:
        self._seeded = DotNetRandom(seed) if seed is not None else None

    def next_bytes(self, count: int) -> bytes:
        if self._seeded is None:
            return os.urandom(count)
        return bytes(self._seeded.sample() & 0xFF for _ in range(count))

    def _sample(self) -> int:
        return int.from_bytes(self.next_bytes(4), "little", signed=True)

    def next(self) -> int:
        value = self._sample()
        while value == _INT_MAX:
            value = self._sample()
        return value + _INT_MAX if value < 0 else value

    def next_double(self) -> float:
        return self.next() * (1.0 / _INT_MAX)

    def next_int(self, low: int, high: int) -> int:
        span = high - low
        if span <= _INT_MAX:
            return int(self.next_double() * span) + low
        value = self._sample()
        while value == _INT_MAX:
            value = self._sample()
        large = (value + _INT_MAX) * (1.0 / (2 * _INT_MAX))
        return int(large * span) + low

    def next_long(self, low: int, high: int) -> int:
        diff = high - low
        if diff <= _INT_MAX:
            return low + self.next_int(0, diff)
        mask = (1 << diff.bit_length()) - 1
        while True:
            value = int.from_bytes(self.next_bytes(8), "little") & mask
            if value < diff:
                return int(float(low) + float(value))

    def next_float(self, low: float, high: float) -> float:
        diff = high - low
        while True:
            r = self.next_double()
            if diff in (float("inf"), float("-inf")):
                value = low + r * high - r * low
            else:
                value = low + r * diff
                diff *= r
            if value < high:
                return value


_GENERATORS: "weakref.WeakKeyDictionary[Any, RandomSource]" = weakref.WeakKeyDictionary()


def _operand(value: Any) -> Any:
    if isinstance(value, str):
        from pshell.engine.types import to_number

        return to_number(value, for_type="int")
    return value


def _is_int(value: Any) -> bool:
    return value is None or isinstance(value, int) and not isinstance(value, bool) and -(2**31) <= value < 2**31


def _is_long(value: Any) -> bool:
    return value is None or isinstance(value, int) and not isinstance(value, bool)


@cmdlet(
    "Get-Random", default_set="RandomNumberParameterSet",
    synopsis="Gets a random number, or selects objects randomly from a collection.",
    description="Returns a random integer in [0, Int32.MaxValue) or in [-Minimum, -Maximum), a random double "
    "when a bound is a double, or -Count random items of -InputObject (or pipeline input). -Shuffle returns "
    "all items in random order. -SetSeed makes the sequence repeatable (the same numbers as PowerShell).",
    outputs="System.Int32, System.Int64, System.Double, System.Object",
    examples=[
        Example("Get-Random -Maximum 100 -SetSeed 42 | ForEach-Object { $_ -lt 100 }",
                "Gets a repeatable random number below 100.", output="True"),
        Example("1..5 | Get-Random -Count 5 | Measure-Object | ForEach-Object Count",
                "Picks five items from the pipeline in random order.", output="5"),
    ],
)
class GetRandom(Cmdlet):
    SetSeed = Param("int", help="Seeds the generator so that the numbers repeat.")
    Maximum = Param("object", position=0, sets=("RandomNumberParameterSet",), help="The exclusive upper bound.")
    Minimum = Param("object", sets=("RandomNumberParameterSet",), help="The inclusive lower bound (default 0).")
    InputObject = Param("object[]", position=0, pipeline=True, mandatory=True,
                        sets=("RandomListItemParameterSet", "ShuffleParameterSet"),
                        help="The collection to choose from.")
    Count = Param("int", default=1, range=(1, _INT_MAX),
                  sets=("RandomNumberParameterSet", "RandomListItemParameterSet"),
                  help="How many numbers or items to return.")
    Shuffle = Param("switch", mandatory=True, sets=("ShuffleParameterSet",), help="Returns all items in random order.")

    @property
    def generator(self) -> RandomSource:
        try:
            return _GENERATORS.setdefault(self.context, RandomSource())
        except TypeError:
            return RandomSource()

    def begin(self) -> None:
        if self.is_bound("SetSeed"):
            try:
                _GENERATORS[self.context] = RandomSource(self.SetSeed)
            except TypeError:
                pass
        self._chosen: list[Any] = []
        self._seen = 0
        self._list_mode = (self.parameter_set != "RandomNumberParameterSet"
                           or self.expecting_input and self.Maximum is None and self.Minimum is None)
        if not self._list_mode and isinstance(self.Maximum, (list, tuple)):
            self.bound["InputObject"] = list(self.Maximum)
            self._list_mode = True
        if not self._list_mode:
            self._numbers()

    def _numbers(self) -> None:
        high, low = _operand(self.Maximum), _operand(self.Minimum)
        rng = self.generator
        count = self.Count or 1
        if _is_int(high) and _is_int(low):
            lo, hi = low or 0, _INT_MAX if high is None else high
            self._check(lo, hi)
            for _ in range(count):
                self.write_output(rng.next_int(lo, hi))
        elif _is_long(high) and _is_long(low):
            lo, hi = low or 0, 2**63 - 1 if high is None else high
            self._check(lo, hi)
            for _ in range(count):
                self.write_output(rng.next_long(lo, hi))
        else:
            from pshell.engine.types import convert_to

            lo_f = 0.0 if self.Minimum is None else float(convert_to(self.Minimum, "double"))
            hi_f = 1.7976931348623157e308 if self.Maximum is None else float(convert_to(self.Maximum, "double"))
            self._check(lo_f, hi_f)
            for _ in range(count):
                self.write_output(rng.next_float(lo_f, hi_f))

    def _check(self, low: Any, high: Any) -> None:
        if low >= high:
            self.throw(path_error(
                self.info.name,
                f"The Minimum value ({to_string(low)}) cannot be greater than or equal to the Maximum value "
                f"({to_string(high)}).", "MinGreaterThanOrEqualMax", ErrorCategory.InvalidArgument, None,
                "System.ArgumentException"))

    def process(self) -> None:
        if not self._list_mode:
            return
        items = self.InputObject if self.InputObject is not None else [None]
        rng = self.generator
        for item in items:
            if self.Shuffle or self._seen < (self.Count or 1):
                self._chosen.append(item)
            elif rng.next_int(0, self._seen + 1) < (self.Count or 1):
                self._chosen[rng.next_int(0, len(self._chosen))] = item
            self._seen += 1

    def end(self) -> None:
        if not self._list_mode:
            return
        chosen = self._chosen
        rng = self.generator
        for i in range(len(chosen)):
            j = rng.next_int(i, len(chosen))
            self.write_output(chosen[j])
            if i != j:
                chosen[j] = chosen[i]


# ------------------------------------------------------------------ processes
def _status_kb(pid: int, key: str) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


class Process:
    """A running process (System.Diagnostics.Process), read through psutil."""

    PS_TYPE_NAMES = ("System.Diagnostics.Process", "System.ComponentModel.Component", "System.MarshalByRefObject",
                     "System.Object")
    PS_PROPERTIES = (
        "Name", "Id", "PriorityClass", "FileVersion", "HandleCount", "WorkingSet", "PagedMemorySize",
        "PrivateMemorySize", "VirtualMemorySize", "TotalProcessorTime", "SI", "Handles", "VM", "WS", "PM", "NPM",
        "Path", "CommandLine", "Parent", "Company", "CPU", "ProductVersion", "Description", "Product", "__NounName",
        "SafeHandle", "Handle", "BasePriority", "ExitCode", "HasExited", "StartTime", "ExitTime", "MachineName",
        "MaxWorkingSet", "MinWorkingSet", "NonpagedSystemMemorySize64", "PagedMemorySize64",
        "PagedSystemMemorySize64", "PeakPagedMemorySize64", "PeakWorkingSet64", "PeakVirtualMemorySize64",
        "PriorityBoostEnabled", "PrivateMemorySize64", "PrivilegedProcessorTime", "ProcessName", "Responding",
        "SessionId", "StartInfo", "Threads", "UserProcessorTime", "VirtualMemorySize64", "WorkingSet64",
    )

    def __init__(self, proc: psutil.Process, popen: Any = None) -> None:
        self._proc = proc
        self._popen = popen
        self.Id = proc.pid
        try:
            self.ProcessName = proc.name()
        except _psutil().Error:
            self.ProcessName = ""
        self._memory: Any = None
        self._times: Any = None

    def _mem(self) -> Any:
        if self._memory is None:
            try:
                self._memory = self._proc.memory_info()
            except _psutil().Error:
                self._memory = False
        return self._memory

    def _cpu(self) -> Any:
        if self._times is None:
            try:
                self._times = self._proc.cpu_times()
            except _psutil().Error:
                self._times = False
        return self._times

    def _safe(self, fn: Any, default: Any = None) -> Any:
        try:
            return fn()
        except (_psutil().Error, OSError):
            return default

    @property
    def Name(self) -> str:
        return self.ProcessName

    @property
    def __NounName(self) -> str:
        return "Process"

    @property
    def WS(self) -> int:
        mem = self._mem()
        return mem.rss if mem else 0

    WorkingSet64 = WS
    WorkingSet = WS

    @property
    def VM(self) -> int:
        mem = self._mem()
        return mem.vms if mem else 0

    VirtualMemorySize64 = VM
    VirtualMemorySize = VM

    @property
    def PM(self) -> int:
        return _status_kb(self.Id, "VmSwap")

    PagedMemorySize64 = PM
    PagedMemorySize = PM

    @property
    def PrivateMemorySize64(self) -> int:
        return _status_kb(self.Id, "VmData")

    PrivateMemorySize = PrivateMemorySize64

    @property
    def PeakWorkingSet64(self) -> int:
        return _status_kb(self.Id, "VmHWM")

    @property
    def PeakVirtualMemorySize64(self) -> int:
        return _status_kb(self.Id, "VmPeak")

    @property
    def PeakPagedMemorySize64(self) -> int:
        return 0

    @property
    def NPM(self) -> int:
        return 0

    NonpagedSystemMemorySize64 = NPM
    PagedSystemMemorySize64 = NPM

    @property
    def UserProcessorTime(self) -> _dt.timedelta | None:
        times = self._cpu()
        return _dt.timedelta(seconds=times.user) if times else None

    @property
    def PrivilegedProcessorTime(self) -> _dt.timedelta | None:
        times = self._cpu()
        return _dt.timedelta(seconds=times.system) if times else None

    @property
    def TotalProcessorTime(self) -> _dt.timedelta | None:
        times = self._cpu()
        return _dt.timedelta(seconds=times.user + times.system) if times else None

    @property
    def CPU(self) -> float | None:
        times = self._cpu()
        return times.user + times.system if times else None

    @property
    def StartTime(self) -> _dt.datetime | None:
        created = self._safe(self._proc.create_time)
        return _dt.datetime.fromtimestamp(created) if created is not None else None

    @property
    def Path(self) -> str | None:
        return self._safe(self._proc.exe) or None

    @property
    def CommandLine(self) -> str | None:
        args = self._safe(self._proc.cmdline)
        return " ".join(args) if args else None

    @property
    def Parent(self) -> "Process | None":
        parent = self._safe(self._proc.parent)
        return Process(parent) if parent is not None else None

    @property
    def SessionId(self) -> int:
        return self._safe(lambda: os.getsid(self.Id), 0)

    SI = SessionId

    @property
    def Handles(self) -> int:
        return self._safe(self._proc.num_fds, 0)

    HandleCount = Handles

    @property
    def Threads(self) -> int:
        return self._safe(self._proc.num_threads, 0)

    @property
    def BasePriority(self) -> int:
        return self._safe(self._proc.nice, 0)

    @property
    def PriorityClass(self) -> str | None:
        nice = self._safe(self._proc.nice)
        if nice is None:
            return None
        if nice < -10:
            return "RealTime" if nice < -15 else "High"
        if nice < 0:
            return "AboveNormal"
        return "Normal" if nice == 0 else "BelowNormal" if nice < 10 else "Idle"

    @property
    def HasExited(self) -> bool:
        if self._popen is not None:
            return self._popen.poll() is not None
        if not self._safe(self._proc.is_running, False):
            return True
        return self._safe(self._proc.status) == _psutil().STATUS_ZOMBIE

    @property
    def ExitCode(self) -> int | None:
        if self._popen is None or self._popen.poll() is None:
            return None
        code = self._popen.returncode
        return 128 - code if code < 0 else code

    @property
    def Responding(self) -> bool:
        return True

    @property
    def MachineName(self) -> str:
        return "."

    FileVersion = Company = ProductVersion = Description = Product = SafeHandle = Handle = None
    ExitTime = MaxWorkingSet = MinWorkingSet = PriorityBoostEnabled = StartInfo = None

    def Kill(self, entire_tree: bool = False) -> None:
        if entire_tree:
            for child in self._safe(lambda: self._proc.children(recursive=True), []):
                self._safe(child.kill)
        self._proc.kill()

    def WaitForExit(self, milliseconds: int | None = None) -> bool:
        timeout = None if milliseconds is None or milliseconds < 0 else milliseconds / 1000
        if self._popen is not None:
            import subprocess

            try:
                self._popen.wait(timeout)
                return True
            except subprocess.TimeoutExpired:
                return False
        try:
            self._proc.wait(timeout)
            return True
        except _psutil().TimeoutExpired:
            return False
        except _psutil().Error:
            return True

    def Refresh(self) -> None:
        self._memory = self._times = None

    def ToString(self) -> str:
        return f"System.Diagnostics.Process ({self.ProcessName})"

    def __repr__(self) -> str:
        return f"Process({self.Id}, {self.ProcessName!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Process) and other.Id == self.Id

    def __hash__(self) -> int:
        return hash(self.Id)


def _mb(value: Any) -> str:
    return format_value((value or 0) / 1048576, "N2", str)


register_view(TableView(
    ("System.Diagnostics.Process",),
    [
        ViewColumn("NPM(K)", lambda p: int((get_property(p, "NPM") or 0) / 1024), width=7, align="right"),
        ViewColumn("PM(M)", lambda p: _mb(get_property(p, "PM")), width=8, align="right"),
        ViewColumn("WS(M)", lambda p: _mb(get_property(p, "WS")), width=10, align="right"),
        ViewColumn("CPU(s)", lambda p: "" if get_property(p, "CPU") is None
                   else format_value(get_property(p, "CPU"), "N2", str), width=10, align="right"),
        ViewColumn("Id", width=7, align="right"),
        ViewColumn("SI", width=3, align="right"),
        ViewColumn("ProcessName"),
    ],
))
register_type("System.Diagnostics.Process", Process, "System.Diagnostics.Process", "Diagnostics.Process")


def all_processes(command: str = "Get-Process") -> list[Process]:
    """Every process, ordered by name and then id as Get-Process lists them."""
    found = [Process(p) for p in _psutil(command).process_iter()]
    return sorted(found, key=lambda p: (p.ProcessName.lower(), p.Id))


def process_by_id(pid: int, command: str = "Get-Process") -> Process | None:
    psutil = _psutil(command)
    try:
        return Process(psutil.Process(pid))
    except (psutil.Error, ValueError):
        return None


class ProcessSelector(Cmdlet):
    """The -Name / -Id / -InputObject selection Get-Process and Stop-Process share."""

    def select(self) -> list[Process]:
        if self.is_bound("InputObject"):
            return [p for p in self.InputObject or [] if isinstance(p, Process)]
        if self.is_bound("Id") and self.Id is not None:
            found: list[Process] = []
            for pid in self.Id:
                proc = process_by_id(pid, self.info.name)
                if proc is None:
                    self.write_error(path_error(
                        self.info.name, f"Cannot find a process with the process identifier {pid}.",
                        "NoProcessFoundForGivenId", ErrorCategory.ObjectNotFound, pid,
                        "Microsoft.PowerShell.Commands.ProcessCommandException"))
                elif proc not in found:
                    found.append(proc)
            return found
        processes = all_processes(self.info.name)
        names = self.Name
        if not names:
            return processes
        found = []
        for name in names:
            matched = [p for p in processes if wildcard_match(name, p.ProcessName)]
            if not matched and not any(c in name for c in "*?["):
                self.write_error(path_error(
                    self.info.name,
                    f'Cannot find a process with the name "{name}". Verify the process name and call the cmdlet again.',
                    "NoProcessFoundForGivenName", ErrorCategory.ObjectNotFound, name,
                    "Microsoft.PowerShell.Commands.ProcessCommandException"))
            found.extend(p for p in matched if p not in found)
        return sorted(found, key=lambda p: (p.ProcessName.lower(), p.Id))


@cmdlet(
    "Get-Process", aliases=("gps", "ps"), default_set="Name",
    synopsis="Gets the processes that are running on the local computer.",
    description="Lists running processes, all of them or those matching -Name (wildcards allowed) or -Id. "
    "Each is a Process object with Id, ProcessName, CPU (seconds), WS (working set, bytes), StartTime, Path "
    "and CommandLine.",
    outputs="System.Diagnostics.Process",
    examples=[
        Example("(Get-Process -Id $PID).Id -eq $PID", "Gets the shell's own process.", output="True"),
        Example("Get-Process -Name py*", "Lists processes whose names start with py.", runnable=False),
    ],
)
class GetProcess(ProcessSelector):
    Name = Param("string[]", position=0, aliases=("ProcessName",), pipeline_by_name=True, sets=("Name",),
                 help="Process names; wildcards are allowed.")
    Id = Param("int[]", aliases=("PID",), mandatory=True, pipeline_by_name=True, sets=("Id",),
               help="Process ids.")
    InputObject = Param("object[]", mandatory=True, pipeline=True, sets=("InputObject",),
                        help="Process objects to refresh.")

    def process(self) -> None:
        for proc in self.select():
            self.write_output(proc)


@cmdlet(
    "Stop-Process", aliases=("kill", "spps"), default_set="Id", supports_should_process=True,
    synopsis="Stops one or more running processes.",
    description="Kills processes chosen by -Id, -Name (wildcards allowed) or piped Process objects. "
    "-PassThru returns the stopped processes.",
    examples=[Example("$p = Start-Process sleep 60 -PassThru; Stop-Process -Id $p.Id", "Stops a process.",
                      runnable=False),
              Example("Get-Process -Name sleep | Stop-Process -WhatIf", "Shows what would be stopped.",
                      runnable=False)],
)
class StopProcess(ProcessSelector):
    Id = Param("int[]", position=0, mandatory=True, pipeline_by_name=True, sets=("Id",), help="Process ids.")
    Name = Param("string[]", aliases=("ProcessName",), mandatory=True, pipeline_by_name=True, sets=("Name",),
                 help="Process names; wildcards are allowed.")
    InputObject = Param("object[]", mandatory=True, pipeline=True, sets=("InputObject",),
                        help="The processes to stop.")
    Force = Param("switch", help="Stops without asking, even processes of other users.")
    PassThru = Param("switch", help="Returns the stopped processes.")

    def process(self) -> None:
        for proc in self.select():
            if not self.should_process(f"{proc.ProcessName} ({proc.Id})", "Stop-Process"):
                continue
            try:
                os.kill(proc.Id, signal.SIGKILL)
            except ProcessLookupError:
                pass
            except PermissionError:
                self.write_error(path_error(
                    self.info.name,
                    f'Cannot stop process "{proc.ProcessName} ({proc.Id})" because of the following error: '
                    "Operation not permitted",
                    "CouldNotStopProcess", "CloseError", proc,
                    "Microsoft.PowerShell.Commands.ProcessCommandException"))
                continue
            if self.PassThru:
                self.write_output(proc)


@cmdlet(
    "Start-Process", aliases=("saps", "start"),
    synopsis="Starts one or more processes on the local computer.",
    description="Starts a program with -ArgumentList in the current location (or -WorkingDirectory). "
    "-Wait waits for it to end; -PassThru returns its Process object; -RedirectStandardOutput, "
    "-RedirectStandardError and -RedirectStandardInput connect it to files.",
    outputs="None, System.Diagnostics.Process",
    examples=[Example("(Start-Process sh -ArgumentList '-c \"exit 3\"' -Wait -PassThru).ExitCode",
                      "Runs a program, waits, and shows its exit code.", output="3")],
)
class StartProcess(Cmdlet):
    FilePath = Param("string", position=0, mandatory=True, aliases=("PSPath", "Path"), help="The program to run.")
    ArgumentList = Param("string[]", position=1, aliases=("Args",), help="The program's arguments.")
    WorkingDirectory = Param("string", help="The directory the program starts in.")
    PassThru = Param("switch", help="Returns the Process object.")
    Wait = Param("switch", help="Waits for the program to end.")
    NoNewWindow = Param("switch", help="Runs the program in the current terminal (always the case here).")
    RedirectStandardOutput = Param("string", help="A file for the program's standard output.")
    RedirectStandardError = Param("string", help="A file for the program's standard error.")
    RedirectStandardInput = Param("string", help="A file to feed the program's standard input.")

    def process(self) -> None:
        import shlex
        import shutil
        import subprocess

        from pshell.cmdlets.items import absolute_path

        program = self.FilePath
        found = shutil.which(program) if "/" not in program else absolute_path(self.context, program)
        if not found or not os.path.exists(found):
            self.throw(path_error(
                self.info.name, "This command cannot be run due to the error: No such file or directory.",
                "InvalidOperationException", ErrorCategory.InvalidOperation, None, "System.InvalidOperationException"))
        try:
            args = shlex.split(" ".join(self.ArgumentList or []))
        except ValueError:
            args = list(self.ArgumentList or [])
        cwd = absolute_path(self.context, self.WorkingDirectory) if self.WorkingDirectory else self.context.location
        files: dict[str, Any] = {}
        try:
            for key, path, mode in (("stdout", self.RedirectStandardOutput, "wb"),
                                    ("stderr", self.RedirectStandardError, "wb"),
                                    ("stdin", self.RedirectStandardInput, "rb")):
                if path:
                    files[key] = open(absolute_path(self.context, path), mode)
            popen = subprocess.Popen([found, *args], cwd=cwd, **files)
        except OSError as e:
            self.throw(path_error(
                self.info.name, f"This command cannot be run due to the error: {e.strerror or e}.",
                "InvalidOperationException", ErrorCategory.InvalidOperation, None, "System.InvalidOperationException"))
        finally:
            for handle in files.values():
                handle.close()
        handle: Process | None = None
        if self.PassThru:
            try:
                psutil = _psutil(self.info.name)
            except PSError as exc:
                self.write_error(exc.record)  # started all the same; only its Process object is missing
            else:
                try:
                    handle = Process(psutil.Process(popen.pid), popen)
                except psutil.Error:
                    pass
        if self.Wait:
            while popen.poll() is None:
                if self.stopping:
                    break
                time.sleep(0.05)
        if self.PassThru:
            self.write_output(handle)


# ------------------------------------------------------------------ host
@cmdlet(
    "Read-Host",
    synopsis="Reads a line of input from the console.",
    description="Shows -Prompt followed by `: ` and returns the line typed. -AsSecureString and -MaskInput "
    "hide what is typed.",
    outputs="System.String",
    examples=[Example("$name = Read-Host -Prompt 'Your name'", "Asks for a name.", runnable=False)],
)
class ReadHost(Cmdlet):
    Prompt = Param("object", position=0, remaining=True, help="The text to show before reading.")
    AsSecureString = Param("switch", help="Hides the typed text.")
    MaskInput = Param("switch", help="Hides the typed text (returns a plain string).")

    def process(self) -> None:
        prompt = ""
        if self.Prompt is not None:
            text = to_string(self.Prompt)
            prompt = f"{text}: " if text else ""
        host = self.context.host
        try:
            if self.AsSecureString or self.MaskInput:
                line: str | None = host.read_secret(prompt)
            else:
                line = host.read_line(prompt)
        except EOFError:
            line = None
        self.write_output(line)


@cmdlet(
    "Clear-Host", aliases=("cls", "clear"),
    synopsis="Clears the display in the host program.",
    description="Clears the terminal screen.",
    examples=[Example("Clear-Host", "Clears the screen.", runnable=False)],
)
class ClearHost(Cmdlet):
    def process(self) -> None:
        self.context.host.clear()
