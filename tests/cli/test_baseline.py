"""Baselines: write, load, filter new findings, prune fixed ones."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from scopelint.baseline import Baseline, BaselineEntry, BaselineError, load_baseline, write_baseline
from scopelint.fingerprint import assign_fingerprints
from scopelint.model import Finding, Severity, Span


def make_finding(path: str, line: int, snippet: str = "tokens['id_token']", code: str = "SL101") -> Finding:
    return Finding(
        code=code,
        rule="id-token-bearer",
        severity=Severity.ERROR,
        path=path,
        span=Span(line, 1, line, 10),
        message=f"ID token in {snippet}",
        help="send the access token",
        snippet=snippet,
        context="view",
    )


def run(*findings: Finding) -> list[Finding]:
    result = list(findings)
    assign_fingerprints(result)
    return result


def test_roundtrip_then_only_new_findings_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "scopelint-baseline.json"
    old = run(make_finding("b.py", 3), make_finding("a.py", 7), make_finding("a.py", 2, "session['id_token']"))
    write_baseline(old, path)

    document = json.loads(path.read_text())
    assert document["version"] == 1
    assert [sorted(entry) for entry in document["findings"]] == [["code", "fingerprint", "message", "path"]] * 3
    assert [e["path"] for e in document["findings"]] == ["a.py", "a.py", "b.py"]

    baseline = load_baseline(path)
    assert baseline.fingerprints == {f.fingerprint for f in old}

    # Next run: lines were inserted above everything, and one new finding appeared.
    new = make_finding("a.py", 40, "creds['id_token']")
    later = run(
        make_finding("b.py", 13), make_finding("a.py", 17), make_finding("a.py", 12, "session['id_token']"), new
    )
    assert baseline.filter_new(later) == [new]


def test_a_second_identical_finding_is_new(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    write_baseline(run(make_finding("a.py", 5)), path)
    first, second = run(make_finding("a.py", 5), make_finding("a.py", 9))
    assert load_baseline(path).filter_new([first, second]) == [second]


def test_file_is_stable_and_sorted(tmp_path: Path) -> None:
    findings = run(make_finding("z.py", 1), make_finding("a.py", 1), make_finding("m.py", 1, code="SL102"))
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    write_baseline(findings, one)
    write_baseline(list(reversed(findings)), two)
    assert one.read_bytes() == two.read_bytes()
    assert one.read_text().endswith("}\n")
    assert sorted(os.listdir(tmp_path)) == ["one.json", "two.json"]  # no temp files left


def test_prune_drops_fixed_entries_and_never_adds(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    fixed, kept = run(make_finding("a.py", 1, "x['id_token']"), make_finding("b.py", 1))
    write_baseline([fixed, kept], path)
    baseline = load_baseline(path)

    brand_new = make_finding("c.py", 1)
    current = run(make_finding("b.py", 4), brand_new)
    pruned = baseline.prune(current)
    assert pruned.fingerprints == {kept.fingerprint}
    assert brand_new.fingerprint not in pruned.fingerprints
    assert baseline.fingerprints == {fixed.fingerprint, kept.fingerprint}  # original untouched

    pruned.write()  # back to the file it was loaded from
    assert load_baseline(path).fingerprints == {kept.fingerprint}
    assert [e["path"] for e in json.loads(path.read_text())["findings"]] == ["b.py"]


def test_prune_keeps_what_the_run_could_not_see(tmp_path: Path) -> None:
    """Entries of files outside the checked paths, of files that failed, and of rules that
    did not run are kept: their findings were not looked for."""
    gone = [make_finding(path, 1) for path in ("app/a.py", "lib/b.py", "app/broken.py")]
    gone = run(*gone)
    baseline = Baseline([BaselineEntry.from_finding(f) for f in gone])
    pruned = baseline.prune([], checked=["app"], failed=["app/broken.py"], codes=["SL101"])
    assert sorted(e.path for e in pruned.entries) == ["app/broken.py", "lib/b.py"]
    assert baseline.prune([], checked=["app"], codes=["SL999"]).entries == baseline.entries
    assert baseline.prune([]).entries == []  # "." and every rule: everything was looked for


def test_write_without_a_path_is_refused() -> None:
    with pytest.raises(ValueError):
        Baseline([]).write()


def test_findings_without_fingerprints_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="assign_fingerprints"):
        write_baseline([make_finding("a.py", 1)], tmp_path / "b.json")
    assert not (tmp_path / "b.json").exists()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "invalid JSON at line 1 column 2"),
        ("", "invalid JSON"),
        ("[]", "expected a JSON object"),
        ('{"version": 2, "findings": []}', "unsupported version 2"),
        ('{"findings": []}', "unsupported version None"),
        ('{"version": 1, "findings": {}}', "'findings' must be a list"),
        ('{"version": 1, "findings": [{"code": "SL101"}]}', r"findings\[0\] has no 'fingerprint'"),
    ],
)
def test_malformed_file_gives_one_line_error_naming_it(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(BaselineError, match=reason) as info:
        load_baseline(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    # No chained JSON/OS traceback for users to read through.
    assert info.value.__context__ is None or info.value.__suppress_context__


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(BaselineError, match="baseline file not found"):
        load_baseline(tmp_path / "absent.json")
    (tmp_path / "binary.json").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(BaselineError, match="binary.json: cannot read baseline"):
        load_baseline(tmp_path / "binary.json")
    with pytest.raises(BaselineError, match="cannot read baseline"):
        load_baseline(tmp_path)  # a directory
