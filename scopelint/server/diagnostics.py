"""Findings as the Language Server Protocol shows them: diagnostics, text edits, hovers.

The same fields every report format prints (`scopelint.model.Finding`), rendered as
lsprotocol types; positions converted by `scopelint.server.positions`. A finding's related
places (the token request its token comes from, the calls a request's token reaches) are its
`relatedInformation`.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from lsprotocol import types

from scopelint.model import Edit, Finding, Severity, Span
from scopelint.report.sarif import help_uri
from scopelint.server.positions import LineIndex

SOURCE = "scopelint"

SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def to_range(index: LineIndex, span: Span) -> types.Range:
    start = index.to_client(span.line, span.column)
    end = index.to_client(span.end_line, span.end_column)
    return types.Range(types.Position(*start), types.Position(*end))


# where a related place is: its document and the index of its text (None: not in the workspace)
Locate = Callable[[str], "tuple[str, LineIndex] | None"]


def to_diagnostic(finding: Finding, index: LineIndex, locate: Locate | None = None) -> types.Diagnostic:
    related = []
    for place in finding.related:
        found = locate(place.path) if locate is not None else None
        if found is not None:
            uri, place_index = found
            location = types.Location(uri=uri, range=to_range(place_index, place.span))
            related.append(types.DiagnosticRelatedInformation(location=location, message=place.message))
    return types.Diagnostic(
        range=to_range(index, finding.span),
        message=f"{finding.message}\nhelp: {finding.help}" if finding.help else finding.message,
        severity=SEVERITY[finding.severity],
        code=finding.code,
        code_description=types.CodeDescription(href=help_uri(finding.code)),
        source=SOURCE,
        # what a code action request sends back: which finding a diagnostic is
        data={"fingerprint": finding.fingerprint, "rule": finding.rule},
        related_information=related or None,
    )


def to_text_edits(index: LineIndex, edits: tuple[Edit, ...] | list[Edit]) -> list[types.TextEdit]:
    return [types.TextEdit(range=to_range(index, edit.span), new_text=edit.content) for edit in edits]


def whole_text_edit(index: LineIndex, new_text: str) -> list[types.TextEdit]:
    """One edit that turns the indexed text into `new_text`: only the changed middle is
    replaced (the common start and end stay), so the editor keeps the cursor and folds."""
    old = index.text
    if old == new_text:
        return []
    start = 0
    limit = min(len(old), len(new_text))
    while start < limit and old[start] == new_text[start]:
        start += 1
    end = 0
    while end < limit - start and old[len(old) - 1 - end] == new_text[len(new_text) - 1 - end]:
        end += 1
    # never split a \r\n: the positions of its halves are the same place to a client
    if 0 < start < len(old) and old[start - 1] == "\r" and old[start] == "\n":
        start -= 1
    old_end = len(old) - end
    if 0 < old_end < len(old) and old[old_end - 1] == "\r" and old[old_end] == "\n":
        old_end += 1
        end -= 1
    span_start = _position_of(index, start)
    span_end = _position_of(index, old_end)
    return [
        types.TextEdit(
            range=types.Range(types.Position(*span_start), types.Position(*span_end)),
            new_text=new_text[start : len(new_text) - end],
        )
    ]


def _position_of(index: LineIndex, offset: int) -> tuple[int, int]:
    line0 = bisect.bisect_right(index.starts, offset) - 1
    return index.to_client(line0 + 1, offset - index.starts[line0] + 1)


def hover_markdown(findings: list[Finding], explanations: dict[str, str]) -> str:
    """The findings at a place, each with its rule's explanation (`scopelint explain`)."""
    parts = []
    for finding in findings:
        parts.append(
            f"**{finding.code}** `{finding.rule}`: {finding.message}\n\n"
            f"```text\n{explanations.get(finding.code, finding.help)}\n```"
        )
    return "\n\n---\n\n".join(parts)
