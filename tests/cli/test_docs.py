"""The documentation is made from the rules' own text: README table, explain, SARIF."""

from __future__ import annotations

from conftest import REPO
from scopelint.rules import ALL_RULES, rules_table_markdown


def test_readme_rule_table_is_generated_from_rule_docs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert rules_table_markdown() in readme, "README rule table is stale: paste scopelint.rules.rules_table_markdown()"


def test_every_rule_is_documented_in_full() -> None:
    codes = [rule.code for rule in ALL_RULES]
    assert codes == sorted(codes) and len(set(codes)) == len(codes)
    for rule in ALL_RULES:
        text = rule.explanation()
        for heading in ("What it does", "Why it matters", "Example", "Use instead", "How to suppress"):
            assert heading in text, (rule.code, heading)
        assert rule.code in text and rule.name in text
