"""Facts of one JavaScript/TypeScript file or template: the same plain data (`FileFacts`) the
Python front end produces, so the run rules (SL102-SL110) apply unchanged, plus what SL101
needs to report in a file that is not Python (`UseFact.source`, `fix_edits`, `fix_safe`).

Token requests: auth0.js WebAuth, Lock, auth0-spa-js clients (and their per-call
authorizationParams), POSTs to /oauth/token. Token uses: the Authorization header of
requests to Management API endpoints (fetch, axios, jQuery, XMLHttpRequest) and the token
of auth0.js's Management client. Storage writes: `localStorage.setItem(key, token)`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

from scopelint.facts.model import FileFacts, LiteralCredential, ParamFact, RequestFact, SessionWrite, Site, UseFact
from scopelint.facts.urls import match_endpoints
from scopelint.facts.values import (
    Text,
    Token,
    TokenResponse,
    Value,
    alternatives,
    render_text,
    tokens_in,
)
from scopelint.javascript.calls import (
    PROMISE_THEN,
    HttpCall,
    http_calls,
    jsx_requests,
    object_of,
    option_path,
    request_key,
    token_request_key,
)
from scopelint.javascript.evaluate import ScriptEvaluator
from scopelint.javascript.layout import insertion_point, quote_of, site_of
from scopelint.javascript.storage import writes
from scopelint.javascript.values import (
    JsInstance,
    JsObject,
    ScriptValues,
    call_arguments,
    callee,
    literal,
)
from scopelint.masking import is_credential_literal
from scopelint.model import Edit
from scopelint.packs.knowledge import JsTokenRequest, Knowledge

if TYPE_CHECKING:
    from tree_sitter import Node

    from scopelint.javascript.parse import ParsedScript


def script_facts(
    parsed: ParsedScript,
    knowledge: Knowledge,
    custom_domains: Iterable[str],
    path: str,
    original: str | None = None,
) -> FileFacts:
    """The file's facts. `original` is the file's own text when `parsed.text` is a template
    with its template tags blanked: those characters become holes of the strings they are in."""
    return analyse_script(parsed, knowledge, custom_domains, path, original)[0]


def analyse_script(
    parsed: ParsedScript,
    knowledge: Knowledge,
    custom_domains: Iterable[str],
    path: str,
    original: str | None = None,
) -> tuple[FileFacts, bool]:
    """The file's facts, and whether the evaluation budget ran out (findings may be missing)."""
    ev = ScriptEvaluator(parsed, knowledge, path, tuple(custom_domains), original)
    _register_callbacks(ev)
    facts = _Builder(ev).build()
    return facts, ev.budget_exhausted


def _register_callbacks(ev: ScriptValues) -> None:
    """Callback parameters that receive a known value: `p.then(r => ...)` gets p's value,
    `webAuth.parseHash((err, authResult) => ...)` the flow's result, `lock.on("authenticated",
    authResult => ...)` too. Registered before any evaluation (values are memoised)."""
    for call in ev.calls:
        if call.type != "call_expression":
            continue
        function = call.child_by_field_name("function")
        if function is None or function.type != "member_expression":
            continue
        args = call_arguments(call)
        method, receiver = _method_chain(ev, function)
        if method == PROMISE_THEN and args:

            def promised(receiver: Node | None = receiver) -> Value:
                return ev.eval(receiver)

            ev.register_callback(args[0], 0, promised)
            continue
        for surface, instance_node, name in _request_receivers(ev, function):

            def key_thunk(node: Node = instance_node) -> Value:
                return TokenResponse(request_key(ev, node))

            param = surface.callback_param(name)
            if param is not None and args:
                ev.register_callback(args[-1], param, key_thunk)
            events = surface.result_events
            if events is not None and name == events.method and len(args) >= 2:
                if literal(ev.eval(args[0])) in events.events:
                    ev.register_callback(args[1], events.param, key_thunk)
    ev.forget()


def _method_chain(ev: ScriptValues, function: Node) -> tuple[str, Node | None]:
    prop = function.child_by_field_name("property")
    return (ev.text(prop) if prop is not None else ""), function.child_by_field_name("object")


def _request_receivers(ev: ScriptValues, function: Node):
    """(surface, constructor call, method name) when `function` is `instance.method` or
    `instance.popup.method` on a token-request instance (WebAuth, Lock)."""
    names: list[str] = []
    current: Node | None = function
    for _ in range(2):
        if current is None or current.type != "member_expression":
            return
        prop = current.child_by_field_name("property")
        if prop is None:
            return
        names.insert(0, ev.text(prop))
        current = current.child_by_field_name("object")
        for option in alternatives(ev.eval(current)):
            if isinstance(option, JsInstance) and option.kind == "request":
                surface = ev.js.request_surface(option.name)
                if surface is not None:
                    yield surface, option.node, ".".join(names)


class _Builder:
    def __init__(self, ev: ScriptValues) -> None:
        self.ev = ev
        self.knowledge = ev.knowledge
        self.facts = FileFacts(path=ev.path)
        self.requests: dict[str, RequestFact] = {}

    def site(self, node: Node) -> Site:
        return site_of(self.ev, node)

    def build(self) -> FileFacts:
        ev = self.ev
        for call in ev.calls:
            for option in alternatives(ev.eval(call)):
                if isinstance(option, JsInstance) and option.kind == "request" and option.node.id == call.id:
                    self._library_request(call, option.name)
                if isinstance(option, Token) and option.request is not None and option.request == request_key(ev, call):
                    self._per_call_request(call, option)
        for element in jsx_requests(ev):
            # jsx_requests holds named elements only (tree-sitter's types allow None)
            self._library_request(element, ev.text(element.child_by_field_name("name")))  # type: ignore[arg-type]
        calls = list(http_calls(ev))
        for http in calls:
            if token_request_key(ev, http.node) is not None:
                self._http_request(http)
        for http in calls:
            self._http_use(http)
        self._sdk_uses()
        for key, value in writes(ev):
            for option in alternatives(ev.eval(value)):
                if isinstance(option, TokenResponse):
                    self.facts.session_writes.append(SessionWrite(key, "response", option.request))
            for token in tokens_in(ev.eval(value)):
                self.facts.session_writes.append(SessionWrite(key, token.kind, token.request))
        self.facts.requests = list(self.requests.values())
        return self.facts

    # ------------------------------------------------------------------ token requests
    def _library_request(self, call: Node, name: str) -> None:
        ev = self.ev
        surface = ev.js.request_surface(name)
        key = request_key(ev, call)
        if surface is None or key in self.requests:
            return
        args = call_arguments(call)
        options_node = args[surface.options] if surface.options < len(args) else None
        options = ev.eval(options_node) if options_node is not None else None
        if surface.jsx:
            options = ev.jsx_options(call)
        fact = RequestFact(key=key, site=self.site(call), flow="authorize", user_facing=True, library=surface.library)
        if options is not None:
            fact.audience = self._param(option_path(ev, options, surface.audience))
            fact.scope = self._param(option_path(ev, options, surface.scope), scopes=True)
            fact.response_type = self._param(option_path(ev, options, surface.response_type))
        domain_node = self._domain_node(surface, args, options)
        if domain_node is not None:
            fact.domain = render_text(ev.eval(domain_node))
        into = surface.insert_into
        container = self._container(options, into)
        if container is None and into and options is not None:
            # auth0-spa-js 1.x spelling: audience and scope at the top level of the options
            top = [p for p in (*surface.audience, *surface.scope) if "." not in p]
            if option_path(ev, options, top) is not None:
                into, container = "", self._container(options, "")
            elif "." not in into and option_path(ev, options, list(surface.create_insert_into_with)) is not None:
                # 2.x options without authorizationParams: the fix writes it
                container = self._container(options, "")
                fact.insertion_wrapper = into if container is not None else ""
        if container is not None:
            prefix = f"{into}." if into else ""
            fact.settable = [
                name
                for name, paths in (("audience", surface.audience), ("scope", surface.scope))
                if f"{prefix}{name}" in paths
            ]
            self._insertion(fact, container, domain_node)
        self.requests[key] = fact

    def _per_call_request(self, call: Node, token: Token) -> None:
        """getTokenSilently({authorizationParams: {audience, scope}}): the call is its own request."""
        ev = self.ev
        key = token.request
        if key is None or key in self.requests:
            return
        receivers, _ = callee(ev, call)
        instance = next((r for r in receivers if isinstance(r, JsInstance) and r.kind == "request"), None)
        surface = ev.js.request_surface(instance.name) if instance is not None else None
        if surface is None:
            return
        options = ev.eval(call_arguments(call)[0])
        fact = RequestFact(key=key, site=self.site(call), flow="authorize", user_facing=True, library=surface.library)
        fact.audience = self._param(option_path(ev, options, surface.audience))
        fact.scope = self._param(option_path(ev, options, surface.scope), scopes=True)
        self.requests[key] = fact

    def _http_request(self, http: HttpCall) -> None:
        ev = self.ev
        key = request_key(ev, http.node)
        if key in self.requests:
            return
        surfaces = self.knowledge.token_endpoints
        body = http.body
        grant = (
            literal(ev.eval(option_path(ev, body, ["grant_type"])))
            if body is not None and option_path(ev, body, ["grant_type"]) is not None
            else None
        )
        grant_type = surfaces.grant_types.get(grant or "")
        fact = RequestFact(
            key=key,
            site=self.site(http.node),
            flow=grant_type.flow if grant_type else "unknown",
            user_facing=grant_type.user_facing if grant_type else None,
            library="http",
        )
        if body is not None:
            fact.audience = self._param(option_path(ev, body, [surfaces.audience_key]))
            fact.scope = self._param(option_path(ev, body, [surfaces.scope_key]), scopes=True)
            fact.response_type = self._param(option_path(ev, body, [surfaces.response_type_key]))
        fact.domain = render_text(http.url) if isinstance(http.url, Text) else None
        container = object_of(ev, http.body_node) if http.body_node is not None else None
        if container is not None:
            self._insertion(fact, container, None, url_node=_url_node(ev, http))
        self.requests[key] = fact

    def _domain_node(self, surface: JsTokenRequest, args: list[Node], options: Value | None) -> Node | None:
        domain = surface.domain
        if domain.position is not None:
            return args[domain.position] if domain.position < len(args) else None
        if domain.option is not None and options is not None:
            return option_path(self.ev, options, [domain.option])
        return None

    def _container(self, options: Value | None, path: str) -> JsObject | None:
        if options is None:
            return None
        options_object = [o for o in alternatives(options) if isinstance(o, JsObject)]
        if len(options_object) != 1:
            return None
        if not path:
            return options_object[0]
        return object_of(self.ev, option_path(self.ev, options_object[0], [path]))

    def _insertion(
        self, fact: RequestFact, container: JsObject, domain_node: Node | None, url_node: Node | None = None
    ) -> None:
        ev = self.ev
        if container.node.type != "object":
            return
        fact.insertion = insertion_point(ev, container.node)
        fact.insertion_kind = "js-object"
        fact.quote = quote_of(ev, container.node)
        template = self.knowledge.apis[0].audience if self.knowledge.apis else "https://{domain}/api/v2/"
        host = _host_expression(ev, domain_node, url_node)
        if host is None:
            return
        kind, text, node = host
        if kind == "literal":
            if fact.quote not in text and "\\" not in text and "`" not in text:
                fact.audience_value = f"{fact.quote}{template.replace('{domain}', text)}{fact.quote}"
        elif _visible(ev, node, container.node) and "`" not in text and "$" not in text:
            fact.audience_value = "`" + template.replace("{domain}", "${" + text + "}") + "`"

    def _param(self, node: Node | None, scopes: bool = False) -> ParamFact | None:
        if node is None:
            return None
        ev = self.ev
        site = self.site(node)
        options = list(alternatives(ev.eval(node)))
        if len(options) != 1 or not isinstance(options[0], Text):
            return ParamFact("unknown", "", site=site)
        value = options[0]
        text = value.literal()
        if text is None:
            return ParamFact("partial", render_text(value), None, "string", site)
        fact = ParamFact("literal" if text.strip() else "empty", text, text.split() if scopes else None, "string", site)
        raw = ev.text(node)
        if node.type == "string" and "\\" not in raw:
            fact.string_quote = raw[0]
        elif node.type == "template_string" and "\\" not in raw and "${" not in raw:
            fact.string_quote = "`"
        return fact

    # ------------------------------------------------------------------ token uses
    def _http_use(self, http: HttpCall) -> None:
        endpoints = match_endpoints(http.url, http.method, self.knowledge.endpoints, self.ev.custom_domains)
        if not endpoints:
            return
        body_keys = None
        if http.body is not None:
            objects = list(alternatives(http.body))
            if objects and all(isinstance(o, JsObject) for o in objects):
                body_keys = [k for o in cast("list[JsObject]", objects) for k, _ in self.ev.entries(o) if k is not None]
        body_site = self.site(http.body_node) if http.body_node is not None else None
        api = endpoints[0].api
        for header in http.headers:
            self._uses(header, http.node, [e.id for e in endpoints], api.name, api.audience, body_keys, body_site)
            self._literal(header, [e.id for e in endpoints], api.name, client=False)

    def _sdk_uses(self) -> None:
        """new auth0.Management({domain, token}): the token option is the credential of every
        method called on the client (getUser, patchUserMetadata, linkUser, ...)."""
        ev = self.ev
        api = self.knowledge.apis[0] if self.knowledge.apis else None
        if api is None:
            return
        for call in ev.calls:
            for option in alternatives(ev.eval(call)):
                if not (isinstance(option, JsInstance) and option.kind == "sdk" and option.node.id == call.id):
                    continue
                client = ev.js.sdk_clients[option.name]
                args = call_arguments(call)
                options = ev.eval(args[client.options]) if client.options < len(args) else None
                token_node = option_path(ev, options, [client.token]) if options is not None else None
                if token_node is None:
                    continue
                endpoints: list[str] = []
                method_call = call
                for other in ev.calls:
                    receivers, method = callee(ev, other)
                    if method in client.methods and any(r is option for r in receivers):
                        if client.methods[method] not in endpoints:
                            endpoints.append(client.methods[method])
                        method_call = other
                self._uses(
                    token_node, method_call if endpoints else call, endpoints, api.name, api.audience, None, None
                )
                self._literal(token_node, endpoints, api.name, client=True)

    def _uses(
        self, entry: Node, call: Node, endpoints: list[str], api: str, audience: str, body_keys, body_site
    ) -> None:
        ev = self.ev
        call_site = self.site(call)
        site = self.site(entry)
        for token in tokens_in(ev.eval(entry)):
            origin_line = ev.parsed.span(cast("Node", token.origin)).line
            use = UseFact(
                site=site,
                call_site=call_site,
                kind=token.kind,
                endpoints=endpoints,
                api=api,
                request=token.request,
                session_key=token.session_key,
                weak=token.weak,
                body_keys=body_keys,
                body_site=body_site,
                source=f"{token.description}, line {origin_line}",
                audience=audience,
            )
            if token.kind == "id":
                use.fix_edits, use.fix_safe = self._access_token_fix(token)
            self.facts.uses.append(use)

    def _literal(self, entry: Node, endpoints: list[str], api: str, client: bool) -> None:
        """A token written in the source (directly or through a constant) as the credential."""
        for option in alternatives(self.ev.eval(entry)):
            if isinstance(option, Text):
                text = "".join(p for p in option.parts if isinstance(p, str))
                if is_credential_literal(text, bare=client):
                    self.facts.literal_credentials.append(
                        LiteralCredential(self.site(entry), text, endpoints, api, client)
                    )
                    return

    def _access_token_fix(self, token: Token) -> tuple[list[Edit] | None, bool]:
        """authResult.idToken -> authResult.accessToken (data.id_token -> data.access_token):
        the access token of the same result. Safe only when the result's request is in this
        file and asks (or, with its own safe fixes, will ask) for the audience."""
        ev = self.ev
        origin = cast("Node", token.origin)  # a script's token comes from a tree-sitter node
        if token.weak:
            return None, False
        key_node = None
        if origin.type == "member_expression":
            key_node = origin.child_by_field_name("property")
        elif origin.type == "subscript_expression":
            key_node = origin.child_by_field_name("index")
        if key_node is None:
            return None, False
        old = literal(ev.eval(key_node)) if key_node.type == "string" else ev.text(key_node)
        new = _access_key(old or "", self.knowledge.access_token_keys)
        if new is None:
            return None, False
        raw = ev.text(key_node)
        content = f"{raw[0]}{new}{raw[-1]}" if key_node.type == "string" else new
        request = self.requests.get(token.request) if token.request is not None else None
        # a token read back from storage is edited where it was written, for every reader
        safe = (
            request is not None
            and token.stored is None
            and (
                (request.audience is not None and request.audience.state != "empty")
                or (
                    request.audience_value is not None
                    and request.insertion is not None
                    and request.audience is None
                    and (request.settable is None or "audience" in request.settable)
                )
            )
        )
        return [Edit(ev.parsed.span(key_node), content)], safe


def _access_key(id_key: str, access_keys: Iterable[str]) -> str | None:
    """The access-token key in the same spelling: id_token -> access_token, idToken -> accessToken."""
    for key in sorted(access_keys):
        if (
            re.sub(r"^access", "id", key, flags=re.IGNORECASE).lower() == id_key.lower()
            and key[0].islower() == id_key[0].islower()
        ):
            return key
    return None


def _url_node(ev: ScriptValues, http: HttpCall) -> Node | None:
    args = call_arguments(http.node)
    return args[0] if args else None


def _host_expression(ev: ScriptValues, domain_node: Node | None, url_node: Node | None) -> tuple[str, str, Node] | None:
    """How the code names the tenant's domain: ("literal", "tenant.auth0.com", node) or
    ("expression", "AUTH0_DOMAIN", node) — from a domain option, or from the host of a URL
    written as `https://${domain}/...` or "https://" + domain + "/...".  None otherwise."""
    if domain_node is not None:
        if domain_node.type in ("identifier", "member_expression", "shorthand_property_identifier"):
            return "expression", ev.text(domain_node), domain_node
        tag = ev.template_text(domain_node)  # '{{ AUTH0_DOMAIN }}': the template engine's value
        if tag is not None:
            return "literal", tag, domain_node
        value = literal(ev.eval(domain_node))
        if value and re.fullmatch(r"[A-Za-z0-9.-]+", value):
            return "literal", value, domain_node
        return None
    if url_node is None:
        return None
    url = literal(ev.eval(url_node))
    if url is not None:
        match = re.match(r"^https://([A-Za-z0-9.-]+)/", url)
        return ("literal", match.group(1), url_node) if match else None
    pieces: list[Node] = []
    if url_node.type == "template_string":
        pieces = [c for c in url_node.named_children]
        if len(pieces) >= 3 and pieces[0].type == "string_fragment" and ev.text(pieces[0]) == "https://":
            inner = pieces[1].named_children if pieces[1].type == "template_substitution" else []
            if (
                len(inner) == 1
                and inner[0].type in ("identifier", "member_expression")
                and ev.text(pieces[2]).startswith("/")
            ):
                return "expression", ev.text(inner[0]), inner[0]
        return None
    operands: list[Node] = []
    stack = [url_node]
    while stack and len(operands) < 16:
        node = stack.pop()
        operator = node.child_by_field_name("operator") if node.type == "binary_expression" else None
        if operator is not None and ev.text(operator) == "+":
            # a binary expression always has both operands (tree-sitter's types allow None)
            stack.extend([node.child_by_field_name("right"), node.child_by_field_name("left")])  # type: ignore[list-item]
        else:
            operands.append(node)
    if (
        len(operands) >= 3
        and literal(ev.eval(operands[0])) == "https://"
        and operands[1].type in ("identifier", "member_expression")
        and (literal(ev.eval(operands[2])) or "").startswith("/")
    ):
        return "expression", ev.text(operands[1]), operands[1]
    return None


def _visible(ev: ScriptValues, node: Node, at: Node) -> bool:
    """The expression's root name means the same thing at `at` (where the fix writes it)."""
    root = node
    while root.type == "member_expression":
        # a member expression always has an object (tree-sitter's types allow None)
        root = root.child_by_field_name("object")  # type: ignore[assignment]
    if root.type not in ("identifier", "shorthand_property_identifier"):
        return False
    name = ev.text(root)
    here = sorted(n.id for n, _ in ev.resolve(name, root))
    there = sorted(n.id for n, _ in ev.resolve(name, at))
    return here == there


__all__ = ["script_facts"]
