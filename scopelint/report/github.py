"""--format github: GitHub Actions workflow commands, shown as annotations on the PR."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from scopelint.model import RunResult, Severity
from scopelint.report._common import sorted_errors, sorted_findings

if TYPE_CHECKING:
    from scopelint.rules.base import Rule

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    """Escape a command's message as @actions/core does ("%" first, or it is escaped twice)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value: also ":" and ",", which delimit the properties."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, object], message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name} {props}::{escape_data(message)}" if props else f"::{name}::{escape_data(message)}"


def render(result: RunResult, *, rules: Sequence[type[Rule]] = (), color: bool = False) -> str:
    lines = []
    for finding in sorted_findings(result):
        span = finding.span
        properties: dict[str, object] = {"file": finding.path, "line": span.line}
        if span.line == span.end_line:
            # GitHub rejects columns on an annotation that spans several lines.
            properties.update(col=span.column, endLine=span.end_line, endColumn=span.end_column)
        else:
            properties["endLine"] = span.end_line
        properties["title"] = f"{finding.code} {finding.rule}"
        lines.append(command(COMMAND[finding.severity], properties, finding.message))
    for error in sorted_errors(result):
        lines.append(command("error", {"file": error.path}, error.message))
    return "".join(line + "\n" for line in lines)
