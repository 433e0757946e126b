"""pshell as one self-contained zipapp, to bring along to a computer that has Python but no pshell.

    path = build()                      # ~/.cache/pshell/zipapp-<version>-<key>.pyz, made if needed
    python3 <path> host --stdio         # on any computer with Python >= 3.10

The archive holds the pshell package (with pshell/grammar/pshell.lark: inside the package when
pshell is installed, grammar/pshell.lark at the root of a source checkout) and the pure-Python
packages pshell needs to run a session host, copied from this Python's installed packages:
lark, rich, and rich's markdown_it, mdurl and pygments. Not paramiko or prompt_toolkit (the
client side and the REPL), nor psutil (a C extension: without it the process cmdlets say so).
No __pycache__ and no compiled files: the sources run on whichever Python >= 3.10 the computer
has. Its __main__ runs `pshell.cli.main()`; the session host it starts (`python -m pshell host
--daemon`, with the archive on PYTHONPATH) runs from the archive too.

`key()` identifies the sources (every file's archive name, size and modification time, and
pshell's version): the cached archive is rebuilt when any of them changes, and archives of
other sources left for an hour are removed then. The archive itself is deterministic (sorted
entries, fixed timestamps), so the same sources make the same bytes.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import tempfile
import time
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pshell
from pshell import __version__

# The packages a session host imports besides pshell: lark (the parser), rich (formatting)
# and what rich imports.
PACKAGES = ("lark", "rich", "markdown_it", "mdurl", "pygments")
FORMAT = 1  # bump when the layout of the archive changes
GRAMMAR = "pshell/grammar/pshell.lark"
MAIN = "import sys\n\nfrom pshell.cli import main\n\nsys.exit(main())\n"
_SKIPPED_DIRS = {"__pycache__"}
_SKIPPED_SUFFIXES = (".pyc", ".pyo", ".so", ".pyd", ".dylib", ".dll")
_EPOCH = (1980, 1, 1, 0, 0, 0)
STALE_AFTER = 3600.0  # seconds: an archive of other sources older than this is removed by the next build


class ZipappError(Exception):
    """pshell cannot be packed (a needed package is missing, or is not plain files)."""


def cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "pshell")


def _package_dir(name: str) -> Path:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        spec = None
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if not locations:
        raise ZipappError(f"The Python package '{name}' that pshell needs is not installed here, so pshell "
                          "cannot be brought along to the computer.")
    path = Path(locations[0])
    if not path.is_dir():
        raise ZipappError(f"The Python package '{name}' is not installed as plain files ({path}), so pshell "
                          "cannot be brought along to the computer.")
    return path


def _walk(root: Path, prefix: str) -> Iterable[tuple[str, Path]]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS and not d.startswith("."))
        for name in sorted(files):
            if name.endswith(_SKIPPED_SUFFIXES) or name.startswith("."):
                continue
            path = Path(folder) / name
            yield prefix + "/" + path.relative_to(root).as_posix(), path


def _grammar_file(package: Path) -> Path:
    """pshell.lark: in the package when installed (the wheel force-includes it), else in the
    grammar/ folder of the source checkout the package lives in."""
    for candidate in (package / "grammar" / "pshell.lark", package.parent / "grammar" / "pshell.lark"):
        if candidate.is_file():
            return candidate
    raise ZipappError(f"pshell's grammar (pshell.lark) is neither in {package / 'grammar'} nor in "
                      f"{package.parent / 'grammar'}, so pshell cannot be brought along to the computer.")


def sources() -> list[tuple[str, Path]]:
    """(name in the archive, file here) for every file the archive holds, sorted by name."""
    package = Path(os.path.abspath(pshell.__path__[0]))
    if not package.is_dir():
        raise ZipappError(f"pshell is not installed as plain files ({package}), so it cannot be brought along "
                          "to the computer.")
    found = dict(_walk(package, "pshell"))
    found.setdefault(GRAMMAR, _grammar_file(package))
    for name in PACKAGES:
        found.update(_walk(_package_dir(name), name))
    return sorted(found.items())


def key(entries: Iterable[tuple[str, Path]]) -> str:
    """16 hex digits that change when a file is added, removed or changed (size or mtime)."""
    digest = hashlib.sha256(f"pshell-zipapp {FORMAT} {__version__}\n".encode())
    for name, path in entries:
        st = path.stat()
        digest.update(f"{name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()[:16]


def archive_name(entries: Iterable[tuple[str, Path]]) -> str:
    return f"zipapp-{__version__}-{key(entries)}.pyz"


def write(entries: Iterable[tuple[str, Path]], target: str) -> None:
    """Write the archive of these files to target (replaced at once when complete)."""
    folder = os.path.dirname(os.path.abspath(target))
    os.makedirs(folder, mode=0o700, exist_ok=True)
    fd, partial = tempfile.mkstemp(prefix=".zipapp-", suffix=".partial", dir=folder)
    try:
        entries = list(entries)
        # A directory entry for every folder: zipimport finds a package without __init__.py
        # (pshell.cmdlets) only by its directory entry.
        folders = sorted({name.rsplit("/", i)[0] + "/" for name, _ in entries for i in range(1, name.count("/") + 1)})
        with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in folders:
                info = zipfile.ZipInfo(name, date_time=_EPOCH)
                info.external_attr = (0o40755 << 16) | 0x10
                archive.writestr(info, b"")
            for name, data in [("__main__.py", MAIN.encode())] + [(n, p.read_bytes()) for n, p in entries]:
                info = zipfile.ZipInfo(name, date_time=_EPOCH)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o100644 << 16
                archive.writestr(info, data)
        os.chmod(partial, 0o644)
        os.replace(partial, target)
    except BaseException:
        try:
            os.unlink(partial)
        except OSError:
            pass
        raise


def build(folder: str | None = None, entries: list[tuple[str, Path]] | None = None) -> str:
    """The path of the zipapp of this pshell (of `entries`, default `sources()`), built into
    folder (default ~/.cache/pshell) unless an archive of the same sources is already there.
    ZipappError if it cannot be made."""
    entries = sources() if entries is None else entries
    target = os.path.join(folder or cache_dir(), archive_name(entries))
    if not os.path.isfile(target):
        try:
            write(entries, target)
        except OSError as exc:
            raise ZipappError(f"pshell could not be packed to bring it along to the computer ({target}): "
                              f"{exc.strerror or exc}") from None
        _prune(target)
    return target


def _prune(keep: str, age: float = STALE_AFTER) -> None:
    """Remove the archives of older sources (not touched for `age` seconds: one that another
    pshell process is still about to copy is left alone)."""
    folder = os.path.dirname(keep)
    now = time.time()
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        if name.startswith("zipapp-") and name.endswith(".pyz") and path != keep:
            try:
                if now - os.stat(path).st_mtime > age:
                    os.unlink(path)
            except OSError:
                pass
