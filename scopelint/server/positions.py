"""Positions between scopelint and an editor.

scopelint counts 1-based lines and 1-based columns in code points (LibCST's idea of a
line: ends at \\n, \\r\\n or \\r). The Language Server Protocol counts 0-based lines and
0-based characters in the code units the client and server agreed on: UTF-16 unless the
client offered another (`positionEncoding`), so a character beyond the Basic Multilingual
Plane is two units, and in UTF-8 "é" is two. Both sides end lines at the same three breaks.
"""

from __future__ import annotations

from typing import Literal

from scopelint.fix.fixer import line_starts

Encoding = Literal["utf-8", "utf-16", "utf-32"]


def _units(text: str, encoding: Encoding) -> int:
    if encoding == "utf-32" or text.isascii():
        return len(text)
    if encoding == "utf-16":
        return len(text.encode("utf-16-le", "surrogatepass")) // 2
    return len(text.encode("utf-8", "surrogatepass"))


class LineIndex:
    """Where each line of one text starts, to convert positions both ways."""

    def __init__(self, text: str, encoding: Encoding = "utf-16") -> None:
        self.text = text
        self.encoding = encoding
        self.starts = line_starts(text)

    def _line_text(self, line0: int) -> str:
        """The 0-based line's text, without its line break."""
        start = self.starts[line0]
        end = self.starts[line0 + 1] if line0 + 1 < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def to_client(self, line: int, column: int) -> tuple[int, int]:
        """scopelint's (line, column), 1-based in code points -> the client's (line,
        character), 0-based in code units. A place past the end is clamped to it."""
        line0 = min(max(line - 1, 0), len(self.starts) - 1)
        if line - 1 >= len(self.starts):
            return line0, _units(self._line_text(line0), self.encoding)
        before = self._line_text(line0)[: max(column - 1, 0)]
        return line0, _units(before, self.encoding)

    def offset(self, line0: int, character: int) -> int:
        """The client's (line, character) -> an offset into the text (code points). A
        character past the line's end (or inside a surrogate pair) goes to the line's end
        (the next whole character)."""
        if line0 >= len(self.starts):
            return len(self.text)
        line0 = max(line0, 0)
        line_text = self._line_text(line0)
        units = 0
        for index, char in enumerate(line_text):
            if units >= character:
                return self.starts[line0] + index
            units += _units(char, self.encoding)
        return self.starts[line0] + len(line_text)

    def from_client(self, line0: int, character: int) -> tuple[int, int]:
        """The client's (line, character) -> scopelint's 1-based (line, column)."""
        at = self.offset(line0, character)
        line0 = min(max(line0, 0), len(self.starts) - 1)
        return line0 + 1, at - self.starts[line0] + 1


def encoding_of(kind: str | None) -> Encoding:
    """The negotiated `positionEncoding` ("utf-8", "utf-16", "utf-32"); UTF-16 by default."""
    if kind == "utf-8":
        return "utf-8"
    if kind == "utf-32":
        return "utf-32"
    return "utf-16"
