"""Display-cell measurement and the string helpers shared by the layout renderables.

Every width in :mod:`pshell.format` is counted in terminal cells, not characters:
East Asian wide characters (CJK and friends) take two cells, combining marks none.
The helpers here mirror PowerShell's ``DisplayCells`` / ``StringManipulationHelper``.
"""

from __future__ import annotations

from typing import Literal

from rich.cells import cell_len

ELLIPSIS = "\u2026"
"""The single-cell ellipsis PowerShell 7 uses to mark a cut value."""

Align = Literal["left", "right"]


def cell_width(text: str) -> int:
    """Return how many terminal cells *text* occupies (wide characters count as 2)."""
    return cell_len(text)


def truncate_tail(text: str, width: int) -> str:
    """Return the longest prefix of *text* that fits in *width* cells."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    used = 0
    for index, char in enumerate(text):
        used += cell_len(char)
        if used > width:
            return text[:index]
    return text


def truncate_head(text: str, width: int) -> str:
    """Return the longest suffix of *text* that fits in *width* cells."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    used = 0
    for index in range(len(text) - 1, -1, -1):
        used += cell_len(text[index])
        if used > width:
            return text[index + 1 :]
    return text


def first_line(text: str) -> str:
    """Cut *text* at its first line break, marking the cut with an ellipsis.

    This is PowerShell's ``TruncateAtNewLine``: ``"one\\ntwo"`` becomes ``"one…"``.
    """
    for index, char in enumerate(text):
        if char in "\r\n":
            return text[:index] + ELLIPSIS
    return text


def split_lines(text: str) -> list[str]:
    """Split *text* on ``\\n`` (dropping every ``\\r``); always at least one line."""
    return text.replace("\r", "").split("\n")


def fit(text: str, width: int, align: Align = "left") -> str:
    """Pad or cut single-line *text* to exactly *width* cells.

    Shorter text is padded on the right (left alignment) or on the left (right
    alignment).  Longer text is cut and marked with "…": left-aligned text keeps
    its head (``"abcdef"`` → ``"abc…"``), right-aligned text keeps its tail
    (``"…def"``).  A one-cell column has no room for the ellipsis and just shows
    the first (or last) cell.  A wide character that would straddle the edge is
    dropped and replaced by a blank, so the result is always *width* cells.
    """
    if width <= 0:
        return ""
    if cell_len(text) > width:
        room = width - len(ELLIPSIS)
        if align == "right":
            text = ELLIPSIS + truncate_head(text, room) if room > 0 else truncate_head(text, width)
        else:
            text = truncate_tail(text, room) + ELLIPSIS if room > 0 else truncate_tail(text, width)
    padding = " " * (width - cell_len(text))
    return padding + text if align == "right" else text + padding


def _words(line: str) -> list[str]:
    """Split *line* into words, each keeping the blank or tab that ended it."""
    words: list[str] = []
    current: list[str] = []
    for char in line:
        current.append(char)
        if char in " \t":
            words.append("".join(current))
            current = []
    words.append("".join(current))
    return words


def wrap_line(line: str, width: int) -> list[str]:
    """Word-wrap one line (no line breaks in it) into pieces of at most *width* cells.

    PowerShell's ``GenerateLinesWithWordWrap`` (the en/fr/de/it/pt/es behaviour):
    words are added while they fit *together with the blank that ends them*
    (so ``"one two three"`` at width 7 gives three pieces); a word that does
    not fit starts a new piece; a word wider than a whole piece is broken by
    character, continuing the current piece.  A wide character in a one-cell
    column is shown as ``?``.  A line that fits is returned unchanged; when a
    line is broken, the trailing blanks of its pieces are removed.
    """
    width = max(width, 1)
    if cell_len(line) <= width:
        return [line]
    pieces: list[str] = []
    current: list[str] = []
    left = width
    for word in _words(line):
        word_width = cell_len(word)
        if word_width > width:
            for char in word:
                char_width = cell_len(char)
                if char_width > width:
                    char, char_width = "?", 1
                if char_width > left:
                    pieces.append("".join(current))
                    current, left = [char], width - char_width
                else:
                    current.append(char)
                    left -= char_width
        elif word_width > left:
            pieces.append("".join(current))
            current, left = [word], width - word_width
        else:
            current.append(word)
            left -= word_width
    pieces.append("".join(current))
    return [piece.rstrip() for piece in pieces]


def wrap_text(text: str, width: int) -> list[str]:
    """Split *text* on line breaks, then word-wrap each line to *width* cells."""
    return [piece for line in split_lines(text) for piece in wrap_line(line, width)]
