"""--diff-base: changed lines from a real scratch git repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from scopelint.changed_lines import ChangedLinesError, changed_lines, filter_to_changed, parse_unified_diff
from scopelint.model import Finding, Severity, Span


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # Isolate from the developer's git configuration; tests set what they need.
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-global-config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for var in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.setenv(var, "Test")
    for var in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.setenv(var, "test@example.invalid")
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    (root / "app.py").write_text("".join(f"line{n}\n" for n in range(1, 11)))
    (root / "pkg").mkdir()
    (root / "pkg" / "mod.py").write_text("a\nb\nc\n")
    (root / "gone.py").write_text("x\n")
    (root / "with space.py").write_text("1\n2\n")
    (root / ".gitignore").write_text("ignored.py\n")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "base")
    return root


def write_lines(path: Path, lines: list[str]) -> None:
    path.write_text("".join(line + "\n" for line in lines))


def test_changed_added_untracked_and_staged(repo: Path) -> None:
    lines = [f"line{n}" for n in range(1, 11)]
    lines[2] = "changed3"  # line 3 changed
    lines.insert(6, "inserted")  # new line 7
    del lines[-1]  # old line 10 deleted: nothing to report for it
    write_lines(repo / "app.py", lines)
    write_lines(repo / "pkg" / "mod.py", ["a", "B", "c"])
    git(repo, "add", "pkg/mod.py")  # staged changes count too
    (repo / "gone.py").unlink()
    write_lines(repo / "new.py", ["1", "2", "3"])
    write_lines(repo / "ignored.py", ["x"])
    write_lines(repo / "with space.py", ["1", "two"])

    assert changed_lines("HEAD", repo) == {
        "app.py": {3, 7},
        "pkg/mod.py": {2},
        "new.py": {1, 2, 3},
        "with space.py": {2},
    }


def test_no_changes_is_empty(repo: Path) -> None:
    assert changed_lines("HEAD", repo) == {}


def test_against_an_older_revision_includes_committed_changes(repo: Path) -> None:
    base = git(repo, "rev-parse", "HEAD").strip()
    write_lines(repo / "pkg" / "mod.py", ["a", "b", "c", "d"])
    git(repo, "commit", "-qam", "add d")
    assert changed_lines("HEAD", repo) == {}
    assert changed_lines(base, repo) == {"pkg/mod.py": {4}}
    assert changed_lines("HEAD~1", repo) == {"pkg/mod.py": {4}}


def test_paths_are_relative_to_cwd(repo: Path) -> None:
    write_lines(repo / "pkg" / "mod.py", ["A", "b", "c"])
    write_lines(repo / "pkg" / "fresh.py", ["x", "y"])
    write_lines(repo / "app.py", ["changed"] + [f"line{n}" for n in range(2, 11)])
    assert changed_lines("HEAD", repo / "pkg") == {"mod.py": {1}, "fresh.py": {1, 2}, "../app.py": {1}}


@pytest.mark.parametrize(
    "config",
    [
        {"diff.noprefix": "true"},
        {"diff.mnemonicPrefix": "true"},
        {"diff.relative": "true"},
        {"core.quotepath": "true"},
        {"color.ui": "always", "color.diff": "always"},
        {"diff.external": "false"},
        {"diff.upper.textconv": "sed 1d"},  # drops a line: shifts every line number
    ],
)
def test_user_config_cannot_change_what_is_parsed(repo: Path, config: dict[str, str]) -> None:
    for key, value in config.items():
        git(repo, "config", key, value)
    (repo / "b").mkdir()  # a directory named like the "b/" prefix
    write_lines(repo / "b" / "x.py", ["1"])
    write_lines(repo / "pkg" / "ümlaut.py", ["1"])
    git(repo, "add", "b/x.py", "pkg/ümlaut.py")
    (repo / ".gitattributes").write_text("*.py diff=upper\n")
    git(repo, "add", ".gitattributes")
    write_lines(repo / "pkg" / "mod.py", ["a", "b", "c", "d"])
    assert changed_lines("HEAD", repo / "pkg") == {
        "mod.py": {4},
        "ümlaut.py": {1},
        "../b/x.py": {1},
        "../.gitattributes": {1},
    }


def test_unknown_revision(repo: Path) -> None:
    with pytest.raises(ChangedLinesError, match="unknown git revision 'no-such-branch'") as info:
        changed_lines("no-such-branch", repo)
    assert "\n" not in str(info.value)


def test_revision_that_looks_like_an_option_is_refused(repo: Path) -> None:
    with pytest.raises(ChangedLinesError, match="invalid git revision '--output=x'"):
        changed_lines("--output=x", repo)
    assert not (repo / "x").exists()


def test_not_a_git_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outside = tmp_path / "plain"
    outside.mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    with pytest.raises(ChangedLinesError, match="is not inside a git work tree") as info:
        changed_lines("HEAD", outside)
    assert "\n" not in str(info.value)


def test_parse_unified_diff_edge_cases() -> None:
    diff = b"\n".join(
        [
            b"diff --git a/x.py b/x.py",
            b"--- a/x.py",
            b"+++ b/x.py",
            b"@@ -1,0 +2,2 @@",
            b"+++ looks like a header but is an added line",
            b"+second",
            b"@@ -9 +11 @@",
            b"-old",
            b"+new",
            b"@@ -20,3 +22,0 @@",
            b"diff --git a/old.py b/old.py",
            b"deleted file mode 100644",
            b"--- a/old.py",
            b"+++ /dev/null",
            b"@@ -1 +0,0 @@",
            b"diff --git a/sp ace.py b/sp ace.py",
            b"--- a/sp ace.py\t",
            b"+++ b/sp ace.py\t",
            b"@@ -1 +1 @@",
            b'diff --git "a/q\\"uote\\303\\244.py" "b/q\\"uote\\303\\244.py"',
            b'+++ "b/q\\"uote\\303\\244.py"',
            b"@@ -0,0 +1,3 @@",
            b"diff --git a/img.png b/img.png",
            b"Binary files a/img.png and b/img.png differ",
        ]
    )
    assert parse_unified_diff(diff) == {"x.py": {2, 3, 11}, "sp ace.py": {1}, 'q"uoteä.py': {1, 2, 3}}


def make_finding(path: str, line: int, end_line: int | None = None, end_column: int = 10) -> Finding:
    return Finding(
        code="SL101",
        rule="id-token-bearer",
        severity=Severity.ERROR,
        path=path,
        span=Span(line, 1, end_line or line, end_column),
        message="m",
        help="h",
    )


def test_filter_to_changed() -> None:
    changed = {"a.py": {5, 9}, "./b.py": {1}}
    on_line = make_finding("a.py", 5)
    spanning = make_finding("a.py", 7, 10)
    other_lines = make_finding("a.py", 6)
    ends_before_changed_line = make_finding("a.py", 7, 9, end_column=1)
    other_file = make_finding("c.py", 5)
    normalised_path = make_finding("b.py", 1)
    findings = [on_line, spanning, other_lines, ends_before_changed_line, other_file, normalised_path]
    assert filter_to_changed(findings, changed) == [on_line, spanning, normalised_path]
    assert filter_to_changed(findings, {}) == []
