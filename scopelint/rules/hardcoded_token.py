"""SL109 hardcoded-token: a JWT or bearer token literal used for a Management API call."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scopelint.masking import looks_like_token, mask_secrets
from scopelint.model import Severity, Span
from scopelint.rules.base import Report, Rule
from scopelint.rules.flows import call_labels
from scopelint.rules.needles import management_sinks

if TYPE_CHECKING:
    from scopelint.facts.model import RunFacts
    from scopelint.packs.knowledge import Knowledge


class HardcodedToken(Rule):
    code = "SL109"
    name = "hardcoded-token"
    severity = Severity.ERROR
    summary = "A JWT or bearer token written in the source is used for a Management API call."
    what_it_does = """
Finds Management API v2 calls whose Bearer credential (or auth0-python token argument) is
a token literal in the source: a JWT (`eyJ...`) or a long bearer string, directly or
through a constant. The token is shown masked.
"""
    why_it_matters = """
A token in the source is a leaked credential (repositories, CI logs, wheels), it expires
and cannot be rotated without a release, and Management API tokens pasted from the
dashboard usually carry any-user scopes. Request tokens at run time: client credentials
with the Management API audience on the server, or the user's access token.
"""
    example = """
MGMT_TOKEN = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOi..."
auth0 = Auth0(DOMAIN, MGMT_TOKEN)
"""
    fixed_example = """
token = GetToken(DOMAIN, CLIENT_ID, client_secret=os.environ["AUTH0_CLIENT_SECRET"]).client_credentials(
    f"https://{DOMAIN}/api/v2/")["access_token"]
auth0 = Auth0(DOMAIN, token)
"""
    help = "remove the token from the source; request one at run time (client credentials with audience https://{domain}/api/v2/)"

    @classmethod
    def needles(cls, knowledge: Knowledge, kind: str) -> list[set[str]]:
        return [management_sinks(knowledge, kind)]

    def check(self, run: RunFacts) -> Iterator[Report]:
        # the front ends record the literal credentials they see reach the API
        knowledge = run.knowledge
        assert knowledge is not None
        for facts in run.files:
            seen: set[Span] = set()
            for credential in facts.literal_credentials:
                if credential.site.span in seen:
                    continue
                seen.add(credential.site.span)
                yield Report(
                    credential.site,
                    f"hard-coded token {mask_secrets(_shown(credential.text))} is the credential of "
                    f"{', '.join(call_labels(credential, knowledge))}",
                    secrets=tuple(w for w in credential.text.split() if len(w) >= 8),
                )


def _shown(literal: str) -> str:
    stripped = literal.strip()
    if looks_like_token(stripped):
        return stripped
    return stripped[:6] + "…"
