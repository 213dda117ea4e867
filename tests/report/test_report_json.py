"""--format json: one document, fixed keys, stable order."""

from __future__ import annotations

import json

import scopelint
from scopelint.model import Applicability, Edit, FileError, Finding, Fix, RunResult, Severity, Span
from scopelint.report import render


def make_finding(**overrides: object) -> Finding:
    values: dict = {
        "code": "SL101",
        "rule": "id-token-bearer",
        "severity": Severity.ERROR,
        "path": "app.py",
        "span": Span(3, 10, 3, 15),
        "message": "ID token used",
        "help": "send the access token",
        "line_text": "x = call(token)",
        "fingerprint": "0" * 32,
    }
    values.update(overrides)
    return Finding(**values)


def test_document_shape_and_order() -> None:
    fix = Fix(Applicability.SAFE, "use access token", (Edit(Span(3, 10, 3, 15), "access"),))
    findings = [
        make_finding(path="b.py", fix=fix),
        make_finding(path="a.py", span=Span(7, 1, 7, 4), code="SL102"),
        make_finding(path="a.py", span=Span(7, 1, 7, 4), code="SL101"),
        make_finding(path="a.py", span=Span(2, 5, 2, 9)),
    ]
    errors = [FileError("z.py", "syntax error"), FileError("c.py", "unreadable")]
    out = render(RunResult(findings=findings, errors=errors), "json", rules=[])
    document = json.loads(out)  # raises on anything but exactly one JSON document
    assert set(document) == {"version", "findings", "errors", "files"}
    assert document["version"] == scopelint.__version__
    assert [(f["path"], f["line"], f["code"]) for f in document["findings"]] == [
        ("a.py", 2, "SL101"),
        ("a.py", 7, "SL101"),
        ("a.py", 7, "SL102"),
        ("b.py", 3, "SL101"),
    ]
    assert document["findings"][3] == findings[0].to_dict()
    assert document["findings"][3]["fix"]["edits"][0]["content"] == "access"
    assert document["errors"] == [
        {"path": "c.py", "message": "unreadable"},
        {"path": "z.py", "message": "syntax error"},
    ]


def test_empty_run_and_non_ascii_messages_roundtrip() -> None:
    assert json.loads(render(RunResult(), "json", rules=[])) == {
        "version": scopelint.__version__,
        "findings": [],
        "errors": [],
        "files": {"checked": 0, "skipped_by_prefilter": 0, "analysed": 0},
    }
    finding = make_finding(message='naïve "quote" \n newline')
    document = json.loads(render(RunResult(findings=[finding]), "json", rules=[]))
    assert document["findings"][0]["message"] == 'naïve "quote" \n newline'


def test_output_does_not_depend_on_input_order() -> None:
    a = make_finding(path="a.py")
    b = make_finding(path="b.py")
    assert render(RunResult(findings=[a, b]), "json", rules=[]) == render(RunResult(findings=[b, a]), "json", rules=[])
