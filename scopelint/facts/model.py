"""The facts every rule reads: plain data, language-neutral.

The run's analysis (`scopelint.flow`) derives them from every file's program at once: the
token requests, the tokens that reach Management API calls (with where they come from), the
credentials written in source, and each request linked to the calls its tokens reach
(`RunFacts`). Rules never see syntax or abstract values, only these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from scopelint.model import Edit, InsertionPoint, Span

if TYPE_CHECKING:
    from scopelint.packs.knowledge import Knowledge


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
    # where its tokens also go that the analysis cannot follow (another API, a backend of the
    # app not in the run): consumers whose scopes are not known
    elsewhere: list[Site] = field(default_factory=list)


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
class ApiCall:
    """A call of a pack's API (an HTTP request to one of its endpoints, a method of an SDK
    client, a client whose methods are not seen), whatever its credential and whether or not
    a token is followed to it: what the inventory lists."""

    site: Site
    endpoints: list[str]  # endpoint ids ([] for an SDK client whose methods are not seen)
    api: str
    call_label: str = ""  # as UseFact.call_label


@dataclass
class FileFacts:
    """What one file holds: its token requests, the uses of tokens at its calls, the
    credentials written in its source."""

    path: str
    requests: list[RequestFact] = field(default_factory=list)
    uses: list[UseFact] = field(default_factory=list)
    literal_credentials: list[LiteralCredential] = field(default_factory=list)


@dataclass
class LinkedRequest:
    """A token request with everything the run knows of it, and the calls its tokens reach."""

    request: RequestFact
    uses: list[UseFact] = field(default_factory=list)


@dataclass
class RunFacts:
    """The run's flows: every token request with the calls its tokens reach, every use of a
    token at a call, each file's own facts. Every rule reads only this."""

    requests: dict[str, LinkedRequest]
    uses: list[UseFact]
    knowledge: Knowledge | None = None
    files: list[FileFacts] = field(default_factory=list)
    calls: list[ApiCall] = field(default_factory=list)  # every call of an API, with a known token or not
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
