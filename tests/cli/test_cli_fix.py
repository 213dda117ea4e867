"""`scopelint fix` through the installed CLI: diff, write, interactive, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import PASSWORD_GRANT_APP, scopelint

APP = PASSWORD_GRANT_APP

FIXED = APP.replace(
    '"scope": "openid",\n    }',
    '"scope": "openid read:current_user", "audience": f"https://{DOMAIN}/api/v2/",\n    }',
).replace("tokens['id_token']", "tokens['access_token']")


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "app.py").write_bytes(APP.replace("\n", "\r\n").encode())
    return tmp_path


def test_diff_prints_the_change_and_writes_nothing(project: Path) -> None:
    before = (project / "app.py").read_bytes()
    run = scopelint(project, "fix", "--diff")
    assert (project / "app.py").read_bytes() == before
    assert run.stdout.startswith("--- a/app.py\n+++ b/app.py\n")
    removed = [line for line in run.stdout.splitlines() if line.startswith("-") and not line.startswith("---")]
    assert len(removed) == 2  # only the two edited lines change (the body's line and the header's)
    assert '"audience": f"https://{DOMAIN}/api/v2/"' in run.stdout
    assert run.returncode == 1  # fix --diff: there are changes to make


def test_fix_writes_lists_and_a_second_run_changes_nothing(project: Path) -> None:
    run = scopelint(project, "fix")
    assert "fixed app.py (SL101, SL102, SL104)" in run.stdout
    assert "SL102 missing-audience" in run.stderr  # the per-rule summary
    assert (project / "app.py").read_bytes() == FIXED.replace("\n", "\r\n").encode()
    again = scopelint(project, "fix")
    assert "fixed" not in again.stdout
    assert (project / "app.py").read_bytes() == FIXED.replace("\n", "\r\n").encode()
    report = json.loads(scopelint(project, "check", "--format", "json").stdout)
    assert report["findings"] == []  # the documented access-token flow (openid with the API audience is fine)


def test_check_json_shows_each_fix(project: Path) -> None:
    report = json.loads(scopelint(project, "check", "--format", "json").stdout)
    fixes = {f["code"]: f["fix"] for f in report["findings"]}
    assert fixes["SL102"]["applicability"] == "safe"
    assert fixes["SL102"]["edits"][0]["content"] == ', "audience": f"https://{DOMAIN}/api/v2/"'
    assert fixes["SL101"]["applicability"] == "safe"  # its request is here and fixable in the same run
    assert fixes["SL101"]["edits"][0]["content"] == "'access_token'"


def test_interactive_no_then_quit_changes_nothing(project: Path) -> None:
    before = (project / "app.py").read_bytes()
    run = scopelint(project, "fix", "--interactive", stdin="n\nq\n")
    assert (project / "app.py").read_bytes() == before
    assert "apply this fix?" in run.stderr


def test_interactive_all_applies_everything(project: Path) -> None:
    run = scopelint(project, "fix", "-i", stdin="a\n")
    assert (project / "app.py").read_bytes() == FIXED.replace("\n", "\r\n").encode(), run.stderr


def test_exit_0_when_nothing_remains(tmp_path: Path) -> None:
    (tmp_path / "clean.py").write_text("print('hello')\n")
    run = scopelint(tmp_path, "fix")
    assert run.returncode == 0 and "nothing to fix" in run.stderr
