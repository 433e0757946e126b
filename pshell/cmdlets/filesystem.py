"""File system cmdlets: listing, testing, creating, removing, copying and moving items."""

from __future__ import annotations

import os
import shutil
import weakref
from typing import Any, Iterator

from pshell.cmdlets.base import Cmdlet, Example, Param, cmdlet
from pshell.cmdlets.items import (
    DirectoryInfo,
    PathInfo,
    absolute_path,
    expand_path,
    is_hidden,
    make_item,
    os_error,
    path_error,
    path_not_found,
    relative_path,
    sort_key,
)
from pshell.engine.text import has_wildcard, wildcard_match
from pshell.errors import ErrorCategory


class PathCmdlet(Cmdlet):
    """Shared -Path / -LiteralPath handling: each given path expanded to existing absolute paths."""

    Path = Param("string[]", position=0, pipeline=True, pipeline_by_name=True, sets=("Path",),
                 help="The paths of the items; wildcards are allowed.")
    LiteralPath = Param("string[]", aliases=("PSPath", "LP"), pipeline_by_name=True, sets=("LiteralPath",),
                        help="The paths of the items, used exactly as written (no wildcards).")

    def given_paths(self) -> list[tuple[str, bool]]:
        """(path, literal) pairs; the current location when no path is given."""
        if self.is_bound("LiteralPath") and self.LiteralPath is not None:
            return [(p, True) for p in self.LiteralPath]
        paths = self.Path if self.is_bound("Path") and self.Path is not None else None
        if paths is None:
            return [(self.context.location, True)]
        return [(p, False) for p in paths]

    def resolved(self, *, force: bool = False, report_missing: bool = True) -> Iterator[str]:
        """Existing absolute paths, writing PathNotFound for a missing non-wildcard path."""
        for path, literal in self.given_paths():
            if literal:
                full = absolute_path(self.context, path)
                if os.path.lexists(full):
                    yield full
                elif report_missing:
                    self.write_error(path_not_found(self.info.name, full))
                continue
            matches = expand_path(self.context, path, force=force or not has_wildcard(path))
            if not matches and report_missing and not has_wildcard(path):
                self.write_error(path_not_found(self.info.name, absolute_path(self.context, path)))
            yield from matches


def _name_filter(name: str, filter_: str | None, include: list[str] | None, exclude: list[str] | None) -> bool:
    if filter_ and not wildcard_match(filter_, name):
        return False
    if include and not any(wildcard_match(p, name) for p in include):
        return False
    if exclude and any(wildcard_match(p, name) for p in exclude):
        return False
    return True


def _children(path: str, force: bool) -> list[str]:
    names = os.listdir(path)
    names = [n for n in names if force or not is_hidden(n)]
    dirs = sorted((n for n in names if os.path.isdir(os.path.join(path, n))), key=sort_key)
    files = sorted((n for n in names if not os.path.isdir(os.path.join(path, n))), key=sort_key)
    return [os.path.join(path, n) for n in dirs + files]


@cmdlet(
    "Get-ChildItem", aliases=("gci", "ls", "dir"), default_set="Path",
    synopsis="Gets the items and child items in one or more specified locations.",
    description="Lists the files and directories in a directory (the current location by default). "
    "A path that names a file returns that file. -Recurse walks subdirectories (-Depth limits how deep); "
    "-Filter, -Include and -Exclude select names with wildcards; -File and -Directory select the kind; "
    "-Force shows hidden (dot) items; -Name returns relative names instead of objects.",
    outputs="System.IO.FileInfo, System.IO.DirectoryInfo, System.String",
    examples=[
        Example("New-Item -ItemType Directory demo | Out-Null; New-Item demo/b.txt, demo/a.txt | Out-Null\n"
                "Get-ChildItem demo -Name", "Lists the names of the files in a directory.", output="a.txt\nb.txt"),
        Example("Get-ChildItem -Path . -Filter *.txt -Recurse", "Finds the .txt files under the current directory."),
    ],
    related=("Get-Item", "Get-Location"),
)
class GetChildItem(PathCmdlet):
    Filter = Param("string", position=1, help="A wildcard the names must match.")
    Include = Param("string[]", help="Wildcards: only matching names are returned.")
    Exclude = Param("string[]", help="Wildcards: matching names are left out.")
    Recurse = Param("switch", aliases=("s", "r"), help="Also lists the items in all subdirectories.")
    Depth = Param("int", range=(0, None), help="How many levels of subdirectories -Recurse goes into.")
    Force = Param("switch", help="Includes hidden items (names starting with a dot).")
    Name = Param("switch", help="Returns only the names of the items, relative to the path.")
    File = Param("switch", aliases=("af",), help="Returns files only.")
    Directory = Param("switch", aliases=("ad", "d"), help="Returns directories only.")
    FollowSymlink = Param("switch", help="Follows symbolic links to directories when recursing.")

    def _wanted(self, path: str) -> bool:
        name = os.path.basename(path)
        is_dir = os.path.isdir(path)
        if self.File and is_dir or self.Directory and not is_dir:
            return False
        return _name_filter(name, self.Filter, self.Include, self.Exclude)

    def _emit(self, path: str, base: str) -> None:
        if self.Name:
            self.write_output(os.path.relpath(path, base))
        else:
            self.write_output(make_item(path))

    def _walk(self, directory: str, base: str, depth: int) -> None:
        try:
            children = _children(directory, self.Force)
        except OSError as e:
            self.write_error(os_error(self.info.name, e, directory, "DirUnauthorizedAccessError"))
            return
        for child in children:
            if self.stopping:
                return
            if self._wanted(child):
                self._emit(child, base)
        recurse = self.Recurse or self.is_bound("Depth")
        max_depth = self.Depth if self.is_bound("Depth") else None
        if not recurse or (max_depth is not None and depth >= max_depth):
            return
        for child in children:
            if os.path.isdir(child) and (self.FollowSymlink or not os.path.islink(child)):
                self._walk(child, base, depth + 1)

    def process(self) -> None:
        for path in self.resolved(force=self.Force):
            if os.path.isdir(path):
                self._walk(path, path, 0)
            elif self._wanted(path):
                self._emit(path, os.path.dirname(path))


@cmdlet(
    "Get-Item", aliases=("gi",), default_set="Path",
    synopsis="Gets the item at the specified location.",
    description="Gets the file or directory a path names (not its contents). Wildcards return every match.",
    outputs="System.IO.FileInfo, System.IO.DirectoryInfo",
    examples=[Example("New-Item a.txt -Value hi | Out-Null; (Get-Item a.txt).Length",
                      "Gets a file and shows its size in bytes.", output="2")],
)
class GetItem(PathCmdlet):
    Force = Param("switch", help="Includes hidden items.")
    Filter = Param("string", help="A wildcard the names must match.")
    Include = Param("string[]")
    Exclude = Param("string[]")

    def process(self) -> None:
        for path in self.resolved(force=self.Force):
            if _name_filter(os.path.basename(path), self.Filter, self.Include, self.Exclude):
                self.write_output(make_item(path))


@cmdlet(
    "Test-Path", default_set="Path",
    synopsis="Determines whether all elements of a path exist.",
    description="Returns $true when the path exists (any match for a wildcard path), else $false. "
    "-PathType Leaf wants a file, Container a directory; -IsValid only checks the path's syntax.",
    outputs="System.Boolean",
    examples=[
        Example("Test-Path /", "Tests that the root directory exists.", output="True"),
        Example("Test-Path ./no-such-file -PathType Leaf", "Tests for a file that is not there.", output="False"),
    ],
)
class TestPath(PathCmdlet):
    PathType = Param("string", aliases=("Type",), choices=("Any", "Container", "Leaf"), default="Any",
                     help="Any, Container (a directory) or Leaf (anything else).")
    IsValid = Param("switch", help="Only checks that the path is well formed.")
    Filter = Param("string")
    Include = Param("string[]")
    Exclude = Param("string[]")
    OlderThan = Param("datetime")
    NewerThan = Param("datetime")

    def _matches(self, path: str) -> bool:
        kind = (self.PathType or "Any").lower()
        if kind == "container" and not os.path.isdir(path) or kind == "leaf" and os.path.isdir(path):
            return False
        if not _name_filter(os.path.basename(path), self.Filter, self.Include, self.Exclude):
            return False
        item = make_item(path)
        if self.is_bound("OlderThan") and not item.LastWriteTime < self.OlderThan:
            return False
        if self.is_bound("NewerThan") and not item.LastWriteTime > self.NewerThan:
            return False
        return True

    def process(self) -> None:
        for path, literal in self.given_paths():
            if path is None or path == "":
                self.write_output(False)
                continue
            if self.IsValid:
                self.write_output("\0" not in path)
                continue
            if literal:
                full = absolute_path(self.context, path)
                found = [full] if os.path.lexists(full) else []
            else:
                found = expand_path(self.context, path, force=True)
            self.write_output(any(self._matches(p) for p in found))


_ITEM_TYPES = ("File", "Directory", "SymbolicLink", "HardLink", "Junction")


def _item_type(text: str | None) -> str | None:
    if not text:
        return "File"
    lowered = text.lower()
    for name in _ITEM_TYPES:
        if name.lower() == lowered or name.lower().startswith(lowered):
            return name
    return "Directory" if lowered == "container" else None


@cmdlet(
    "New-Item", aliases=("ni",), default_set="Path", supports_should_process=True,
    synopsis="Creates a new item.",
    description="Creates a file (the default; -Value is its content) or a directory (-ItemType Directory, "
    "parent directories included), or a symbolic link (-ItemType SymbolicLink -Value target). "
    "-Force overwrites an existing file, returns an existing directory, and creates missing parents.",
    outputs="System.IO.FileInfo, System.IO.DirectoryInfo",
    examples=[
        Example("New-Item notes.txt -Value 'hello' | Out-Null; Get-Content notes.txt",
                "Creates a file with content.", output="hello"),
        Example("(New-Item -ItemType Directory logs/2026).FullName -like '*logs/2026'",
                "Creates a directory and its parent.", output="True"),
    ],
)
class NewItem(Cmdlet):
    Path = Param("string[]", position=0, pipeline_by_name=True, help="Where to create the item.")
    Name = Param("string", pipeline_by_name=True, help="The new item's name (in -Path, or the current location).")
    ItemType = Param("string", aliases=("Type",), pipeline_by_name=True,
                     help="File, Directory, SymbolicLink or HardLink.")
    Value = Param("object", pipeline=True, pipeline_by_name=True, aliases=("Target",),
                  help="The content of a new file, or the target of a link.")
    Force = Param("switch", help="Overwrites existing files and creates missing parent directories.")

    def process(self) -> None:
        kind = _item_type(self.ItemType)
        if kind is None:
            self.write_error(path_error(
                self.info.name,
                'The type is not a known type for the file system. Only "file","directory","symboliclink",'
                '"junction" or "hardlink" can be specified.',
                "Argument", ErrorCategory.InvalidArgument, self.ItemType, "System.ArgumentException"))
            return
        bases = self.Path if self.Path else [self.context.location]
        for base in bases:
            target = os.path.join(base, self.Name) if self.Name else base
            self._create(absolute_path(self.context, target), kind)

    def _create(self, path: str, kind: str) -> None:
        action = {"File": "Create File", "Directory": "Create Directory"}.get(kind, f"Create {kind}")
        if not self.should_process(f"Destination: {path}", action):
            return
        parent = os.path.dirname(path)
        try:
            if kind == "Directory":
                if os.path.isdir(path):
                    if not self.Force:
                        self.write_error(path_error(
                            self.info.name, f"An item with the specified name {path} already exists.",
                            "DirectoryExist", ErrorCategory.ResourceExists, path))
                        return
                else:
                    os.makedirs(path)
                self.write_output(DirectoryInfo(path))
                return
            if self.Force:
                os.makedirs(parent, exist_ok=True)
            if kind == "File":
                if os.path.isdir(path):
                    self.write_error(path_error(self.info.name, f"Access to the path '{path}' is denied.",
                                                "NewItemUnauthorizedAccessError", ErrorCategory.PermissionDenied,
                                                path, "System.UnauthorizedAccessException"))
                    return
                if os.path.lexists(path) and not self.Force:
                    self.write_error(path_error(self.info.name, f"The file '{path}' already exists.",
                                                "NewItemIOError", ErrorCategory.WriteError, path))
                    return
                from pshell.engine.values import to_string

                with open(path, "w", encoding="utf-8", newline="") as f:
                    if self.Value is not None:
                        f.write(to_string(self.Value))
            else:
                link_target = "" if self.Value is None else str(self.Value)
                if not link_target:
                    self.throw("Value cannot be null. (Parameter 'value')", "ArgumentNull",
                               ErrorCategory.InvalidArgument,
                               exception_type="System.ArgumentNullException")
                if os.path.lexists(path) and self.Force:
                    os.remove(path)
                if kind == "HardLink":
                    os.link(absolute_path(self.context, link_target), path)
                else:
                    os.symlink(link_target, path)
            self.write_output(make_item(path))
        except OSError as e:
            self.write_error(os_error(self.info.name, e, path, "NewItemIOError"))


def _remove_tree(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    else:
        os.remove(path)


@cmdlet(
    "Remove-Item", aliases=("rm", "del", "rmdir", "rd", "ri", "erase"), default_set="Path",
    supports_should_process=True,
    synopsis="Deletes the specified items.",
    description="Deletes files and directories. A directory that is not empty needs -Recurse (without it an "
    "interactive shell asks first; a script gets an error). -Force also removes hidden and read-only items.",
    examples=[Example("New-Item x.txt | Out-Null; Remove-Item x.txt; Test-Path x.txt", "Deletes a file.",
                      output="False")],
)
class RemoveItem(PathCmdlet):
    Filter = Param("string")
    Include = Param("string[]")
    Exclude = Param("string[]")
    Recurse = Param("switch", aliases=("r",), help="Deletes directories with everything in them.")
    Force = Param("switch", help="Also removes hidden and read-only items.")

    def begin(self) -> None:
        self._yes_to_all = False

    def _confirm_children(self, path: str) -> bool:
        message = (f"The item at {path} has children and the Recurse parameter was not specified. If you continue, "
                   f"all children will be removed with the item. Are you sure you want to continue?")
        host = self.context.host
        if self._yes_to_all:
            return True
        if not getattr(host, "is_terminal", False):
            self.write_error(path_error(
                self.info.name,
                f"The item at {path} has children and the Recurse parameter was not specified.",
                "DirectoryNotEmpty", ErrorCategory.WriteError, path))
            return False
        host.write_line("")
        host.write_line("Confirm")
        host.write_line(message)
        answer = host.read_line('[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help '
                                '(default is "Y"): ').strip().lower()
        if answer in ("a",):
            self._yes_to_all = True
        return answer in ("", "y", "a")

    def process(self) -> None:
        for path in self.resolved(force=self.Force):
            if not _name_filter(os.path.basename(path), self.Filter, self.Include, self.Exclude):
                continue
            is_dir = os.path.isdir(path) and not os.path.islink(path)
            if is_dir and os.path.realpath(self.context.location).startswith(os.path.realpath(path).rstrip("/") + "/") \
                    or is_dir and os.path.realpath(self.context.location) == os.path.realpath(path):
                self.write_error(path_error(
                    self.info.name, f"Cannot remove the item at '{path}' because it is in use.",
                    "InvalidOperation", ErrorCategory.InvalidOperation, path,
                    "System.Management.Automation.PSInvalidOperationException"))
                continue
            if not self.should_process(path, "Remove Directory" if is_dir else "Remove File"):
                continue
            if is_dir and not self.Recurse and os.listdir(path) and not self._confirm_children(path):
                continue
            try:
                _remove_tree(path)
            except OSError as e:
                error_id = "RemoveFileSystemItemIOError" if not is_dir else "RemoveFileSystemItemUnAuthorizedAccess"
                self.write_error(os_error(self.info.name, e, path, error_id))


def _destination(context: Any, source: str, destination: str | None) -> str:
    dest = absolute_path(context, destination) if destination else context.location
    if os.path.isdir(dest):
        return os.path.join(dest, os.path.basename(source))
    return dest


class TransferCmdlet(PathCmdlet):
    """Copy-Item and Move-Item: each selected source with the path it goes to."""

    def transfers(self) -> Iterator[tuple[str, str]]:
        for source in self.resolved(force=self.Force):
            if _name_filter(os.path.basename(source), self.Filter, self.Include, self.Exclude):
                yield source, _destination(self.context, source, self.Destination)


@cmdlet(
    "Copy-Item", aliases=("cp", "copy", "cpi"), default_set="Path", supports_should_process=True,
    synopsis="Copies an item from one location to another.",
    description="Copies files, or directories with -Recurse (without it only the directory itself is "
    "created). Into an existing directory the item keeps its name; otherwise -Destination is the new path. "
    "Existing files are overwritten.",
    examples=[Example("Set-Content a.txt 'data'; Copy-Item a.txt b.txt; Get-Content b.txt",
                      "Copies a file.", output="data")],
)
class CopyItem(TransferCmdlet):
    Destination = Param("string", position=1, pipeline_by_name=True, help="Where to copy to.")
    Recurse = Param("switch", aliases=("r",), help="Copies directories with their contents.")
    Force = Param("switch", help="Overwrites read-only files and copies hidden items.")
    PassThru = Param("switch", help="Returns the copies.")
    Container = Param("switch")
    Filter = Param("string")
    Include = Param("string[]")
    Exclude = Param("string[]")

    def process(self) -> None:
        for source, target in self.transfers():
            if os.path.realpath(source) == os.path.realpath(target) and not os.path.isdir(source):
                self.write_error(path_error(
                    self.info.name, f"Cannot overwrite the item {source} with itself.", "CopyError",
                    ErrorCategory.WriteError, source))
                continue
            if not self.should_process(f"Item: {source} Destination: {target}",
                                       "Copy Directory" if os.path.isdir(source) else "Copy File"):
                continue
            try:
                if os.path.isdir(source):
                    if self.Recurse:
                        shutil.copytree(source, target, symlinks=True, dirs_exist_ok=True)
                    else:
                        os.makedirs(target, exist_ok=True)
                else:
                    if self.Force and os.path.exists(target) and not os.access(target, os.W_OK):
                        os.chmod(target, 0o644)
                    shutil.copy2(source, target)
            except OSError as e:
                self.write_error(os_error(self.info.name, e, target, "CopyDirectoryInfoItemIOError"
                                          if os.path.isdir(source) else "CopyFileInfoItemIOError"))
                continue
            if self.PassThru:
                self.write_output(make_item(target))


@cmdlet(
    "Move-Item", aliases=("mv", "move", "mi"), default_set="Path", supports_should_process=True,
    synopsis="Moves an item from one location to another.",
    description="Moves (or renames) files and directories. Into an existing directory the item keeps its "
    "name. An existing file at the destination is replaced only with -Force.",
    examples=[Example("Set-Content a.txt 'data'; Move-Item a.txt b.txt; Test-Path a.txt, b.txt",
                      "Moves a file to a new name.", output="False\nTrue")],
)
class MoveItem(TransferCmdlet):
    Destination = Param("string", position=1, pipeline_by_name=True, help="Where to move to.")
    Force = Param("switch", help="Replaces an existing file at the destination.")
    PassThru = Param("switch", help="Returns the moved items.")
    Filter = Param("string")
    Include = Param("string[]")
    Exclude = Param("string[]")

    def process(self) -> None:
        for source, target in self.transfers():
            is_dir = os.path.isdir(source)
            if not self.should_process(f"Item: {source} Destination: {target}",
                                       "Move Directory" if is_dir else "Move File"):
                continue
            if os.path.lexists(target) and not (self.Force and not os.path.isdir(target)):
                self.write_error(path_error(
                    self.info.name, "Cannot create a file when that file already exists.",
                    "MoveDirectoryItemIOError" if is_dir else "MoveFileInfoItemIOError",
                    ErrorCategory.WriteError, source))
                continue
            try:
                shutil.move(source, target)
            except OSError as e:
                self.write_error(os_error(self.info.name, e, target,
                                          "MoveDirectoryItemIOError" if is_dir else "MoveFileInfoItemIOError"))
                continue
            if self.PassThru:
                self.write_output(make_item(target))


@cmdlet(
    "Rename-Item", aliases=("ren", "rni"), default_set="Path", supports_should_process=True,
    synopsis="Renames an item.",
    description="Gives a file or directory a new name in the same directory. -NewName is a name, not a path.",
    examples=[Example("Set-Content a.txt 'x'; Rename-Item a.txt b.txt; (Get-ChildItem -Name) -join ','",
                      "Renames a file.", output="b.txt")],
)
class RenameItem(Cmdlet):
    Path = Param("string", position=0, pipeline=True, pipeline_by_name=True, sets=("Path",), mandatory=True)
    LiteralPath = Param("string", aliases=("PSPath", "LP"), pipeline_by_name=True, sets=("LiteralPath",),
                        mandatory=True)
    NewName = Param("string", position=1, mandatory=True, pipeline_by_name=True, help="The new name.")
    Force = Param("switch")
    PassThru = Param("switch", help="Returns the renamed item.")

    def process(self) -> None:
        given = self.LiteralPath if self.is_bound("LiteralPath") else self.Path
        literal = self.is_bound("LiteralPath")
        full = absolute_path(self.context, given)
        sources = ([full] if os.path.lexists(full) else []) if literal else expand_path(self.context, given, force=True)
        if not sources:
            self.write_error(path_not_found(self.info.name, full))
            return
        source = sources[0]
        new_name = self.NewName[2:] if self.NewName.startswith("./") else self.NewName
        same_directory = os.path.dirname(absolute_path(self.context, new_name)) == os.path.dirname(source)
        if os.path.dirname(new_name) and same_directory:
            new_name = os.path.basename(new_name)
        if "/" in new_name:
            self.write_error(path_error(
                self.info.name, "Cannot rename the specified target, because it represents a path or device name.",
                "RenameItemArgumentError", ErrorCategory.InvalidArgument, source, "System.ArgumentException"))
            return
        target = os.path.join(os.path.dirname(source), new_name)
        if not self.should_process(f"Item: {source} Destination: {target}",
                                   "Rename Directory" if os.path.isdir(source) else "Rename File"):
            return
        if os.path.lexists(target) and os.path.realpath(target) != os.path.realpath(source):
            self.write_error(path_error(self.info.name, "Cannot create a file when that file already exists.",
                                        "RenameItemIOError", ErrorCategory.WriteError, source))
            return
        try:
            os.rename(source, target)
        except OSError as e:
            self.write_error(os_error(self.info.name, e, source, "RenameItemIOError"))
            return
        if self.PassThru:
            self.write_output(make_item(target))


# ------------------------------------------------------------------ locations
class _LocationState:
    """Per-session history for `cd -` / `cd +` and the Push-Location stacks."""

    def __init__(self) -> None:
        self.back: list[str] = []
        self.forward: list[str] = []
        self.stacks: dict[str, list[str]] = {"default": []}


_STATES: "weakref.WeakKeyDictionary[Any, _LocationState]" = weakref.WeakKeyDictionary()
_HISTORY_LIMIT = 20


def location_state(context: Any) -> _LocationState:
    try:
        return _STATES.setdefault(context, _LocationState())
    except TypeError:
        state = getattr(context, "_pshell_location_state", None)
        if state is None:
            state = _LocationState()
            context._pshell_location_state = state
        return state


def change_location(cmd: Cmdlet, path: str, *, literal: bool = False) -> str | None:
    """Resolve *path* to one existing directory and make it the location; None after an error."""
    if literal:
        full = absolute_path(cmd.context, path)
        matches = [full] if os.path.exists(full) else []
    else:
        matches = expand_path(cmd.context, path, force=True)
        full = absolute_path(cmd.context, path)
    if len(matches) > 1:
        cmd.write_error(path_error(
            cmd.info.name,
            f"Cannot set the location because path '{path}' resolved to multiple containers. "
            "You can only the set the same location to a single container at a time.",
            "SetLocationMultipleContainers", ErrorCategory.InvalidArgument, path,
            "System.Management.Automation.PSArgumentException"))
        return None
    if not matches or not os.path.isdir(matches[0]):
        cmd.write_error(path_not_found(cmd.info.name, matches[0] if matches else full))
        return None
    cmd.context.set_location(matches[0])
    return matches[0]


@cmdlet(
    "Get-Location", aliases=("gl", "pwd"),
    synopsis="Gets information about the current working location.",
    description="Returns the current directory as a PathInfo object (its Path property is the text). "
    "-Stack lists the locations saved by Push-Location.",
    outputs="System.Management.Automation.PathInfo",
    examples=[Example("Set-Location /; (Get-Location).Path", "Shows the current directory.", output="/")],
)
class GetLocation(Cmdlet):
    Stack = Param("switch", help="Lists the locations on the location stack instead.")
    StackName = Param("string[]", help="Which named location stacks to list.")

    def process(self) -> None:
        if self.Stack or self.is_bound("StackName"):
            state = location_state(self.context)
            for name in self.StackName or ["default"]:
                for path in reversed(state.stacks.get(name, [])):
                    self.write_output(PathInfo(path))
            return
        self.write_output(PathInfo(self.context.location))


@cmdlet(
    "Set-Location", aliases=("cd", "sl", "chdir"), default_set="Path",
    synopsis="Sets the current working location to a specified location.",
    description="Changes the current directory. With no path it goes to the home directory; `~` is the home "
    "directory, `..` the parent, `-` the previous location and `+` the next one in the history.",
    outputs="None, System.Management.Automation.PathInfo",
    examples=[
        Example("Set-Location /; Set-Location tmp; (Get-Location).Path", "Changes to a subdirectory.", output="/tmp"),
        Example("Set-Location /; Set-Location /tmp; Set-Location -; (Get-Location).Path",
                "Goes back to the previous location.", output="/"),
    ],
)
class SetLocation(Cmdlet):
    Path = Param("string", position=0, pipeline=True, pipeline_by_name=True, sets=("Path",),
                 help="The directory to change to.")
    LiteralPath = Param("string", aliases=("PSPath", "LP"), pipeline_by_name=True, sets=("LiteralPath",))
    PassThru = Param("switch", help="Returns the new location.")

    def process(self) -> None:
        state = location_state(self.context)
        before = self.context.location
        literal = self.is_bound("LiteralPath")
        path = self.LiteralPath if literal else self.Path
        if not literal and path in ("-", "+"):
            source, other = (state.back, state.forward) if path == "-" else (state.forward, state.back)
            if not source:
                direction = "backwards" if path == "-" else "forwards"
                self.write_error(path_error(
                    self.info.name, f"There is no location history left to navigate {direction}.",
                    "InvalidOperation", ErrorCategory.InvalidOperation, path,
                    "System.InvalidOperationException"))
                return
            target = source.pop()
            if change_location(self, target, literal=True) is None:
                return
            other.append(before)
        else:
            if path is None or path == "":
                path = os.path.expanduser("~")
            if change_location(self, path, literal=literal) is None:
                return
            state.back.append(before)
            del state.back[:-_HISTORY_LIMIT]
            state.forward.clear()
        if self.PassThru:
            self.write_output(PathInfo(self.context.location))


@cmdlet(
    "Push-Location", aliases=("pushd",), default_set="Path",
    synopsis="Adds the current location to the top of a location stack.",
    description="Saves the current directory on a stack (the default one, or -StackName) and, given a path, "
    "changes to it. Pop-Location returns to the saved directory.",
    examples=[Example("Set-Location /; Push-Location /tmp; Pop-Location; (Get-Location).Path",
                      "Visits a directory and comes back.", output="/")],
)
class PushLocation(Cmdlet):
    Path = Param("string", position=0, pipeline=True, pipeline_by_name=True, sets=("Path",))
    LiteralPath = Param("string", aliases=("PSPath", "LP"), pipeline_by_name=True, sets=("LiteralPath",))
    StackName = Param("string", help="The name of the stack to push onto.")
    PassThru = Param("switch", help="Returns the new location.")

    def process(self) -> None:
        state = location_state(self.context)
        stack = state.stacks.setdefault(self.StackName or "default", [])
        before = self.context.location
        literal = self.is_bound("LiteralPath")
        path = self.LiteralPath if literal else self.Path
        if path:
            if change_location(self, path, literal=literal) is None:
                return
        stack.append(before)
        if self.PassThru:
            self.write_output(PathInfo(self.context.location))


@cmdlet(
    "Pop-Location", aliases=("popd",),
    synopsis="Changes the current location to the location most recently pushed onto the stack.",
    description="Returns to the directory Push-Location saved last (on the default stack or -StackName).",
    examples=[Example("Set-Location /; Push-Location /tmp; Pop-Location -PassThru | ForEach-Object Path",
                      "Returns and shows where.", output="/")],
)
class PopLocation(Cmdlet):
    StackName = Param("string", help="The name of the stack to pop from.")
    PassThru = Param("switch", help="Returns the new location.")

    def process(self) -> None:
        state = location_state(self.context)
        name = self.StackName or "default"
        if name not in state.stacks:
            self.write_error(path_error(
                self.info.name, f"Cannot find location stack '{name}'. It does not exist or it is not a container.",
                "Argument", ErrorCategory.InvalidArgument, name, "System.Management.Automation.PSArgumentException"))
            return
        stack = state.stacks[name]
        if not stack:
            return
        if change_location(self, stack.pop(), literal=True) is not None and self.PassThru:
            self.write_output(PathInfo(self.context.location))


@cmdlet(
    "Resolve-Path", aliases=("rvpa",), default_set="Path",
    synopsis="Resolves the wildcard characters in a path, and displays the path contents.",
    description="Turns a relative or wildcard path into the full paths of the existing items it names. "
    "-Relative returns paths relative to the current location (or -RelativeBasePath).",
    outputs="System.Management.Automation.PathInfo, System.String",
    examples=[Example("Set-Location /; Resolve-Path tmp | ForEach-Object Path", "Resolves a relative path.",
                      output="/tmp")],
)
class ResolvePath(PathCmdlet):
    Relative = Param("switch", help="Returns paths relative to the current location.")
    RelativeBasePath = Param("string", help="The directory that -Relative paths start from.")
    Force = Param("switch", help="Includes hidden items.")

    def process(self) -> None:
        base = absolute_path(self.context, self.RelativeBasePath) if self.RelativeBasePath else self.context.location
        for path, literal in self.given_paths():
            full = absolute_path(self.context, path)
            if literal:
                matches = [full] if os.path.lexists(full) else []
            else:
                matches = expand_path(self.context, path, force=self.Force or not has_wildcard(path))
            if not matches:
                self.write_error(path_not_found(self.info.name, full))
                continue
            for match in matches:
                self.write_output(relative_path(match, base) if self.Relative else PathInfo(match))


def split_parent(path: str) -> str:
    trimmed = path.rstrip("/") if path != "/" else path
    if trimmed == "/" or "/" not in trimmed:
        return ""
    parent = trimmed[: trimmed.rindex("/")]
    return parent or "/"


def split_leaf(path: str) -> str:
    trimmed = path.rstrip("/")
    return trimmed.rsplit("/", 1)[-1] if trimmed else ""


def leaf_extension(leaf: str) -> str:
    dot = leaf.rfind(".")
    return leaf[dot:] if 0 <= dot < len(leaf) - 1 else ""


@cmdlet(
    "Split-Path", default_set="ParentSet",
    synopsis="Returns the specified part of a path.",
    description="Returns the parent directory of a path (the default), its -Leaf (last element), -LeafBase "
    "(leaf without extension) or -Extension; -IsAbsolute tells whether the path is absolute. The path need "
    "not exist unless -Resolve is given.",
    outputs="System.String, System.Boolean",
    examples=[
        Example("Split-Path /var/log/syslog.1", "Gets the parent directory.", output="/var/log"),
        Example("Split-Path /var/log/app.log -Leaf", "Gets the file name.", output="app.log"),
        Example("Split-Path /var/log/app.log -LeafBase", "Gets the name without its extension.", output="app"),
        Example("Split-Path /var/log/app.log -Extension", "Gets the extension.", output=".log"),
    ],
)
class SplitPath(Cmdlet):
    Path = Param("string[]", position=0, mandatory=True, pipeline=True, pipeline_by_name=True,
                 sets=("ParentSet", "LeafSet", "LeafBaseSet", "ExtensionSet", "QualifierSet", "NoQualifierSet",
                       "IsAbsoluteSet"), help="The paths to split.")
    LiteralPath = Param("string[]", aliases=("PSPath", "LP"), mandatory=True, pipeline_by_name=True,
                        sets=("LiteralPathSet",))
    Parent = Param("switch", sets=("ParentSet", "LiteralPathSet"), help="Returns the parent directory (default).")
    Leaf = Param("switch", sets=("LeafSet", "LiteralPathSet"), help="Returns the last element.")
    LeafBase = Param("switch", sets=("LeafBaseSet", "LiteralPathSet"),
                     help="Returns the last element without its extension.")
    Extension = Param("switch", sets=("ExtensionSet", "LiteralPathSet"),
                      help="Returns the extension of the last element.")
    Qualifier = Param("switch", sets=("QualifierSet",), help="Returns the drive qualifier.")
    NoQualifier = Param("switch", sets=("NoQualifierSet",), help="Returns the path without its qualifier.")
    IsAbsolute = Param("switch", sets=("IsAbsoluteSet",), help="Tells whether the path is absolute.")
    Resolve = Param("switch", help="Resolves wildcards first; the paths must exist.")

    def _paths(self) -> Iterator[str]:
        literal = self.is_bound("LiteralPath")
        for path in (self.LiteralPath if literal else self.Path) or []:
            path = path.replace("\\", "/")
            if not self.Resolve:
                yield path
                continue
            full = absolute_path(self.context, path)
            matches = ([full] if os.path.lexists(full) else []) if literal else expand_path(self.context, path)
            if not matches:
                self.write_error(path_not_found(self.info.name, full))
            yield from matches

    def process(self) -> None:
        for path in self._paths():
            if self.IsAbsolute:
                self.write_output(path.startswith("/"))
            elif self.Leaf:
                self.write_output(split_leaf(path))
            elif self.LeafBase:
                leaf = split_leaf(path)
                ext = leaf_extension(leaf)
                self.write_output(leaf[: -len(ext)] if ext else leaf)
            elif self.Extension:
                self.write_output(leaf_extension(split_leaf(path)))
            elif self.Qualifier:
                self.write_error(path_error(
                    self.info.name, f"Cannot parse path because path '{path}' does not have a qualifier specified.",
                    "ParsePathFormatError", ErrorCategory.InvalidArgument, path,
                    "System.Management.Automation.ParameterBindingException"))
            elif self.NoQualifier:
                self.write_output(path)
            else:
                self.write_output(split_parent(path))


def join_two(parent: str, child: str) -> str:
    parent = parent.replace("\\", "/")
    child = child.replace("\\", "/")
    if not parent:
        return child
    if not child:
        return parent if parent.endswith("/") else parent + "/"
    return parent.rstrip("/") + "/" + child.lstrip("/") if parent.rstrip("/") else "/" + child.lstrip("/")


@cmdlet(
    "Join-Path",
    synopsis="Combines a path and a child path into a single path.",
    description="Joins a path and child paths with `/`, adding or removing separators where the parts meet. "
    "More child paths may follow (-AdditionalChildPath). -Resolve returns the existing items the joined "
    "path names.",
    outputs="System.String",
    examples=[
        Example("Join-Path /var log", "Joins two parts.", output="/var/log"),
        Example("Join-Path a b c d.txt", "Joins several parts.", output="a/b/c/d.txt"),
    ],
)
class JoinPath(Cmdlet):
    Path = Param("string[]", position=0, mandatory=True, pipeline=True, pipeline_by_name=True, aliases=("PSPath",),
                 help="The main path(s).")
    ChildPath = Param("string", position=1, help="The path to append.")
    AdditionalChildPath = Param("string[]", position=2, remaining=True, help="More paths to append, in order.")
    Resolve = Param("switch", help="Returns the existing items the joined path names.")

    def process(self) -> None:
        for base in self.Path or []:
            joined = join_two(base, self.ChildPath or "") if self.ChildPath is not None else base
            for extra in self.AdditionalChildPath or []:
                joined = join_two(joined, extra)
            if not self.Resolve:
                self.write_output(joined)
                continue
            matches = expand_path(self.context, joined)
            if not matches:
                self.write_error(path_not_found(self.info.name, absolute_path(self.context, joined)))
            for match in matches:
                self.write_output(match)
