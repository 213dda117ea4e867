"""The facts a front end produces for one file: plain data, language-neutral, cacheable.

Every front end (Python, JavaScript/TypeScript/templates) turns a file into a `FileFacts`:
the token requests it makes, the tokens that reach Management API calls, what it stores,
the credentials written in its source. Rules read only these; `scopelint.facts.join`
links them across the files of a run.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from scopelint.model import Edit, InsertionPoint, Span


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
    insertion_kind: str = ""  # "dict", "call", "js-object"
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
    # how the call is named when its endpoints are not known ("the Management API (Auth0
    # client)"); "" to say "the <api>"
    call_label: str = ""
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
    call_label: str = ""  # as UseFact.call_label


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
    def from_dict(cls, data: dict[str, Any]) -> FileFacts:
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
