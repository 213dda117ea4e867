"""SL103 wrong-audience: the audience is not the Management API of the same tenant."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from scopelint.model import Severity
from scopelint.rules.base import Report, Rule
from scopelint.rules.flows import (
    audience_host,
    audience_pattern,
    describe_uses,
    endpoints_of,
    labels,
    use_sites,
)

if TYPE_CHECKING:
    from scopelint.facts.model import RunFacts


class WrongAudience(Rule):
    code = "SL103"
    name = "wrong-audience"
    severity = Severity.ERROR
    summary = "A token sent to the Management API is requested for another audience."
    what_it_does = """
Finds token requests whose token reaches a Management API v2 call but whose `audience` is
not `https://{domain}/api/v2/` of the same tenant: `/userinfo`, the tenant root, a custom
API of the application, a missing trailing slash, or another tenant's domain.
"""
    why_it_matters = """
The Management API accepts only access tokens whose `aud` is exactly its identifier,
`https://{domain}/api/v2/`; any other audience is answered with 401 `Bad audience`.
"""
    example = """
oauth.auth0.authorize_redirect(redirect_uri, audience="https://api.example.com/")
...
requests.get(f"https://{DOMAIN}/api/v2/users/{uid}", headers={"Authorization": f"Bearer {token['access_token']}"})
"""
    fixed_example = """
oauth.auth0.authorize_redirect(redirect_uri, audience=f"https://{DOMAIN}/api/v2/")
"""
    help = "request the token with audience=https://{domain}/api/v2/ of the tenant whose Management API it calls"

    def check(self, run: RunFacts) -> Iterator[Report]:
        knowledge = run.knowledge
        assert knowledge is not None
        for linked in run.linked():
            request, audience = linked.request, linked.request.audience
            if audience is None or audience.state not in ("literal", "partial"):
                continue
            endpoints = endpoints_of(linked.uses, knowledge)
            apis = {e.api.audience: e.api for e in endpoints} or {a.audience: a for a in knowledge.apis[:1]}
            rendered = audience.text.replace("{}", "tenant")
            expected = " or ".join(apis)
            if not any(audience_pattern(template).fullmatch(rendered) for template in apis) and not any(
                _may_be(audience.text, template) for template in apis
            ):
                problem = f"audience {audience.text!r} is not the Management API identifier {expected}"
            elif not _same_tenant(audience.text, request.domain):
                problem = (
                    f"audience {audience.text!r} names another tenant than the request's domain {request.domain!r}"
                )
            else:
                continue
            yield Report(
                audience.site or request.site,
                f"{problem}; its tokens reach {labels(endpoints)} ({describe_uses(linked.uses)})",
                related=use_sites(linked.uses, knowledge),
            )


def _may_be(audience: str, template: str) -> bool:
    """Whether the holes of a partly known audience may make it the API's identifier: a hole
    holds a piece of one path segment, a leading one a scheme and host as well
    (`BASE_URL + "/api/v2/"`); unknown is not wrong."""
    if "{}" not in audience:
        return False
    pieces = [re.escape(piece) for piece in audience.split("{}")]
    leading = "(?:[a-zA-Z][a-zA-Z0-9+.-]*://)?[^/]*" if not pieces[0] else "[^/]*"
    pattern = pieces[0] + leading + "[^/]*".join(pieces[1:])
    return re.fullmatch(pattern, template.replace("{domain}", "tenant.auth0.com")) is not None


def _same_tenant(audience: str, domain: str | None) -> bool:
    host = audience_host(audience)
    if domain is None or host is None or "{}" in host or "{}" in domain:
        return True  # not statically known: say nothing
    return host == domain.lower().removeprefix("https://").removeprefix("http://").rstrip("/")
