"""SL105 id-token-response-type: response_type=id_token in a flow whose result reaches the Management API."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from scopelint.model import Applicability, Edit, Fix, Severity
from scopelint.rules.base import Report, Rule
from scopelint.rules.flows import describe_uses, endpoints_of, labels, use_sites

if TYPE_CHECKING:
    from scopelint.facts.model import RunFacts


class IdTokenResponseType(Rule):
    code = "SL105"
    name = "id-token-response-type"
    severity = Severity.ERROR
    fixable = True
    summary = "response_type=id_token (no access token) in a flow whose result reaches the Management API."
    what_it_does = """
Finds /authorize requests (URLs, `urlencode` queries, Authlib or social-auth parameters)
asking for `response_type=id_token` only, when a token of that flow is later sent to a
Management API v2 endpoint. Flows that never reach the Management API (OIDC-only logins,
LTI 1.3) are not reported.
"""
    why_it_matters = """
With `response_type=id_token` Auth0 returns no access token at all, so the app has only
the ID token to send, which the Management API no longer accepts. The migration guide
asks for `response_type=token id_token` with the Management API audience and scopes.
"""
    example = """
params = {"response_type": "id_token", "scope": "openid", "client_id": CLIENT_ID, ...}
return redirect(f"https://{DOMAIN}/authorize?" + urlencode(params))
"""
    fixed_example = """
params = {"response_type": "token id_token", "scope": "openid read:current_user",
          "audience": f"https://{DOMAIN}/api/v2/", "client_id": CLIENT_ID, ...}
"""
    help = "ask for response_type=token id_token, with audience https://{domain}/api/v2/ and the scopes"

    def check(self, run: RunFacts) -> Iterator[Report]:
        knowledge = run.knowledge
        assert knowledge is not None
        for linked in run.linked():
            request, response_type = linked.request, linked.request.response_type
            if response_type is None or response_type.state != "literal":
                continue
            kinds = set(re.split(r"[\s+]+", response_type.text.strip()))
            if "id_token" not in kinds or "token" in kinds:
                continue
            fix = None
            if response_type.site is not None and response_type.string_quote is not None:
                new = " ".join("token id_token" if k == "id_token" else k for k in response_type.text.split())
                quote = response_type.string_quote
                fix = Fix(
                    Applicability.SAFE,
                    "ask for response_type=token id_token",
                    (Edit(response_type.site.span, f"{quote}{new}{quote[-1]}"),),
                )
            yield Report(
                response_type.site or request.site,
                f"response_type={response_type.text!r} returns no access token, yet this flow's token reaches "
                f"{labels(endpoints_of(linked.uses, knowledge))} ({describe_uses(linked.uses)})",
                fix,
                related=use_sites(linked.uses, knowledge),
            )
