"""Every rule example through `fix --unsafe-fixes`: the fixed code parses, the passes converge,
a second run changes nothing, and fixable INVALID examples match their expected fixed code."""

from __future__ import annotations

from pathlib import Path

import pytest

from scopelint.engine import Engine
from scopelint.fix import MAX_PASSES, Fixer, verify
from scopelint.rules import ALL_RULES

EXAMPLES = [
    pytest.param(rule, example, kind, id=f"{rule.code}-{kind}-{index}")
    for rule in ALL_RULES
    for kind, examples in (("invalid", rule.INVALID), ("valid", rule.VALID))
    for index, example in enumerate(examples)
]


def _write(root: Path, example) -> None:
    for name, text in {example.path: example.code, **example.extra_files}.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("rule, example, kind", EXAMPLES)
def test_fix_parses_converges_and_is_idempotent(engine: Engine, tmp_path: Path, monkeypatch, rule, example, kind) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, example)
    fixer = Fixer(engine, unsafe=True)
    outcome = fixer.run([tmp_path], tmp_path)
    assert outcome.passes < MAX_PASSES, "fixes did not converge"
    for path, (_, text) in outcome.changed.items():
        assert verify(text, path) is None
    fixer.write(outcome, tmp_path)
    assert outcome.skipped == []
    if outcome.changed:
        again = Fixer(engine, unsafe=True).run([tmp_path], tmp_path)
        assert again.changed == {}, "a second fix run changed the code again"
    if kind == "invalid":
        fixed_text = (tmp_path / example.path).read_text(encoding="utf-8")
        had_fix = outcome.stats.get(rule.code) is not None and outcome.stats[rule.code].applied > 0
        if had_fix:
            assert example.fixed is not None, f"{example.note}: a fixable example must carry its expected fixed code"
        if example.fixed is not None:
            assert fixed_text == example.fixed
