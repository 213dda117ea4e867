"""Code actions: a finding's fix, a suppression comment, and every safe fix of a file.

A suppression comment is written in the file's comment syntax (`#` in Python, `//` in
scripts and in a template's `<script>` blocks, see `scopelint.suppression`): a code added to
a `scopelint: ignore[...]` directive already on the reported line, else a directive at the
end of that line, else one on its own line above it. Each candidate is kept only if the
file still parses and the file's own suppression reader then silences the finding, so a
comment never lands inside a string or after a line continuation.
"""

from __future__ import annotations

import re

from lsprotocol import types

from scopelint.fix.fixer import apply_edits, line_starts
from scopelint.frontends import frontend_for
from scopelint.languages import kind_of
from scopelint.model import Applicability, Edit, Finding, Span
from scopelint.server.diagnostics import to_diagnostic, to_text_edits
from scopelint.server.positions import LineIndex

FIX_ALL_KIND = f"{types.CodeActionKind.SourceFixAll.value}.scopelint"
_EXISTING = re.compile(r"scopelint\s*:\s*ignore\[(?P<codes>[^\]]*)\]", re.IGNORECASE)


def suppression_edit(path: str, text: str, finding: Finding) -> Edit | None:
    """The edit that silences `finding` with a comment, or None when no comment can."""
    frontend = frontend_for(path)
    line = finding.span.line
    starts = line_starts(text)
    if line > len(starts):
        return None
    begin = starts[line - 1]
    end = starts[line] if line < len(starts) else len(text)
    line_text = text[begin:end].rstrip("\r\n")
    opener = "#" if kind_of(path) == "python" else "//"
    directive = f"scopelint: ignore[{finding.code}]"
    candidates: list[tuple[Edit, int]] = []  # an edit, and the finding's line after it
    existing = _EXISTING.search(line_text)
    if existing is not None:
        at = existing.end("codes")
        separator = ", " if existing.group("codes").strip() else ""
        candidates.append((Edit(Span(line, at + 1, line, at + 1), f"{separator}{finding.code}"), line))
    content_end = len(line_text.rstrip())
    spacing = "  " if opener == "#" else " "
    candidates.append(
        (Edit(Span(line, content_end + 1, line, len(line_text) + 1), f"{spacing}{opener} {directive}"), line)
    )
    indent = line_text[: len(line_text) - len(line_text.lstrip())]
    # a new line above: apply_edits gives it the line break of the line it goes into
    candidates.append((Edit(Span(line, 1, line, 1), f"{indent}{opener} {directive}\n"), line + 1))
    for edit, finding_line in candidates:
        edited = apply_edits(text, [edit])
        silenced = frontend.suppressions(edited, path).silences(finding.code, finding.rule, finding_line, finding_line)
        if silenced and frontend.verify(edited, path) is None:
            return edit
    return None


def fix_actions(
    uri: str, finding: Finding, index: LineIndex, diagnostic: types.Diagnostic, *, unsafe: bool
) -> list[types.CodeAction]:
    """The finding's own fix (an unsafe one only when `unsafe`), then its suppression."""
    actions: list[types.CodeAction] = []
    fix = finding.fix
    if fix is not None and fix.edits and (fix.applicability is Applicability.SAFE or unsafe):
        label = "" if fix.applicability is Applicability.SAFE else " (unsafe)"
        actions.append(
            types.CodeAction(
                title=f"Fix {finding.code}{label}: {fix.description}",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                is_preferred=fix.applicability is Applicability.SAFE,
                edit=types.WorkspaceEdit(changes={uri: to_text_edits(index, fix.edits)}),
            )
        )
    suppress = suppression_edit(finding.path, index.text, finding)
    if suppress is not None:
        actions.append(
            types.CodeAction(
                title=f"Suppress {finding.code} ({finding.rule}) on this line",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                edit=types.WorkspaceEdit(changes={uri: to_text_edits(index, [suppress])}),
            )
        )
    return actions


def overlaps(a: types.Range, b: types.Range) -> bool:
    """Whether two ranges share a place (an empty range at a boundary touches it)."""
    a_start, a_end = (a.start.line, a.start.character), (a.end.line, a.end.character)
    b_start, b_end = (b.start.line, b.start.character), (b.end.line, b.end.character)
    return a_start <= b_end and b_start <= a_end


def findings_in(
    findings: list[Finding], index: LineIndex, wanted: types.Range
) -> list[tuple[Finding, types.Diagnostic]]:
    """The findings whose range touches `wanted`, each with its diagnostic."""
    found = []
    for finding in findings:
        diagnostic = to_diagnostic(finding, index)
        if overlaps(diagnostic.range, wanted):
            found.append((finding, diagnostic))
    return found


def has_safe_fix(findings: list[Finding]) -> bool:
    return any(f.fix is not None and f.fix.applicability is Applicability.SAFE for f in findings)
