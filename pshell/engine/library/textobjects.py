"""System.Text objects: StringBuilder and the Encoding classes (UTF8, ASCII, Unicode, ...)."""

from __future__ import annotations

from typing import Any

from pshell.engine.library.common import (
    DotNetException,
    arg_chars,
    arg_int,
    arg_str,
    dotnet_class,
)
from pshell.engine.text import DotNetFormatError, format_composite
from pshell.engine.types import register_type
from pshell.engine.values import as_list, to_string

NEWLINE = "\n"


@dotnet_class
class StringBuilder:
    """System.Text.StringBuilder; the Append family returns the builder itself, as in .NET."""

    PS_TYPE_NAMES = ("System.Text.StringBuilder", "System.Object")
    PS_PROPERTIES = ("Capacity", "MaxCapacity", "Length")

    def __init__(self, value: Any = None, capacity: Any = None) -> None:
        self._parts: list[str] = []
        self._capacity = 16
        if isinstance(value, int) and not isinstance(value, bool):
            self._capacity = max(16, value)
        elif value is not None:
            self._parts.append(arg_str(value))
        if capacity is not None:
            self._capacity = max(self._capacity, arg_int(capacity))

    @property
    def _text(self) -> str:
        if len(self._parts) > 1:
            self._parts = ["".join(self._parts)]
        return self._parts[0] if self._parts else ""

    @property
    def Length(self) -> int:
        return sum(len(p) for p in self._parts)

    @Length.setter
    def Length(self, value: Any) -> None:
        n = arg_int(value)
        text = self._text
        self._parts = [text[:n].ljust(n, "\0")]

    @property
    def Capacity(self) -> int:
        while self._capacity < self.Length:
            self._capacity *= 2
        return self._capacity

    @property
    def MaxCapacity(self) -> int:
        return 2**31 - 1

    def Append(self, value: Any = None, start_or_count: Any = None, count: Any = None) -> "StringBuilder":
        if start_or_count is None:
            text = arg_chars(value) if isinstance(value, (list, tuple)) else to_string(value)
            self._parts.append("" if value is None else text)
        elif count is None:
            self._parts.append(arg_str(value) * arg_int(start_or_count))
        else:
            start, n = arg_int(start_or_count), arg_int(count)
            self._parts.append(arg_str(value)[start:start + n])
        return self

    def AppendLine(self, value: Any = None) -> "StringBuilder":
        self._parts.append(("" if value is None else to_string(value)) + NEWLINE)
        return self

    def AppendFormat(self, fmt: Any, *args: Any) -> "StringBuilder":
        values = list(args[0]) if len(args) == 1 and isinstance(args[0], (list, tuple)) else list(args)
        try:
            self._parts.append(format_composite(arg_str(fmt), values, to_string))
        except DotNetFormatError as e:
            raise DotNetException(str(e), "System.FormatException") from None
        return self

    def AppendJoin(self, separator: Any, *values: Any) -> "StringBuilder":
        items = as_list(values[0]) if len(values) == 1 else list(values)
        self._parts.append(arg_str(separator).join(to_string(v) for v in items))
        return self

    def Insert(self, index: Any, value: Any, count: Any = 1) -> "StringBuilder":
        at, text = arg_int(index), self._text
        if not 0 <= at <= len(text):
            raise DotNetException("Index was out of range. Must be non-negative and less than or equal to the size of the collection. (Parameter 'index')",
                                  "System.ArgumentOutOfRangeException")
        self._parts = [text[:at] + to_string(value) * arg_int(count) + text[at:]]
        return self

    def Replace(self, old: Any, new: Any, start: Any = None, count: Any = None) -> "StringBuilder":
        text, old_text, new_text = self._text, arg_str(old), arg_str(new)
        if not old_text:
            raise DotNetException("The value cannot be an empty string. (Parameter 'oldValue')")
        if start is None:
            self._parts = [text.replace(old_text, new_text)]
        else:
            a = arg_int(start)
            b = a + arg_int(count)
            self._parts = [text[:a] + text[a:b].replace(old_text, new_text) + text[b:]]
        return self

    def Remove(self, start: Any, length: Any) -> "StringBuilder":
        a, n, text = arg_int(start), arg_int(length), self._text
        if a < 0 or n < 0 or a + n > len(text):
            raise DotNetException("Index was out of range. Must be non-negative and less than the size of the collection. (Parameter 'startIndex')",
                                  "System.ArgumentOutOfRangeException")
        self._parts = [text[:a] + text[a + n:]]
        return self

    def Clear(self) -> "StringBuilder":
        self._parts = []
        return self

    def Chars(self, index: Any) -> str:
        at, text = arg_int(index), self._text
        if not 0 <= at < len(text):
            raise DotNetException("Index was out of range. Must be non-negative and less than the size of the collection. (Parameter 'index')",
                                  "System.ArgumentOutOfRangeException")
        return text[at]

    def EnsureCapacity(self, capacity: Any) -> int:
        self._capacity = max(self._capacity, arg_int(capacity))
        return self.Capacity

    def Equals(self, other: Any) -> bool:
        return isinstance(other, StringBuilder) and other._text == self._text

    def ToString(self, start: Any = None, length: Any = None) -> str:
        text = self._text
        if start is None:
            return text
        a, n = arg_int(start), arg_int(length)
        if a < 0 or n < 0 or a + n > len(text):
            raise DotNetException("Index and length must refer to a location within the string. (Parameter 'length')",
                                  "System.ArgumentOutOfRangeException")
        return text[a:a + n]

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"StringBuilder({self._text!r})"


def to_bytes(value: Any) -> bytes:
    """A byte[] argument (list of ints, bytes) as Python bytes."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if value is None:
        raise DotNetException("Value cannot be null. (Parameter 'bytes')", "System.ArgumentNullException")
    try:
        return bytes(int(b) for b in as_list(value))
    except (ValueError, TypeError):
        raise DotNetException("Value was either too large or too small for an unsigned byte.", "System.OverflowException") from None


@dotnet_class
class Encoding:
    """A System.Text.Encoding: GetBytes / GetString over a Python codec."""

    PS_PROPERTIES = ("Preamble", "BodyName", "EncodingName", "HeaderName", "WebName", "WindowsCodePage",
                     "IsBrowserDisplay", "IsBrowserSave", "IsMailNewsDisplay", "IsMailNewsSave",
                     "IsSingleByte", "EncoderFallback", "DecoderFallback", "IsReadOnly", "CodePage")
    IsBrowserDisplay = IsBrowserSave = IsMailNewsDisplay = IsMailNewsSave = True
    IsReadOnly = True
    EncoderFallback = "System.Text.EncoderReplacementFallback"
    DecoderFallback = "System.Text.DecoderReplacementFallback"

    def __init__(self, type_name: str, codec: str, web_name: str, display: str, code_page: int,
                 preamble: bytes = b"", windows_code_page: int | None = None) -> None:
        self.PS_TYPE_NAMES = (type_name, "System.Text.Encoding", "System.Object")
        self.codec = codec
        self.WebName = self.BodyName = self.HeaderName = web_name
        self.EncodingName = display
        self.CodePage = code_page
        self.WindowsCodePage = windows_code_page or code_page
        self._preamble = preamble

    @property
    def Preamble(self) -> list[int]:
        return list(self._preamble)

    @property
    def IsSingleByte(self) -> bool:
        return self.codec in ("ascii", "latin-1")

    def GetPreamble(self) -> list[int]:
        return list(self._preamble)

    def _text_of(self, value: Any, index: Any = None, count: Any = None) -> str:
        if isinstance(value, (list, tuple)):
            text = arg_chars(value)
        else:
            text = arg_str(value) if value is not None else None
            if text is None:
                raise DotNetException("Value cannot be null. (Parameter 's')", "System.ArgumentNullException")
        if index is not None:
            start = arg_int(index)
            text = text[start:start + arg_int(count)]
        return text

    def GetBytes(self, value: Any, index: Any = None, count: Any = None) -> list[int]:
        text = self._text_of(value, index, count)
        errors = "replace" if self.codec in ("ascii", "latin-1") else "surrogatepass"
        return list(text.encode(self.codec, errors=errors))

    def GetByteCount(self, value: Any) -> int:
        return len(self.GetBytes(value))

    def GetString(self, value: Any, index: Any = None, count: Any = None) -> str:
        data = to_bytes(value)
        if index is not None:
            start = arg_int(index)
            data = data[start:start + arg_int(count)]
        text = data.decode(self.codec, errors="replace")
        return text.replace("\ufffd", "?") if self.codec == "ascii" else text

    def GetChars(self, value: Any) -> list[str]:
        return list(self.GetString(value))

    def GetCharCount(self, value: Any) -> int:
        return len(self.GetString(value))

    def GetMaxByteCount(self, count: Any) -> int:
        return (arg_int(count) + 1) * {"utf-8": 3, "utf-16-le": 2, "utf-16-be": 2, "utf-32-le": 4}.get(self.codec, 1)

    def ToString(self) -> str:
        return self.PS_TYPE_NAMES[0]


def _encodings() -> dict[str, Encoding]:
    return {
        "utf8": Encoding("System.Text.UTF8Encoding+UTF8EncodingSealed", "utf-8", "utf-8", "Unicode (UTF-8)", 65001,
                         b"\xef\xbb\xbf", 1200),
        "utf8nobom": Encoding("System.Text.UTF8Encoding", "utf-8", "utf-8", "Unicode (UTF-8)", 65001, b"", 1200),
        "ascii": Encoding("System.Text.ASCIIEncoding+ASCIIEncodingSealed", "ascii", "us-ascii", "US-ASCII", 20127,
                          windows_code_page=1252),
        "unicode": Encoding("System.Text.UnicodeEncoding", "utf-16-le", "utf-16", "Unicode", 1200, b"\xff\xfe"),
        "bigendianunicode": Encoding("System.Text.UnicodeEncoding", "utf-16-be", "utf-16BE", "Unicode (Big-Endian)",
                                     1201, b"\xfe\xff", 1200),
        "utf32": Encoding("System.Text.UTF32Encoding", "utf-32-le", "utf-32", "Unicode (UTF-32)", 12000,
                          b"\xff\xfe\x00\x00", 1200),
        "latin1": Encoding("System.Text.Latin1Encoding", "latin-1", "iso-8859-1", "Western European (ISO)", 28591,
                           windows_code_page=1252),
    }


ENCODINGS = _encodings()
_NAMES = {"utf-8": "utf8", "65001": "utf8", "us-ascii": "ascii", "20127": "ascii", "utf-16": "unicode",
          "1200": "unicode", "utf-16le": "unicode", "utf-16be": "bigendianunicode", "1201": "bigendianunicode",
          "utf-32": "utf32", "12000": "utf32", "iso-8859-1": "latin1", "28591": "latin1", "latin1": "latin1",
          "default": "utf8"}


def get_encoding(name: Any) -> Encoding:
    """Encoding.GetEncoding(name or code page)."""
    key = arg_str(name).strip().lower()
    key = _NAMES.get(key, key)
    if key not in ENCODINGS:
        shown = arg_str(name)
        if shown.isdigit():
            raise DotNetException(f"No data is available for encoding {shown}. For information on defining a custom encoding, "
                                  "see the documentation for the Encoding.RegisterProvider method. (Parameter 'codepage')",
                                  "System.NotSupportedException")
        raise DotNetException(f"'{shown}' is not a supported encoding name. For information on defining a custom encoding, "
                              "see the documentation for the Encoding.RegisterProvider method. (Parameter 'name')")
    return ENCODINGS[key]


register_type("System.Text.StringBuilder", StringBuilder, "System.Text.StringBuilder", "text.stringbuilder")
register_type("System.Text.Encoding", Encoding, "System.Text.Encoding", "text.encoding")
