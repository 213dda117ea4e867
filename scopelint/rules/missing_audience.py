"""SL102 missing-audience: a token request without audience whose token reaches the Management API."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scopelint.model import Severity
from scopelint.rules.base import Report, Rule
from scopelint.rules.flows import (
    audience_fix,
    decides_parameters,
    describe_uses,
    endpoints_of,
    labels,
    use_sites,
)

if TYPE_CHECKING:
    from scopelint.facts.model import RunFacts


class MissingAudience(Rule):
    code = "SL102"
    name = "missing-audience"
    severity = Severity.ERROR
    fixable = True
    summary = "A token request whose token reaches the Management API asks for no audience."
    what_it_does = """
Finds token requests (an /authorize redirect, an /oauth/token request, auth0-python
GetToken, Authlib, requests-oauthlib, social-auth, auth0-server-python) without an
`audience` parameter, or with an empty one, whose ID token or access token is later sent
to a Management API v2 endpoint, in the same module or in another module of the run.
"""
    why_it_matters = """
Without an audience Auth0 issues an opaque access token that is good only for /userinfo:
the Management API answers 400 `Bad HTTP authentication header format`. The migration
guide's approach is to request the token with `audience=https://{domain}/api/v2/`.
"""
    example = """
tokens = requests.post(f"https://{DOMAIN}/oauth/token", json={
    "grant_type": "password", "username": u, "password": p,
    "client_id": CLIENT_ID, "scope": "openid read:current_user",
}).json()
requests.get(f"https://{DOMAIN}/api/v2/users/{uid}",
             headers={"Authorization": f"Bearer {tokens['access_token']}"})
"""
    fixed_example = """
tokens = requests.post(f"https://{DOMAIN}/oauth/token", json={
    "grant_type": "password", "username": u, "password": p,
    "client_id": CLIENT_ID, "scope": "read:current_user",
    "audience": f"https://{DOMAIN}/api/v2/",
}).json()
"""
    help = "add audience=https://{domain}/api/v2/ (your tenant's Management API identifier) to the token request"

    def check(self, run: RunFacts) -> Iterator[Report]:
        knowledge = run.knowledge
        assert knowledge is not None
        for linked in run.linked():
            request = linked.request
            if not decides_parameters(request):
                continue
            if request.audience is not None and request.audience.state != "empty":
                continue
            what = "an empty audience" if request.audience is not None else "no audience"
            site = request.audience.site if request.audience is not None and request.audience.site else request.site
            yield Report(
                site,
                f"{_flow_name(request.flow)} request with {what}: its tokens reach "
                f"{labels(endpoints_of(linked.uses, knowledge))} ({describe_uses(linked.uses)}); "
                f"without an audience Auth0 issues an opaque token that the Management API rejects",
                audience_fix(request),
                related=use_sites(linked.uses, knowledge),
            )


def _flow_name(flow: str) -> str:
    return {
        "authorize": "/authorize",
        "password": "password-grant",
        "password-realm": "password-realm grant",
        "authorization_code": "authorization-code",
        "client_credentials": "client-credentials",
        "refresh_token": "refresh-token",
    }.get(flow, flow)
