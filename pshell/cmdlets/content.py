"""Content cmdlets: reading and writing the text of files (Get/Set/Add/Clear-Content, Out-File)."""

from __future__ import annotations

import codecs
import os
import re
import time
from typing import Any, Iterator

from pshell.cmdlets.base import Cmdlet, Example, Param, cmdlet
from pshell.cmdlets.items import absolute_path, expand_path, os_error, path_error, path_not_found
from pshell.engine.text import has_wildcard
from pshell.engine.values import enumerate_value, to_string
from pshell.errors import ErrorCategory, PSError

ENCODING_NAMES = (
    "ascii", "ansi", "bigendianunicode", "bigendianutf32", "oem", "unicode", "utf7", "utf8", "utf8BOM",
    "utf8NoBOM", "utf32",
)
_ENCODINGS: dict[str, tuple[str, bytes]] = {
    "ascii": ("ascii", b""),
    "ansi": ("utf-8", b""),
    "oem": ("utf-8", b""),
    "default": ("utf-8", b""),
    "utf8": ("utf-8", b""),
    "utf-8": ("utf-8", b""),
    "utf8nobom": ("utf-8", b""),
    "utf8bom": ("utf-8", codecs.BOM_UTF8),
    "unicode": ("utf-16-le", codecs.BOM_UTF16_LE),
    "utf-16": ("utf-16-le", codecs.BOM_UTF16_LE),
    "bigendianunicode": ("utf-16-be", codecs.BOM_UTF16_BE),
    "utf32": ("utf-32-le", codecs.BOM_UTF32_LE),
    "utf-32": ("utf-32-le", codecs.BOM_UTF32_LE),
    "bigendianutf32": ("utf-32-be", codecs.BOM_UTF32_BE),
    "utf7": ("utf-7", b""),
    "latin1": ("latin-1", b""),
}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def resolve_encoding(cmd: Cmdlet, name: Any) -> tuple[str, bytes]:
    """(Python codec, BOM to write) for an -Encoding value: a PowerShell name, a code page or a codec name."""
    if name is None or name == "":
        return _ENCODINGS["utf8"]
    text = to_string(name).strip()
    known = _ENCODINGS.get(text.lower())
    if known:
        return known
    lookup = f"cp{text}" if text.isdigit() else text
    if text == "65001":
        return _ENCODINGS["utf8"]
    try:
        return codecs.lookup(lookup).name, b""
    except LookupError:
        raise PSError(path_error(
            cmd.info.name,
            f"Cannot process argument transformation on parameter 'Encoding'. '{text}' is not a supported encoding "
            "name. For information on defining a custom encoding, see the documentation for the "
            "Encoding.RegisterProvider method. (Parameter 'name')",
            "ParameterArgumentTransformationError", ErrorCategory.InvalidData, name,
            "System.Management.Automation.ParameterBindingArgumentTransformationException")) from None


def decode(data: bytes, codec: str | None) -> str:
    """Bytes to text: a byte order mark wins, then the requested codec (UTF-8 by default)."""
    for bom, bom_codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(bom_codec, errors="replace")
    return data.decode(codec or "utf-8", errors="replace")


def split_lines(text: str) -> list[str]:
    """Lines as StreamReader.ReadLine returns them (\\n, \\r\\n and \\r end a line; no final empty line)."""
    if not text:
        return []
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def write_text(path: str, text: str, codec: str, bom: bytes, *, append: bool) -> None:
    """Write *text* with an encoding; the BOM only starts a file, never the middle of one."""
    data = text.encode(codec, errors="replace")
    if bom and not (append and os.path.exists(path) and os.path.getsize(path) > 0):
        data = bom + data
    with open(path, "ab" if append else "wb") as f:
        f.write(data)


class ContentCmdlet(Cmdlet):
    """-Path / -LiteralPath resolution shared by the content cmdlets."""

    Path = Param("string[]", position=0, mandatory=True, pipeline_by_name=True, sets=("Path",),
                 help="The files; wildcards are allowed.")
    LiteralPath = Param("string[]", aliases=("PSPath", "LP"), mandatory=True, pipeline_by_name=True,
                        sets=("LiteralPath",), help="The files, used exactly as written.")
    Encoding = Param("string", help="The text encoding: utf8NoBOM (default), utf8BOM, ascii, unicode, utf32, ...")
    Force = Param("switch", help="Also works on hidden and read-only files.")

    def targets(self, *, must_exist: bool) -> Iterator[str]:
        """Absolute file paths; missing ones are reported when *must_exist*."""
        literal = self.is_bound("LiteralPath")
        for path in (self.LiteralPath if literal else self.Path) or []:
            full = absolute_path(self.context, path)
            if not literal and has_wildcard(path):
                matches = expand_path(self.context, path, force=self.Force)
                if not matches and not must_exist:
                    self.write_error(path_not_found(self.info.name, full))
                yield from matches
                continue
            if not literal:
                from pshell.cmdlets.items import unescape_wildcard

                full = unescape_wildcard(full)
            if must_exist and not os.path.lexists(full):
                self.write_error(path_not_found(self.info.name, full))
                continue
            yield full


@cmdlet(
    "Get-Content", aliases=("gc", "cat", "type"), default_set="Path",
    synopsis="Gets the content of the item at the specified location.",
    description="Reads a text file and returns one string per line (without the line ending). "
    "-TotalCount (-Head) takes the first lines, -Tail the last ones, -Raw returns the whole text as one string, "
    "and -Wait keeps following the file for new lines until you press Ctrl+C.",
    outputs="System.String",
    examples=[
        Example("Set-Content a.txt 'one','two','three'; Get-Content a.txt -TotalCount 2",
                "Reads the first two lines.", output="one\ntwo"),
        Example("Set-Content a.txt 'one','two','three'; Get-Content a.txt -Tail 1", "Reads the last line.",
                output="three"),
        Example("Get-Content app.log -Wait -Tail 10", "Shows the end of a log and follows it.", runnable=False),
    ],
)
class GetContent(ContentCmdlet):
    ReadCount = Param("long", default=1, help="How many lines to send down the pipeline at a time (0: all at once).")
    TotalCount = Param("long", aliases=("First", "Head"), default=-1, help="How many lines to read from the start.")
    Tail = Param("int", aliases=("Last",), default=-1, help="How many lines to read from the end.")
    Raw = Param("switch", help="Returns the whole content as one string, line endings included.")
    Wait = Param("switch", help="Keeps reading new lines as they are added, until stopped.")
    Delimiter = Param("string", help="The text that ends each item instead of a line ending.")
    AsByteStream = Param("switch", help="Returns the content as bytes.")
    Filter = Param("string")
    Include = Param("string[]")
    Exclude = Param("string[]")

    def process(self) -> None:
        codec = None if not self.is_bound("Encoding") else resolve_encoding(self, self.Encoding)[0]
        for path in self.targets(must_exist=True):
            if os.path.isdir(path):
                self.write_error(path_error(
                    self.info.name,
                    f"Unable to get content because it is a directory: '{path}'. Please use 'Get-ChildItem' instead.",
                    "GetContainerContentException", ErrorCategory.InvalidOperation, path,
                    "System.InvalidOperationException"))
                continue
            try:
                with open(path, "rb") as f:
                    data = f.read()
            except OSError as e:
                self.write_error(os_error(self.info.name, e, path, "GetContentReaderIOError"))
                continue
            self._emit(data, codec)
            if self.Wait:
                self._follow(path, len(data), codec)

    def _items(self, data: bytes, codec: str | None) -> list[Any]:
        if self.AsByteStream:
            return list(data)
        text = decode(data, codec)
        if self.Raw:
            return [text] if text else []
        if self.is_bound("Delimiter") and self.Delimiter:
            parts = text.split(self.Delimiter)
            items = [p + self.Delimiter for p in parts[:-1]]
            if parts[-1]:
                items.append(parts[-1])
            return items
        return split_lines(text)

    def _emit(self, data: bytes, codec: str | None) -> None:
        items = self._items(data, codec)
        if self.TotalCount is not None and self.TotalCount >= 0:
            items = items[: self.TotalCount]
        if self.Tail is not None and self.Tail >= 0:
            items = items[len(items) - self.Tail:] if self.Tail else []
        self._write(items)

    def _write(self, items: list[Any]) -> None:
        count = self.ReadCount if self.ReadCount is not None else 1
        if count == 1 or count < 0:
            for item in items:
                self.write_output(item)
        elif count == 0:
            if items:
                self.write_output(items)
        else:
            for start in range(0, len(items), count):
                self.write_output(items[start:start + count])

    def _follow(self, path: str, position: int, codec: str | None) -> None:
        pending = b""
        while not self.stopping:
            time.sleep(0.1)
            try:
                size = os.path.getsize(path)
            except OSError:
                continue
            if size < position:
                position, pending = 0, b""
            if size == position:
                continue
            with open(path, "rb") as f:
                f.seek(position)
                chunk = f.read()
            position += len(chunk)
            pending += chunk
            text = decode(pending, codec)
            lines = _LINE_BREAK.split(text)
            pending = lines.pop().encode(codec or "utf-8")
            for line in lines:
                self.write_output(line)


class WriteContentCmdlet(ContentCmdlet):
    """Set-Content and Add-Content: values from the pipeline or -Value, written at the end."""

    Value = Param("object[]", position=1, mandatory=True, pipeline=True, pipeline_by_name=True,
                  help="The text to write; each value becomes a line.")
    NoNewline = Param("switch", help="Writes the values one after another with no line endings.")
    PassThru = Param("switch", help="Returns the written text.")
    AsByteStream = Param("switch", help="Writes the values as bytes.")
    Filter = Param("string")
    Include = Param("string[]")
    Exclude = Param("string[]")

    APPEND = False
    ACTION = "Set Content"

    def begin(self) -> None:
        self._values: list[Any] = []
        self._codec, self._bom = resolve_encoding(self, self.Encoding if self.is_bound("Encoding") else None)

    def process(self) -> None:
        value = self.Value
        if value is None:
            self._values.append(None)
        else:
            self._values.extend(enumerate_value(value) if isinstance(value, (list, tuple)) else [value])

    def end(self) -> None:
        for path in self.targets(must_exist=False):
            if os.path.isdir(path):
                self.write_error(path_error(self.info.name, f"Access to the path '{path}' is denied.",
                                            "GetContentWriterUnauthorizedAccessError", ErrorCategory.PermissionDenied,
                                            path, "System.UnauthorizedAccessException"))
                continue
            if not self.should_process(f"Path: {path}", self.ACTION):
                continue
            try:
                if self.AsByteStream:
                    with open(path, "ab" if self.APPEND else "wb") as f:
                        f.write(bytes(int(v) & 0xFF for v in self._values))
                else:
                    write_text(path, self._text(), self._codec, self._bom, append=self.APPEND)
            except OSError as e:
                record = os_error(self.info.name, e, path, "GetContentWriterDirectoryNotFoundError"
                                  if not os.path.isdir(os.path.dirname(path)) else "GetContentWriterIOError")
                self.write_error(record)
                continue
            if self.PassThru:
                for v in self._values:
                    self.write_output(v)

    def _text(self) -> str:
        texts = [to_string(v) for v in self._values]
        if self.NoNewline:
            return "".join(texts)
        return "".join(t + "\n" for t in texts)


@cmdlet(
    "Set-Content", aliases=("sc",), default_set="Path", supports_should_process=True,
    synopsis="Writes new content or replaces existing content in a file.",
    description="Replaces the content of files (creating them) with the given values, one line each. "
    "Pipeline input is collected and written when the pipeline ends.",
    examples=[Example("Set-Content a.txt 'hello', 'world'; Get-Content a.txt", "Writes two lines.",
                      output="hello\nworld"),
              Example("1..3 | Set-Content n.txt; (Get-Content n.txt) -join '+'", "Writes pipeline input.",
                      output="1+2+3")],
)
class SetContent(WriteContentCmdlet):
    APPEND = False


@cmdlet(
    "Add-Content", aliases=("ac",), default_set="Path", supports_should_process=True,
    synopsis="Adds content to the specified items, such as adding words to a file.",
    description="Appends the given values to files (creating them), one line each.",
    examples=[Example("Set-Content a.txt 'one'; Add-Content a.txt 'two'; Get-Content a.txt",
                      "Appends a line.", output="one\ntwo")],
)
class AddContent(WriteContentCmdlet):
    APPEND = True
    ACTION = "Add Content"


@cmdlet(
    "Clear-Content", aliases=("clc",), default_set="Path", supports_should_process=True,
    synopsis="Deletes the contents of an item, but does not delete the item.",
    description="Empties files, leaving them in place.",
    examples=[Example("Set-Content a.txt 'x'; Clear-Content a.txt; (Get-Item a.txt).Length",
                      "Empties a file.", output="0")],
)
class ClearContent(ContentCmdlet):
    Filter = Param("string")
    Include = Param("string[]")
    Exclude = Param("string[]")

    def process(self) -> None:
        for path in self.targets(must_exist=True):
            if not self.should_process(path, "Clear Content"):
                continue
            try:
                with open(path, "r+b") as f:
                    f.truncate(0)
            except OSError as e:
                self.write_error(os_error(self.info.name, e, path, "ClearContentIOError"))


@cmdlet(
    "Out-File", default_set="ByPath", supports_should_process=True,
    synopsis="Sends output to a file.",
    description="Writes its input to a file formatted exactly as the console would show it (tables, lists). "
    "-Append adds to the end; -NoClobber refuses to overwrite; -Width sets the line width of the formatting.",
    examples=[Example("'a','b' | Out-File out.txt; Get-Content out.txt", "Writes strings to a file.",
                      output="a\nb"),
              Example("Get-Process | Out-File -FilePath processes.txt -Width 200", "Saves a process table.",
                      runnable=False)],
)
class OutFile(Cmdlet):
    FilePath = Param("string", position=0, mandatory=True, aliases=("Path",), sets=("ByPath",),
                     help="The file to write.")
    LiteralPath = Param("string", aliases=("PSPath", "LP"), mandatory=True, sets=("ByLiteralPath",))
    Encoding = Param("string", position=1, help="The text encoding (utf8NoBOM by default).")
    Append = Param("switch", help="Adds to the end of the file.")
    Force = Param("switch", help="Overwrites a read-only file.")
    NoClobber = Param("switch", aliases=("NoOverwrite",), help="Fails instead of overwriting an existing file.")
    Width = Param("int", range=(2, None), help="The number of characters in each line of output.")
    NoNewline = Param("switch", help="Writes no line endings.")
    InputObject = Param("psobject", pipeline=True, help="The objects to write.")

    def begin(self) -> None:
        raw = self.LiteralPath if self.is_bound("LiteralPath") else self.FilePath
        self._path = absolute_path(self.context, raw)
        self._objects: list[Any] = []
        self._codec, self._bom = resolve_encoding(self, self.Encoding if self.is_bound("Encoding") else None)
        if self.NoClobber and not self.Append and os.path.exists(self._path):
            self.throw(path_error(self.info.name, f"The file '{self._path}' already exists.", "NoClobber",
                                  ErrorCategory.ResourceExists, self._path))
        if os.path.isdir(self._path):
            self.throw(path_error(self.info.name, f"Access to the path '{self._path}' is denied.",
                                  "FileOpenFailure", ErrorCategory.OpenError, self._path,
                                  "System.UnauthorizedAccessException"))
        if not os.path.isdir(os.path.dirname(self._path)):
            self.throw(path_error(self.info.name, f"Could not find a part of the path '{self._path}'.",
                                  "FileOpenFailure", ErrorCategory.OpenError, self._path,
                                  "System.IO.DirectoryNotFoundException"))

    def process(self) -> None:
        if self.expecting_input:
            if self.InputObject is not None:
                self._objects.append(self.InputObject)
        elif self.InputObject is not None:
            self._objects.extend(enumerate_value(self.InputObject))

    def end(self) -> None:
        if not self.should_process(self._path, "Output to File"):
            return
        text = self.context.format_objects(self._objects, width=self.Width) if self._objects else ""
        if text.endswith("\n"):
            text = text[:-1]
        lines = text.split("\n") if self._objects else []
        body = "".join(lines) if self.NoNewline else "".join(line + "\n" for line in lines)
        try:
            if self.Force and os.path.exists(self._path) and not os.access(self._path, os.W_OK):
                os.chmod(self._path, 0o644)
            write_text(self._path, body, self._codec, self._bom, append=self.Append)
        except OSError as e:
            self.write_error(os_error(self.info.name, e, self._path, "FileOpenFailure"))
