"""--format gitlab: GitLab Code Quality report."""

from __future__ import annotations

import json

from scopelint.model import FileError, Finding, RunResult, Severity, Span
from scopelint.report import render

GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def make_finding(**overrides: object) -> Finding:
    values: dict = {
        "code": "SL101",
        "rule": "id-token-bearer",
        "severity": Severity.ERROR,
        "path": "app/views.py",
        "span": Span(3, 10, 5, 15),
        "message": "ID token used",
        "help": "send the access token",
        "fingerprint": "1" * 32,
    }
    values.update(overrides)
    return Finding(**values)


def gitlab(findings: list[Finding], errors: list[FileError] | None = None) -> list[dict]:
    return json.loads(render(RunResult(findings=findings, errors=errors or []), "gitlab", rules=[]))


def test_issue_shape() -> None:
    assert gitlab([make_finding()]) == [
        {
            "description": "SL101 id-token-bearer: ID token used",
            "check_name": "SL101",
            "fingerprint": "1" * 32,
            "severity": "major",
            "location": {"path": "app/views.py", "lines": {"begin": 3, "end": 5}},
        }
    ]


def test_severities_are_gitlab_levels() -> None:
    issues = gitlab(
        [
            make_finding(path="a.py", severity=Severity.ERROR, fingerprint="a"),
            make_finding(path="b.py", severity=Severity.WARNING, fingerprint="b"),
            make_finding(path="c.py", severity=Severity.INFO, fingerprint="c"),
        ]
    )
    assert [issue["severity"] for issue in issues] == ["major", "minor", "info"]
    assert {issue["severity"] for issue in issues} <= GITLAB_SEVERITIES


def test_file_errors_are_reported_with_unique_fingerprints() -> None:
    issues = gitlab([make_finding()], [FileError("x.py", "syntax error"), FileError("y.py", "syntax error")])
    assert [issue["check_name"] for issue in issues] == ["SL101", "scopelint-file-error", "scopelint-file-error"]
    assert issues[1]["location"] == {"path": "x.py", "lines": {"begin": 1, "end": 1}}
    assert issues[1]["severity"] in GITLAB_SEVERITIES
    assert len({issue["fingerprint"] for issue in issues}) == 3


def test_empty_report_is_an_empty_list() -> None:
    assert gitlab([]) == []
