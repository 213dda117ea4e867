"""SL104 missing-scope: the token request lacks scopes the endpoints called with its token need."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scopelint.model import Applicability, Fix, Severity
from scopelint.rules.base import Report, Rule
from scopelint.rules.flows import (
    add_parameter_edit,
    decides_parameters,
    missing_scopes,
    scope_edit,
    scope_needs,
    use_sites,
)

if TYPE_CHECKING:
    from scopelint.facts.model import RunFacts


class MissingScope(Rule):
    code = "SL104"
    name = "missing-scope"
    severity = Severity.ERROR
    fixable = True
    summary = "A token request lacks the scopes the Management API endpoints called with its token need."
    what_it_does = """
Finds token requests whose tokens reach Management API v2 endpoints but whose `scope`
leaves out a scope those endpoints need: the current-user scope (`read:current_user`,
`update:current_user_metadata`, `update:current_user_identities`, ...) for user-facing
flows (authorize, password, authorization code), the any-user scope (`read:users`,
`update:users`, ...) for an explicit client-credentials scope. A client-credentials
request without `scope` gets every scope granted to the client and is not reported; a
scope that is not statically known is not reported either.
"""
    why_it_matters = """
User-facing flows get only the scopes they ask for. Without the endpoint's scope the
Management API answers 403 `Insufficient scope, expected any of: ...`.
"""
    example = """
oauth.register("auth0", client_kwargs={"scope": "openid profile"},
               authorize_params={"audience": f"https://{DOMAIN}/api/v2/"}, ...)
...
requests.patch(f"https://{DOMAIN}/api/v2/users/{uid}", json={"user_metadata": m},
               headers={"Authorization": f"Bearer {session['user']['access_token']}"})
"""
    fixed_example = """
oauth.register("auth0", client_kwargs={"scope": "openid profile update:current_user_metadata"},
               authorize_params={"audience": f"https://{DOMAIN}/api/v2/"}, ...)
"""
    help = "add the listed scopes to the token request's scope"

    def check(self, run: RunFacts) -> Iterator[Report]:
        knowledge = run.knowledge
        assert knowledge is not None
        for linked in run.linked():
            request, scope = linked.request, linked.request.scope
            if not decides_parameters(request):
                continue  # refresh and code exchange: the scope was decided by an earlier request
            if scope is None and not request.user_facing:
                continue  # client credentials without scope: every granted scope
            if scope is not None and scope.state not in ("literal", "empty"):
                continue  # not statically known: say nothing
            granted = set(scope.items or []) if scope is not None else set()
            missing = missing_scopes(scope_needs(linked, knowledge), granted)
            if not missing:
                continue
            listed = "; ".join(f"{name} (for {', '.join(endpoints)})" for name, endpoints in missing)
            asked = f"scope {scope.text!r}" if scope is not None else "no scope"
            yield Report(
                scope.site if scope is not None and scope.site else request.site,
                f"token request with {asked} lacks {listed}",
                _fix([name for name, _ in missing], request),
                related=use_sites(linked.uses, knowledge),
            )


def _fix(scopes: list[str], request) -> Fix | None:
    scope = request.scope
    if scope is not None and not request.user_facing:
        # client credentials: Auth0 refuses the whole token request when the scope asks for
        # more than the client's grant holds, so the grant changes first
        edit = scope_edit(scope, scopes)
        description = (
            f"add {' '.join(scopes)} to the scope, after adding them to the client's grant for the Management "
            "API in the Auth0 dashboard (Applications > APIs > Machine to Machine Applications): until then "
            "Auth0 refuses the token request"
        )
        return Fix(Applicability.UNSAFE, description, (edit,)) if edit else None
    if scope is not None and request.elsewhere:
        # its tokens also go where the run cannot follow them: what they need there is unknown
        edit = scope_edit(scope, scopes)
        place = f"{request.elsewhere[0].path}:{request.elsewhere[0].span.line}"
        description = f"add {' '.join(scopes)} to the scope (its tokens also go to {place}, whose needs are not known)"
        return Fix(Applicability.UNSAFE, description, (edit,)) if edit else None
    if scope is not None:
        edit = scope_edit(scope, scopes)
        return Fix(Applicability.SAFE, f"add {' '.join(scopes)} to the scope", (edit,)) if edit else None
    # No scope at all: asking for only the API scopes would drop openid and the ID token the
    # app may rely on, so this fix needs a human look.
    value = f"{request.quote}openid {' '.join(scopes)}{request.quote}"
    edit = add_parameter_edit(request, "scope", value)
    return Fix(Applicability.UNSAFE, f"add scope {value}", (edit,)) if edit else None
