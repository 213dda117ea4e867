"""SL101 id-token-bearer: an ID token is the Bearer credential of a Management API v2 call."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scopelint.model import Applicability, Edit, Fix, Severity, Span
from scopelint.rules.base import Report, Rule
from scopelint.rules.flows import add_once, call_labels, request_sites
from scopelint.rules.needles import id_token_sources, management_sinks

if TYPE_CHECKING:
    from scopelint.facts.model import RunFacts, UseFact
    from scopelint.packs.knowledge import Knowledge


class IdTokenBearer(Rule):
    code = "SL101"
    name = "id-token-bearer"
    severity = Severity.ERROR
    fixable = True
    summary = "An ID token is sent as the Bearer credential of a Management API v2 call."
    what_it_does = """
Finds calls to the Auth0 Management API v2 (read or update the user, MFA enrollments,
account linking, device credentials) whose `Authorization: Bearer` credential, or the
token given to an auth0-python management client, is the user's ID token. The token is
followed from where it is obtained (`tokens["id_token"]`, `session["id_token"]`,
`token.id_token`, a value passed to an ID-token verifier) through variables, f-strings,
header dicts, sessions, attributes and the module's own function calls.
"""
    why_it_matters = """
Auth0 deprecated ID tokens as Management API credentials. Once a tenant turns off
"Allow ID Tokens for Management API v2 Authentication", these calls fail with 401
(`Invalid token` or `Bad audience`). The documented approach is an access token requested
with `audience=https://{domain}/api/v2/` and the scopes each endpoint needs
(e.g. `read:current_user` for GET /api/v2/users/{id}); only the token changes, the
request and the response stay the same.
"""
    example = """
tokens = auth0.authorize_access_token()
requests.get(
    f"https://{DOMAIN}/api/v2/users/{user_id}",
    headers={"Authorization": f"Bearer {tokens['id_token']}"},
)
"""
    fixed_example = """
# request the token with audience=f"https://{DOMAIN}/api/v2/" and scope="openid read:current_user"
tokens = auth0.authorize_access_token()
requests.get(
    f"https://{DOMAIN}/api/v2/users/{user_id}",
    headers={"Authorization": f"Bearer {tokens['access_token']}"},
)
"""
    help = (
        "send the access token of the same token response, requested with "
        "audience https://{domain}/api/v2/ and the endpoint's scopes"
    )

    @classmethod
    def needles(cls, knowledge: Knowledge, kind: str) -> list[set[str]]:
        return [id_token_sources(knowledge, kind), management_sinks(knowledge, kind)]

    def check(self, run: RunFacts) -> Iterator[Report]:
        # One finding per place where an ID token enters a request: a header set once on a
        # session and used for several endpoints, or fed from several branches, is one
        # mistake, reported once with every endpoint and every source it has.
        knowledge = run.knowledge
        assert knowledge is not None
        for facts in run.files:
            by_entry: dict[Span, list[UseFact]] = {}
            for use in facts.uses:
                if use.kind == "id":
                    by_entry.setdefault(use.site.span, []).append(use)
            for uses in by_entry.values():
                endpoints: list[str] = []
                sources: list[str] = []
                for use in uses:
                    for label in call_labels(use, knowledge):
                        add_once(endpoints, label)
                    add_once(sources, use.source)
                first = uses[0]
                yield Report(
                    first.site,
                    f"ID token ({'; '.join(sources)}) is the Bearer credential of {', '.join(endpoints)}; "
                    f"the {first.api} needs an access token for audience {first.audience}",
                    _fix(uses),
                    related=request_sites(run, uses),
                )


def _fix(uses: list[UseFact]) -> Fix | None:
    """The front end's edits (tokens["id_token"] -> tokens["access_token"], authResult.idToken
    -> authResult.accessToken): the access token of the same token response. Safe only when
    every token's request is known and asks (or, with its own safe fixes, will ask) for the
    audience; otherwise the access token could be an opaque /userinfo token."""
    edits: list[Edit] = []
    for use in uses:
        if use.fix_edits is None:
            return None
        edits.extend(e for e in use.fix_edits if e not in edits)
    applicability = Applicability.SAFE if all(u.fix_safe for u in uses) else Applicability.UNSAFE
    return Fix(applicability, "send the access token of the same token response", tuple(edits))
