"""The demo project under examples/: the installed CLI reports exactly what
examples/README.md documents, and nothing in the machine-to-machine script."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from helpers import REPO

EXAMPLES = REPO / "examples"

# The SL101 table of examples/README.md, as written there (paths relative to examples/).
DOCUMENTED_SL101 = [
    ("flask_app/auth.py", 55, 35),
    ("flask_app/management.py", 27, 53),
    ("flask_app/app.py", 33, 57),
    ("flask_app/app.py", 62, 35),
    ("flask_app/app.py", 77, 56),
    ("flask_app/templates/mfa.html", 23, 33),
]


def documented_findings() -> set[tuple[str, int, int, str]]:
    """Every `path:line:col` row of the README's "## What SLxxx (name) reports" sections."""
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    found = set()
    for section in re.split(r"^## ", readme, flags=re.MULTILINE)[1:]:
        heading = re.match(r"What (SL\d{3}) \([a-z-]+\) reports", section)
        if heading is None:
            continue
        for path, line, column in re.findall(r"^\| `([\w/]+\.(?:py|html)):(\d+):(\d+)` \|", section, re.MULTILINE):
            found.add((f"examples/{path}", int(line), int(column), heading.group(1)))
    return found


DOCUMENTED = documented_findings()
DOCUMENTED_CODES = sorted({code for *_, code in DOCUMENTED})


def run_json(*args: str) -> tuple[int, dict]:
    proc = subprocess.run(
        [sys.executable, "-m", "scopelint", "check", "--format", "json", *args],
        cwd=REPO,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    try:
        return proc.returncode, json.loads(proc.stdout)
    except json.JSONDecodeError as exc:  # pragma: no cover - a failure message
        raise AssertionError(f"not one JSON document: {exc}\nstdout={proc.stdout!r}\nstderr={proc.stderr!r}") from exc


@pytest.fixture(scope="module")
def examples_run() -> tuple[int, dict]:
    # Only the rules the README documents findings for: the others are not its subject.
    return run_json("--select", ",".join(DOCUMENTED_CODES), "examples/")


def test_readme_documents_the_six_sl101_findings() -> None:
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    assert "Six findings" in readme
    sl101 = sorted((path, line, column) for path, line, column, code in DOCUMENTED if code == "SL101")
    assert sl101 == sorted((f"examples/{path}", line, column) for path, line, column in DOCUMENTED_SL101)


def test_examples_report_exactly_the_documented_findings(examples_run: tuple[int, dict]) -> None:
    code, document = examples_run
    assert document["errors"] == []
    found = sorted((f["path"], f["line"], f["column"], f["code"]) for f in document["findings"])
    assert found == sorted(DOCUMENTED)
    assert code == 1


def test_examples_findings_name_their_endpoints(examples_run: tuple[int, dict]) -> None:
    _, document = examples_run
    by_place = {(f["path"], f["line"]): f for f in document["findings"]}
    # The session header of UserAccount.__init__ is one finding naming the three endpoints.
    session = by_place[("examples/flask_app/management.py", 27)]["message"]
    for endpoint in (
        "PATCH /api/v2/users/{id}",
        "GET /api/v2/users/{id}/enrollments",
        "DELETE /api/v2/users/{id}/multifactor/{provider}",
    ):
        assert endpoint in session
    assert "POST /api/v2/device-credentials" in by_place[("examples/flask_app/app.py", 62)]["message"]
    assert "DELETE /api/v2/device-credentials/{id}" in by_place[("examples/flask_app/app.py", 77)]["message"]
    for finding in document["findings"]:
        if finding["code"] == "SL101":
            assert finding["rule"] == "id-token-bearer"
            assert finding["severity"] == "error"


def test_examples_scripts_have_no_findings() -> None:
    # Every rule: the machine-to-machine script is correct.
    code, document = run_json("examples/scripts")
    assert (code, document["findings"], document["errors"]) == (0, [], [])


def test_examples_scripts_is_checked_at_all() -> None:
    # Guard against a vacuous pass: the directory holds the M2M script that calls /api/v2/.
    script = (EXAMPLES / "scripts" / "block_users.py").read_text(encoding="utf-8")
    assert "/api/v2" in script
    assert "client_credentials" in script
