"""Every rule's own VALID and INVALID examples (Fixit style), run through the real engine."""

from __future__ import annotations

import pytest

from scopelint.engine import Engine
from scopelint.rules import ALL_RULES

VALID = [pytest.param(rule, ex, id=f"{rule.code}-valid-{i}") for rule in ALL_RULES for i, ex in enumerate(rule.VALID)]
INVALID = [
    pytest.param(rule, ex, id=f"{rule.code}-invalid-{i}") for rule in ALL_RULES for i, ex in enumerate(rule.INVALID)
]


def _findings(engine: Engine, rule, example):
    result = engine.check_texts({example.path: example.code, **example.extra_files})
    assert result.errors == [], result.errors
    return [f for f in result.findings if f.code == rule.code and f.path == example.path]


@pytest.mark.parametrize("rule, example", VALID)
def test_valid_example_has_no_finding(engine: Engine, rule, example) -> None:
    found = _findings(engine, rule, example)
    assert found == [], f"{example.note}: unexpected {[(f.span.line, f.span.column, f.message) for f in found]}"


@pytest.mark.parametrize("rule, example", INVALID)
def test_invalid_example_is_reported_where_expected(engine: Engine, rule, example) -> None:
    found = _findings(engine, rule, example)
    positions = [(f.span.line, f.span.column) for f in found]
    assert (example.line, example.column) in positions, f"{example.note}: expected {example.line}:{example.column}, got {positions}"
    at_position = [f for f in found if (f.span.line, f.span.column) == (example.line, example.column)]
    assert len(at_position) == 1, f"{example.note}: reported {len(at_position)} times at the same place"
    if example.message:
        assert example.message in at_position[0].message


@pytest.mark.parametrize("rule, example", INVALID)
def test_prefilter_lets_every_invalid_example_through(engine: Engine, rule, example) -> None:
    # sound for the rule alone: with only its own needles, the rule finds what it finds when
    # every file is analysed
    files = {example.path: example.code, **example.extra_files}
    alone = Engine(engine.config, select=[rule.code], knowledge=engine.knowledge)
    everything = Engine(engine.config, select=[rule.code], knowledge=engine.knowledge, prefilter=False)
    found = [f.to_dict() for f in alone.check_texts(files).findings]
    assert found and found == [f.to_dict() for f in everything.check_texts(files).findings]


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_every_rule_has_examples_and_docs(rule) -> None:
    assert len(rule.VALID) >= 10 and len(rule.INVALID) >= 10
    for text in (rule.summary, rule.what_it_does, rule.why_it_matters, rule.example, rule.fixed_example, rule.help):
        assert text.strip()
