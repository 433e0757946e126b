"""ConvertTo-Csv, ConvertFrom-Csv, Export-Csv and Import-Csv, as PowerShell 7 has them: no #TYPE
line unless -IncludeTypeInformation, every field quoted unless -UseQuotes says otherwise."""

from __future__ import annotations

import os
from typing import Any

from pshell.cmdlets._csv_text import (
    CsvFormatter,
    CsvImporter,
    CsvReader,
    column_names,
    delimiter_of,
    type_line,
)
from pshell.cmdlets.base import Cmdlet, Example, Param, cmdlet
from pshell.engine.values import to_string
from pshell.errors import ErrorCategory, ErrorRecord, PSError

_QUOTE_KINDS = ("Never", "Always", "AsNeeded")


# ------------------------------------------------------------------ shared writing parameters
class _CsvWriting(Cmdlet):
    Delimiter = Param("char", position=1, sets=("Delimiter",), help="The character between fields (default comma).")
    UseCulture = Param("switch", sets=("UseCulture",), help="Uses the current culture's list separator.")
    IncludeTypeInformation = Param("switch", aliases=("ITI",), help="Writes a #TYPE line first.")
    NoTypeInformation = Param("switch", aliases=("NTI",), help="Writes no #TYPE line (the default).")
    QuoteFields = Param("string[]", aliases=("QF",), help="Quotes only these columns.")
    UseQuotes = Param("string", aliases=("UQ",), choices=_QUOTE_KINDS, default="Always",
                      help="When to quote fields: Always (default), AsNeeded, Never.")
    NoHeader = Param("switch", help="Writes no header line.")

    def _check(self) -> None:
        if self.is_bound("QuoteFields") and self.is_bound("UseQuotes"):
            self.throw(ErrorRecord("You must specify either the -UseQuotes or -QuoteFields parameters, but not both.",
                                   "CannotSpecifyQuoteFieldsAndUseQuotes", ErrorCategory.InvalidData,
                                   exception_type="System.InvalidOperationException"))
        if self.is_bound("IncludeTypeInformation") and self.is_bound("NoTypeInformation"):
            self.throw(ErrorRecord("You must specify either the -IncludeTypeInformation or -NoTypeInformation parameters, but not both.",
                                   "CannotSpecifyIncludeTypeInformationAndNoTypeInformation", ErrorCategory.InvalidData,
                                   exception_type="System.InvalidOperationException"))
        self._formatter = CsvFormatter(delimiter=delimiter_of(self), quote=self.UseQuotes or "Always",
                                       quote_fields=list(self.QuoteFields) if self.QuoteFields is not None else None)
        self._names: list[str] | None = None

    def _lines(self, obj: Any, *, header: bool = True) -> list[str]:
        lines: list[str] = []
        if self._names is None:
            self._names = column_names(obj)
            if header and not self.NoHeader:
                if self.IncludeTypeInformation:
                    lines.append(type_line(obj))
                lines.append(self._formatter.header(self._names))
        lines.append(self._formatter.row(obj, self._names))
        return lines


@cmdlet(
    "ConvertTo-Csv",
    synopsis="Converts objects into a series of CSV strings.",
    description=(
        "Writes a header line with the first object's property names, then one line per object; "
        "every field is quoted unless -UseQuotes AsNeeded/Never or -QuoteFields says otherwise."
    ),
    default_set="Delimiter",
    outputs="System.String",
    related=("ConvertFrom-Csv", "Export-Csv"),
    examples=[
        Example("[pscustomobject]@{Name='x'; Size=2} | ConvertTo-Csv", "Quoted fields.", output='"Name","Size"\n"x","2"'),
        Example("[pscustomobject]@{Name='x'; Size=2} | ConvertTo-Csv -UseQuotes AsNeeded -Delimiter ';'",
                "Quotes only where needed.", output="Name;Size\nx;2"),
    ],
)
class ConvertToCsv(_CsvWriting):
    """ConvertTo-Csv."""

    InputObject = Param("psobject", position=0, mandatory=True, pipeline=True, help="The objects to convert.")

    def begin(self) -> None:
        self._check()

    def process(self) -> None:
        if self.InputObject is None or not (self.expecting_input or self.is_bound("InputObject")):
            return
        for line in self._lines(self.InputObject):
            self.write_output(line)


@cmdlet(
    "Export-Csv",
    aliases=("epcsv",),
    synopsis="Converts objects into a series of CSV strings and saves the strings to a file.",
    description=(
        "Writes the input objects to a CSV file (UTF-8): a header line, then a line per object. "
        "-Append adds to an existing file, matching its columns."
    ),
    default_set="Delimiter",
    supports_should_process=True,
    related=("Import-Csv", "ConvertTo-Csv"),
    examples=[
        Example("[pscustomobject]@{a=1} | Export-Csv out.csv; Get-Content out.csv", "Writes a file.", output='"a"\n"1"'),
    ],
)
class ExportCsv(_CsvWriting):
    """Export-Csv."""

    InputObject = Param("psobject", mandatory=True, pipeline=True, pipeline_by_name=True, help="The objects to export.")
    Path = Param("string", position=0, help="The file to write.")
    LiteralPath = Param("string", aliases=("PSPath", "LP"), help="The file to write, taken literally.")
    Force = Param("switch", help="Overwrites read-only files; with -Append, allows mismatched columns.")
    NoClobber = Param("switch", aliases=("NoOverwrite",), help="Does not overwrite an existing file.")
    Encoding = Param("string", help="The file encoding (utf8 by default).")
    Append = Param("switch", help="Adds to the end of the file.")

    def begin(self) -> None:
        self._check()
        if (self.Path is None) == (self.LiteralPath is None):
            self.throw(ErrorRecord("You must specify either the -Path or -LiteralPath parameters, but not both.",
                                   "CannotSpecifyPathAndLiteralPath", ErrorCategory.InvalidData,
                                   exception_type="System.InvalidOperationException"))
        self._path = self.context.resolve_path(self.Path or self.LiteralPath or "")
        self._enabled = self.should_process(self._path)
        self._existing: list[str] | None = None
        self._appending = False
        if not self._enabled:
            return
        if self.Append and os.path.isfile(self._path) and os.path.getsize(self._path) > 0:
            with open(self._path, encoding="utf-8-sig", newline="") as handle:
                importer = CsvImporter(self, delimiter=self._formatter.delimiter, header=None)
                importer._read_header(CsvReader(handle.read(), self._formatter.delimiter))
            self._existing = importer.header or []
            self._appending = True
        elif self.NoClobber and os.path.exists(self._path):
            self.throw(ErrorRecord(f"The file '{self._path}' already exists.", "NoClobber", ErrorCategory.ResourceExists,
                                   target=self._path, exception_type="System.IO.IOException"))
        try:
            self._handle = open(self._path, "a" if self.Append else "w", encoding="utf-8", newline="")
        except OSError as exc:
            self.throw(ErrorRecord(_os_message(exc, self._path), "FileOpenFailure", ErrorCategory.OpenError,
                                   target=self._path, exception_type="System.IO.IOException"))

    def process(self) -> None:
        if not self._enabled or self.InputObject is None:
            return
        obj = self.InputObject
        if self._names is None and self._appending and self._existing is not None:
            names = column_names(obj)
            have = {n.lower() for n in names}
            for column in self._existing:
                if column.lower() not in have and not self.Force:
                    self.throw(ErrorRecord(
                        f"Cannot append CSV content to the following file: {self.Path or self.LiteralPath}. The appended "
                        f"object does not have a property that corresponds to the following column: {column}. To continue "
                        "with mismatched properties, add the -Force parameter, and then retry the command.",
                        "CannotAppendCsvWithMismatchedPropertyNames", ErrorCategory.InvalidData, target=column,
                        exception_type="System.InvalidOperationException"))
            self._names = list(self._existing)
        for line in self._lines(obj, header=not self._appending):
            self._handle.write(line + "\n")

    def end(self) -> None:
        handle = getattr(self, "_handle", None)
        if handle is not None:
            handle.close()
            self._handle = None


def _os_message(exc: OSError, path: str) -> str:
    if isinstance(exc, FileNotFoundError):
        return f"Could not find a part of the path '{path}'."
    if isinstance(exc, PermissionError):
        return f"Access to the path '{path}' is denied."
    return str(exc.strerror or exc)


# ------------------------------------------------------------------ reading cmdlets
@cmdlet(
    "ConvertFrom-Csv",
    synopsis="Converts object properties in CSV format into CSV versions of the original objects.",
    description="Reads CSV lines (the first is the header unless -Header is given) into custom objects whose property values are strings.",
    default_set="Delimiter",
    related=("ConvertTo-Csv", "Import-Csv"),
    examples=[
        Example("'a,b','1,2' | ConvertFrom-Csv | ForEach-Object b", "Reads two columns.", output="2"),
    ],
)
class ConvertFromCsv(Cmdlet):
    """ConvertFrom-Csv."""

    InputObject = Param("psobject[]", position=0, mandatory=True, pipeline=True, help="The CSV text.")
    Delimiter = Param("char", position=1, sets=("Delimiter",), help="The character between fields (default comma).")
    UseCulture = Param("switch", sets=("UseCulture",), help="Uses the current culture's list separator.")
    Header = Param("string[]", help="Column names to use instead of the first line.")

    def begin(self) -> None:
        self._importer = CsvImporter(self, delimiter=delimiter_of(self), header=self.Header)

    def process(self) -> None:
        for item in self.InputObject or []:
            try:
                for obj in self._importer.objects(to_string(item)):
                    self.write_output(obj)
            except PSError as exc:
                self.throw(exc.record)


@cmdlet(
    "Import-Csv",
    aliases=("ipcsv",),
    synopsis="Creates table-like custom objects from the items in a CSV file.",
    description="Reads CSV files into custom objects, one per data line, with string property values named by the header line (or -Header).",
    default_set="Delimiter",
    related=("Export-Csv", "ConvertFrom-Csv"),
    examples=[
        Example("[pscustomobject]@{a=1;b=2} | Export-Csv t.csv; (Import-Csv t.csv).b", "Round trip.", output="2"),
    ],
)
class ImportCsv(Cmdlet):
    """Import-Csv."""

    Path = Param("string[]", position=0, pipeline=True, help="The CSV files to read.")
    LiteralPath = Param("string[]", aliases=("PSPath", "LP"), pipeline_by_name=True, help="The files, taken literally.")
    Delimiter = Param("char", position=1, sets=("Delimiter",), help="The character between fields (default comma).")
    UseCulture = Param("switch", sets=("UseCulture",), help="Uses the current culture's list separator.")
    Header = Param("string[]", help="Column names to use instead of the first line.")
    Encoding = Param("string", help="The file encoding (utf8 by default).")

    def process(self) -> None:
        paths = list(self.Path or []) + list(self.LiteralPath or [])
        for path in paths:
            full = self.context.resolve_path(to_string(path))
            try:
                with open(full, encoding="utf-8-sig", newline="") as handle:
                    text = handle.read()
            except FileNotFoundError:
                self.write_error(ErrorRecord(f"Could not find file '{full}'.", "FileOpenFailure", ErrorCategory.OpenError,
                                             target=full, exception_type="System.IO.FileNotFoundException"))
                continue
            except OSError as exc:
                self.write_error(ErrorRecord(_os_message(exc, full), "FileOpenFailure", ErrorCategory.OpenError,
                                             target=full, exception_type="System.IO.IOException"))
                continue
            importer = CsvImporter(self, delimiter=delimiter_of(self), header=self.Header)
            try:
                for obj in importer.objects(text):
                    self.write_output(obj)
            except PSError as exc:
                self.throw(exc.record)
