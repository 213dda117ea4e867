"""Every rule's own VALID and INVALID examples (Fixit style), run through the real engine."""

from __future__ import annotations

import pytest

from scopelint.engine import Engine
from scopelint.prefilter import Prefilter
from scopelint.rules import ALL_RULES

VALID = [pytest.param(rule, ex, id=f"{rule.code}-valid-{i}") for rule in ALL_RULES for i, ex in enumerate(rule.VALID)]
INVALID = [
    pytest.param(rule, ex, id=f"{rule.code}-invalid-{i}") for rule in ALL_RULES for i, ex in enumerate(rule.INVALID)
]


def _findings(engine: Engine, rule, code: str):
    outcome = engine.check_text(code)
    assert outcome.error is None, outcome.error
    return [f for f in outcome.findings if f.code == rule.code]


@pytest.mark.parametrize("rule, example", VALID)
def test_valid_example_has_no_finding(engine: Engine, rule, example) -> None:
    found = _findings(engine, rule, example.code)
    assert found == [], f"{example.note}: unexpected {[(f.span.line, f.span.column, f.message) for f in found]}"


@pytest.mark.parametrize("rule, example", INVALID)
def test_invalid_example_is_reported_where_expected(engine: Engine, rule, example) -> None:
    found = _findings(engine, rule, example.code)
    positions = [(f.span.line, f.span.column) for f in found]
    assert (example.line, example.column) in positions, f"{example.note}: expected {example.line}:{example.column}, got {positions}"
    at_position = [f for f in found if (f.span.line, f.span.column) == (example.line, example.column)]
    assert len(at_position) == 1, f"{example.note}: reported {len(at_position)} times at the same place"
    if example.message:
        assert example.message in at_position[0].message


@pytest.mark.parametrize("rule, example", INVALID)
def test_prefilter_lets_every_invalid_example_through(engine: Engine, rule, example) -> None:
    assert Prefilter.from_knowledge(engine.knowledge).may_match(example.code)


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_every_rule_has_examples_and_docs(rule) -> None:
    assert len(rule.VALID) >= 10 and len(rule.INVALID) >= 10
    for text in (rule.summary, rule.what_it_does, rule.why_it_matters, rule.example, rule.fixed_example, rule.help):
        assert text.strip()
