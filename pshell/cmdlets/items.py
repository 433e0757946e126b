"""File system items (System.IO.FileInfo / DirectoryInfo), PathInfo, and how paths name them.

The item classes expose PowerShell's properties (Name, FullName, Length, LastWriteTime,
UnixMode, ...) as PascalCase Python properties; their default view is the table PowerShell 7.4
prints on Linux: `UnixMode User Group LastWriteTime Size Name`, grouped by directory.
"""

from __future__ import annotations

import datetime as _dt
import grp
import os
import pwd
import shutil
import stat as _stat
from typing import Any

from pshell.engine.members import get_property
from pshell.engine.text import format_value, has_wildcard, wildcard_to_regex
from pshell.engine.values import to_string
from pshell.engine.types import register_type
from pshell.errors import ErrorCategory, ErrorRecord
from pshell.format.views import ListView, TableView, ViewColumn, register_view

PROVIDER = "Microsoft.PowerShell.Core\\FileSystem"
PROVIDER_PREFIX = PROVIDER + "::"
_PREFIXES = (PROVIDER_PREFIX, "FileSystem::")


# ------------------------------------------------------------------ paths
def provider_path(path: str) -> str:
    """A path without its provider qualifier (`Microsoft.PowerShell.Core\\FileSystem::/x` -> `/x`)."""
    for prefix in _PREFIXES:
        if path[: len(prefix)].lower() == prefix.lower():
            return path[len(prefix):]
    return path


def unescape_wildcard(path: str) -> str:
    """Drop the backticks that escape wildcard characters (`` a`[1`].txt `` -> `a[1].txt`)."""
    out: list[str] = []
    i = 0
    while i < len(path):
        if path[i] == "`" and i + 1 < len(path):
            out.append(path[i + 1])
            i += 2
        else:
            out.append(path[i])
            i += 1
    return "".join(out)


def absolute_path(context: Any, path: str) -> str:
    """A path made absolute against the current location, with `~`, `.` and `..` resolved."""
    p = provider_path(path)
    full = context.resolve_path(p) if p else context.location
    normalized = os.path.normpath(full)
    return "/" + normalized.lstrip("/") if normalized.startswith("//") else normalized


def sort_key(name: str) -> tuple[str, str]:
    """PowerShell lists children ordered by name, ignoring case."""
    return (name.casefold(), name)


def is_hidden(name: str) -> bool:
    return name.startswith(".") and name not in (".", "..")


def expand_path(context: Any, path: str, *, force: bool = False) -> list[str]:
    """The absolute paths a (possibly wildcard) path names, existing ones only.

    Wildcards match names without regard to case; hidden (dot) entries match only with *force*.
    """
    full = absolute_path(context, path)
    if not has_wildcard(full):
        literal = unescape_wildcard(full)
        return [literal] if os.path.lexists(literal) else []
    candidates = ["/"]
    for segment in full.split("/"):
        if not segment:
            continue
        matched: list[str] = []
        for base in candidates:
            if has_wildcard(segment):
                try:
                    names = os.listdir(base)
                except OSError:
                    continue
                rx = wildcard_to_regex(segment)
                names = [n for n in names if rx.match(n) and (force or not is_hidden(n))]
                matched.extend(os.path.join(base, n) for n in sorted(names, key=sort_key))
            else:
                candidate = os.path.join(base, unescape_wildcard(segment))
                if os.path.lexists(candidate):
                    matched.append(candidate)
        candidates = matched
    return candidates


def relative_path(path: str, base: str) -> str:
    """Resolve-Path -Relative: `./a.txt`, `../x`."""
    rel = os.path.relpath(path, base)
    if rel == ".":
        return "."
    return rel if rel.startswith("..") else "./" + rel


# ------------------------------------------------------------------ items
def _local(timestamp: float) -> _dt.datetime:
    return _dt.datetime.fromtimestamp(timestamp)


def _utc(timestamp: float) -> _dt.datetime:
    return _dt.datetime.fromtimestamp(timestamp, _dt.timezone.utc)


_UNIX_FLAGS = (
    (_stat.S_IRUSR, "UserRead"), (_stat.S_IWUSR, "UserWrite"), (_stat.S_IXUSR, "UserExecute"),
    (_stat.S_IRGRP, "GroupRead"), (_stat.S_IWGRP, "GroupWrite"), (_stat.S_IXGRP, "GroupExecute"),
    (_stat.S_IROTH, "OtherRead"), (_stat.S_IWOTH, "OtherWrite"), (_stat.S_IXOTH, "OtherExecute"),
    (_stat.S_ISVTX, "StickyBit"), (_stat.S_ISGID, "SetGroup"), (_stat.S_ISUID, "SetUser"),
)

_COMMON_PROPERTIES = (
    "PSPath", "PSParentPath", "PSChildName", "PSDrive", "PSProvider", "PSIsContainer",
    "Mode", "ModeWithoutHardLink", "BaseName", "ResolvedTarget", "Target", "LinkType",
    "UnixMode", "User", "Group", "Size",
)
_TIME_PROPERTIES = (
    "Exists", "CreationTime", "CreationTimeUtc", "LastAccessTime", "LastAccessTimeUtc",
    "LastWriteTime", "LastWriteTimeUtc", "LinkTarget", "UnixFileMode", "Attributes",
)


class FileSystemItem:
    """What FileInfo and DirectoryInfo share (System.IO.FileSystemInfo)."""

    PS_TYPE_NAMES: tuple[str, ...] = ("System.IO.FileSystemInfo", "System.MarshalByRefObject", "System.Object")

    def __init__(self, path: str) -> None:
        self._path = os.path.normpath(path) if path != "/" else "/"
        self._stat: os.stat_result | None = None
        self._missing = False

    # -------------------------------------------------------- stat
    def _st(self) -> os.stat_result | None:
        if self._stat is None and not self._missing:
            try:
                self._stat = os.stat(self._path)
            except OSError:
                try:
                    self._stat = os.lstat(self._path)
                except OSError:
                    self._missing = True
        return self._stat

    def _lst(self) -> os.stat_result | None:
        try:
            return os.lstat(self._path)
        except OSError:
            return None

    def Refresh(self) -> None:
        """Read the item's metadata again."""
        self._stat = None
        self._missing = False

    # -------------------------------------------------------- names
    @property
    def Name(self) -> str:
        return os.path.basename(self._path) or self._path

    @property
    def FullName(self) -> str:
        return self._path

    @property
    def Extension(self) -> str:
        name = self.Name
        dot = name.rfind(".")
        return name[dot:] if 0 <= dot < len(name) - 1 else ""

    @property
    def BaseName(self) -> str:
        ext = self.Extension
        return self.Name[: -len(ext)] if ext and not self.PSIsContainer else self.Name

    @property
    def parent_path(self) -> str:
        return os.path.dirname(self._path) if self._path != "/" else ""

    @property
    def PSPath(self) -> str:
        return PROVIDER_PREFIX + self._path

    @property
    def PSParentPath(self) -> str:
        return PROVIDER_PREFIX + self.parent_path if self.parent_path else ""

    @property
    def PSChildName(self) -> str:
        return self.Name

    @property
    def PSDrive(self) -> str:
        return "/"

    @property
    def PSProvider(self) -> str:
        return PROVIDER

    @property
    def PSIsContainer(self) -> bool:
        return False

    # -------------------------------------------------------- links
    @property
    def is_link(self) -> bool:
        return os.path.islink(self._path)

    @property
    def LinkType(self) -> str | None:
        if self.is_link:
            return "SymbolicLink"
        st = self._lst()
        if st is not None and not self.PSIsContainer and st.st_nlink > 1:
            return "HardLink"
        return None

    @property
    def LinkTarget(self) -> str | None:
        return os.readlink(self._path) if self.is_link else None

    @property
    def Target(self) -> str | None:
        return self.LinkTarget

    @property
    def ResolvedTarget(self) -> str:
        return os.path.realpath(self._path) if self.is_link else self._path

    # -------------------------------------------------------- attributes
    @property
    def Attributes(self) -> str:
        flags: list[str] = []
        if self.PSIsContainer:
            flags.append("Directory")
        if not os.access(self._path, os.W_OK) and not self.PSIsContainer:
            flags.insert(0, "ReadOnly")
        if is_hidden(self.Name):
            flags.append("Hidden")
        if self.is_link:
            flags.append("ReparsePoint")
        return ", ".join(flags) or "Normal"

    def _mode(self, *, hard_links: bool) -> str:
        attributes = self.Attributes
        link = self.is_link or (hard_links and self.LinkType == "HardLink")
        return "".join((
            "l" if link else "d" if self.PSIsContainer else "-",
            "-",
            "r" if "ReadOnly" in attributes else "-",
            "h" if "Hidden" in attributes else "-",
            "-",
        ))

    @property
    def Mode(self) -> str:
        return self._mode(hard_links=True)

    @property
    def ModeWithoutHardLink(self) -> str:
        return self._mode(hard_links=False)

    @property
    def UnixMode(self) -> str:
        st = self._lst()
        return _stat.filemode(st.st_mode) if st else ""

    @property
    def UnixFileMode(self) -> str:
        st = self._lst()
        if st is None:
            return "None"
        names = [name for bit, name in _UNIX_FLAGS if st.st_mode & bit]
        return ", ".join(names) or "None"

    @property
    def User(self) -> str:
        st = self._lst()
        if st is None:
            return ""
        try:
            return pwd.getpwuid(st.st_uid).pw_name
        except KeyError:
            return str(st.st_uid)

    @property
    def Group(self) -> str:
        st = self._lst()
        if st is None:
            return ""
        try:
            return grp.getgrgid(st.st_gid).gr_name
        except KeyError:
            return str(st.st_gid)

    @property
    def Size(self) -> int:
        st = self._lst()
        return st.st_size if st else 0

    # -------------------------------------------------------- times
    def _time(self, field: str, utc: bool) -> _dt.datetime:
        st = self._st()
        if st is None:
            return _dt.datetime(1601, 1, 1) if utc else _dt.datetime(1601, 1, 1)
        stamp = getattr(st, field)
        return _utc(stamp) if utc else _local(stamp)

    @property
    def CreationTime(self) -> _dt.datetime:
        st = self._st()
        field = "st_birthtime" if st is not None and hasattr(st, "st_birthtime") else "st_mtime"
        return self._time(field, False)

    @property
    def CreationTimeUtc(self) -> _dt.datetime:
        st = self._st()
        field = "st_birthtime" if st is not None and hasattr(st, "st_birthtime") else "st_mtime"
        return self._time(field, True)

    @property
    def LastWriteTime(self) -> _dt.datetime:
        return self._time("st_mtime", False)

    @property
    def LastWriteTimeUtc(self) -> _dt.datetime:
        return self._time("st_mtime", True)

    @property
    def LastAccessTime(self) -> _dt.datetime:
        return self._time("st_atime", False)

    @property
    def LastAccessTimeUtc(self) -> _dt.datetime:
        return self._time("st_atime", True)

    @property
    def Exists(self) -> bool:
        return False

    # -------------------------------------------------------- methods
    def ToString(self) -> str:
        return self._path

    def __str__(self) -> str:
        return self._path

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._path!r})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._path == self._path  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._path)


class FileInfo(FileSystemItem):
    """A file (System.IO.FileInfo)."""

    PS_TYPE_NAMES = ("System.IO.FileInfo", "System.IO.FileSystemInfo", "System.MarshalByRefObject", "System.Object")
    PS_PROPERTIES = _COMMON_PROPERTIES + (
        "Length", "DirectoryName", "Directory", "IsReadOnly", "FullName", "Extension", "Name",
    ) + _TIME_PROPERTIES

    @property
    def Length(self) -> int:
        st = self._st()
        return st.st_size if st else 0

    @property
    def DirectoryName(self) -> str:
        return self.parent_path

    @property
    def Directory(self) -> "DirectoryInfo":
        return DirectoryInfo(self.parent_path)

    @property
    def IsReadOnly(self) -> bool:
        return os.path.exists(self._path) and not os.access(self._path, os.W_OK)

    @property
    def Exists(self) -> bool:
        return os.path.isfile(self._path)

    def Delete(self) -> None:
        os.remove(self._path)

    def CopyTo(self, destination: str, overwrite: bool = False) -> "FileInfo":
        target = os.path.abspath(str(destination))
        if os.path.exists(target) and not overwrite:
            raise FileExistsError(f"The file '{target}' already exists.")
        shutil.copy2(self._path, target)
        return FileInfo(target)

    def MoveTo(self, destination: str) -> None:
        target = os.path.abspath(str(destination))
        os.replace(self._path, target)
        self._path = target
        self.Refresh()

    @classmethod
    def ps_convert_from(cls, value: Any) -> "FileInfo | None":
        return cls(os.path.abspath(str(value))) if isinstance(value, str) else None


class DirectoryInfo(FileSystemItem):
    """A directory (System.IO.DirectoryInfo)."""

    PS_TYPE_NAMES = ("System.IO.DirectoryInfo", "System.IO.FileSystemInfo", "System.MarshalByRefObject",
                     "System.Object")
    PS_PROPERTIES = _COMMON_PROPERTIES + (
        "Parent", "Root", "FullName", "Extension", "Name",
    ) + _TIME_PROPERTIES

    @property
    def PSIsContainer(self) -> bool:
        return True

    @property
    def Parent(self) -> "DirectoryInfo | None":
        return DirectoryInfo(self.parent_path) if self.parent_path else None

    @property
    def Root(self) -> "DirectoryInfo":
        return DirectoryInfo("/")

    @property
    def Exists(self) -> bool:
        return os.path.isdir(self._path)

    def _children(self, want_dirs: bool | None) -> list[FileSystemItem]:
        try:
            names = sorted(os.listdir(self._path), key=sort_key)
        except OSError:
            return []
        items = [make_item(os.path.join(self._path, n)) for n in names]
        if want_dirs is None:
            return items
        return [i for i in items if i.PSIsContainer == want_dirs]

    def GetFiles(self) -> list[FileSystemItem]:
        return self._children(False)

    def GetDirectories(self) -> list[FileSystemItem]:
        return self._children(True)

    def GetFileSystemInfos(self) -> list[FileSystemItem]:
        return self._children(None)

    def Create(self) -> None:
        os.makedirs(self._path, exist_ok=True)

    def CreateSubdirectory(self, name: str) -> "DirectoryInfo":
        path = os.path.join(self._path, str(name))
        os.makedirs(path, exist_ok=True)
        return DirectoryInfo(path)

    def Delete(self, recursive: bool = False) -> None:
        if recursive:
            shutil.rmtree(self._path)
        else:
            os.rmdir(self._path)

    def MoveTo(self, destination: str) -> None:
        target = os.path.abspath(str(destination))
        os.rename(self._path, target)
        self._path = target
        self.Refresh()

    @classmethod
    def ps_convert_from(cls, value: Any) -> "DirectoryInfo | None":
        return cls(os.path.abspath(str(value))) if isinstance(value, str) else None


def make_item(path: str) -> FileSystemItem:
    """The FileInfo or DirectoryInfo for an existing path (a link to a directory is a directory)."""
    return DirectoryInfo(path) if os.path.isdir(path) else FileInfo(path)


class PathInfo:
    """What Get-Location, Resolve-Path and Push-Location -PassThru return."""

    PS_TYPE_NAMES = ("System.Management.Automation.PathInfo", "System.Object")
    PS_PROPERTIES = ("Drive", "Provider", "ProviderPath", "Path")

    def __init__(self, path: str) -> None:
        self.Path = path

    @property
    def Drive(self) -> str:
        return "/"

    @property
    def Provider(self) -> str:
        return PROVIDER

    @property
    def ProviderPath(self) -> str:
        return self.Path

    def ToString(self) -> str:
        return self.Path

    def __str__(self) -> str:
        return self.Path

    def __repr__(self) -> str:
        return f"PathInfo({self.Path!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PathInfo) and other.Path == self.Path

    def __hash__(self) -> int:
        return hash(self.Path)


# ------------------------------------------------------------------ views
def last_write_time_cell(item: Any) -> str:
    """`'{0:d} {0:HH}:{0:mm}' -f $_.LastWriteTime`, as the Unix table shows it (live or deserialized items)."""
    d = get_property(item, "LastWriteTime")
    if not isinstance(d, _dt.datetime):
        return "" if d is None else to_string(d)
    return f"{format_value(d, 'd', str)} {d:%H}:{d:%M}"


def name_cell(item: Any) -> str:
    """NameString: the name, or `name -> target` for a symbolic link."""
    name = to_string(get_property(item, "Name"))
    target = get_property(item, "LinkTarget")
    return f"{name} -> {target}" if target else name


def group_directory(item: Any) -> str:
    if isinstance(item, FileSystemItem):
        return item.parent_path
    parent = to_string(get_property(item, "PSParentPath") or "")
    return parent.split("::", 1)[-1]


_ITEM_TYPES = ("System.IO.DirectoryInfo", "System.IO.FileInfo")

register_view(TableView(
    _ITEM_TYPES,
    [
        ViewColumn("UnixMode", width=10, align="left"),
        ViewColumn("User", width=10, align="right"),
        ViewColumn("Group", width=10, align="left"),
        ViewColumn("LastWriteTime", last_write_time_cell, width=16, align="right"),
        ViewColumn("Size", width=12, align="right"),
        ViewColumn("Name", name_cell, align="left"),
    ],
    group_by=group_directory,
    group_label="Directory",
    wrap=True,
))
register_view(ListView(
    ("System.IO.FileInfo",),
    [ViewColumn(n) for n in ("Name", "Length", "CreationTime", "LastWriteTime", "LastAccessTime", "Mode", "LinkType",
                             "Target")],
))
register_view(ListView(
    ("System.IO.DirectoryInfo",),
    [ViewColumn(n) for n in ("Name", "CreationTime", "LastWriteTime", "LastAccessTime", "Mode", "LinkType", "Target")],
))
register_view(TableView(("System.Management.Automation.PathInfo",), [ViewColumn("Path")]))

register_type("System.IO.FileInfo", FileInfo, "System.IO.FileInfo", "IO.FileInfo")
register_type("System.IO.DirectoryInfo", DirectoryInfo, "System.IO.DirectoryInfo", "IO.DirectoryInfo")
register_type("System.IO.FileSystemInfo", FileSystemItem, "System.IO.FileSystemInfo", "IO.FileSystemInfo")
register_type("System.Management.Automation.PathInfo", PathInfo, "System.Management.Automation.PathInfo",
              "Management.Automation.PathInfo")


# ------------------------------------------------------------------ errors
def command_type_name(cmdlet_name: str) -> str:
    """`Get-Item` -> `Microsoft.PowerShell.Commands.GetItemCommand` (for FullyQualifiedErrorId)."""
    return f"Microsoft.PowerShell.Commands.{cmdlet_name.replace('-', '')}Command"


def path_error(cmdlet_name: str, message: str, error_id: str, category: str, target: Any,
               exception_type: str = "System.IO.IOException") -> ErrorRecord:
    """An ErrorRecord with PowerShell's `Id,Microsoft.PowerShell.Commands.XCommand` id."""
    return ErrorRecord(message, f"{error_id},{command_type_name(cmdlet_name)}", category, target=target,
                       exception_type=exception_type, command_name=cmdlet_name)


def path_not_found(cmdlet_name: str, path: str) -> ErrorRecord:
    """`Cannot find path '/x' because it does not exist.` (PathNotFound, ObjectNotFound)."""
    return path_error(cmdlet_name, f"Cannot find path '{path}' because it does not exist.", "PathNotFound",
                      ErrorCategory.ObjectNotFound, path, "System.Management.Automation.ItemNotFoundException")


def os_error(cmdlet_name: str, error: OSError, path: str, error_id: str) -> ErrorRecord:
    """An OSError with .NET's wording for the common cases."""
    import errno

    code = error.errno
    if code == errno.ENOENT:
        return path_error(cmdlet_name, f"Could not find a part of the path '{path}'.", error_id,
                          ErrorCategory.ObjectNotFound, path, "System.IO.DirectoryNotFoundException")
    if code in (errno.EACCES, errno.EPERM):
        return path_error(cmdlet_name, f"Access to the path '{path}' is denied.", error_id,
                          ErrorCategory.PermissionDenied, path, "System.UnauthorizedAccessException")
    if code == errno.EEXIST:
        return path_error(cmdlet_name, f"The file '{path}' already exists.", error_id, ErrorCategory.WriteError, path)
    if code == errno.EISDIR:
        return path_error(cmdlet_name, f"Access to the path '{path}' is denied.", error_id,
                          ErrorCategory.PermissionDenied, path, "System.UnauthorizedAccessException")
    return path_error(cmdlet_name, error.strerror or str(error), error_id, ErrorCategory.WriteError, path)
