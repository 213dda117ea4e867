"""Places in a script: the `Site` of a node (what findings, suppressions and fingerprints
need) and where a new entry goes in an object literal, in the code's own layout."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from scopelint.facts.model import Site
from scopelint.javascript.parse import walk
from scopelint.javascript.values import FUNCTIONS
from scopelint.model import InsertionPoint, Span

if TYPE_CHECKING:
    from tree_sitter import Node

    from scopelint.javascript.values import ScriptValues

# Statements a suppression comment can stand on or above (the nearest enclosing one counts).
_STATEMENT = re.compile(r".*(_statement|_declaration)$")


def site_of(ev: ScriptValues, node: Node) -> Site:
    parsed = ev.parsed
    span = parsed.span(node)
    statement = node
    while statement.parent is not None and not _STATEMENT.match(statement.type):
        statement = statement.parent
    first, last = (span.line, span.end_line)
    if _STATEMENT.match(statement.type):
        bounds = parsed.span(statement)
        first, last = bounds.line, bounds.end_line
    return Site(
        path=ev.path,
        span=span,
        first_line=first,
        last_line=last,
        snippet=parsed.node_text(node),
        context=context_of(ev, node),
        line_text=parsed.line_text(span.line),
    )


def context_of(ev: ScriptValues, node: Node) -> str:
    """The enclosing named function ("" at top level or in anonymous callbacks only)."""
    current = node.parent
    while current is not None:
        if current.type in FUNCTIONS:
            name = current.child_by_field_name("name")
            if name is not None:
                return ev.text(name)
            parent = current.parent
            declared = (
                parent.child_by_field_name("name")
                if parent is not None and parent.type == "variable_declarator"
                else None
            )
            if declared is not None:
                return ev.text(declared)
        current = current.parent
    return ""


def _point(line: int, column: int) -> Span:
    return Span(line, column, line, column)


def insertion_point(ev: ScriptValues, obj: Node) -> InsertionPoint:
    """After the last entry of an object literal: on a new line with the same indentation when
    the entries stand one per line (after a trailing comma, keeping one), else on the same line."""
    parsed = ev.parsed
    entries = [c for c in obj.named_children if c.type != "comment"]
    if not entries:
        brace = parsed.span(obj.children[0])
        return InsertionPoint(_point(brace.end_line, brace.end_column), "", ", ", "")
    last = entries[-1]
    last_span = parsed.span(last)
    previous_end = parsed.span(entries[-2]).end_line if len(entries) > 1 else parsed.span(obj).line
    # `[ \t]*` matches every string: re.match's Optional result is never None here
    lead = re.match(r"[ \t]*", parsed.line_text(last_span.line)).group(0)  # type: ignore[union-attr]
    one_per_line = last_span.line > previous_end and len(lead) == last_span.column - 1
    comma = last.next_sibling if last.next_sibling is not None and last.next_sibling.type == "," else None
    if comma is not None:
        at = parsed.span(comma)
        if one_per_line:
            return InsertionPoint(_point(at.end_line, at.end_column), "\n" + lead, ",\n" + lead, ",")
        return InsertionPoint(_point(at.end_line, at.end_column), " ", ", ", ",")
    at_end = _point(last_span.end_line, last_span.end_column)
    if one_per_line:
        return InsertionPoint(at_end, ",\n" + lead, ",\n" + lead, "")
    return InsertionPoint(at_end, ", ", ", ", "")


def quote_of(ev: ScriptValues, obj: Node) -> str:
    """The quote character the code uses: the first string in the object, else in the file."""

    for root in (obj, *ev.parsed.roots):
        for node in walk(root):
            if node.type == "string":
                return ev.parsed.node_text(node)[0]
    return "'"
