"""Fingerprints: stable across unrelated edits, distinct per occurrence."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from scopelint.fingerprint import assign_fingerprints, compute_fingerprint
from scopelint.model import Finding, Severity, Span


def make_finding(line: int = 10, **overrides: object) -> Finding:
    values: dict = {
        "code": "SL101",
        "rule": "id-token-bearer",
        "severity": Severity.ERROR,
        "path": "app/views.py",
        "span": Span(line, 5, line, 23),
        "message": f"ID token at line {line}",  # messages may mention lines: not hashed
        "help": "send the access token",
        "snippet": "tokens['id_token']",
        "context": "profile",
    }
    values.update(overrides)
    return Finding(**values)


def fingerprint_of(finding: Finding) -> str:
    assign_fingerprints([finding])
    return finding.fingerprint


def test_is_32_hex_digits() -> None:
    assert re.fullmatch(r"[0-9a-f]{32}", fingerprint_of(make_finding()))


def test_inserting_lines_above_keeps_the_fingerprint() -> None:
    before = make_finding(line=10)
    after = make_finding(line=17, span=Span(17, 9, 18, 2))  # moved down and re-indented
    assert before.span != after.span
    assert fingerprint_of(before) == fingerprint_of(after)


def test_whitespace_in_the_snippet_is_collapsed() -> None:
    one = make_finding(snippet="headers={'Authorization': f'Bearer {tok}'}")
    other = make_finding(snippet="headers={\n    'Authorization':   f'Bearer {tok}'\n}")
    spaced = make_finding(snippet="headers={ 'Authorization': f'Bearer {tok}' }")
    assert fingerprint_of(one) != fingerprint_of(spaced)  # collapsing is not removal
    assert fingerprint_of(other) == fingerprint_of(make_finding(snippet="headers={ 'Authorization': f'Bearer {tok}' }"))


def test_each_ingredient_matters() -> None:
    base = fingerprint_of(make_finding())
    assert fingerprint_of(make_finding(code="SL102")) != base
    assert fingerprint_of(make_finding(path="app/other.py")) != base
    assert fingerprint_of(make_finding(snippet="tokens['access_token']")) != base
    assert fingerprint_of(make_finding(context="settings")) != base
    assert compute_fingerprint("SL101", "app/views.py", "tokens['id_token']", "profile", 0) == base
    assert compute_fingerprint("SL101", "app/views.py", "tokens['id_token']", "profile", 1) != base


def test_fields_cannot_run_into_each_other() -> None:
    # A naive "code|path|snippet|context" join would make these equal.
    assert compute_fingerprint("SL101", "a", "b|c", "", 0) != compute_fingerprint("SL101", "a|b", "c", "", 0)


def test_occurrence_index_tells_identical_findings_apart() -> None:
    first, second = make_finding(line=10), make_finding(line=30)
    assign_fingerprints([second, first])  # input order does not matter: source order does
    assert first.fingerprint != second.fingerprint
    assert first.fingerprint == compute_fingerprint("SL101", "app/views.py", "tokens['id_token']", "profile", 0)
    assert second.fingerprint == compute_fingerprint("SL101", "app/views.py", "tokens['id_token']", "profile", 1)


def test_occurrences_are_counted_per_group() -> None:
    # A different finding between two identical ones does not shift their indexes.
    a1, other, a2 = make_finding(line=1), make_finding(line=2, context="elsewhere"), make_finding(line=3)
    assign_fingerprints([a1, other, a2])
    b1, b2 = make_finding(line=1), make_finding(line=3)
    assign_fingerprints([b1, b2])
    assert (a1.fingerprint, a2.fingerprint) == (b1.fingerprint, b2.fingerprint)


@given(
    lines=st.lists(st.integers(min_value=1, max_value=500), min_size=1, max_size=8, unique=True),
    shift=st.integers(min_value=1, max_value=1000),
)
def test_shifting_every_finding_down_changes_no_fingerprint(lines: list[int], shift: int) -> None:
    original = [make_finding(line=n) for n in lines]
    moved = [make_finding(line=n + shift) for n in lines]
    assign_fingerprints(original)
    assign_fingerprints(moved)

    def by_line(findings: list[Finding]) -> list[str]:
        return [f.fingerprint for f in sorted(findings, key=Finding.sort_key)]

    assert by_line(original) == by_line(moved)
    assert len(set(by_line(original))) == len(lines)
