"""Rules that were removed: their codes stay reserved, and naming one is said, not an error.

A team's configuration, CI command line or suppression comment that names a retired rule
keeps working: the run goes on without it and says once why the rule is gone (ruff does the
same for removed rules).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class RetiredRule:
    code: str
    name: str
    reason: str


RETIRED_RULES: tuple[RetiredRule, ...] = (
    RetiredRule(
        "SL110",
        "multi-audience",
        "the Management API accepts an access token whose aud also holds /userinfo (what Auth0 issues "
        "when openid is requested with an API audience, as every SPA SDK does): it flagged the documented approach",
    ),
)


def retired_rule(selector: str) -> RetiredRule | None:
    """The retired rule a selector names exactly (a code or a name; prefixes select live rules)."""
    selector = selector.strip()
    return next((r for r in RETIRED_RULES if selector.upper() == r.code or selector.lower() == r.name), None)


def retirement_notice(rule: RetiredRule, where: str) -> str:
    return f"{where} names {rule.code} ({rule.name}), a retired rule: {rule.reason}"


def without_retired(selectors: Iterable[str], where: str, notices: list[str]) -> list[str]:
    """The selectors that name live rules; a notice (once per rule and place) for the others."""
    kept = []
    for selector in selectors:
        rule = retired_rule(selector)
        if rule is None:
            kept.append(selector)
            continue
        notice = retirement_notice(rule, where)
        if notice not in notices:
            notices.append(notice)
    return kept
