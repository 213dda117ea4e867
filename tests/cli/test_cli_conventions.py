"""ruff's command-line conventions on `check` and `fix`: --exit-zero, -q/--quiet,
-s/--silent, --statistics, --output-format, `fix --diff`'s exit status, --show-fixes.

Through the installed CLI, as a user runs it: only the exit status, stdout and stderr count.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import FINDING, PASSWORD_GRANT_APP, scopelint

# Three findings, all with safe fixes: SL102 and SL104 at the request, SL101 at the header.
APP = PASSWORD_GRANT_APP

CLEAN = "def nothing():\n    return 1\n"


PASTED = """\
import requests

JWT = (
    "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2FjbWUuYXV0aDAuY29tLyIsInN1YiI6Im0ybUBjbGllbnRzIn0"
    ".ZmFrZS1zaWduYXR1cmUtZm9yLXRlc3RzLW9ubHk"
)


def user(user_id):
    return requests.get(
        f"https://acme.us.auth0.com/api/v2/users/{user_id}", headers={"Authorization": "Bearer " + JWT}
    ).json()
"""


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "app.py").write_text(APP)
    (tmp_path / "other.py").write_text(FINDING)  # one more SL101
    return tmp_path


@pytest.fixture()
def clean(tmp_path: Path) -> Path:
    (tmp_path / "clean.py").write_text(CLEAN)
    return tmp_path


def test_exit_zero_keeps_the_report_and_exits_0(project: Path) -> None:
    plain = scopelint(project, "check")
    run = scopelint(project, "check", "--exit-zero")
    assert plain.returncode == 1
    assert run.returncode == 0
    assert run.stdout == plain.stdout
    assert "SL101" in run.stdout


def test_exit_zero_still_exits_2_on_errors(project: Path) -> None:
    (project / "broken.py").write_text(FINDING.replace("uid):", "uid:"))
    run = scopelint(project, "check", "--exit-zero")
    assert run.returncode == 2
    assert "broken.py" in run.stdout


def test_quiet_prints_findings_without_the_summary(project: Path) -> None:
    run = scopelint(project, "check", "--quiet")
    assert run.returncode == 1
    assert "Found" not in run.stdout
    assert run.stdout.count("SL101 id-token-bearer") == 2
    assert run.stdout.endswith("^\n") or run.stdout.endswith("endpoint's scopes\n")
    assert scopelint(project, "check", "-q").stdout == run.stdout


def test_quiet_on_a_clean_tree_prints_nothing(clean: Path) -> None:
    run = scopelint(clean, "check", "-q")
    assert (run.returncode, run.stdout, run.stderr) == (0, "", "")


@pytest.mark.parametrize("flag", ["--silent", "-s"])
def test_silent_prints_nothing_and_keeps_the_status(project: Path, flag: str) -> None:
    run = scopelint(project, "check", flag)
    assert (run.returncode, run.stdout, run.stderr) == (1, "", "")


def test_silent_still_writes_the_output_file(project: Path) -> None:
    run = scopelint(project, "check", "-s", "--format", "json", "--output-file", "out.json")
    assert (run.returncode, run.stdout) == (1, "")
    assert len(json.loads((project / "out.json").read_text())["findings"]) == 4


def test_statistics_counts_per_rule_most_frequent_first(project: Path) -> None:
    run = scopelint(project, "check", "--statistics")
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert lines == [
        "2  SL101  [*] id-token-bearer",
        "1  SL102  [*] missing-audience",
        "1  SL104  [*] missing-scope",
    ]


def test_statistics_as_json_with_output_format_alias(project: Path) -> None:
    run = scopelint(project, "check", "--statistics", "--output-format", "json")
    assert run.returncode == 1
    rows = json.loads(run.stdout)
    assert [(r["code"], r["count"]) for r in rows] == [("SL101", 2), ("SL102", 1), ("SL104", 1)]
    assert rows[0] == {"code": "SL101", "name": "id-token-bearer", "count": 2, "fixable": True}


def test_output_format_is_an_alias_of_format(project: Path) -> None:
    by_alias = scopelint(project, "check", "--output-format", "json")
    by_name = scopelint(project, "check", "--format", "json")
    assert json.loads(by_alias.stdout) == json.loads(by_name.stdout)
    assert scopelint(project, "check", "--output-format", "nope").returncode == 2


def test_fix_diff_exits_1_when_there_is_something_to_fix_and_writes_nothing(project: Path) -> None:
    before = (project / "app.py").read_text()
    run = scopelint(project, "fix", "--diff")
    assert run.returncode == 1
    assert run.stdout.startswith("--- a/app.py\n")
    assert (project / "app.py").read_text() == before


def test_fix_diff_exits_0_when_nothing_is_left_to_fix_even_with_findings(project: Path) -> None:
    # a pasted token (SL109, no fix) is what is left after fixing: findings remain, nothing to change
    (project / "pasted.py").write_text(PASTED)
    scopelint(project, "fix", "--unsafe-fixes")
    run = scopelint(project, "fix", "--diff")
    assert run.stdout == ""
    assert run.returncode == 0
    assert scopelint(project, "check", "-s").returncode == 1  # the remaining finding


def test_fix_diff_on_a_clean_tree_exits_0(clean: Path) -> None:
    run = scopelint(clean, "fix", "--diff")
    assert (run.returncode, run.stdout) == (0, "")


def test_show_fixes_lists_fixes_per_file_and_rule(project: Path) -> None:
    run = scopelint(project, "fix", "--show-fixes", "--unsafe-fixes")
    lines = run.stdout.splitlines()
    start = lines.index("Fixed 4 findings:")
    assert lines[start + 1 :] == [
        "- app.py:",
        "    1 × SL101 (id-token-bearer)",
        "    1 × SL102 (missing-audience)",
        "    1 × SL104 (missing-scope)",
        "- other.py:",
        "    1 × SL101 (id-token-bearer)",
    ]


def test_show_fixes_with_diff_says_would_fix(project: Path) -> None:
    run = scopelint(project, "fix", "--diff", "--show-fixes")
    assert "Would fix 3 findings:" in run.stdout  # other.py's SL101 fix is unsafe
    assert "other.py" not in run.stdout
    again = scopelint(project, "fix", "--show-fixes")
    assert "Fixed 3 findings:" in again.stdout
    last = scopelint(project, "fix", "--show-fixes")
    assert "No fixes applied." in last.stdout


def test_fix_quiet_drops_the_summary_and_silent_everything(project: Path) -> None:
    quiet = scopelint(project, "fix", "--diff", "-q")
    assert quiet.stdout.startswith("--- a/app.py")
    assert quiet.stderr == ""
    silent = scopelint(project, "fix", "--diff", "-s")
    assert (silent.returncode, silent.stdout, silent.stderr) == (1, "", "")


def test_fix_exit_zero(project: Path) -> None:
    (project / "pasted.py").write_text(PASTED)  # a pasted token (SL109) has no fix: it remains
    run = scopelint(project, "fix", "--exit-zero")
    assert run.returncode == 0
    assert scopelint(project, "check", "-s").returncode == 1
