"""SL110 multi-audience: openid requested together with the Management API audience."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scopelint.model import Severity
from scopelint.rules.base import Report, Rule
from scopelint.rules.flows import is_api_audience

if TYPE_CHECKING:
    from scopelint.facts.model import RunFacts


class MultiAudience(Rule):
    code = "SL110"
    name = "multi-audience"
    severity = Severity.WARNING
    summary = "openid requested with the Management API audience: the access token may get two audiences."
    what_it_does = """
Finds token requests that ask for the Management API audience (`https://{domain}/api/v2/`)
and the `openid` scope together.
"""
    why_it_matters = """
With `openid` and an API audience, Auth0 adds its `/userinfo` endpoint as a second `aud`
of the access token. The Management API requires exactly one audience and may reject
such a token. If the app needs an ID token too, check that the access token still works,
or request the Management API token separately.
"""
    example = """
params = {"audience": f"https://{DOMAIN}/api/v2/", "scope": "openid read:current_user", ...}
"""
    fixed_example = """
params = {"audience": f"https://{DOMAIN}/api/v2/", "scope": "read:current_user", ...}
"""
    help = "drop openid from the Management API token request, or verify the token's aud has a single value"

    def check(self, run: RunFacts) -> Iterator[Report]:
        knowledge = run.knowledge
        assert knowledge is not None
        for linked in run.requests.values():
            request, scope = linked.request, linked.request.scope
            if scope is None or not scope.items or "openid" not in scope.items:
                continue
            if not is_api_audience(request.audience, knowledge):
                continue
            yield Report(
                scope.site or request.site,
                f"scope {scope.text!r} asks for openid with the Management API audience "
                f"{request.audience.text!r}: the access token may carry two audiences",
            )
