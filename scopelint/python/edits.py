"""Building text edits from CST nodes: the raw material of every fix.

Edits are spans of the original text and their replacement. They touch only the edited
region: the quote style, prefixes and layout around it stay as the author wrote them.
Line breaks in inserted text are written as "\\n"; the fixer turns them into the file's
own line ending.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import libcst as cst

from scopelint.model import Edit, InsertionPoint, Span

SpanOf = Callable[[cst.CSTNode], Span]


def point(line: int, column: int) -> Span:
    return Span(line, column, line, column)


def retext_string(node: cst.SimpleString, new_value: str) -> str | None:
    """The literal `node` with its value replaced, keeping prefix and quotes; None if it cannot be."""
    match = re.match(r"^([a-zA-Z]*)('''|\"\"\"|'|\")", node.value)
    if match is None or "b" in match.group(1).lower():
        return None
    prefix, quote = match.groups()
    if quote in new_value or "\\" in new_value or ("\n" in new_value and len(quote) == 1):
        return None
    return f"{prefix}{quote}{new_value}{quote}"


def replace_string_value(node: cst.SimpleString, new_value: str, span_of: SpanOf) -> Edit | None:
    text = retext_string(node, new_value)
    return Edit(span_of(node), text) if text is not None else None


def quote_like(node: cst.CSTNode | None) -> str:
    """The quote character the code around `node` uses ('"' when it cannot tell)."""
    if isinstance(node, cst.SimpleString):
        match = re.match(r"^[a-zA-Z]*('|\")", node.value)
        if match:
            return match.group(1)
    return '"'


def insertion_point(
    elements: Sequence[cst.CSTNode], container: Span, span_of: SpanOf, line_text: Callable[[int], str] | None = None
) -> InsertionPoint:
    """After the last of `elements` (of a collection spanning `container`), in its layout: a
    new line with the same indentation (tabs included) when the elements stand one per line,
    else on the same line."""
    last = elements[-1]
    last_span = span_of(last)
    previous_end = span_of(elements[-2]).end_line if len(elements) > 1 else container.line
    # `[ \t]*` matches every string: re.match's Optional result is never None here
    lead = re.match(r"[ \t]*", line_text(last_span.line)).group(0) if line_text else ""  # type: ignore[union-attr]
    one_per_line = last_span.line > previous_end and len(lead) == last_span.column - 1
    if one_per_line:
        indent = "\n" + lead
        comma = getattr(last, "comma", None)
        if isinstance(comma, cst.Comma):
            # after the trailing comma, keeping one on the new last element
            comma_span = span_of(comma)
            return InsertionPoint(point(comma_span.end_line, comma_span.end_column), indent, "," + indent, ",")
        # an element's span covers its value with any parentheses, not its comma
        return InsertionPoint(point(last_span.end_line, last_span.end_column), "," + indent, "," + indent, "")
    return InsertionPoint(point(last_span.end_line, last_span.end_column), ", ", ", ", "")


def sequence_insertion(
    node: cst.List | cst.Tuple, span_of: SpanOf, line_text: Callable[[int], str] | None = None
) -> InsertionPoint | None:
    if not node.elements:
        return None
    return insertion_point(node.elements, span_of(node), span_of, line_text)
