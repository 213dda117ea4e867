"""--format gitlab: a GitLab Code Quality report (artifacts:reports:codequality)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from scopelint.model import RunResult, Severity
from scopelint.report._common import sorted_errors, sorted_findings

if TYPE_CHECKING:
    from scopelint.rules.base import Rule

# GitLab's documented levels are info, minor, major, critical, blocker. Errors map to
# "major" so they rank above warnings ("minor"), as other linters' GitLab outputs do.
SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}

FILE_ERROR_CHECK = "scopelint-file-error"


def render(result: RunResult, *, rules: Sequence[type[Rule]] = (), color: bool = False) -> str:
    issues: list[dict[str, Any]] = []
    for finding in sorted_findings(result):
        issues.append(
            {
                "description": f"{finding.code} {finding.rule}: {finding.message}",
                "check_name": finding.code,
                "fingerprint": finding.fingerprint,
                "severity": SEVERITY[finding.severity],
                "location": {
                    "path": finding.path,
                    "lines": {"begin": finding.span.line, "end": finding.span.end_line},
                },
            }
        )
    # A file that could not be analysed is reported too: an empty report would read as "clean".
    for error in sorted_errors(result):
        digest = hashlib.sha256(f"{FILE_ERROR_CHECK}\0{error.path}\0{error.message}".encode()).hexdigest()
        issues.append(
            {
                "description": f"scopelint could not analyse this file: {error.message}",
                "check_name": FILE_ERROR_CHECK,
                "fingerprint": digest[:32],
                "severity": "major",
                "location": {"path": error.path, "lines": {"begin": 1, "end": 1}},
            }
        )
    return json.dumps(issues, indent=2) + "\n"
