"""Facts of one module: the Management API calls it makes, the credentials they carry,
the token requests it makes, and what it writes into the session.

`build_facts` runs the module's one traversal (`collect`) and asks the evaluator for the
values that matter (`ModuleFacts`, with LibCST nodes); `to_file_facts` turns them into the
plain data every rule reads (`scopelint.facts.model.FileFacts`), with the fix material.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import cast

import libcst as cst

from scopelint.facts.model import FileFacts, LiteralCredential, ParamFact, RequestFact, SessionWrite, Site, UseFact
from scopelint.facts.urls import match_endpoints
from scopelint.facts.values import (
    Instance,
    Mapping,
    Sequence,
    SessionStore,
    Text,
    Token,
    TokenResponse,
    Value,
    alternatives,
    render_text,
    tokens_in,
)
from scopelint.masking import is_credential_literal
from scopelint.model import Edit, Span
from scopelint.packs.knowledge import ApiSpec, Endpoint, Knowledge
from scopelint.python.collect import collect
from scopelint.python.edits import (
    insertion_point,
    quote_like,
    replace_string_value,
    retext_string,
    sequence_insertion,
)
from scopelint.python.evaluate import PythonEvaluator
from scopelint.python.http import HttpRecognizer, HttpRequest
from scopelint.python.parse import ParsedModule
from scopelint.python.syntax import argument
from scopelint.python.token_requests import Param, TokenRequest, TokenRequestFinder


@dataclass(frozen=True)
class Credential:
    entry: cst.CSTNode  # where the credential enters the request (header value, SDK token argument)
    value: Value  # everything it may be
    token: Token | None  # one token it may carry (one Credential per token)


@dataclass
class ManagementCall:
    """A call that reaches the Management API, and the credentials it sends."""

    node: cst.Call
    endpoints: list[Endpoint]
    credentials: list[Credential]
    client: str = ""  # the SDK client class, for SDK calls
    api: ApiSpec | None = None  # the API it reaches (for SDK calls: the built-in pack's)
    body: Value | None = None
    body_node: cst.CSTNode | None = None

    @property
    def audience(self) -> str:
        api = self.endpoints[0].api if self.endpoints else self.api
        return api.audience if api else "https://{domain}/api/v2/"

    @property
    def api_name(self) -> str:
        api = self.endpoints[0].api if self.endpoints else self.api
        return api.name if api else "the Management API"

    @property
    def endpoint_label(self) -> str:
        if self.endpoints:
            return ", ".join(e.label for e in self.endpoints)
        return f"the Management API ({self.client.rsplit('.', 1)[-1]} client)"


@dataclass
class ModuleFacts:
    module: cst.Module
    evaluator: PythonEvaluator
    management_calls: list[ManagementCall] = field(default_factory=list)
    token_requests: list[TokenRequest] = field(default_factory=list)
    line_of: Callable[[cst.CSTNode], int] = field(default=lambda node: 0)
    span_of: Callable[[cst.CSTNode], Span] | None = None

    def describe(self, node: cst.CSTNode) -> str:
        return f"line {self.line_of(node)}"


def build_facts(
    parsed: ParsedModule, knowledge: Knowledge, custom_domains: Iterable[str], path: str = ""
) -> ModuleFacts:
    module = parsed.module
    syntax = collect(module, (knowledge.token_endpoints.authorize_path,))
    parsed.attach_parents(syntax.scopes.parent)
    evaluator = PythonEvaluator(module, syntax, knowledge, path)
    evaluator.http = HttpRecognizer(evaluator)
    evaluator.requests = TokenRequestFinder(evaluator, path)
    evaluator.prepare()
    facts = ModuleFacts(module=module, evaluator=evaluator, line_of=parsed.line_of, span_of=parsed.span)
    finder = _CallFinder(evaluator, knowledge, tuple(custom_domains))
    facts.management_calls = finder.find()
    facts.token_requests = _token_requests(evaluator, facts.management_calls)
    return facts


def _token_requests(ev: PythonEvaluator, calls: list[ManagementCall]) -> list[TokenRequest]:
    found: dict[str, TokenRequest] = {}
    for call in ev.syntax.calls:
        request = ev.requests.request_for_call(call)
        if request is not None:
            found.setdefault(request.key, request)
    for request in ev.requests.module_requests():
        found.setdefault(f"{request.key}@{id(request.node)}", request)
    for call in ev.syntax.calls:  # every session that requests its own token, used for an API call or not
        for option in alternatives(ev.eval(call)):
            if (
                isinstance(option, Instance)
                and option.node is call
                and ev.knowledge.library(option.qualname, "session")
            ):
                ev.requests.session_request(option)
    for session in ev.requests.sessions():
        found.setdefault(session.key, session)
    return list(found.values())


class _CallFinder:
    def __init__(self, evaluator: PythonEvaluator, knowledge: Knowledge, custom_domains: tuple[str, ...]) -> None:
        self.ev = evaluator
        self.knowledge = knowledge
        self.custom_domains = custom_domains

    def find(self) -> list[ManagementCall]:
        found: list[ManagementCall] = []
        sdk_endpoints = self._sdk_method_endpoints()
        for call in self.ev.syntax.calls:
            for option in alternatives(self.ev.eval(call)):
                if (
                    isinstance(option, Instance)
                    and option.node is call
                    and option.qualname in self.knowledge.sdk_clients
                ):
                    found.extend(self._sdk_calls(call, option.qualname, sdk_endpoints))
            for request in self.ev.http.requests_of(call):
                management = self._http_call(request)
                if management is not None:
                    found.append(management)
                    break
        return found

    # ------------------------------------------------------------------ SDK clients
    def _sdk_calls(self, call: cst.Call, name: str, sdk_endpoints: dict) -> list[ManagementCall]:
        """One call per method called on the client (its endpoint and body); the client alone
        when none is seen. The credential is the constructor's token argument in each."""
        sdk = self.knowledge.sdk_clients[name]
        arg = argument(call, sdk.token)
        credentials = self._credentials([arg.value] if arg is not None else [])
        api = self.knowledge.apis[0] if self.knowledge.apis else None
        calls: list[ManagementCall] = []
        for endpoint_id, method_call in sdk_endpoints.get(call, []):
            endpoint = self.knowledge.endpoint(endpoint_id)
            if endpoint is None:
                continue
            management = ManagementCall(method_call, [endpoint], credentials, client=name, api=api)
            body = self._sdk_body(method_call, endpoint_id)
            if body is not None:
                management.body, management.body_node = self.ev.eval(body), body
            calls.append(management)
        return calls or [ManagementCall(call, [], credentials, client=name, api=api)]

    @staticmethod
    def _sdk_body(call: cst.Call, endpoint_id: str) -> cst.BaseExpression | None:
        """users.update(id, body) / link_user_account(id, body); 5.x keyword bodies:
        users.update(id, password=...), users.identities.link(id, provider=..., user_id=...)."""
        if endpoint_id not in ("update-user", "link-identity"):
            return None
        positional = [a for a in call.args if a.keyword is None and not a.star]
        if len(positional) >= 2:
            return positional[1].value
        if any(a.keyword is not None for a in call.args):
            return call
        return None

    def _sdk_method_endpoints(self) -> dict[cst.CSTNode, list[tuple[str, cst.Call]]]:
        """For each SDK client constructor call, the endpoints its methods are called for."""
        result: dict[cst.CSTNode, list[tuple[str, cst.Call]]] = {}
        for call in self.ev.syntax.calls:
            chain: list[str] = []
            target = call.func
            while isinstance(target, cst.Attribute) and len(chain) <= 4:
                chain.append(target.attr.value)
                target = target.value
            if not chain or len(chain) > 4:
                continue
            receiver_expr = call.func
            for length in range(1, len(chain) + 1):
                # down the chain of cst.Attribute measured above (LibCST types call.func as any expression)
                receiver_expr = receiver_expr.value  # type: ignore[attr-defined]
                method = ".".join(reversed(chain[:length]))
                for receiver in alternatives(self.ev.eval(receiver_expr)):
                    if not isinstance(receiver, Instance):
                        continue
                    sdk = self.knowledge.sdk_clients.get(receiver.qualname)
                    if sdk is None:
                        continue
                    endpoint_id = self.knowledge.sdk_methods.get(sdk.method_prefix + method)
                    if endpoint_id:
                        result.setdefault(receiver.node, []).append((endpoint_id, call))
        return result

    # ------------------------------------------------------------------ HTTP calls
    def _http_call(self, request: HttpRequest) -> ManagementCall | None:
        endpoints = match_endpoints(request.url, request.method, self.knowledge.endpoints, self.custom_domains)
        if not endpoints:
            return None
        header_name = self.knowledge.auth_header
        values = [node for key, node in request.headers if key is not None and key.lower() == header_name]
        credentials = self._credentials(values)
        if request.instance is not None and self.knowledge.library(request.instance.qualname, "session"):
            # a session that requests its own token sends its token["access_token"] itself
            session = self.ev.requests.session_request(request.instance)
            token = Token("access", request.call, "the session's token", request=session.key)
            credentials.append(Credential(request.call, token, token))
        return ManagementCall(request.call, endpoints, credentials, body=request.body, body_node=request.body_node)

    def _credentials(self, nodes: list[cst.BaseExpression]) -> list[Credential]:
        credentials: list[Credential] = []
        for node in nodes:
            value = self.ev.eval(node)
            tokens = list(tokens_in(value))
            if not tokens:
                credentials.append(Credential(node, value, None))
            for token in tokens:
                credentials.append(Credential(node, value, token))
        return credentials


# ---------------------------------------------------------------------------------------
# Plain data for the run.


def to_file_facts(
    facts: ModuleFacts, path: str, locate: Callable[[cst.CSTNode], Site], line_text: Callable[[int], str]
) -> FileFacts:
    ev = facts.evaluator
    file_facts = FileFacts(path=path)
    span_of = _span_of(facts, locate)
    for request in facts.token_requests:
        fact = RequestFact(
            key=request.key,
            site=locate(request.node),
            flow=request.flow,
            user_facing=request.user_facing,
            library=request.library,
            audience=_param(request.audience, locate, span_of),
            scope=_param(request.scope, locate, span_of, scopes=True, line_text=line_text),
            response_type=_param(request.response_type, locate, span_of),
            domain=render_text(request.domain) if request.domain is not None else None,
            partial=request.partial,
            primary=request.primary,
        )
        _fix_material(fact, request, ev, span_of, line_text)
        file_facts.requests.append(fact)
    requests = {r.key: r for r in facts.token_requests}
    access_key = _access_key(ev.knowledge)
    for call in facts.management_calls:
        call_site = locate(call.node)
        body_keys, body_site = _body_keys(call, ev), (locate(call.body_node) if call.body_node is not None else None)
        call_label = "" if call.endpoints else call.endpoint_label
        for credential in call.credentials:
            token = credential.token
            if token is None:
                continue
            use = UseFact(
                site=locate(credential.entry),
                call_site=call_site,
                kind=token.kind,
                endpoints=[e.id for e in call.endpoints],
                api=call.api_name,
                call_label=call_label,
                request=token.request,
                session_key=token.session_key,
                browser=token.browser,
                weak=token.weak,
                via_call=token.via_call,
                body_keys=body_keys,
                body_site=body_site,
                source=f"{token.description}, {facts.describe(cast(cst.CSTNode, token.origin))}",
                audience=call.audience,
            )
            if token.kind == "id":
                use.fix_edits, use.fix_safe = _access_token_fix(token, facts, requests, access_key)
            file_facts.uses.append(use)
    file_facts.literal_credentials = _literal_credentials(facts, locate)
    for function, values in ev.syntax.returns.items():
        if function in ev.syntax.method_class or ev.parent(function) is not facts.module:
            continue
        keys = sorted(
            {
                option.request
                for value in values
                for option in alternatives(ev.eval(value))
                if isinstance(option, (TokenResponse, Token)) and option.request is not None
            }
        )
        if keys:
            file_facts.function_returns[function.name.value] = keys
    for key, values in ev.session_writes().items():
        for node in values:
            for option in alternatives(ev.eval(node)):
                if isinstance(option, TokenResponse):
                    file_facts.session_writes.append(SessionWrite(key, "response", option.request))
                elif isinstance(option, Token):
                    file_facts.session_writes.append(SessionWrite(key, option.kind, option.request, option.browser))
    return file_facts


def _literal_credentials(facts: ModuleFacts, locate: Callable[[cst.CSTNode], Site]) -> list[LiteralCredential]:
    """Credentials written in the source (a JWT, a bearer string, a bare token given to an
    SDK client), directly or through a constant: once per place they enter a request."""
    found: list[LiteralCredential] = []
    seen: set[int] = set()
    for call in facts.management_calls:
        for credential in call.credentials:
            if id(credential.entry) in seen:
                continue
            for option in alternatives(credential.value):
                literal = "".join(p for p in option.parts if isinstance(p, str)) if isinstance(option, Text) else ""
                if is_credential_literal(literal, bare=bool(call.client)):
                    seen.add(id(credential.entry))
                    found.append(
                        LiteralCredential(
                            locate(credential.entry),
                            literal,
                            [e.id for e in call.endpoints],
                            call.api_name,
                            client=bool(call.client),
                            call_label="" if call.endpoints else call.endpoint_label,
                        )
                    )
                    break
    return found


def _access_key(knowledge: Knowledge) -> str:
    return sorted(knowledge.access_token_keys, key=len)[-1] if knowledge.access_token_keys else "access_token"


def _access_token_fix(
    token: Token, facts: ModuleFacts, requests: dict[str, TokenRequest], access_key: str
) -> tuple[list[Edit] | None, bool]:
    """Use the access token of the same response: tokens["id_token"] -> tokens["access_token"].

    Safe only when the token comes from a request of this module whose audience is right or
    will be, with the request's own safe fix (SL102); a token read back from a store is
    edited where it was written, which every reader of the key shares: unsafe."""
    edit = _key_edit(cast(cst.CSTNode, token.origin), access_key, facts)
    if edit is None or token.weak:
        return None, False
    request = requests.get(token.request) if token.request is not None else None
    safe = request is not None and token.stored is None and _complete(request, facts.evaluator)
    return [edit], safe


def _key_edit(origin: cst.CSTNode, access_key: str, facts: ModuleFacts) -> Edit | None:
    span_of = facts.span_of
    if span_of is None:
        return None
    if isinstance(origin, cst.Subscript) and len(origin.slice) == 1 and isinstance(origin.slice[0].slice, cst.Index):
        key = origin.slice[0].slice.value
        return replace_string_value(key, access_key, span_of) if isinstance(key, cst.SimpleString) else None
    if isinstance(origin, cst.Call) and origin.args and isinstance(origin.args[0].value, cst.SimpleString):
        return replace_string_value(origin.args[0].value, access_key, span_of)
    if isinstance(origin, cst.Attribute):
        return Edit(span_of(origin.attr), access_key)
    return None


def _complete(request: TokenRequest, ev: PythonEvaluator) -> bool:
    """The request asks (or will, once its own safe fixes are applied) for an audience."""
    if request.audience is not None:
        return True
    return request.container is not None and ev.host_expression(request.domain_node) is not None


def _body_keys(call: ManagementCall, ev: PythonEvaluator) -> list[str] | None:
    if call.body is None:
        return None
    if call.client and call.body_node is call.node:
        # SDK keyword body: users.identities.link(id, provider=..., user_id=...)
        return [a.keyword.value for a in call.body_node.args if a.keyword is not None]
    keys: list[str] = []
    for option in alternatives(call.body):
        if isinstance(option, Mapping):
            keys.extend(k for k, _ in ev.mapping_entries(option) if k is not None)
        else:
            return None
    return keys


def _span_of(facts: ModuleFacts, locate: Callable[[cst.CSTNode], Site]) -> Callable[[cst.CSTNode], Span]:
    """Spans alone, for fix material: the parsed module's own when it gave one, without the
    snippet, context and line text of a whole Site."""
    if facts.span_of is not None:
        return facts.span_of
    return lambda node: locate(node).span


def _fix_material(fact: RequestFact, request: TokenRequest, ev: PythonEvaluator, span_of: Callable, line_text) -> None:
    """Where a fix would add audience or scope to this request, and the audience value in the
    code's own terms. Nothing when no correct fix can be written (the domain is not in scope)."""
    container = request.container
    fact.settable = sorted(request.settable) if request.settable is not None else None
    if isinstance(container, cst.Dict) and container.elements:
        fact.insertion = insertion_point(container.elements, span_of(container), span_of, line_text)
        fact.insertion_kind = "dict"
        fact.quote = quote_like(
            container.elements[0].key if isinstance(container.elements[0], cst.DictElement) else None
        )
    elif isinstance(container, cst.Call) and container.args:
        fact.insertion = insertion_point(container.args, span_of(container), span_of, line_text)
        fact.insertion_kind = "call"
        registry = next((r for r in ev.knowledge.libraries("registry") if r.library == request.library), None)
        func = container.func
        if (
            registry is not None
            and registry.insert_into
            and isinstance(func, cst.Attribute)
            and func.attr.value == registry.register
        ):
            # a new parameter goes into a new mapping argument: authorize_params={"audience": ...}
            fact.insertion_wrapper = registry.insert_into
            fact.settable = sorted(registry.insertable)
    host = ev.host_expression(request.domain_node)
    template = ev.knowledge.apis[0].audience if ev.knowledge.apis else "https://{domain}/api/v2/"
    if host is None or container is None:
        return
    kind, text = host
    if kind == "literal":
        fact.audience_value = f"{fact.quote}{template.replace('{domain}', text)}{fact.quote}"
    elif ev.visible_at(text, container) and "{" not in text and fact.quote not in text:
        fact.audience_value = "f" + fact.quote + template.replace("{domain}", "{" + text + "}") + fact.quote


def _param(
    param: Param | None, locate: Callable[[cst.CSTNode], Site], span_of: Callable, scopes: bool = False, line_text=None
) -> ParamFact | None:
    fact = _param_fact(param, locate, scopes)
    if fact is None or param is None:
        return fact
    node = param.node
    if isinstance(node, cst.SimpleString) and retext_string(node, "x") is not None:
        fact.string_quote = node.value[: len(node.value) - len(node.value.lstrip("rRuUfF")) + 1]
        if node.value.lstrip("rRuUfF")[:3] in ('"""', "'''"):
            fact.string_quote = None
    elif isinstance(node, (cst.List, cst.Tuple)) and fact.state == "literal":
        fact.insertion = sequence_insertion(node, span_of, line_text)
        first = node.elements[0].value if node.elements else None
        fact.item_quote = quote_like(first)
        if all(isinstance(e.value, cst.SimpleString) and " " not in e.value.value for e in node.elements):
            fact.item_spans = [span_of(e.value) for e in node.elements]
    return fact


def _param_fact(param: Param | None, locate: Callable[[cst.CSTNode], Site], scopes: bool = False) -> ParamFact | None:
    if param is None:
        return None
    site = locate(param.node) if param.node is not None else None
    options = list(alternatives(param.value))
    if len(options) != 1:
        return ParamFact("unknown", "", site=site)
    value = options[0]
    if isinstance(value, Text):
        literal = value.literal()
        if literal is not None:
            if not literal.strip():
                return ParamFact("empty", literal, [] if scopes else None, "string", site)
            return ParamFact("literal", literal, literal.split() if scopes else None, "string", site)
        return ParamFact("partial", render_text(value), None, "string", site)
    if isinstance(value, Sequence) and scopes:
        items = [item.literal() if isinstance(item, Text) else None for item in value.items]
        if all(i is not None for i in items):
            scope_items = [scope for item in items for scope in (item or "").split()]
            return ParamFact(
                "literal" if scope_items else "empty", " ".join(scope_items), scope_items, value.style, site
            )
    return ParamFact("unknown", "", site=site)


__all__ = ["ModuleFacts", "ManagementCall", "Credential", "build_facts", "to_file_facts", "SessionStore"]
