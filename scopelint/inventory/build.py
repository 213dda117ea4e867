"""The inventory document of one run: its API calls (`RunFacts.calls`), the tokens the run
followed to them (`RunFacts.uses`), the token requests those come from (`RunFacts.requests`)
and the scopes the endpoints need (the API packs), with the run's findings beside them.

Which scopes a flow needs and whether a token is a user's are the rules' own answers
(`scopelint.rules.flows`), so the inventory and the findings never disagree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import scopelint
from scopelint.masking import mask_secrets
from scopelint.rules.flows import ScopeNeed, decides_parameters, is_current_user_token, missing_scopes, scope_needs

if TYPE_CHECKING:
    from scopelint.facts.model import ApiCall, RequestFact, RunFacts, Site, UseFact
    from scopelint.model import Finding, RunResult
    from scopelint.packs.knowledge import Endpoint, Knowledge

# Version of the JSON document; raised when a field changes meaning or goes away (adding a
# field keeps it). `scopelint/inventory/inventory.schema.json` describes it.
INVENTORY_VERSION = 1

# Where a call's token comes from, as the document names it, and as people read it.
TOKEN_KINDS: dict[str, str] = {
    "id-token": "ID token",
    "user-access-token": "user access token",
    "m2m-access-token": "machine-to-machine token",
    "access-token": "access token (grant not known)",
    "unknown": "unknown",
}
_USER_KINDS = ("id-token", "user-access-token")
_CALLEE_LENGTH = 60
_SOURCE_LENGTH = 120
# a call no token was followed to (a parameter nothing passes, the environment, a literal)
_UNKNOWN_TOKEN: dict[str, Any] = {
    "kind": "unknown",
    "source": "",
    "path": None,
    "line": None,
    "column": None,
    "requests": [],
}


@dataclass
class _Call:
    site: Site
    api: str
    label: str
    endpoints: list[str] = field(default_factory=list)
    uses: list[UseFact] = field(default_factory=list)


def build_inventory(result: RunResult, knowledge: Knowledge, repository: str) -> dict[str, Any]:
    """The inventory document (version INVENTORY_VERSION) of a run of `Engine.check_paths`."""
    run = result.facts
    calls = _calls(run) if run is not None else []
    applications = [_application(linked.request, linked.uses, run, knowledge, result.findings)
                    for linked in run.linked()] if run is not None else []  # fmt: skip
    return {
        "inventory_version": INVENTORY_VERSION,
        "scopelint_version": scopelint.__version__,
        "repository": repository,
        "calls": [_call(call, run, knowledge, result.findings) for call in calls if run is not None],
        "applications": applications,
        "findings": [_finding(f) for f in result.findings],
        "findings_per_rule": dict(sorted(Counter(f.code for f in result.findings).items())),
        "errors": [error.to_dict() for error in sorted(result.errors)],
        "files": {"checked": result.files_checked},
    }


def _place(site: Site) -> tuple[str, int, int, int, int]:
    span = site.span
    return (site.path, span.line, span.column, span.end_line, span.end_column)


def _calls(run: RunFacts) -> list[_Call]:
    """One entry per call site: a helper sending to several URLs (called from several places)
    is one call with the endpoints of all of them."""
    by_place: dict[tuple[str, int, int, int, int], _Call] = {}

    def entry(site: Site, api: str, label: str, endpoints: list[str]) -> _Call:
        call = by_place.setdefault(_place(site), _Call(site, api, label))
        call.endpoints.extend(e for e in endpoints if e not in call.endpoints)
        return call

    api_call: ApiCall
    for api_call in run.calls:
        entry(api_call.site, api_call.api, api_call.call_label, api_call.endpoints)
    for use in run.uses:
        call = entry(use.call_site, use.api, use.call_label, use.endpoints)
        if use not in call.uses:
            call.uses.append(use)
    return sorted(by_place.values(), key=lambda c: _place(c.site))


def _token_kind(use: UseFact, run: RunFacts) -> str:
    if use.kind == "id":
        return "id-token"
    user = is_current_user_token(use, run)
    return "user-access-token" if user else "access-token" if user is None else "m2m-access-token"


def _tokens(call: _Call, run: RunFacts) -> list[dict[str, Any]]:
    tokens: list[dict[str, Any]] = []
    for use in call.uses:
        requests = [run.requests[key].request for key in run.request_keys_of(use)]
        token = {
            "kind": _token_kind(use, run),
            "source": mask_secrets(_middle_cut(" ".join(use.source.split()))),
            "path": use.site.path,
            "line": use.site.span.line,
            "column": use.site.span.column,
            "requests": [_request_place(r) for r in requests],
        }
        if token not in tokens:
            tokens.append(token)
    # the same token seen once through its request and once through a session key only
    return [
        t
        for t in tokens
        if t["requests"]
        or not any(o["requests"] and (o["kind"], o["source"]) == (t["kind"], t["source"]) for o in tokens)
    ]


def _request_place(request: RequestFact) -> dict[str, Any]:
    return {
        "path": request.site.path,
        "line": request.site.span.line,
        "flow": request.flow,
        "library": request.library,
    }


def _call(call: _Call, run: RunFacts, knowledge: Knowledge, findings: list[Finding]) -> dict[str, Any]:
    endpoints = [e for e in map(knowledge.endpoint, call.endpoints) if e is not None]
    tokens = _tokens(call, run)
    kinds = {t["kind"] for t in tokens} or {"unknown"}
    # a user's token needs the current-user scopes, a machine's the any-user ones; a token
    # of unknown grant may be either
    user = bool(kinds - {"m2m-access-token"})
    machine = bool(kinds - set(_USER_KINDS))
    current_user = [ScopeNeed(e, e.current_user_scopes, e.current_user_scopes_any_of) for e in endpoints]
    any_user = [ScopeNeed(e, e.any_user_scopes, False) for e in endpoints]
    entry_points = {_place(use.site) for use in call.uses}
    site = call.site
    return {
        "path": site.path,
        "line": site.span.line,
        "column": site.span.column,
        "end_line": site.span.end_line,
        "end_column": site.span.end_column,
        "api": call.api,
        "call": call.label or mask_secrets(_callee(site.snippet)),
        "endpoints": [_endpoint(e) for e in endpoints],
        "tokens": tokens or [_UNKNOWN_TOKEN],
        "scopes": {
            "current_user": _scopes(current_user) if user else None,
            "any_user": _scopes(any_user) if machine else None,
        },
        "findings": sorted(
            {
                f.code
                for f in findings
                if (f.path == site.path and site.first_line <= f.span.line <= site.last_line)
                or _place_of(f) in entry_points
            }
        ),
    }


def _scopes(needs: list[ScopeNeed]) -> list[str]:
    """Every scope the needs name (of alternatives, the first: what scopelint's fixes add)."""
    return [scope for scope, _ in missing_scopes(needs, set())]


def _place_of(finding: Finding) -> tuple[str, int, int, int, int]:
    span = finding.span
    return (finding.path, span.line, span.column, span.end_line, span.end_column)


def _endpoint(endpoint: Endpoint) -> dict[str, Any]:
    return {
        "id": endpoint.id,
        "method": endpoint.method,
        "path": endpoint.path,
        "current_user_scopes": list(endpoint.current_user_scopes),
        "current_user_scopes_any_of": endpoint.current_user_scopes_any_of,
        "any_user_scopes": list(endpoint.any_user_scopes),
    }


def _application(
    request: RequestFact, uses: list[UseFact], run: RunFacts, knowledge: Knowledge, findings: list[Finding]
) -> dict[str, Any]:
    """A token request whose tokens reach the API: the application (or machine client) it
    belongs to, what it asks for, and what its calls need."""
    from scopelint.facts.model import LinkedRequest

    needs = scope_needs(LinkedRequest(request, uses), knowledge)
    scope = request.scope
    requested = scope.items if scope is not None and scope.state == "literal" else None
    known = requested is not None or (scope is None and request.user_facing is True)
    missing = (
        sorted(scope for scope, _ in missing_scopes(needs, set(requested or ())))
        if known and decides_parameters(request)
        else None
    )
    site = request.site
    return {
        "path": site.path,
        "line": site.span.line,
        "flow": request.flow,
        "library": request.library,
        "kind": "unknown" if request.user_facing is None else "user" if request.user_facing else "machine",
        "audience": request.audience.text if request.audience is not None else None,
        "scope": scope.text if scope is not None else None,
        "endpoints": sorted({n.endpoint.label for n in needs}),
        "scopes_needed": sorted(_scopes(needs)),
        "scopes_missing": missing,
        "calls": [{"path": path, "line": line} for path, line in sorted({_line_of(u.call_site) for u in uses})],
        "findings": sorted(
            {f.code for f in findings if f.path == site.path and site.first_line <= f.span.line <= site.last_line}
        ),
    }


def _line_of(site: Site) -> tuple[str, int]:
    return (site.path, site.span.line)


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "rule": finding.rule,
        "severity": finding.severity.value,
        "path": finding.path,
        "line": finding.span.line,
        "column": finding.span.column,
        "message": finding.message,
    }


def _callee(snippet: str) -> str:
    """What a call calls: `requests.get` of `requests.get(url, ...)`, `fetch`, `self._http.patch`."""
    callee = snippet.split("(", 1)[0].strip()
    return _shorten(callee, _CALLEE_LENGTH)


def _shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _middle_cut(text: str) -> str:
    """A long token source, its start and its end (`, line 24`, `in app/auth.py:12`) kept."""
    if len(text) <= _SOURCE_LENGTH:
        return text
    tail = _SOURCE_LENGTH // 3
    return text[: _SOURCE_LENGTH - tail - 1] + "…" + text[-tail:]
