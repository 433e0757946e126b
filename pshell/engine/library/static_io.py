"""Static members of System.IO.Path, System.IO.File and System.IO.Directory (Unix rules; relative
paths are relative to the process's working directory, as in .NET)."""

from __future__ import annotations

import datetime as _dt
import os
import random
import re
import shutil
import string
import tempfile
from typing import Any, Callable

from pshell.engine.library.common import DotNetException, arg_str, enum_flags
from pshell.engine.library.static_base import StaticType
from pshell.engine.library.textobjects import ENCODINGS, Encoding, to_bytes
from pshell.engine.values import PSObject, as_list, to_string

PATH = StaticType("System.IO.Path", "io.path")
PATH.constants({"DirectorySeparatorChar": "/", "AltDirectorySeparatorChar": "/", "PathSeparator": ":",
                "VolumeSeparatorChar": "/"})
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def _null(param: str = "path") -> DotNetException:
    return DotNetException(f"Value cannot be null. (Parameter '{param}')", "System.ArgumentNullException")


def _path(value: Any, param: str = "path") -> str:
    if value is None:
        raise _null(param)
    text = arg_str(value)
    if text == "":
        raise DotNetException(f"The value cannot be an empty string. (Parameter '{param}')")
    return text


def full_path(path: str, base: str | None = None) -> str:
    """Path.GetFullPath: absolute, `.` and `..` resolved, a trailing separator kept."""
    joined = os.path.join(base or os.getcwd(), path)
    normal = os.path.normpath(joined)
    if normal.startswith("//"):
        normal = "/" + normal.lstrip("/")
    return normal + "/" if path.endswith("/") and normal != "/" else normal


def _parts(values: tuple[Any, ...]) -> list[str]:
    items = as_list(values[0]) if len(values) == 1 and isinstance(values[0], (list, tuple)) else list(values)
    if any(v is None for v in items):
        raise _null("paths")
    return [arg_str(v) for v in items]


@PATH.method("Combine")
def _combine(*values: Any) -> str:
    out = ""
    for part in _parts(values):
        if not part:
            continue
        if part.startswith("/") or not out:
            out = part
        else:
            out = out + part if out.endswith("/") else out + "/" + part
    return out


@PATH.method("Join")
def _join(*values: Any) -> str:
    out = ""
    for part in _parts(values):
        if not part:
            continue
        if out and not out.endswith("/") and not part.startswith("/"):
            out += "/"
        out += part
    return out


def _nullable(fn: Callable[[str], Any]) -> Callable[[Any], Any]:
    return lambda value: None if value is None else fn(arg_str(value))


def extension(path: str) -> str:
    """Path.GetExtension."""
    name = path.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return "" if dot < 0 or dot == len(name) - 1 else name[dot:]


def directory_name(path: str) -> str | None:
    """Path.GetDirectoryName: None for a root or an empty path."""
    if path == "" or path.strip("/") == "":
        return None
    cut = path.rfind("/")
    if cut < 0:
        return ""
    head = path[:cut].rstrip("/")
    return head if head else "/"


PATH.method("GetFileName")(_nullable(lambda p: p.rsplit("/", 1)[-1]))
PATH.method("GetExtension")(_nullable(extension))
PATH.method("GetDirectoryName")(_nullable(directory_name))
PATH.method("GetFileNameWithoutExtension")(
    _nullable(lambda p: (lambda name: name[: len(name) - len(extension(name))])(p.rsplit("/", 1)[-1])))
PATH.method("HasExtension")(lambda value: value is not None and extension(arg_str(value)) != "")
PATH.method("IsPathRooted", "IsPathFullyQualified")(lambda value: value is not None and arg_str(value).startswith("/"))
PATH.method("GetPathRoot")(_nullable(lambda p: "/" if p.startswith("/") else ""))
PATH.method("EndsInDirectorySeparator")(lambda value: value is not None and arg_str(value).endswith("/"))
PATH.method("GetInvalidFileNameChars")(lambda: ["\0", "/"])
PATH.method("GetInvalidPathChars")(lambda: ["\0"])
PATH.method("Exists")(lambda value: bool(value) and os.path.exists(arg_str(value)))
PATH.method("GetFullPath")(lambda value, base=None: full_path(_path(value), None if base is None else arg_str(base)))
PATH.method("GetRelativePath")(lambda start, target: os.path.relpath(full_path(_path(target, "path")),
                                                                      full_path(_path(start, "relativeTo"))))


@PATH.method("ChangeExtension")
def _change_extension(value: Any, ext: Any) -> str | None:
    if value is None:
        return None
    path = arg_str(value)
    dot, slash = path.rfind("."), path.rfind("/")
    stem = path[:dot] if dot > slash else path
    if ext is None:
        return stem
    new = arg_str(ext)
    return stem + new if new.startswith(".") else stem + "." + new


def _trim_separator(path: str) -> str:
    return (path.rstrip("/") or "/") if path.endswith("/") else path


PATH.method("TrimEndingDirectorySeparator")(_nullable(_trim_separator))


@PATH.method("GetTempPath")
def temp_path() -> str:
    """Path.GetTempPath: $TMPDIR or /tmp/, always with a trailing separator."""
    base = os.environ.get("TMPDIR") or "/tmp/"
    return base if base.endswith("/") else base + "/"


def _random_name(length: int) -> str:
    return "".join(random.choice(string.ascii_lowercase + string.digits) for _ in range(length))


PATH.method("GetRandomFileName")(lambda: f"{_random_name(8)}.{_random_name(3)}")


@PATH.method("GetTempFileName")
def _temp_file_name() -> str:
    fd, name = tempfile.mkstemp(prefix="tmp", suffix=".tmp", dir=temp_path())
    os.close(fd)
    return name


# ------------------------------------------------------------------ File
FILE = StaticType("System.IO.File", "io.file")


def io_error(error: OSError, path: str, *, directory: bool = False) -> DotNetException:
    """The .NET exception for an OSError on *path*."""
    full = full_path(path)
    if isinstance(error, FileNotFoundError):
        parent = os.path.dirname(full)
        if directory or not os.path.isdir(parent):
            return DotNetException(f"Could not find a part of the path '{full}'.", "System.IO.DirectoryNotFoundException")
        return DotNetException(f"Could not find file '{full}'.", "System.IO.FileNotFoundException")
    if isinstance(error, (PermissionError, IsADirectoryError)):
        return DotNetException(f"Access to the path '{full}' is denied.", "System.UnauthorizedAccessException")
    if isinstance(error, FileExistsError):
        return DotNetException(f"The file '{full}' already exists.", "System.IO.IOException")
    return DotNetException(f"{error.strerror or error} : '{full}'", "System.IO.IOException")


def _guard(path: str, action: Callable[[], Any], *, directory: bool = False) -> Any:
    try:
        return action()
    except OSError as e:
        raise io_error(e, path, directory=directory) from None


def decode(data: bytes, encoding: Any = None) -> str:
    """Bytes as text the way StreamReader does: a byte order mark wins, else the encoding, else UTF-8."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace")
    codec = encoding.codec if isinstance(encoding, Encoding) else "utf-8"
    return data.decode(codec, errors="replace")


def encode(text: str, encoding: Any = None) -> bytes:
    """Text as bytes in an Encoding (its preamble first), UTF-8 without a BOM by default."""
    chosen = encoding if isinstance(encoding, Encoding) else ENCODINGS["utf8nobom"]
    return bytes(chosen.GetPreamble()) + bytes(chosen.GetBytes(text))


def split_lines(text: str) -> list[str]:
    """Lines as ReadAllLines gives them (\\r\\n, \\n or \\r; no empty last line for a final newline)."""
    lines = re.split(r"\r\n|\n|\r", text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _read(path: Any) -> bytes:
    p = _path(path)
    return _guard(p, lambda: open(p, "rb").read())


def _write(path: Any, data: bytes, mode: str = "wb") -> None:
    p = _path(path)

    def write() -> None:
        with open(p, mode) as f:
            f.write(data)

    _guard(p, write)


def _lines_text(lines: Any) -> str:
    return "".join(to_string(line) + "\n" for line in as_list(lines))


FILE.method("Exists")(lambda value: bool(value) and os.path.isfile(arg_str(value)))
FILE.method("ReadAllText")(lambda path, encoding=None: decode(_read(path), encoding))
FILE.method("ReadAllLines", "ReadLines")(lambda path, encoding=None: split_lines(decode(_read(path), encoding)))
FILE.method("ReadAllBytes")(lambda path: list(_read(path)))
FILE.method("WriteAllText")(lambda path, text, encoding=None: _write(path, encode(to_string(text), encoding)))
FILE.method("WriteAllLines")(lambda path, lines, encoding=None: _write(path, encode(_lines_text(lines), encoding)))
FILE.method("WriteAllBytes")(lambda path, data: _write(path, to_bytes(data)))


@FILE.method("AppendAllText", "AppendAllLines")
def _append(path: Any, content: Any, encoding: Any = None) -> None:
    text = _lines_text(content) if isinstance(content, (list, tuple)) else to_string(content)
    chosen = encoding if isinstance(encoding, Encoding) else ENCODINGS["utf8nobom"]
    p = _path(path)
    fresh = not os.path.exists(p)
    _write(p, (bytes(chosen.GetPreamble()) if fresh else b"") + bytes(chosen.GetBytes(text)), "ab")


@FILE.method("Delete")
def _delete_file(path: Any) -> None:
    p = _path(path)
    if os.path.isdir(p):
        raise DotNetException(f"Access to the path '{full_path(p)}' is denied.", "System.UnauthorizedAccessException")
    if not os.path.isdir(os.path.dirname(full_path(p))):
        raise DotNetException(f"Could not find a part of the path '{full_path(p)}'.", "System.IO.DirectoryNotFoundException")
    if os.path.lexists(p):
        _guard(p, lambda: os.remove(p))


def _copy_or_move(source: Any, target: Any, overwrite: Any, move: bool) -> None:
    src, dst = _path(source, "sourceFileName"), _path(target, "destFileName")
    if not os.path.isfile(src):
        _guard(src, lambda: open(src, "rb").close())
    if os.path.exists(dst) and not overwrite:
        raise DotNetException(f"The file '{full_path(dst)}' already exists.", "System.IO.IOException")
    _guard(dst, lambda: shutil.move(src, dst) if move else shutil.copy2(src, dst))


FILE.method("Copy")(lambda source, target, overwrite=False: _copy_or_move(source, target, overwrite, False))
FILE.method("Move")(lambda source, target, overwrite=False: _copy_or_move(source, target, overwrite, True))


def _times(stat_field: str, utc: bool) -> Callable[[Any], _dt.datetime]:
    def read(path: Any) -> _dt.datetime:
        p = _path(path)
        if not os.path.exists(p):
            missing = _dt.datetime(1601, 1, 1, tzinfo=_dt.timezone.utc)
            return missing if utc else missing.astimezone().replace(tzinfo=None)
        stamp = getattr(os.stat(p), stat_field)
        when = _dt.datetime.fromtimestamp(stamp, _dt.timezone.utc)
        return when if utc else when.astimezone().replace(tzinfo=None)
    return read


FILE.method("GetLastWriteTime")(_times("st_mtime", False))
FILE.method("GetLastWriteTimeUtc")(_times("st_mtime", True))
FILE.method("GetLastAccessTime")(_times("st_atime", False))
FILE.method("GetLastAccessTimeUtc")(_times("st_atime", True))
FILE.method("GetCreationTime")(_times("st_ctime", False))
FILE.method("GetCreationTimeUtc")(_times("st_ctime", True))


@FILE.method("SetLastWriteTime")
def _set_last_write(path: Any, when: _dt.datetime) -> None:
    p = _path(path)
    stamp = when.timestamp()
    _guard(p, lambda: os.utime(p, (os.stat(p).st_atime, stamp)))


# ------------------------------------------------------------------ Directory
DIRECTORY = StaticType("System.IO.Directory", "io.directory")
DIRECTORY.method("GetLastWriteTime")(_times("st_mtime", False))
DIRECTORY.method("GetLastWriteTimeUtc")(_times("st_mtime", True))
DIRECTORY.method("GetCreationTime")(_times("st_ctime", False))


def directory_info(path: str) -> PSObject:
    """A DirectoryInfo-shaped object for a path (what CreateDirectory and GetParent return)."""
    full = full_path(path).rstrip("/") or "/"
    return PSObject(
        [("Name", os.path.basename(full) or "/"), ("FullName", full), ("Parent", os.path.dirname(full) if full != "/" else None),
         ("Exists", os.path.isdir(full)), ("Root", "/"), ("Attributes", "Directory")],
        ("System.IO.DirectoryInfo", "System.IO.FileSystemInfo", "System.MarshalByRefObject", "System.Object"),
        path,
    )


def _entries(path: Any, pattern: Any, option: Any, want: Callable[[str], bool]) -> list[str]:
    root = _path(path)
    if not os.path.isdir(root):
        raise DotNetException(f"Could not find a part of the path '{full_path(root)}'.", "System.IO.DirectoryNotFoundException")
    text = "*" if pattern is None else arg_str(pattern)
    if text == "*.*":
        text = "*"
    rx = re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in text) + r"\Z", re.DOTALL)
    recurse = enum_flags(option, {"TopDirectoryOnly": 0, "AllDirectories": 1}, "System.IO.SearchOption") == 1
    found: list[str] = []

    def walk(folder: str) -> None:
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            return
        for name in names:
            full = folder + name if folder.endswith("/") else folder + "/" + name
            if want(full) and rx.match(name):
                found.append(full)
            if recurse and os.path.isdir(full) and not os.path.islink(full):
                walk(full)

    walk(root)
    return found


for _names, _want in ((("GetFiles", "EnumerateFiles"), os.path.isfile),
                      (("GetDirectories", "EnumerateDirectories"), os.path.isdir),
                      (("GetFileSystemEntries", "EnumerateFileSystemEntries"), os.path.lexists)):
    DIRECTORY.method(*_names)(lambda path, pattern=None, option=None, _w=_want: _entries(path, pattern, option, _w))

DIRECTORY.method("Exists")(lambda value: bool(value) and os.path.isdir(arg_str(value)))
DIRECTORY.method("GetCurrentDirectory")(lambda: os.getcwd())
DIRECTORY.method("SetCurrentDirectory")(lambda path: _guard(_path(path), lambda: os.chdir(_path(path)), directory=True))


@DIRECTORY.method("CreateDirectory")
def _create_directory(path: Any) -> PSObject:
    p = _path(path)
    if os.path.isfile(p):
        raise DotNetException(f"The file '{full_path(p)}' already exists.", "System.IO.IOException")
    _guard(p, lambda: os.makedirs(p, exist_ok=True))
    return directory_info(p)


@DIRECTORY.method("Delete")
def _delete_directory(path: Any, recursive: Any = False) -> None:
    p = _path(path)
    if not os.path.isdir(p):
        raise DotNetException(f"Could not find a part of the path '{full_path(p)}'.", "System.IO.DirectoryNotFoundException")
    if not recursive and os.listdir(p):
        raise DotNetException(f"Directory not empty : '{full_path(p)}'", "System.IO.IOException")
    _guard(p, lambda: shutil.rmtree(p) if recursive else os.rmdir(p), directory=True)


@DIRECTORY.method("Move")
def _move_directory(source: Any, target: Any) -> None:
    src, dst = _path(source, "sourceDirName"), _path(target, "destDirName")
    if not os.path.exists(src):
        raise DotNetException(f"Could not find a part of the path '{full_path(src)}'.", "System.IO.DirectoryNotFoundException")
    if os.path.exists(dst):
        raise DotNetException(f"Cannot create '{full_path(dst)}' because a file or directory with the same name already exists.",
                              "System.IO.IOException")
    _guard(src, lambda: shutil.move(src, dst))


@DIRECTORY.method("GetParent")
def _get_parent(path: Any) -> PSObject | None:
    parent = directory_name(full_path(_path(path)).rstrip("/") or "/")
    return None if parent is None else directory_info(parent)
