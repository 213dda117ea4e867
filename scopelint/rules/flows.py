"""What the run rules share: which scopes a flow needs, what audience it should ask for,
whether a token belongs to a user session. One place, so rules never disagree."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeGuard

from scopelint.model import Applicability, Edit, Fix

if TYPE_CHECKING:  # the run facts are imported when a run rule runs, not by every run
    from scopelint.facts.model import LinkedRequest, LiteralCredential, ParamFact, RequestFact, RunFacts, Site, UseFact
    from scopelint.packs.knowledge import Endpoint, Knowledge

# Flows whose audience and scope are decided elsewhere: a refresh keeps the original ones,
# a code exchange gets those of its /authorize step (not in the token request).
DECIDED_ELSEWHERE = {
    ("refresh_token", "http"),
    ("refresh_token", "auth0-python"),
    ("authorization_code", "http"),
    ("authorization_code", "auth0-python"),
}


def endpoints_of(uses: list[UseFact], knowledge: Knowledge) -> list[Endpoint]:
    found: list[Endpoint] = []
    for use in uses:
        for endpoint_id in use.endpoints:
            endpoint = knowledge.endpoint(endpoint_id)
            if endpoint is not None and endpoint not in found:
                found.append(endpoint)
    return found


def decides_parameters(request: RequestFact) -> bool:
    return request.user_facing is not None and (request.flow, request.library) not in DECIDED_ELSEWHERE


def audience_pattern(template: str) -> re.Pattern[str]:
    """`https://{domain}/api/v2/` -> a pattern that a rendered audience (holes as {}) must match."""
    parts = re.split(r"(\{[^}]*\})", template)
    return re.compile("".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts))


def audience_host(text: str) -> str | None:
    match = re.match(r"^[a-zA-Z]+://([^/]+)", text)
    return match.group(1).lower() if match else None


def is_api_audience(param: ParamFact | None, knowledge: Knowledge) -> TypeGuard[ParamFact]:
    """The audience names one of the packs' APIs (any tenant)."""
    if param is None or param.state not in ("literal", "partial"):
        return False
    rendered = param.text.replace("{}", "tenant")
    return any(audience_pattern(api.audience).fullmatch(rendered) for api in knowledge.apis)


def is_current_user_token(use: UseFact, run: RunFacts) -> bool | None:
    """True for a token of a user session (user-facing flow, session, browser, ID token);
    False for a machine-to-machine token; None when the run cannot tell."""
    if use.kind == "id":
        return True
    sources = [run.requests[k].request for k in _keys_of(use, run)]
    if sources:
        if all(r.user_facing is False for r in sources):
            return False
        if any(r.user_facing for r in sources):
            return True
    if use.session_key is not None or use.browser:
        return True
    return None


def current_user_bodies(run: RunFacts, endpoint_id: str, wrong: Callable[[set[str]], bool]) -> Iterator[Site]:
    """Where a current-user token sends a body that `wrong` rejects to `endpoint_id`, once per place."""
    reported: set[tuple[str, int, int]] = set()
    for use in run.uses:
        if endpoint_id not in use.endpoints or use.body_keys is None or not wrong(set(use.body_keys)):
            continue
        if not is_current_user_token(use, run):
            continue
        site = use.body_site or use.call_site
        place = (site.path, site.span.line, site.span.column)
        if place not in reported:
            reported.add(place)
            yield site


def _keys_of(use: UseFact, run: RunFacts) -> list[str]:
    return run.request_keys_of(use)


@dataclass
class ScopeNeed:
    endpoint: Endpoint
    scopes: tuple[str, ...]
    any_of: bool


def scope_needs(linked: LinkedRequest, knowledge: Knowledge) -> list[ScopeNeed]:
    """The scopes the endpoints reached with the request's tokens need, by the request's kind:
    current-user scopes for user-facing flows, any-user scopes for client credentials."""
    request = linked.request
    needs: list[ScopeNeed] = []
    for endpoint in endpoints_of(linked.uses, knowledge):
        if request.user_facing:
            needs.append(ScopeNeed(endpoint, endpoint.current_user_scopes, endpoint.current_user_scopes_any_of))
        else:
            needs.append(ScopeNeed(endpoint, endpoint.any_user_scopes, False))
    return needs


def missing_scopes(needs: list[ScopeNeed], granted: set[str]) -> list[tuple[str, list[str]]]:
    """[(scope, [endpoint labels])] of the scopes to add, in a stable order."""
    missing: dict[str, list[str]] = {}
    for need in needs:
        if need.any_of:
            if granted & set(need.scopes):
                continue
            wanted = [need.scopes[0]]
        else:
            wanted = [s for s in need.scopes if s not in granted]
        for scope in wanted:
            labels = missing.setdefault(scope, [])
            if need.endpoint.label not in labels:
                labels.append(need.endpoint.label)
    return list(missing.items())


def current_user_equivalents(knowledge: Knowledge) -> dict[str, list[str]]:
    """any-user scope -> the current-user scopes of the same endpoints (read:users -> read:current_user)."""
    mapping: dict[str, list[str]] = {}
    for endpoint in knowledge.endpoints:
        for scope in endpoint.any_user_scopes:
            targets = mapping.setdefault(scope, [])
            for replacement in (
                endpoint.current_user_scopes[:1]
                if endpoint.current_user_scopes_any_of
                else endpoint.current_user_scopes
            ):
                if replacement not in targets:
                    targets.append(replacement)
    return mapping


def call_labels(use: UseFact | LiteralCredential, knowledge: Knowledge) -> list[str]:
    """How a call a token reaches is named: its endpoints ("GET /api/v2/users/{id}"), or,
    when they are not known, the front end's name for the call or the API's."""
    found = [endpoint.label for endpoint in map(knowledge.endpoint, use.endpoints) if endpoint is not None]
    return found or [use.call_label or f"the {use.api}"]


def add_once(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


RELATED_LIMIT = 10  # related places listed per finding


def use_sites(uses: list[UseFact], knowledge: Knowledge) -> tuple[tuple[Site, str], ...]:
    """The calls a request's tokens reach, each once: a finding at the request points there."""
    found: dict[tuple[str, int, int], tuple[Site, str]] = {}
    for use in uses:
        place = (use.call_site.path, use.call_site.span.line, use.call_site.span.column)
        if place not in found and len(found) < RELATED_LIMIT:
            found[place] = (use.call_site, f"its token is sent here: {', '.join(call_labels(use, knowledge))}")
    return tuple(found.values())


def request_sites(run: RunFacts, uses: list[UseFact]) -> tuple[tuple[Site, str], ...]:
    """The token requests the tokens of `uses` come from: a finding at a call points there."""
    found: dict[str, tuple[Site, str]] = {}
    for use in uses:
        for key in run.request_keys_of(use):
            linked = run.requests.get(key)
            if linked is not None and key not in found and len(found) < RELATED_LIMIT:
                found[key] = (linked.request.site, "the token request this token comes from")
    return tuple(found.values())


def describe_uses(uses: list[UseFact], limit: int = 3) -> str:
    places = []
    for use in uses:
        place = f"{use.site.path}:{use.site.span.line}"
        if place not in places:
            places.append(place)
    more = f" and {len(places) - limit} more" if len(places) > limit else ""
    return ", ".join(places[:limit]) + more


def labels(endpoints: list[Endpoint]) -> str:
    return ", ".join(e.label for e in endpoints) or "the Management API"


# ---------------------------------------------------------------------------------------
# Fixes that the rules share. Each returns None when no correct fix can be written, and the
# finding's message then says what to do by hand.


def add_parameter_edit(request: RequestFact, name: str, value_source: str) -> Edit | None:
    """An edit adding `name=value` to the request where its parameters are written."""
    if request.insertion is None or (request.settable is not None and name not in request.settable):
        return None
    q = request.quote
    if request.insertion_kind == "dict":
        return request.insertion.edit([f"{q}{name}{q}: {value_source}"])
    if request.insertion_kind == "call":
        if request.insertion_wrapper:  # authorize_params={"audience": ...}
            return request.insertion.edit([f"{request.insertion_wrapper}={{{q}{name}{q}: {value_source}}}"])
        return request.insertion.edit([f"{name}={value_source}"])
    if request.insertion_kind == "js-object":  # a JavaScript object literal: audience: `...`
        if request.insertion_wrapper:  # authorizationParams: { audience: `...` }
            return request.insertion.edit([f"{request.insertion_wrapper}: {{ {name}: {value_source} }}"])
        return request.insertion.edit([f"{name}: {value_source}"])
    return None


def audience_fix(request: RequestFact) -> Fix | None:
    """Add the Management API audience (or fill an empty one), built from the domain the code uses."""
    if request.audience_value is None:
        return None
    audience = request.audience
    if audience is not None:
        if audience.state != "empty" or audience.site is None:
            return None
        edit: Edit | None = Edit(audience.site.span, request.audience_value)
    else:
        edit = add_parameter_edit(request, "audience", request.audience_value)
    if edit is None:
        return None
    return Fix(Applicability.SAFE, f"add audience {request.audience_value}", (edit,))


def scope_edit(scope: ParamFact, add: list[str], replace: dict[str, str] | None = None) -> Edit | None:
    """Edit a literal scope value in its own style: a space-separated string, a list, a tuple."""
    replace = replace or {}
    if scope.site is None or scope.items is None:
        return None
    if scope.string_quote is not None:
        words: list[str] = []
        for word in [replace.get(w, w) for w in scope.text.split(" ")] + list(add):
            if word and word not in words:  # a replacement may already be there
                words.append(word)
        quote = scope.string_quote[-1]
        return Edit(scope.site.span, f"{scope.string_quote}{' '.join(words)}{quote}")
    if scope.style in ("list", "tuple") and not replace and add and scope.insertion is not None:
        q = scope.item_quote
        return scope.insertion.edit([f"{q}{s}{q}" for s in add])
    if scope.style in ("list", "tuple") and replace and not add and scope.item_spans is not None:
        return None  # several edits: see scope_replacements
    return None


def scope_replacements(scope: ParamFact, replace: dict[str, str]) -> tuple[Edit, ...]:
    """Replace items of a literal scope list/tuple, one edit per item."""
    if scope.item_spans is None or scope.items is None or len(scope.items) != len(scope.item_spans):
        return ()
    if any(target in scope.items for target in replace.values()):
        return ()  # the replacement is already there: removing an item is left to a human
    q = scope.item_quote
    return tuple(
        Edit(span, f"{q}{replace[item]}{q}")
        for item, span in zip(scope.items, scope.item_spans, strict=True)
        if item in replace
    )
