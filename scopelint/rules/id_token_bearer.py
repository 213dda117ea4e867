"""SL101 id-token-bearer: an ID token is the Bearer credential of a Management API v2 call."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from scopelint.model import Applicability, Edit, Fix, Severity
from scopelint.prefilter import id_token_sources, management_sinks
from scopelint.rules.base import Report, Rule, RunReport

if TYPE_CHECKING:
    from scopelint.python.facts import ModuleFacts
    from scopelint.facts.model import FileFacts, UseFact
    from scopelint.packs import Knowledge


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
    def needles(cls, knowledge: "Knowledge", language: str) -> list[set[str]]:
        return [id_token_sources(knowledge, language), management_sinks(knowledge, language)]

    def check(self, facts: "ModuleFacts") -> Iterator[Report]:
        # One finding per place where an ID token enters a request: a header set once on a
        # session and used for several endpoints, or fed from several branches, is one
        # mistake, reported once with every endpoint and every source it has.
        endpoints: dict[int, list[str]] = {}
        sources: dict[int, list[str]] = {}
        entries: dict[int, object] = {}
        needs: dict[int, str] = {}
        tokens: dict[int, list] = {}
        for call in facts.management_calls:
            for credential in call.credentials:
                token = credential.token
                if token is None or token.kind != "id":
                    continue
                key = id(credential.entry)
                entries[key] = credential.entry
                needs[key] = f"{call.api_name} needs an access token for audience {call.audience}"
                _add(endpoints.setdefault(key, []), call.endpoint_label)
                _add(sources.setdefault(key, []), f"{token.description}, {facts.describe(token.origin)}")
                if token not in tokens.setdefault(key, []):
                    tokens[key].append(token)
        for key, entry in entries.items():
            yield Report(
                node=entry,  # type: ignore[arg-type]
                message=(
                    f"ID token ({'; '.join(sources[key])}) is the Bearer credential of "
                    f"{', '.join(endpoints[key])}; the {needs[key]}"
                ),
                fix=_fix(facts, tokens[key]),
            )


    def check_file(self, facts: "FileFacts", knowledge: "Knowledge") -> Iterator[RunReport]:
        # The same one finding per entry place and the same words as `check`, from the plain
        # facts of a JavaScript/TypeScript file or template.
        by_entry: dict[tuple[int, int, int, int], list["UseFact"]] = {}
        for use in facts.uses:
            if use.kind == "id":
                span = use.site.span
                by_entry.setdefault((span.line, span.column, span.end_line, span.end_column), []).append(use)
        for uses in by_entry.values():
            endpoints: list[str] = []
            sources: list[str] = []
            for use in uses:
                labels = [e.label for e in map(knowledge.endpoint, use.endpoints) if e is not None]
                for label in labels or [f"the {use.api}"]:
                    _add(endpoints, label)
                _add(sources, use.source)
            first = uses[0]
            yield RunReport(
                first.site,
                f"ID token ({'; '.join(sources)}) is the Bearer credential of {', '.join(endpoints)}; "
                f"the {first.api} needs an access token for audience {first.audience}",
                _file_fix(uses),
            )


def _file_fix(uses: list["UseFact"]) -> Fix | None:
    """The facts' own fix (authResult.idToken -> authResult.accessToken), safe only when every
    token's request asks, or will ask, for the audience."""
    edits: list[Edit] = []
    for use in uses:
        if use.fix_edits is None:
            return None
        edits.extend(e for e in use.fix_edits if e not in edits)
    applicability = Applicability.SAFE if all(u.fix_safe for u in uses) else Applicability.UNSAFE
    return Fix(applicability, "send the access token of the same token response", tuple(edits))


def _add(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


def _fix(facts: "ModuleFacts", tokens: list) -> Fix | None:
    """Use the access token of the same response: tokens["id_token"] -> tokens["access_token"].

    Safe only when every token comes from a request of this module whose audience and scope
    are right or fixable in the same run (SL102/SL104); otherwise the access token could be
    an opaque /userinfo token, so the fix is offered as unsafe.
    """
    if facts.span_of is None:
        return None
    knowledge = facts.evaluator.knowledge
    access_key = sorted(knowledge.access_token_keys, key=len)[-1] if knowledge.access_token_keys else "access_token"
    edits: list[Edit] = []
    for token in tokens:
        edit = _key_edit(token.origin, access_key, facts)
        if edit is None or token.weak:
            return None
        edits.append(edit)
    requests = {r.key: r for r in facts.token_requests}
    known = all(t.request in requests and t.stored is None for t in tokens)  # a store's write is shared
    applicability = Applicability.SAFE if known and all(_complete(requests[t.request], facts) for t in tokens) else Applicability.UNSAFE
    return Fix(applicability, "send the access token of the same token response", tuple(edits))


def _key_edit(origin, access_key: str, facts: "ModuleFacts") -> Edit | None:
    import libcst as cst

    from scopelint.python.edits import replace_string_value

    if isinstance(origin, cst.Subscript) and len(origin.slice) == 1 and isinstance(origin.slice[0].slice, cst.Index):
        key = origin.slice[0].slice.value
        return replace_string_value(key, access_key, facts.span_of) if isinstance(key, cst.SimpleString) else None
    if isinstance(origin, cst.Call) and origin.args and isinstance(origin.args[0].value, cst.SimpleString):
        return replace_string_value(origin.args[0].value, access_key, facts.span_of)
    if isinstance(origin, cst.Attribute):
        return Edit(facts.span_of(origin.attr), access_key)
    return None


def _complete(request, facts: "ModuleFacts") -> bool:
    """The request asks (or will, once its own safe fixes are applied) for an audience."""
    if request.audience is not None:
        return True
    return request.container is not None and facts.evaluator.host_expression(request.domain_node) is not None
