"""The rules: one class per rule, each with its documentation and VALID/INVALID examples."""

from __future__ import annotations

from collections.abc import Sequence

from scopelint.rules.base import Rule
from scopelint.rules.excess_scope import ExcessScope
from scopelint.rules.hardcoded_token import HardcodedToken
from scopelint.rules.id_token_bearer import IdTokenBearer
from scopelint.rules.link_with_user_id import LinkWithUserId
from scopelint.rules.missing_audience import MissingAudience
from scopelint.rules.missing_scope import MissingScope
from scopelint.rules.password_change import PasswordChangeUserToken
from scopelint.rules.response_type import IdTokenResponseType
from scopelint.rules.wrong_audience import WrongAudience

ALL_RULES: list[type[Rule]] = [
    IdTokenBearer,
    MissingAudience,
    WrongAudience,
    MissingScope,
    IdTokenResponseType,
    LinkWithUserId,
    ExcessScope,
    PasswordChangeUserToken,
    HardcodedToken,
]


class UnknownRuleError(ValueError):
    pass


def _matches(rule: type[Rule], selector: str) -> bool:
    selector = selector.strip()
    if selector.lower() == rule.name or selector.upper() == "ALL":
        return True
    # codes select by prefix, as in ruff: "SL1" selects SL101..SL199
    return bool(selector) and rule.code.startswith(selector.upper())


def select_rules(rules: Sequence[type[Rule]], select: Sequence[str] | None, ignore: Sequence[str]) -> list[type[Rule]]:
    """Rules chosen by `select` (None: all) minus `ignore`; selectors are codes, code prefixes or names."""
    for selector in [*(select or ()), *ignore]:
        if not any(_matches(rule, selector) for rule in rules):
            known = ", ".join(f"{r.code} ({r.name})" for r in rules)
            raise UnknownRuleError(f"unknown rule '{selector}' (known: {known})")
    chosen = [r for r in rules if select is None or any(_matches(r, s) for s in select)]
    return [r for r in chosen if not any(_matches(r, s) for s in ignore)]


def rule_by_selector(selector: str) -> type[Rule] | None:
    return next((r for r in ALL_RULES if r.code == selector.upper() or r.name == selector.lower()), None)


def rules_table_markdown(rules: Sequence[type[Rule]] = ALL_RULES) -> str:
    """The README's rule table, made from the rules' own documentation."""
    lines = ["| code | name | severity | fixable | what it reports |", "|---|---|---|---|---|"]
    for rule in rules:
        lines.append(
            f"| {rule.code} | {rule.name} | {rule.severity.value} | {'yes' if rule.fixable else 'no'} "
            f"| {rule.summary} |"
        )
    return "\n".join(lines)
