"""--format text (the default): for people reading a terminal or a CI log."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from scopelint.model import Finding, RunResult, Severity
from scopelint.report._common import sorted_errors, sorted_findings

if TYPE_CHECKING:
    from scopelint.rules.base import Rule

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_SEVERITY_COLOR = {Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[1;33m", Severity.INFO: "\x1b[1;36m"}
_HELP_COLOR = "\x1b[1;36m"
_SEVERITY_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)


def render(result: RunResult, *, rules: Sequence[type[Rule]] = (), color: bool = False) -> str:
    paint = _painter(color)
    out: list[str] = []
    findings = sorted_findings(result)
    for finding in findings:
        span = finding.span
        out.append(
            f"{paint(_BOLD, finding.path)}:{span.line}:{span.column}: "
            f"{paint(_SEVERITY_COLOR[finding.severity], finding.code)} {finding.rule} {finding.message}"
        )
        if finding.line_text:
            source = finding.line_text.rstrip("\r\n")
            out.append(source)
            out.append(paint(_SEVERITY_COLOR[finding.severity], _marker(source, finding)))
        if finding.help:
            out.append(f"  {paint(_HELP_COLOR, 'help:')} {finding.help}")
        out.append("")
    for error in sorted_errors(result):
        out.append(f"{paint(_BOLD, error.path)}: {paint(_SEVERITY_COLOR[Severity.ERROR], 'error:')} {error.message}")
    out.append(paint(_BOLD, summary(findings, len(result.errors))))
    return "\n".join(out) + "\n"


def summary(findings: Sequence[Finding], error_count: int = 0) -> str:
    """`Found 3 findings (2 errors, 1 warning) in 2 files.` or `No findings.`"""
    if findings:
        counts = Counter(finding.severity for finding in findings)
        parts = ", ".join(_severity_count(counts[sev], sev) for sev in _SEVERITY_ORDER if counts[sev])
        files = len({finding.path for finding in findings})
        text = f"Found {_plural(len(findings), 'finding')} ({parts}) in {_plural(files, 'file')}."
    else:
        text = "No findings."
    if error_count:
        # Without this, "No findings." would hide that some files were never checked.
        text += f" {_plural(error_count, 'file')} could not be analysed."
    return text


def _marker(source: str, finding: Finding) -> str:
    """Spaces up to the span's first column, then one ^ per marked column.

    A multi-line span is marked to the end of its first line. Tabs are kept so the
    carets line up under tabs, and wide (East Asian) characters count two cells.
    """
    span = finding.span
    start = min(max(span.column - 1, 0), len(source))
    end = span.end_column - 1 if span.end_line == span.line else len(source)
    end = min(max(end, start), len(source))
    prefix = "".join(ch if ch == "\t" else " " * _cell_width(ch) for ch in source[:start])
    width = sum(_cell_width(ch) if ch != "\t" else 1 for ch in source[start:end])
    return prefix + "^" * max(width, 1)


def _cell_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _severity_count(count: int, severity: Severity) -> str:
    # "info" reads wrong with an "s": "2 info", like "2 errors, 1 warning".
    return f"{count} info" if severity is Severity.INFO else _plural(count, severity.value)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _painter(color: bool):
    def paint(code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    return paint
