"""SL109 hardcoded-token: a JWT or bearer token literal used for a Management API call."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from scopelint.masking import looks_like_token, mask_secrets
from scopelint.model import Severity
from scopelint.prefilter import management_sinks
from scopelint.rules.base import Report, Rule, RunReport

if TYPE_CHECKING:
    from scopelint.python.facts import ModuleFacts
    from scopelint.facts.model import FileFacts
    from scopelint.packs import Knowledge


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
    def needles(cls, knowledge: "Knowledge", language: str) -> list[set[str]]:
        return [management_sinks(knowledge, language)]

    def check(self, facts: "ModuleFacts") -> Iterator[Report]:
        from scopelint.facts.values import Text, alternatives

        seen: set[int] = set()
        for call in facts.management_calls:
            for credential in call.credentials:
                if id(credential.entry) in seen:
                    continue
                for option in alternatives(credential.value):
                    literal = "".join(p for p in option.parts if isinstance(p, str)) if isinstance(option, Text) else ""
                    if looks_like_token(literal) or (call.client and _long_token(literal)):
                        seen.add(id(credential.entry))
                        yield Report(
                            credential.entry,
                            f"hard-coded token {mask_secrets(_shown(literal))} is the credential of "
                            f"{call.endpoint_label}",
                            secrets=tuple(w for w in literal.split() if len(w) >= 8),
                        )
                        break


    def check_file(self, facts: "FileFacts", knowledge: "Knowledge") -> Iterator[RunReport]:
        # scripts and templates: the front end records the literal credentials it sees
        for credential in facts.literal_credentials:
            labels = [e.label for e in map(knowledge.endpoint, credential.endpoints) if e is not None]
            yield RunReport(
                credential.site,
                f"hard-coded token {mask_secrets(_shown(credential.text))} is the credential of "
                f"{', '.join(labels) or 'the ' + credential.api}",
                secrets=tuple(w for w in credential.text.split() if len(w) >= 8),
            )


def _long_token(text: str) -> bool:
    # an SDK token argument is the bare token: a long run of token characters
    stripped = text.strip()
    return len(stripped) >= 20 and " " not in stripped


def _shown(literal: str) -> str:
    stripped = literal.strip()
    if looks_like_token(stripped):
        return stripped
    return stripped[:6] + "…"
