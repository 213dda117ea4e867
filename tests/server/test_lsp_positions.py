"""Positions between scopelint (1-based lines, code-point columns) and an LSP client (0-based
lines, UTF-16 units by default), and the minimal edit that turns one text into another."""

from __future__ import annotations

import pytest
from lsprotocol import types

from lsp_text import apply_text_edits, position_of
from scopelint.model import Span
from scopelint.server.diagnostics import to_range, whole_text_edit
from scopelint.server.positions import LineIndex

TEXT = 'x = "é😀"; token = tokens["id_token"]\nsecond = 1\r\nthird\rlast'


def _span_of(text: str, needle: str) -> Span:
    at = text.index(needle)
    line = text.count("\n", 0, at) - text.count("\r\n", 0, at) + text.count("\r", 0, at) + 1
    line_start = max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1
    column = at - line_start + 1
    return Span(line, column, line, column + len(needle))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8", "utf-32"])
def test_a_span_after_non_ascii_characters_lands_on_the_same_text(encoding: str) -> None:
    index = LineIndex(TEXT, encoding)
    span = _span_of(TEXT, 'tokens["id_token"]')
    converted = to_range(index, span)
    assert converted.start == position_of(TEXT, 'tokens["id_token"]', encoding)
    # the client, replacing the range, replaces exactly the reported text
    edited = apply_text_edits(TEXT, [types.TextEdit(converted, 'tokens["access_token"]')], encoding)
    assert edited == TEXT.replace('tokens["id_token"]', 'tokens["access_token"]')


def test_utf16_counts_a_character_beyond_the_bmp_twice() -> None:
    index = LineIndex(TEXT)
    # 'x = "é😀"' : x, space, =, space, ", é (1 unit), 😀 (2 units) -> the closing quote at 8
    assert index.to_client(1, 8) == (0, 8)
    assert index.from_client(0, 8) == (1, 8)
    assert LineIndex(TEXT, "utf-8").to_client(1, 8) == (0, 11)  # é is 2 bytes, 😀 4


def test_lines_end_at_crlf_and_cr_alike() -> None:
    index = LineIndex(TEXT)
    assert index.to_client(3, 1) == (2, 0)
    assert index.to_client(4, 5) == (3, 4)
    assert index.offset(2, 0) == TEXT.index("third")
    assert index.offset(3, 0) == TEXT.index("last")


def test_positions_past_the_end_are_clamped() -> None:
    index = LineIndex("ab\ncd")
    assert index.to_client(9, 1) == (1, 2)
    assert index.offset(0, 99) == 2  # the end of the first line, not into the next one
    assert index.offset(7, 0) == 5


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("a = 1\nb = 2\n", "a = 1\nb = 3\n"),
        ("a\r\nb\r\n", "a\r\nx\r\nb\r\n"),  # an inserted line next to CRLF breaks
        ("a\r\nb", "a\nb"),  # a break whose \r goes
        ("é😀 = 1\n", "é😀 = 2\n"),
        ("same", "same"),
        ("", "new\n"),
    ],
)
def test_the_whole_text_edit_turns_the_old_text_into_the_new(old: str, new: str) -> None:
    edits = whole_text_edit(LineIndex(old), new)
    assert apply_text_edits(old, edits) == new
    if old == new:
        assert edits == []
