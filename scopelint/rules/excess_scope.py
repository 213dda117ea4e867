"""SL107 excess-scope: any-user Management API scopes requested in a user-facing flow."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scopelint.model import Applicability, Edit, Fix, Severity
from scopelint.rules.base import Report, Rule
from scopelint.rules.flows import (
    current_user_equivalents,
    is_api_audience,
    scope_edit,
    scope_needs,
    scope_replacements,
    use_sites,
)

if TYPE_CHECKING:
    from scopelint.facts.model import RunFacts


class ExcessScope(Rule):
    code = "SL107"
    name = "excess-scope"
    severity = Severity.WARNING
    fixable = True
    summary = "Any-user Management API scopes (read:users, update:users, ...) requested in a user-facing flow."
    what_it_does = """
Finds user-facing token requests (authorize, password, authorization code, Authlib,
requests-oauthlib, social-auth) for the Management API (its audience, or a token that
reaches it) that ask for any-user scopes such as `read:users` or `update:users`, and names
the current-user scope to ask for instead.
"""
    why_it_matters = """
Any-user scopes let the holder read or change every user of the tenant. Tokens of a user
session end up in browsers and logs; they should carry only the current-user scopes
(`read:current_user`, `update:current_user_metadata`, ...). Auth0 does not grant
any-user scopes to user-facing flows anyway, so asking for them hides a design mistake.
"""
    example = """
oauth.register("auth0", client_kwargs={"scope": "openid read:users update:users"},
               authorize_params={"audience": f"https://{DOMAIN}/api/v2/"}, ...)
"""
    fixed_example = """
oauth.register("auth0", client_kwargs={"scope": "openid read:current_user update:current_user_metadata"},
               authorize_params={"audience": f"https://{DOMAIN}/api/v2/"}, ...)
"""
    help = "ask for the current-user scope instead (read:users -> read:current_user, ...)"

    def check(self, run: RunFacts) -> Iterator[Report]:
        knowledge = run.knowledge
        assert knowledge is not None
        equivalents = current_user_equivalents(knowledge)
        for linked in run.requests.values():
            request, scope = linked.request, linked.request.scope
            if not request.user_facing or scope is None or not scope.items:
                continue
            if not (linked.uses or is_api_audience(request.audience, knowledge)):
                continue
            excess = [s for s in scope.items if s in equivalents]
            if not excess:
                continue
            advice = "; ".join(f"{s} -> {' or '.join(equivalents[s])}" for s in excess)
            yield Report(
                scope.site or request.site,
                f"user-facing {request.flow} request asks for any-user scope(s) {', '.join(excess)}; "
                f"use the current-user scope: {advice}",
                _fix(linked, excess, equivalents, knowledge),
                related=use_sites(linked.uses, knowledge),
            )


def _fix(linked, excess: list[str], equivalents: dict[str, list[str]], knowledge) -> Fix | None:
    """Replace each any-user scope by its current-user equivalent, when that is one scope:
    the only one there is, or the one the endpoints called with the token need."""
    needed = {s for need in scope_needs(linked, knowledge) for s in need.scopes}
    replace: dict[str, str] = {}
    for scope in excess:
        candidates = equivalents[scope]
        chosen = candidates if len(candidates) == 1 else [c for c in candidates if c in needed]
        if len(chosen) != 1:
            return None
        replace[scope] = chosen[0]
    scope = linked.request.scope
    edits: tuple[Edit, ...]
    if scope.string_quote is not None:
        edit = scope_edit(scope, [], replace)
        edits = (edit,) if edit else ()
    else:
        edits = scope_replacements(scope, replace)
    if not edits:
        return None
    described = ", ".join(f"{a} -> {b}" for a, b in replace.items())
    return Fix(Applicability.SAFE, f"use the current-user scope ({described})", edits)
