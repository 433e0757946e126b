"""CSV text as PowerShell 7 writes and reads it: field quoting, and Import-Csv's lenient parser."""

from __future__ import annotations

from typing import Any, Iterator

from pshell.cmdlets.base import Cmdlet
from pshell.engine.members import get_property, property_names
from pshell.engine.values import Hashtable, PSObject, is_enumerable, to_string
from pshell.errors import ErrorCategory, ErrorRecord, PSError

CSV_PREFIX = "CSV:"
_CUSTOM = ("System.Management.Automation.PSCustomObject", "System.Object")


# ------------------------------------------------------------------ writing
def field_text(value: Any) -> str | None:
    """A property value as .NET's ToString() gives it (None stays None: an empty field)."""
    if value is None:
        return None
    if isinstance(value, Hashtable):
        return "System.Collections.Specialized.OrderedDictionary" if value.ordered else "System.Collections.Hashtable"
    if isinstance(value, (list, tuple)) or (is_enumerable(value) and not isinstance(value, str)):
        return "System.Object[]"
    return to_string(value)


def column_names(obj: Any) -> list[str]:
    if isinstance(obj, Hashtable):
        return [to_string(k) for k in obj.keys()]
    return property_names(obj)


def row_values(obj: Any, names: list[str]) -> list[str | None]:
    out: list[str | None] = []
    for name in names:
        if isinstance(obj, Hashtable):
            out.append(field_text(obj[name]) if name in obj else None)
        elif isinstance(obj, PSObject):
            out.append(field_text(obj.properties[name]) if name in obj.properties else None)
        elif name.lower() in (n.lower() for n in property_names(obj)):
            out.append(field_text(get_property(obj, name)))
        else:
            out.append(None)
    return out


class CsvFormatter:
    """Writes header and data lines with a delimiter and a quoting rule."""

    def __init__(self, *, delimiter: str = ",", quote: str = "Always", quote_fields: list[str] | None = None) -> None:
        self.delimiter = delimiter
        self.quote = quote
        self.quote_fields = {f.lower() for f in quote_fields} if quote_fields is not None else None

    def _field(self, text: str | None, column: str) -> str:
        if text is None:
            return ""
        if self.quote_fields is not None:
            wanted = column.lower() in self.quote_fields
        elif self.quote == "Always":
            wanted = True
        elif self.quote == "AsNeeded":
            wanted = any(c in text for c in (self.delimiter, "\n", '"'))
        else:
            wanted = False
        return '"' + text.replace('"', '""') + '"' if wanted else text

    def header(self, names: list[str]) -> str:
        return self.delimiter.join(self._field(n, n) for n in names)

    def row(self, obj: Any, names: list[str]) -> str:
        return self.delimiter.join(self._field(v, n) for v, n in zip(row_values(obj, names), names))


def type_line(obj: Any) -> str:
    from pshell.engine.values import type_names

    names = type_names(obj)
    if not names:
        return "#TYPE"
    first = names[0]
    if first.upper().startswith(CSV_PREFIX):
        first = first[len(CSV_PREFIX):]
    return f"#TYPE {first}"


# ------------------------------------------------------------------ reading
class CsvReader:
    """Parses CSV text into records the way Import-Csv does (lenient about stray quotes and blanks)."""

    def __init__(self, text: str, delimiter: str = ",") -> None:
        self.text = text
        self.pos = 0
        self.delimiter = delimiter

    @property
    def eof(self) -> bool:
        return self.pos >= len(self.text)

    def _read(self) -> str:
        ch = self.text[self.pos]
        self.pos += 1
        return ch

    def _peek(self, ch: str) -> bool:
        return not self.eof and self.text[self.pos] == ch

    def read_line(self) -> str:
        end = self.text.find("\n", self.pos)
        line = self.text[self.pos:] if end < 0 else self.text[self.pos:end]
        self.pos = len(self.text) if end < 0 else end + 1
        return line.rstrip("\r")

    def _newline(self, ch: str) -> str | None:
        if ch == "\r":
            if self._peek("\n"):
                self.pos += 1
                return "\r\n"
            return "\r"
        return "\n" if ch == "\n" else None

    def _till_delimiter(self, eat_blanks: bool) -> tuple[str, bool]:
        chars: list[str] = []
        end_of_record = False
        while True:
            if self.eof:
                end_of_record = True
                break
            ch = self._read()
            if ch == self.delimiter:
                break
            if self._newline(ch) is not None:
                end_of_record = True
                break
            chars.append(ch)
        text = "".join(chars)
        if eat_blanks and text.strip(" \t") == "":
            text = text.strip()
        return text, end_of_record

    def record(self) -> list[str]:
        values: list[str] = []
        current: list[str] = []
        quoted = False
        while not self.eof:
            ch = self._read()
            if ch == self.delimiter and not quoted:
                values.append("".join(current))
                current = []
            elif ch == self.delimiter:
                current.append(ch)
            elif ch == '"':
                if quoted:
                    if self._peek('"'):
                        self.pos += 1
                        current.append('"')
                        continue
                    quoted = False
                    rest, end = self._till_delimiter(True)
                    values.append("".join(current) + rest)
                    current = []
                    if end:
                        return values
                elif not current:
                    quoted = True
                else:
                    current.append(ch)
                    rest, end = self._till_delimiter(False)
                    values.append("".join(current) + rest)
                    current = []
                    if end:
                        return values
            elif ch in " \t":
                if quoted:
                    current.append(ch)
                elif current:
                    current.append(ch)
                    rest, end = self._till_delimiter(True)
                    values.append("".join(current) + rest)
                    current = []
                    if end:
                        return values
            else:
                newline = self._newline(ch)
                if newline is not None:
                    if quoted:
                        current.append(newline)
                    else:
                        values.append("".join(current))
                        return values
                else:
                    current.append(ch)
        if current:
            values.append("".join(current))
        return values


class CsvImporter:
    """Turns CSV text into custom objects; the header (and #TYPE) carries over between texts."""

    def __init__(self, cmd: Cmdlet, *, delimiter: str, header: list[str] | None) -> None:
        self.cmd = cmd
        self.delimiter = delimiter
        self.header = list(header) if header else None
        self.type_name: str | None = None
        self._warned = False

    def _read_header(self, reader: CsvReader) -> None:
        if self.type_name is None and reader._peek("#"):
            start = reader.pos
            line = reader.read_line()
            if line.lower().startswith("#type"):
                self.type_name = line[5:].strip() or None
            else:
                reader.pos = start
        while self.header is None and not reader.eof:
            values = reader.record()
            while len(values) > 1 and values[-1] == "":
                values.pop()
            if values and values[0].startswith("#Fields: "):
                values[0] = values[0][9:]
                self.header = values
            elif values and values[0].startswith("#"):
                continue
            else:
                self.header = values
        if self.header:
            seen: set[str] = set()
            for name in self.header:
                if name and name.lower() in seen:
                    raise PSError(ErrorRecord(f'The member "{name}" is already present.', "AlreadyPresentPSMemberInfoInternalCollectionAdd",
                                              ErrorCategory.NotSpecified, exception_type="System.Management.Automation.ExtendedTypeSystemException"))
                seen.add(name.lower())

    def objects(self, text: str) -> Iterator[PSObject]:
        reader = CsvReader(text, self.delimiter)
        self._read_header(reader)
        while True:
            values = reader.record()
            if not values:
                break
            if len(values) == 1 and values[0] == "":
                continue
            yield self._build(values)

    def _build(self, values: list[str]) -> PSObject:
        names = self.header or []
        obj = PSObject(type_names=[self.type_name, CSV_PREFIX + self.type_name] if self.type_name else _CUSTOM)
        unnamed = 1
        for i, name in enumerate(names):
            if not name:
                name = f"H{unnamed}"
                unnamed += 1
            obj.properties[name] = values[i] if i < len(values) else None
        if unnamed > 1 and not self._warned:
            self._warned = True
            self.cmd.write_warning('One or more headers were not specified. Default names starting with "H" have been used in place of any missing headers.')
        return obj


def delimiter_of(cmd: Cmdlet) -> str:
    if getattr(cmd, "UseCulture", False):
        return ","
    value = cmd.bound.get("Delimiter")
    text = to_string(value) if value is not None else ","
    return text[:1] or ","
