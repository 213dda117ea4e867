"""Every rule's VALID and INVALID cases (tests/fixtures/rules/, see tests/fixtures/README.md)
through the real engine: the findings are the reviewed snapshot and sit on the annotated
lines, the prefilter lets the case through, and `fix --unsafe-fixes` converges to the
expected code.

`SCOPELINT_UPDATE_SNAPSHOTS=1 python -m pytest tests/rules` rewrites the snapshots that
differ (each rewrite is reported as a SnapshotUpdated warning) instead of failing.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import warnings
from collections import Counter
from pathlib import Path

import pytest

from rule_cases import (
    CASES_ROOT,
    KINDS,
    SNAPSHOT,
    Case,
    CaseError,
    SnapshotUpdated,
    annotations_of,
    case_directories,
    load_cases,
    snapshot_text,
)
from scopelint.engine import Engine
from scopelint.fix import MAX_PASSES, Fixer, verify
from scopelint.rules import ALL_RULES

RULES = {rule.code: rule for rule in ALL_RULES}
CASES = load_cases()
PARAMS = [pytest.param(case, id=case.id) for case in CASES]
INVALID = [pytest.param(case, id=case.id) for case in CASES if case.kind == "invalid"]
UPDATE = os.environ.get("SCOPELINT_UPDATE_SNAPSHOTS", "") not in ("", "0")
CASE_NAME = re.compile(r"[0-9]{3}-[a-z0-9]+(?:-[a-z0-9]+)*")


def _where(findings) -> list[str]:
    return [f"{f.path}:{f.span.line}:{f.span.column}: {f.code}" for f in findings]


@pytest.mark.parametrize("case", PARAMS)
def test_findings_are_the_snapshot_and_the_annotations(engine: Engine, case: Case) -> None:
    result = engine.check_texts(case.files)
    actual = snapshot_text(result)
    recorded = case.snapshot_path.read_text(encoding="utf-8") if case.snapshot_path.exists() else None
    if UPDATE and actual != recorded:
        case.snapshot_path.write_text(actual, encoding="utf-8", newline="\n")
        warnings.warn(
            SnapshotUpdated(f"{case.snapshot_path.relative_to(CASES_ROOT.parents[2]).as_posix()} rewritten"),
            stacklevel=1,
        )
        recorded = actual

    assert result.errors == [], result.errors
    in_main = [f for f in result.findings if f.path == case.main_path]
    starts = {(f.code, f.span.line) for f in in_main}
    for code, line in case.expected:
        assert (code, line) in starts, (
            f"ruleid: {code} expects a finding starting on line {line}; found {_where(in_main)}"
        )
    annotated = {line for code, line in case.expected if code == case.rule}
    own = [f for f in in_main if f.code == case.rule]
    if case.kind == "invalid":
        assert annotated, f"an invalid case needs a `ruleid: {case.rule}` annotation"
        unannotated = [f for f in own if f.span.line not in annotated]
        assert unannotated == [], f"findings of {case.rule} on lines without an annotation: {_where(unannotated)}"
    else:
        assert case.rule in case.ok, f"a valid case starts with `ok: {case.rule}`"
        assert own == [], f"unexpected: {_where(own)}"
    for code in case.ok:
        silent = [f for f in in_main if f.code == code]
        assert silent == [], f"ok: {code}, yet {_where(silent)}"

    assert recorded is not None, f"no {SNAPSHOT}: run with SCOPELINT_UPDATE_SNAPSHOTS=1 and review it"
    diff = "".join(difflib.unified_diff(recorded.splitlines(True), actual.splitlines(True), "snapshot", "now"))
    assert actual == recorded, (
        f"findings differ from {case.snapshot_path} (SCOPELINT_UPDATE_SNAPSHOTS=1 rewrites it):\n{diff}"
    )


@functools.cache
def _engines(engine: Engine, code: str | None) -> tuple[Engine, Engine]:
    """(with the prefilter, without it) for one rule alone, or for every rule (None)."""
    select = [code] if code else None
    return (
        Engine(engine.config, select=select, knowledge=engine.knowledge),
        Engine(engine.config, select=select, knowledge=engine.knowledge, prefilter=False),
    )


@pytest.mark.parametrize("case", PARAMS)
def test_the_prefilter_changes_no_finding(engine: Engine, case: Case) -> None:
    """Sound by construction, checked: the prefilter (from the rule's needles alone, and from
    every rule's) dismisses no file that a finding needs."""
    for code in (case.rule, None):
        filtered, everything = _engines(engine, code)
        found = [f.to_dict() for f in filtered.check_texts(case.files).findings]
        assert found == [f.to_dict() for f in everything.check_texts(case.files).findings], code
        if code is not None and case.kind == "invalid":
            assert found, "the rule alone finds its case"


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "w", encoding="utf-8", newline="") as stream:  # the case's bytes, line endings included
            stream.write(text)


@pytest.mark.parametrize("case", PARAMS)
def test_fix_converges_to_the_fixed_file(engine: Engine, tmp_path: Path, monkeypatch, case: Case) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, case.files)
    before = engine.check_paths([tmp_path], tmp_path).findings
    fixer = Fixer(engine, unsafe=True)
    outcome = fixer.fix([tmp_path], tmp_path)
    assert outcome.passes < MAX_PASSES, "fixes did not converge"
    for path, (_, text) in outcome.changed.items():
        assert verify(text, path) is None
    fixer.write(outcome, tmp_path)
    assert outcome.skipped == []
    if outcome.changed:
        again = Fixer(engine, unsafe=True).fix([tmp_path], tmp_path)
        assert again.changed == {}, "a second fix run changed the code again"
    # no fix produces code that a rule reports: what is left is what had no fix to begin with
    after = engine.check_paths([tmp_path], tmp_path).findings
    unfixable = Counter((f.path, f.code) for f in before if f.fix is None)
    introduced = Counter((f.path, f.code) for f in after) - unfixable
    assert not introduced, [f.as_text() if hasattr(f, "as_text") else f for f in after]
    fixed = (tmp_path / case.main_path).read_bytes()
    stats = outcome.stats.get(case.rule)
    if case.kind == "invalid" and stats is not None and stats.applied > 0:
        assert case.fixed is not None, f"the rule's fix applies: {case.fixed_path} must hold the expected result"
    if case.fixed is not None:
        assert fixed == (case.directory / case.fixed_path).read_bytes(), (
            f"the fixed {case.main_path} differs from {case.fixed_path}"
        )


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_every_rule_has_cases_and_docs(rule) -> None:
    assert len(load_cases(rule.code, "valid")) >= 10 and len(load_cases(rule.code, "invalid")) >= 10
    for text in (rule.summary, rule.what_it_does, rule.why_it_matters, rule.example, rule.fixed_example, rule.help):
        assert text.strip()


def test_every_case_belongs_to_a_rule_and_names_known_codes() -> None:
    folders = sorted(p.name for p in CASES_ROOT.iterdir())
    assert set(folders) <= {code.lower() for code in RULES}, folders
    for rule_dir in CASES_ROOT.iterdir():
        assert {p.name for p in rule_dir.iterdir()} <= set(KINDS), rule_dir
    directories = case_directories()
    assert len(directories) == len(CASES)
    numbers: dict[tuple[str, str], set[str]] = {}
    for directory in directories:
        assert directory.is_dir() and CASE_NAME.fullmatch(directory.name), directory
        assert len(directory.name) - 4 <= 40, f"{directory.name}: a slug of at most 40 characters"
        assert (directory / SNAPSHOT).is_file(), directory
        key = (directory.parent.parent.name, directory.parent.name)
        assert directory.name[:3] not in numbers.setdefault(key, set()), f"{directory}: its number is taken"
        numbers[key].add(directory.name[:3])
    for case in CASES:
        assert case.rule in RULES
        for code in [code for code, _ in case.expected] + case.ok:
            assert code in RULES, f"{case.id}: unknown code {code}"


# ------------------------------------------------------------------ the annotation syntax


def _targets(text: str, path: str) -> list[tuple[str, tuple[str, ...], int]]:
    return [(a.kind, a.codes, a.target) for a in annotations_of(text, path)]


def test_annotations_in_every_comment_syntax() -> None:
    assert _targets("# ok: SL101\nx = 1\n", "a.py") == [("ok", ("SL101",), 0)]
    assert _targets("x = (\n    # ruleid: SL101\n    1)\n", "a.py") == [("ruleid", ("SL101",), 3)]
    assert _targets("// ruleid: SL101, SL104\nf();\n", "a.ts") == [("ruleid", ("SL101", "SL104"), 2)]
    jsx = "const a = (\n  <div>\n    {/* ruleid: SL102 */}\n    <Auth0Provider />\n  </div>\n);\n"
    assert _targets(jsx, "a.jsx") == [("ruleid", ("SL102",), 4)]
    template = (
        "<!-- ok: SL105 -->\n{# ruleid: SL109 #}\n<p>{{ t }}</p>\n<script>\n  // ruleid: SL101\n  f();\n</script>\n"
    )
    assert _targets(template, "t.html") == [("ok", ("SL105",), 0), ("ruleid", ("SL109",), 3), ("ruleid", ("SL101",), 6)]


def test_stacked_annotations_and_offsets() -> None:
    text = "# ruleid: SL101\n# ruleid: SL104 (+2)\nx = f(\n    '''a\nb''')\n"
    assert _targets(text, "a.py") == [("ruleid", ("SL101",), 3), ("ruleid", ("SL104",), 5)]
    text = "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n# ok: SL101\n# ok: SL104\nx = 1\n"
    assert _targets(text, "a.py") == [("ok", ("SL101",), 0), ("ok", ("SL104",), 0)]


@pytest.mark.parametrize(
    "text, path",
    [
        ("# ruleid SL101\nx\n", "a.py"),  # no colon
        ("# ruleid: sl101\nx\n", "a.py"),  # lower case
        ("# ruleid: SL101 +2\nx\n", "a.py"),  # the offset in parentheses
        ("# RuleID: SL101\nx\n", "a.py"),
        ("# todoruleid: SL101\nx\n", "a.py"),
        ("// ruleid: SL101\nx\n", "a.py"),  # a JavaScript comment in Python
        ("# ruleid: SL101\nx\n", "a.js"),  # and the other way round
        ("<!-- ruleid: SL101 -->\nx\n", "a.js"),
        ("x = 1\n# ok: SL101\n", "a.py"),  # ok: belongs on line 1
        ("# ok: SL101 (+1)\nx\n", "a.py"),
        ("x = 1\n# ruleid: SL101\n", "a.py"),  # nothing below
        ("# ruleid: SL101 (+5)\nx\n", "a.py"),  # past the end
    ],
)
def test_malformed_annotations_fail_loudly(text: str, path: str) -> None:
    with pytest.raises(CaseError):
        annotations_of(text, path)
