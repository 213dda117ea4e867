"""Facts of a whole run: each file's serialisable facts, joined across modules.

Real apps request a token in one module (`auth.py`: `session["user"] = token`) and use
it in another (`views.py`: `session["user"]["access_token"]`). Each file yields a
`FileFacts` (plain data: it can be cached); `join` links every token that reaches a
Management API call back to the request(s) it may come from, across all files of the run.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from scopelint.model import Edit, InsertionPoint, Span

if TYPE_CHECKING:
    from scopelint.packs import Knowledge


@dataclass(frozen=True)
class Site:
    """A place in a file, with what findings and suppressions need to know about it."""

    path: str
    span: Span
    first_line: int  # of the enclosing statement (suppression comments)
    last_line: int
    snippet: str
    context: str
    line_text: str


@dataclass
class ParamFact:
    """A request parameter as far as it is statically known."""

    state: str  # "literal" (fully known), "partial" (a string with holes), "unknown", "empty"
    text: str  # rendered, holes as {}
    items: list[str] | None = None  # scope names, when known
    style: str = ""  # "string", "list", "tuple"
    site: Site | None = None
    # what a fix needs: a string literal's prefix and quote (r", '), a list/tuple's insertion point
    string_quote: str | None = None
    insertion: InsertionPoint | None = None
    item_quote: str = '"'
    item_spans: list[Span] | None = None  # each string item of a list/tuple


@dataclass
class RequestFact:
    key: str
    site: Site
    flow: str
    user_facing: bool | None
    library: str
    audience: ParamFact | None = None
    scope: ParamFact | None = None
    response_type: ParamFact | None = None
    domain: str | None = None
    partial: bool = False
    primary: bool = True  # of the pieces of a partial request, the one to report at
    # what a fix needs to add a parameter: the audience value in the code's own terms
    # (f"https://{DOMAIN}/api/v2/"), and where and how a new entry goes
    audience_value: str | None = None
    insertion: InsertionPoint | None = None
    insertion_kind: str = ""  # "dict", "call", "authlib-register", "js-object"
    insertion_wrapper: str = ""  # a new entry goes into a new object under this key (JavaScript)
    settable: list[str] | None = None  # the parameters that may be added there (None: any)
    quote: str = '"'


@dataclass
class UseFact:
    """A token that reaches a Management API call."""

    site: Site  # where the token enters the request
    call_site: Site
    kind: str  # "id" or "access"
    endpoints: list[str]  # endpoint ids ([] for an SDK client whose methods are not seen)
    api: str
    request: str | None = None
    session_key: str | None = None
    browser: bool = False
    weak: bool = False
    via_call: str | None = None  # returned by an imported function
    body_keys: list[str] | None = None  # keys of the JSON body / SDK body, when known
    body_site: Site | None = None
    # What SL101 reports from plain facts (files that are not Python): where the token is
    # obtained ("authResult.idToken, line 12"), the audience the API wants, and the fix
    # (use the access token of the same result) with its applicability.
    source: str = ""
    audience: str = ""
    fix_edits: list[Edit] | None = None
    fix_safe: bool = False


@dataclass
class LiteralCredential:
    """A credential written in the source (a JWT or bearer literal) that reaches a Management
    API call: what SL109 reports from plain facts (files that are not Python)."""

    site: Site
    text: str
    endpoints: list[str]
    api: str
    client: bool = False  # the token option of an SDK client (a bare token, no "Bearer ")


@dataclass
class SessionWrite:
    key: str
    kind: str  # "response" (a whole token response), "id", "access"
    request: str | None
    browser: bool = False  # a token the browser posted back (implicit flow)


@dataclass
class FileFacts:
    path: str
    requests: list[RequestFact] = field(default_factory=list)
    uses: list[UseFact] = field(default_factory=list)
    session_writes: list[SessionWrite] = field(default_factory=list)
    # module-level functions that return token responses or tokens: name -> request keys
    function_returns: dict[str, list[str]] = field(default_factory=dict)
    literal_credentials: list[LiteralCredential] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "FileFacts":
        def site(d: dict | None) -> Site | None:
            return Site(**{**d, "span": Span(**d["span"])}) if d else None

        def insertion(d: dict | None) -> InsertionPoint | None:
            return InsertionPoint(**{**d, "at": Span(**d["at"])}) if d else None

        def edits(items: list | None) -> list[Edit] | None:
            return [Edit(Span(**e["span"]), e["content"]) for e in items] if items is not None else None

        def param(d: dict | None) -> ParamFact | None:
            if not d:
                return None
            spans = [Span(**x) for x in d["item_spans"]] if d.get("item_spans") is not None else None
            return ParamFact(
                **{**d, "site": site(d.get("site")), "insertion": insertion(d.get("insertion")), "item_spans": spans}
            )

        return cls(
            path=data["path"],
            requests=[
                RequestFact(
                    **{
                        **r,
                        "site": site(r["site"]),
                        "audience": param(r.get("audience")),
                        "scope": param(r.get("scope")),
                        "response_type": param(r.get("response_type")),
                        "insertion": insertion(r.get("insertion")),
                    }
                )
                for r in data["requests"]
            ],
            uses=[
                UseFact(
                    **{
                        **u,
                        "site": site(u["site"]),
                        "call_site": site(u["call_site"]),
                        "body_site": site(u.get("body_site")),
                        "fix_edits": edits(u.get("fix_edits")),
                    }
                )
                for u in data["uses"]
            ],
            session_writes=[SessionWrite(**w) for w in data["session_writes"]],
            function_returns=data.get("function_returns", {}),
            literal_credentials=[
                LiteralCredential(**{**c, "site": site(c["site"])}) for c in data.get("literal_credentials", [])
            ],
        )


@dataclass
class LinkedRequest:
    """A token request with everything the run knows of it, and the calls its tokens reach."""

    request: RequestFact
    uses: list[UseFact] = field(default_factory=list)


@dataclass
class RunFacts:
    requests: dict[str, LinkedRequest]
    uses: list[UseFact]
    knowledge: "Knowledge | None" = None
    _keys_by_use: dict[int, list[str]] | None = field(default=None, repr=False, compare=False)

    def linked(self) -> list[LinkedRequest]:
        return [r for r in self.requests.values() if r.uses]

    def request_keys_of(self, use: UseFact) -> list[str]:
        """The requests `use`'s token may come from (by identity: facts compare deeply)."""
        if self._keys_by_use is None:
            self._keys_by_use = {}
            for key, linked in self.requests.items():
                for linked_use in linked.uses:
                    self._keys_by_use.setdefault(id(linked_use), []).append(key)
        return self._keys_by_use.get(id(use), [])


def join(files: list[FileFacts], knowledge: "Knowledge | None" = None) -> RunFacts:
    requests = _merged_requests(files)
    writes: dict[str, list[SessionWrite]] = {}
    for facts in files:
        for write in facts.session_writes:
            writes.setdefault(write.key, []).append(write)
    browser_flows = [key for key, r in requests.items() if r.request.flow == "authorize"]
    functions = _function_index(files)
    uses = [use for facts in files for use in facts.uses]
    for use in uses:
        for key in _sources(use, writes, browser_flows, functions):
            if key in requests:
                requests[key].uses.append(use)
    return RunFacts(requests, uses, knowledge)


def _function_index(files: list[FileFacts]) -> dict[tuple[str, str], list[str]]:
    """(module's last name, function name) -> request keys, e.g. ("auth", "get_tokens")."""
    index: dict[tuple[str, str], list[str]] = {}
    for facts in files:
        stem = facts.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if stem == "__init__":
            stem = facts.path.rsplit("/", 2)[-2] if facts.path.count("/") else ""
        for name, keys in facts.function_returns.items():
            index.setdefault((stem, name), []).extend(keys)
    return index


def _sources(
    use: UseFact,
    writes: dict[str, list[SessionWrite]],
    browser_flows: list[str],
    functions: dict[tuple[str, str], list[str]],
) -> list[str]:
    """The requests a used token may come from."""
    if use.request is not None:
        return [use.request]
    if use.via_call is not None:
        # `from .auth import get_tokens` gives ".auth.get_tokens" or "app.auth.get_tokens"
        parts = use.via_call.lstrip(".").split(".")
        if len(parts) >= 2:
            return functions.get((parts[-2], parts[-1]), [])
    if use.session_key is not None:
        # session["user"] = token (a response) then session["user"]["id_token"];
        # or session["id_token"] = token["id_token"] then session["id_token"].
        written = writes.get(use.session_key, [])
        keys = sorted({w.request for w in written if w.request is not None})
        if any(w.browser for w in written):
            keys += [k for k in browser_flows if k not in keys]
        return keys
    if use.browser:
        # tokens posted back by the browser come from the app's /authorize redirects
        return list(browser_flows)
    return []


def _merged_requests(files: list[FileFacts]) -> dict[str, LinkedRequest]:
    """Requests by key; the pieces of one request (Authlib register + redirects, social-auth
    settings) are merged, a later explicit parameter overriding none."""
    merged: dict[str, LinkedRequest] = {}
    for facts in files:
        for request in facts.requests:
            existing = merged.get(request.key)
            if existing is None:
                merged[request.key] = LinkedRequest(RequestFact(**{**request.__dict__}))
                continue
            target = existing.request
            for name in ("audience", "scope", "response_type", "domain"):
                if getattr(target, name) is None and getattr(request, name) is not None:
                    setattr(target, name, getattr(request, name))
            if request.primary and not target.primary:
                target.site, target.primary = request.site, True
    return merged
