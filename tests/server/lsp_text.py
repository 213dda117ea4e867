"""What an editor does with the server's edits, written independently of the server's own
position code: LSP positions are 0-based lines and UTF-16 code units (by default)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from lsprotocol import types

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")


def _lines(text: str) -> list[str]:
    """Lines with their breaks, as LSP counts them (\\n, \\r\\n, \\r)."""
    lines = [m.group(0) for m in _LINE.finditer(text) if m.group(0)]
    if not lines or lines[-1].endswith(("\n", "\r")):
        lines.append("")
    return lines


def offset(text: str, position: types.Position, encoding: str = "utf-16") -> int:
    lines = _lines(text)
    before = sum(len(line) for line in lines[: position.line])
    line = lines[position.line].rstrip("\r\n")
    unit = 2 if encoding == "utf-16" else 1 if encoding == "utf-8" else 4
    codec = {"utf-16": "utf-16-le", "utf-8": "utf-8", "utf-32": "utf-32-le"}[encoding]
    data = line.encode(codec, "surrogatepass")[: position.character * unit]
    return before + len(data.decode(codec, "surrogatepass"))


def apply_text_edits(text: str, edits: Sequence[types.TextEdit], encoding: str = "utf-16") -> str:
    spans = sorted(
        ((offset(text, e.range.start, encoding), offset(text, e.range.end, encoding), e.new_text) for e in edits),
        reverse=True,
    )
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def position_of(text: str, needle: str, encoding: str = "utf-16") -> types.Position:
    """The LSP position of the first occurrence of `needle`."""
    at = text.index(needle)
    lines = _lines(text)
    line0 = 0
    while at >= len(lines[line0]) and line0 + 1 < len(lines):
        at -= len(lines[line0])
        line0 += 1
    codec = {"utf-16": "utf-16-le", "utf-8": "utf-8", "utf-32": "utf-32-le"}[encoding]
    unit = 2 if encoding == "utf-16" else 1 if encoding == "utf-8" else 4
    return types.Position(line0, len(lines[line0][:at].encode(codec, "surrogatepass")) // unit)
