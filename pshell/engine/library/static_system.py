"""Static members of Environment, Console, Net.Dns, GC, Uri, Net.WebUtility, Random, PSNoteProperty,
and the enums scripts name (`[StringSplitOptions]::RemoveEmptyEntries`, `[DayOfWeek]::Monday`, ...)."""

from __future__ import annotations

import getpass
import html
import os
import platform
import re
import shutil
import socket
import sys
import time
import urllib.parse
from typing import Any

from pshell.engine import environment
from pshell.engine.library.common import DotNetException, arg_str, enum_flags
from pshell.engine.library.objects import OperatingSystem, Random, Version
from pshell.engine.library.psobject import PSPropertyInfo, dotnet_to_string
from pshell.engine.library.regex import REGEX_OPTIONS
from pshell.engine.library.static_base import StaticType
from pshell.engine.library.static_math import MIDPOINT
from pshell.engine.library.static_numbers import NUMBER_STYLES
from pshell.engine.library.static_text import format_string
from pshell.engine.library.strings import _SPLIT_OPTIONS
from pshell.engine.library.textobjects import ENCODINGS
from pshell.engine.values import Hashtable

NEWLINE = "\n"
SPECIAL_FOLDERS = {
    "Desktop": 0, "Programs": 2, "MyDocuments": 5, "Personal": 5, "Favorites": 6, "Startup": 7, "Recent": 8, "SendTo": 9,
    "StartMenu": 11, "MyMusic": 13, "MyVideos": 14, "DesktopDirectory": 16, "MyComputer": 17, "NetworkShortcuts": 19,
    "Fonts": 20, "Templates": 21, "CommonStartMenu": 22, "CommonPrograms": 23, "CommonStartup": 24,
    "CommonDesktopDirectory": 25, "ApplicationData": 26, "PrinterShortcuts": 27, "LocalApplicationData": 28,
    "InternetCache": 32, "Cookies": 33, "History": 34, "CommonApplicationData": 35, "Windows": 36, "System": 37,
    "ProgramFiles": 38, "MyPictures": 39, "UserProfile": 40, "SystemX86": 41, "ProgramFilesX86": 42,
    "CommonProgramFiles": 43, "CommonProgramFilesX86": 44, "CommonTemplates": 45, "CommonDocuments": 46,
    "CommonAdminTools": 47, "AdminTools": 48, "CommonMusic": 53, "CommonPictures": 54, "CommonVideos": 55,
    "Resources": 56, "LocalizedResources": 57, "CommonOemLinks": 58, "CDBurning": 59,
}

ENVIRONMENT = StaticType("System.Environment", "environment")
ENVIRONMENT.constants({"NewLine": NEWLINE, "Is64BitOperatingSystem": sys.maxsize > 2**32,
                       "Is64BitProcess": sys.maxsize > 2**32, "SystemDirectory": "", "UserInteractive": True,
                       "HasShutdownStarted": False, "Version": Version(8, 0, 0)})
ENVIRONMENT.property("MachineName", "UserDomainName")(lambda: socket.gethostname().split(".")[0])
ENVIRONMENT.property("UserName")(getpass.getuser)
ENVIRONMENT.property("ProcessorCount")(lambda: os.cpu_count() or 1)
ENVIRONMENT.property("CurrentDirectory")(os.getcwd)
ENVIRONMENT.property("OSVersion")(lambda: OperatingSystem(platform.release()))
ENVIRONMENT.property("ProcessId")(os.getpid)
ENVIRONMENT.property("ProcessPath")(lambda: sys.executable)
ENVIRONMENT.property("CommandLine")(lambda: " ".join(sys.argv))
ENVIRONMENT.property("TickCount")(lambda: int(time.monotonic() * 1000) & 0x7FFFFFFF)
ENVIRONMENT.property("TickCount64")(lambda: int(time.monotonic() * 1000))
ENVIRONMENT.method("GetCommandLineArgs")(lambda: list(sys.argv))


def _process_target(target: Any) -> bool:
    return target is None or enum_flags(target, {"Process": 0, "User": 1, "Machine": 2},
                                        "System.EnvironmentVariableTarget") == 0


@ENVIRONMENT.method("GetEnvironmentVariable")
def _get_env(name: Any, target: Any = None) -> str | None:
    if name is None:
        raise DotNetException("Value cannot be null. (Parameter 'variable')", "System.ArgumentNullException")
    return environment.current().get(arg_str(name)) if _process_target(target) else None


@ENVIRONMENT.method("SetEnvironmentVariable")
def _set_env(name: Any, value: Any, target: Any = None) -> None:
    key = arg_str(name)
    if name is None:
        raise DotNetException("Value cannot be null. (Parameter 'variable')", "System.ArgumentNullException")
    if key == "" or "=" in key or "\0" in key:
        raise DotNetException("Environment variable name or value is too long, or contains an invalid character. (Parameter 'variable')"
                              if key else "String cannot be of zero length. (Parameter 'variable')")
    if not _process_target(target):
        return
    if value is None or arg_str(value) == "":
        environment.current().pop(key, None)
    else:
        environment.current()[key] = arg_str(value)


ENVIRONMENT.method("GetEnvironmentVariables")(lambda target=None: Hashtable(environment.current().items()) if _process_target(target) else Hashtable())
ENVIRONMENT.method("ExpandEnvironmentVariables")(
    lambda text: re.sub(r"%([^%]+)%", lambda m: environment.current().get(m.group(1), m.group(0)), arg_str(text)))


def _xdg(variable: str, fallback: str) -> str:
    return os.environ.get(variable) or os.path.join(os.path.expanduser("~"), fallback)


def folder_path(folder: Any) -> str:
    """Environment.GetFolderPath on Unix (.NET 8 rules, XDG variables honoured)."""
    number = enum_flags(folder, SPECIAL_FOLDERS, "System.Environment+SpecialFolder")
    home = os.path.expanduser("~")
    paths = {
        40: home, 5: _xdg("XDG_DOCUMENTS_DIR", "Documents"), 0: _xdg("XDG_DESKTOP_DIR", "Desktop"),
        16: _xdg("XDG_DESKTOP_DIR", "Desktop"), 26: _xdg("XDG_CONFIG_HOME", ".config"),
        28: _xdg("XDG_DATA_HOME", os.path.join(".local", "share")), 35: "/usr/share", 13: _xdg("XDG_MUSIC_DIR", "Music"),
        39: _xdg("XDG_PICTURES_DIR", "Pictures"), 14: _xdg("XDG_VIDEOS_DIR", "Videos"),
        21: _xdg("XDG_TEMPLATES_DIR", "Templates"), 20: os.path.join(home, ".fonts"), 45: "/usr/share/templates",
    }
    return paths.get(number, "")


ENVIRONMENT.method("GetFolderPath")(lambda folder, option=None: folder_path(folder))


@ENVIRONMENT.method("Exit")
def _exit(code: Any) -> None:
    from pshell.engine.flow import ExitScript

    raise ExitScript(int(code))


# ------------------------------------------------------------------ Console
CONSOLE = StaticType("System.Console", "console")
CONSOLE.constants({"Title": "", "ForegroundColor": "Gray", "BackgroundColor": "Black", "KeyAvailable": False,
                   "CursorVisible": True, "CursorLeft": 0, "CursorTop": 0, "TreatControlCAsInput": False,
                   "OutputEncoding": ENCODINGS["utf8nobom"], "InputEncoding": ENCODINGS["utf8nobom"]})
CONSOLE.property("WindowWidth", "BufferWidth", "LargestWindowWidth")(lambda: shutil.get_terminal_size().columns)
CONSOLE.property("WindowHeight", "BufferHeight", "LargestWindowHeight")(lambda: shutil.get_terminal_size().lines)
CONSOLE.property("IsOutputRedirected")(lambda: not sys.stdout.isatty())
CONSOLE.property("IsInputRedirected")(lambda: not sys.stdin.isatty())
CONSOLE.property("IsErrorRedirected")(lambda: not sys.stderr.isatty())


def _console_text(value: Any, args: tuple[Any, ...]) -> str:
    if args:
        return format_string(value, args)
    if isinstance(value, list) and all(isinstance(v, str) and len(v) == 1 for v in value) and value:
        return "".join(value)
    return dotnet_to_string(value)


def _host_write(context: Any, text: str, newline: bool) -> None:
    host = getattr(context, "host", None)
    if host is not None and newline and hasattr(host, "write_line"):
        host.write_line(text)
    elif host is not None and hasattr(host, "write"):
        host.write(text + (NEWLINE if newline else ""))
    else:
        print(text, end=NEWLINE if newline else "", flush=True)


CONSOLE.method("WriteLine", needs_context=True)(
    lambda context, value="", *args: _host_write(context, _console_text(value, args), True))
CONSOLE.method("Write", needs_context=True)(
    lambda context, value, *args: _host_write(context, _console_text(value, args), False))
CONSOLE.method("Beep", "ResetColor")(lambda *args: None)


@CONSOLE.method("ReadLine", needs_context=True)
def _read_line(context: Any) -> str | None:
    host = getattr(context, "host", None)
    if host is not None and hasattr(host, "read_line"):
        return host.read_line()
    try:
        return input()
    except EOFError:
        return None


@CONSOLE.method("Clear", needs_context=True)
def _clear(context: Any) -> None:
    host = getattr(context, "host", None)
    if host is not None and hasattr(host, "clear"):
        host.clear()


# ------------------------------------------------------------------ network, GC, URIs, random
DNS = StaticType("System.Net.Dns", "net.dns")
DNS.method("GetHostName")(lambda: socket.gethostname())


@DNS.method("GetHostAddresses")
def _host_addresses(name: Any) -> list[str]:
    try:
        infos = socket.getaddrinfo(arg_str(name), None)
    except socket.gaierror as e:
        raise DotNetException(str(e.strerror or "No such host is known."), "System.Net.Sockets.SocketException") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


GC = StaticType("System.GC", "gc")
GC.method("Collect", "WaitForPendingFinalizers")(lambda *args: None)


@GC.method("GetTotalMemory")
def _total_memory(force: Any = False) -> int:
    import psutil

    return int(psutil.Process().memory_info().rss)



URI = StaticType("System.Uri", "uri")
URI.method("EscapeDataString")(lambda text: urllib.parse.quote(arg_str(text), safe="-_.~"))
URI.method("EscapeUriString")(lambda text: urllib.parse.quote(arg_str(text), safe="-_.~:/?#[]@!$&'()*+,;=%"))
URI.method("UnescapeDataString")(lambda text: urllib.parse.unquote(arg_str(text)))
URI.method("IsWellFormedUriString")(lambda text, kind=None: bool(urllib.parse.urlparse(arg_str(text)).scheme))
WEB = StaticType("System.Net.WebUtility", "net.webutility")
WEB.method("UrlEncode")(lambda text: None if text is None else urllib.parse.quote_plus(arg_str(text), safe="-_.!*()"))
WEB.method("UrlDecode")(lambda text: None if text is None else urllib.parse.unquote_plus(arg_str(text)))
WEB.method("HtmlEncode")(lambda text: None if text is None else html.escape(arg_str(text)).replace("&#x27;", "&#39;"))
WEB.method("HtmlDecode")(lambda text: None if text is None else html.unescape(arg_str(text)))

RANDOM = StaticType("System.Random", "random")
RANDOM.new()(lambda seed=None: Random(seed))
RANDOM.constant("Shared", Random())
StaticType("System.Management.Automation.PSNoteProperty", "psnoteproperty", "management.automation.psnoteproperty").new()(
    lambda name, value=None: PSPropertyInfo(None, arg_str(name), "NoteProperty", value))


# ------------------------------------------------------------------ enums
_ENUMS: dict[tuple[str, ...], dict[str, int]] = {
    ("System.StringSplitOptions",): _SPLIT_OPTIONS,
    ("System.StringComparison",): {"CurrentCulture": 0, "CurrentCultureIgnoreCase": 1, "InvariantCulture": 2,
                                   "InvariantCultureIgnoreCase": 3, "Ordinal": 4, "OrdinalIgnoreCase": 5},
    ("System.Text.RegularExpressions.RegexOptions", "text.regularexpressions.regexoptions", "regexoptions"): REGEX_OPTIONS,
    ("System.MidpointRounding",): MIDPOINT,
    ("System.DayOfWeek",): {d: i for i, d in enumerate(("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                                         "Saturday"))},
    ("System.DateTimeKind",): {"Unspecified": 0, "Utc": 1, "Local": 2},
    ("System.IO.SearchOption", "io.searchoption"): {"TopDirectoryOnly": 0, "AllDirectories": 1},
    ("System.Environment+SpecialFolder", "environment+specialfolder"): SPECIAL_FOLDERS,
    ("System.EnvironmentVariableTarget",): {"Process": 0, "User": 1, "Machine": 2},
    ("System.Base64FormattingOptions",): {"None": 0, "InsertLineBreaks": 1},
    ("System.Globalization.NumberStyles", "globalization.numberstyles"): NUMBER_STYLES,
    ("System.ConsoleColor",): {c: i for i, c in enumerate((
        "Black", "DarkBlue", "DarkGreen", "DarkCyan", "DarkRed", "DarkMagenta", "DarkYellow", "Gray", "DarkGray", "Blue",
        "Green", "Cyan", "Red", "Magenta", "Yellow", "White"))},
    ("System.UriKind",): {"RelativeOrAbsolute": 0, "Absolute": 1, "Relative": 2},
}
for _names, _values in _ENUMS.items():
    StaticType(*_names).enum(_values)

