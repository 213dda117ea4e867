"""The format registry, and what every format has in common."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scopelint.fingerprint import assign_fingerprints
from scopelint.model import FileError, Finding, RunResult, Severity, Span
from scopelint.report import FORMATS, render


def sample() -> RunResult:
    findings = [
        Finding("SL101", "id-token-bearer", Severity.ERROR, "b.py", Span(2, 1, 2, 5), "m1", "h", snippet="tok"),
        Finding("SL101", "id-token-bearer", Severity.ERROR, "a.py", Span(9, 1, 9, 5), "m2", "h", snippet="tok"),
        Finding("SL101", "id-token-bearer", Severity.ERROR, "a.py", Span(4, 1, 4, 5), "m3", "h", snippet="tok"),
    ]
    assign_fingerprints(findings)
    return RunResult(findings=findings, errors=[FileError("c.py", "unreadable")])


def test_registered_formats() -> None:
    assert list(FORMATS) == ["text", "json", "sarif", "github", "gitlab"]


def test_unknown_format_names_the_choices() -> None:
    with pytest.raises(ValueError, match="unknown output format 'xml'.*text, json, sarif, github, gitlab"):
        render(RunResult(), "xml", rules=[])


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_is_text_ending_in_a_newline_and_deterministic(fmt: str) -> None:
    first = render(sample(), fmt, rules=[])
    result = sample()
    result.findings.reverse()
    assert first.endswith("\n")
    assert render(result, fmt, rules=[]) == first


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "text"])
def test_machine_formats_never_contain_colour(fmt: str) -> None:
    assert "\x1b" not in render(sample(), fmt, rules=[], color=True)


def test_same_fingerprints_in_every_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = sample()
    expected = [f.fingerprint for f in sorted(result.findings, key=Finding.sort_key)]
    assert len(set(expected)) == 3 and all(expected)
    from_json = [f["fingerprint"] for f in json.loads(render(result, "json", rules=[]))["findings"]]
    sarif = json.loads(render(result, "sarif", rules=[]))
    from_sarif = [r["partialFingerprints"]["scopelint/v1"] for r in sarif["runs"][0]["results"]]
    from_gitlab = [i["fingerprint"] for i in json.loads(render(result, "gitlab", rules=[]))][:3]
    assert from_json == from_sarif == from_gitlab == expected
