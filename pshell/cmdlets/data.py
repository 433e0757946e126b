"""ConvertTo-Json and ConvertFrom-Json (CSV is in `data_csv`)."""

from __future__ import annotations

from typing import Any

from pshell.cmdlets._json_text import (
    ESCAPE_DEFAULT,
    ESCAPE_HTML,
    ESCAPE_NON_ASCII,
    JsonReadError,
    JsonWriter,
    read_json,
)
from pshell.cmdlets.base import Cmdlet, Example, Param, cmdlet
from pshell.errors import ErrorRecord, PSError


@cmdlet(
    "ConvertTo-Json",
    synopsis="Converts an object to a JSON-formatted string.",
    description=(
        "Writes the input as JSON text, indented two spaces per level (or on one line with -Compress). "
        "Several input objects become one JSON array; -AsArray makes an array even of one. Objects "
        "nested deeper than -Depth (default 2) are written as their string form, with a warning."
    ),
    outputs="System.String",
    related=("ConvertFrom-Json",),
    examples=[
        Example("[ordered]@{Name='x'; Tags=@('a','b')} | ConvertTo-Json", "An object with an array.",
                output='{\n  "Name": "x",\n  "Tags": [\n    "a",\n    "b"\n  ]\n}'),
        Example("1,2 | ConvertTo-Json -Compress", "One line.", output="[1,2]"),
        Example("@{a=1} | ConvertTo-Json -Compress -AsArray", "Always an array.", output='[{"a":1}]'),
    ],
)
class ConvertToJson(Cmdlet):
    """ConvertTo-Json."""

    InputObject = Param("object", position=0, mandatory=True, pipeline=True, help="The objects to convert.")
    Depth = Param("int", range=(0, 100), default=2, help="How many levels of contained objects are written (default 2).")
    Compress = Param("switch", help="Omits white space and indentation.")
    EnumsAsStrings = Param("switch", help="Writes enumeration values as their names.")
    AsArray = Param("switch", help="Outputs a JSON array even for a single input object.")
    EscapeHandling = Param("string", choices=(ESCAPE_DEFAULT, ESCAPE_NON_ASCII, ESCAPE_HTML), default=ESCAPE_DEFAULT,
                           help="Which characters are escaped: Default (control characters), EscapeNonAscii, EscapeHtml.")

    def begin(self) -> None:
        self._items: list[Any] = []

    def process(self) -> None:
        if self.expecting_input or self.is_bound("InputObject"):
            self._items.append(self.InputObject)

    def end(self) -> None:
        if not self._items:
            return
        value: Any = list(self._items) if len(self._items) > 1 or self.AsArray else self._items[0]
        writer = JsonWriter(depth=self.Depth if self.Depth is not None else 2, compress=bool(self.Compress),
                            escape=self.EscapeHandling or ESCAPE_DEFAULT, warn=self.write_warning)
        try:
            text = writer.convert(value)
        except PSError as exc:
            self.throw(exc.record)
        self.write_output(text)


@cmdlet(
    "ConvertFrom-Json",
    synopsis="Converts a JSON-formatted string to a custom object or a hash table.",
    description=(
        "Reads JSON text: objects become custom objects with their properties in order (or ordered "
        "hashtables with -AsHashtable), arrays become arrays, and strings in ISO 8601 date form become "
        "dates. A top-level array is sent down the pipeline item by item unless -NoEnumerate is given. "
        "Lines arriving one by one on the pipeline are joined when they are not JSON on their own."
    ),
    related=("ConvertTo-Json",),
    examples=[
        Example("('{\"Name\":\"x\",\"Size\":2}' | ConvertFrom-Json).Size", "Reads a property.", output="2"),
        Example("'[1,2,3]' | ConvertFrom-Json | Measure-Object | ForEach-Object Count",
                "Arrays are enumerated.", output="3"),
    ],
)
class ConvertFromJson(Cmdlet):
    """ConvertFrom-Json."""

    InputObject = Param("string", position=0, mandatory=True, pipeline=True, allow_empty=True, help="The JSON text.")
    AsHashtable = Param("switch", help="Makes ordered hashtables instead of custom objects.")
    Depth = Param("int", range=(1, None), default=1024, help="The deepest nesting allowed (default 1024).")
    NoEnumerate = Param("switch", help="Outputs a top-level array as one object.")
    DateKind = Param("string", choices=("Default", "Local", "Utc", "Offset", "String"), default="Default",
                     help="How date strings are read; String keeps them as text.")

    def begin(self) -> None:
        self._buffer: list[str] = []

    def process(self) -> None:
        if self.InputObject is not None and (self.expecting_input or self.is_bound("InputObject")):
            self._buffer.append(self.InputObject)

    def end(self) -> None:
        if not self._buffer:
            return
        if len(self._buffer) == 1:
            self._convert(self._buffer[0])
            return
        try:
            first = self._parse(self._buffer[0])
        except JsonReadError:
            self._convert("\n".join(self._buffer))
            return
        self._write(first)
        for text in self._buffer[1:]:
            self._convert(text)

    def _parse(self, text: str) -> Any:
        if text.strip() == "":
            return _Empty
        return read_json(text, as_hashtable=bool(self.AsHashtable), max_depth=self.Depth or 1024,
                         parse_dates=(self.DateKind or "Default").lower() != "string")

    def _convert(self, text: str) -> None:
        try:
            value = self._parse(text)
        except JsonReadError as exc:
            self.throw(ErrorRecord(str(exc), exc.error_id, exc.category, target=text,
                                   exception_type="System.ArgumentException"))
        self._write(value)

    def _write(self, value: Any) -> None:
        if value is _Empty:
            return
        if isinstance(value, list) and not self.NoEnumerate:
            for item in value:
                self.write_output(item)
        else:
            self.write_output(value)


class _Empty:
    """Blank input: nothing to output."""
