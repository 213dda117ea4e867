"""Calls in browser code: what a call returns (a client, a response, a token), and which calls
send an HTTP request (fetch, axios and its instances, jQuery, XMLHttpRequest) with what URL,
method, Authorization header and body. Every library name comes from the rule pack
(`javascript:` in rules/auth0-javascript.yaml)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from scopelint.facts.urls import host_matches, url_parts
from scopelint.facts.values import (
    Text,
    Token,
    TokenResponse,
    Unknown,
    Value,
    alternatives,
    concat,
    union,
)
from scopelint.javascript.storage import stored_value
from scopelint.javascript.values import (
    IdClaims,
    JsFunction,
    JsInstance,
    JsMethod,
    JsName,
    JsObject,
    JsResponse,
    JsThis,
    call_arguments,
    callee,
    key_of,
    literal,
    method_calls,
)
from scopelint.packs.knowledge import JsHttpFunction

PROMISE_THEN = "then"  # the language's own Promise method: a callback gets the settled value
FUNCTION_BIND = "bind"  # Function.prototype.bind: the same function, `this` fixed

if TYPE_CHECKING:
    from tree_sitter import Node

    from scopelint.javascript.values import ScriptValues


@dataclass
class HttpCall:
    """One request a call sends."""

    node: Node  # the call (for XMLHttpRequest: open(...))
    url: Value
    method: str | None
    headers: list[Node] = field(default_factory=list)  # Authorization header values
    body: Value | None = None
    body_node: Node | None = None


def request_key(ev: ScriptValues, node: Node) -> str:
    """A token request's key, unique in the run: the path and position of its call."""
    span = ev.parsed.span(node)
    return f"js:{ev.path}:{span.line}:{span.column}"


def call_value(ev: ScriptValues, call: Node) -> Value:
    """What a call or `new` expression evaluates to."""
    receivers, method = callee(ev, call)
    args = call_arguments(call)
    options: list[Value] = []
    for receiver in receivers:
        if method is not None:
            options.append(_method_value(ev, call, receiver, method, args))
            continue
        if isinstance(receiver, JsName):
            options.append(_named_call(ev, call, receiver.name, args))
        elif isinstance(receiver, JsFunction) and call.type == "call_expression":
            options.append(ev.returns(receiver.node))
        elif isinstance(receiver, JsInstance) and receiver.kind == "http":
            options.append(JsResponse(call, token_request_key(ev, call)))
        elif isinstance(receiver, JsMethod):  # getIdTokenClaims() taken off useAuth0()
            options.append(_method_value(ev, call, receiver.instance, receiver.name, args))
    return union(options) if options else Unknown()


def jsx_requests(ev: ScriptValues) -> list[Node]:
    """The file's JSX elements that are token requests (<Auth0Provider ...>), found once."""
    cached = ev.cache.get("jsx-requests")
    if cached is None:
        cached = ev.cache["jsx-requests"] = [
            node
            for node in ev.nodes
            if node.type in ("jsx_opening_element", "jsx_self_closing_element")
            and (name := node.child_by_field_name("name")) is not None
            and (surface := ev.js.request_surface(ev.text(name))) is not None
            and surface.jsx
        ]
    return cached


def _named_call(ev: ScriptValues, call: Node, name: str, args: list[Node]) -> Value:
    js = ev.js
    if name in js.transparent_calls:
        return ev.eval(args[0]) if args else Unknown()
    request = js.request_surface(name)
    if request is not None and not request.jsx:
        return JsInstance("request", call, name)
    hook = js.hook_surface(name)
    if hook is not None:
        # the client of the provider: the file's own one when it has exactly one
        # jsx_requests holds named elements only (tree-sitter's types allow None)
        providers = [p for p in jsx_requests(ev) if ev.text(p.child_by_field_name("name")) in hook.names]  # type: ignore[arg-type]
        if len(providers) == 1:
            return JsInstance("request", providers[0], hook.names[0])
        return JsInstance("hook", call, hook.names[0])
    if call.type == "new_expression":
        if name in js.sdk_clients:
            return JsInstance("sdk", call, name)
        if name in js.xhr_classes:
            return JsInstance("xhr", call, name)
        return Unknown()
    if name in js.instance_factories:
        return JsInstance("http", call, name)
    if name in js.http_functions:
        return JsResponse(call, token_request_key(ev, call))
    return Unknown()


def _method_value(ev: ScriptValues, call: Node, receiver: Value, method: str, args: list[Node]) -> Value:
    js = ev.js
    if isinstance(receiver, JsName):
        if receiver.name in js.storage_objects and method == js.storage_get and args:
            return stored_value(ev, receiver.name, literal(ev.eval(args[0])), call)
        return _named_call(ev, call, f"{receiver.name}.{method}", args)
    if isinstance(receiver, JsThis):  # this.getToken()
        function = [o for o in alternatives(ev.class_member(receiver.node, method)) if isinstance(o, JsFunction)]
        return union([ev.returns(f.node) for f in function]) if function else Unknown()
    if isinstance(receiver, JsFunction) and method == FUNCTION_BIND:
        return receiver  # this.handle.bind(this): the same function
    if method == PROMISE_THEN and args:
        callback = [o for o in alternatives(ev.eval(args[0])) if isinstance(o, JsFunction)]
        return union([ev.returns(f.node) for f in callback]) if callback else Unknown()
    if isinstance(receiver, JsResponse) and method in js.response_body_methods:
        return TokenResponse(receiver.request) if receiver.request is not None else Unknown()
    if isinstance(receiver, JsInstance):
        if receiver.kind in ("request", "hook"):
            surface = js.request_surface(receiver.name)
            key = request_key(ev, receiver.node) if receiver.kind == "request" else None
            if surface is not None and method in surface.access_token_methods:
                return Token("access", call, ev.text(call), request=per_call_request(ev, call, surface) or key)
            if surface is not None and method in surface.id_claims_methods:
                return IdClaims(key, call)
        if receiver.kind == "http":
            factory = js.instance_factories.get(receiver.name)
            if factory is not None and f"{factory.like}.{method}" in js.http_functions:
                return JsResponse(call, token_request_key(ev, call))
    return Unknown()


def per_call_request(ev: ScriptValues, call: Node, surface) -> str | None:
    """auth0-spa-js getTokenSilently({authorizationParams: {audience}}): a token request of its
    own when the call names an audience or scope."""
    args = call_arguments(call)
    if not args:
        return None
    found = option_path(ev, ev.eval(args[0]), [*surface.audience, *surface.scope])
    return request_key(ev, call) if found is not None else None


def option_path(ev: ScriptValues, value: Value, paths: list[str] | tuple[str, ...]) -> Node | None:
    """The value node of the first dotted option path present in an object literal."""
    for path in paths:
        node = _option(ev, value, path.split("."))
        if node is not None:
            return node
    return None


def _option(ev: ScriptValues, value: Value, keys: list[str]) -> Node | None:
    for option in alternatives(value):
        if not isinstance(option, JsObject):
            continue
        for key, node in ev.entries(option):
            if key == keys[0]:
                if len(keys) == 1:
                    return node
                found = _option(ev, ev.eval(node), keys[1:])
                if found is not None:
                    return found
    return None


def object_of(ev: ScriptValues, node: Node | None) -> JsObject | None:
    """The one object literal a node evaluates to (None when unknown or ambiguous)."""
    if node is None:
        return None
    options = [o for o in alternatives(ev.eval(node))]
    return options[0] if len(options) == 1 and isinstance(options[0], JsObject) else None


# ---------------------------------------------------------------------------------------
# HTTP requests


def http_calls(ev: ScriptValues) -> Iterator[HttpCall]:
    """Every request the file's calls send, with the headers that apply to it."""
    defaults = _default_headers(ev)
    for call in ev.calls:
        if call.type != "call_expression":
            continue
        found = _http_call(ev, call, defaults)
        if found is not None:
            yield found
    yield from _xhr_calls(ev)


def _function_spec(ev: ScriptValues, call: Node) -> tuple[JsHttpFunction, str, JsInstance | None] | None:
    """The pack's description of the function a call sends a request with, the function's
    name, and the instance it is called on (axios.create(...))."""
    js = ev.js
    receivers, method = callee(ev, call)
    for receiver in receivers:
        if isinstance(receiver, JsName):
            name = f"{receiver.name}.{method}" if method is not None else receiver.name
            if name in js.http_functions:
                return js.http_functions[name], name, None
        elif isinstance(receiver, JsInstance) and receiver.kind == "http":
            factory = js.instance_factories.get(receiver.name)
            if factory is None:
                continue
            name = f"{factory.like}.{method}" if method is not None else factory.like
            if name in js.http_functions:
                return js.http_functions[name], name, receiver
    return None


def _http_call(ev: ScriptValues, call: Node, defaults: dict[str, list[Node]]) -> HttpCall | None:
    spec = _function_spec(ev, call)
    if spec is None:
        return None
    function, name, instance = spec
    args = call_arguments(call)
    keys = ev.js.option_keys

    def arg(index: int | None) -> Node | None:
        return args[index] if index is not None and index < len(args) else None

    url_node, options_node = arg(function.url), arg(function.options)
    if function.url_or_options and options_node is not None:
        first = list(alternatives(ev.eval(options_node)))
        if first and all(isinstance(o, Text) for o in first):  # $.ajax(url, settings)
            url_node, options_node = options_node, arg((function.options or 0) + 1)
    options = ev.eval(options_node) if options_node is not None else Unknown()
    url: Value = ev.eval(url_node) if url_node is not None else _entry_value(ev, options, keys.get("url", ()))
    if instance is not None:
        factory = ev.js.instance_factories[instance.name]
        base = _entry_value(ev, _arg_value(ev, instance.node, factory.options), keys.get("base_url", ()))
        if not isinstance(base, Unknown):
            url = union([_join(b, u) for b in alternatives(base) for u in alternatives(url)])
    url = _addressed(url)
    method: str | None = function.method
    method_node = option_path(ev, options, keys.get("method", ()))
    if method_node is not None:
        method = literal(ev.eval(method_node))
        method = method.upper() if method else None
    headers = _header_values(ev, option_path(ev, options, keys.get("headers", ())))
    headers += _before_send(ev, option_path(ev, options, keys.get("before_send", ())))
    if instance is not None:
        factory = ev.js.instance_factories[instance.name]
        instance_options = _arg_value(ev, instance.node, factory.options)
        headers += _header_values(ev, option_path(ev, instance_options, keys.get("headers", ())))
        headers += defaults.get(f"instance:{instance.node.id}", [])
    headers += defaults.get(name.split(".", 1)[0], [])
    body_node = arg(function.body) or option_path(ev, options, keys.get("body", ()))
    body = ev.eval(body_node) if body_node is not None else None
    return HttpCall(call, url, method, headers, body, body_node)


def _addressed(url: Value) -> Value:
    """Where a script's request goes. A path (`/api/v2/users/1`) goes to the page's own origin,
    never to Auth0: it is dropped. A scheme-relative `//host/...` is https."""
    options: list[Value] = []
    for option in alternatives(url):
        first = option.parts[0] if isinstance(option, Text) and option.parts else None
        if isinstance(first, str) and first.startswith("//"):
            options.append(concat(Text(("https:",)), option))
        elif not (isinstance(first, str) and first.startswith("/")):
            options.append(option)
    return union(options) if options else Unknown()


def _arg_value(ev: ScriptValues, call: Node, index: int) -> Value:
    args = call_arguments(call)
    return ev.eval(args[index]) if index < len(args) else Unknown()


def _entry_value(ev: ScriptValues, options: Value, paths: tuple[str, ...]) -> Value:
    node = option_path(ev, options, paths)
    return ev.eval(node) if node is not None else Unknown()


def _join(base: Value, url: Value) -> Value:
    """axios baseURL + a relative URL (an absolute URL wins)."""
    if (
        isinstance(url, Text)
        and url.parts
        and isinstance(url.parts[0], str)
        and re.match(r"^[a-zA-Z]+://", url.parts[0])
    ):
        return url
    if not isinstance(base, Text):
        return Text((base,))
    return concat(base, url if isinstance(url, Text) else Text((url,)))


def _header_values(ev: ScriptValues, headers_node: Node | None) -> list[Node]:
    """The Authorization values of a headers object literal."""
    if headers_node is None:
        return []
    wanted = ev.knowledge.auth_header
    found = []
    for option in alternatives(ev.eval(headers_node)):
        if isinstance(option, JsObject):
            found += [node for key, node in ev.entries(option) if key is not None and key.lower() == wanted]
    return found


def _set_header_calls(ev: ScriptValues, receiver_ok, scope: Node | None = None) -> Iterator[tuple[Node, Node]]:
    """(call, value) of `x.setRequestHeader("Authorization", value)` where receiver_ok(x),
    inside `scope` when given."""
    for call, receiver, value in _authorization_setters(ev):
        inside = scope is None or (scope.start_byte <= call.start_byte and call.end_byte <= scope.end_byte)
        if inside and receiver_ok(receiver):
            yield call, value


def _authorization_setters(ev: ScriptValues) -> list[tuple[Node, Node, Node]]:
    """(call, receiver, value) of every `x.setRequestHeader("Authorization", value)` of the
    file, found once."""
    cached = ev.cache.get("authorization-setters")
    if cached is not None:
        return cached
    wanted = ev.knowledge.auth_header
    found: list[tuple[Node, Node, Node]] = []
    for call in ev.calls:
        function = call.child_by_field_name("function") if call.type == "call_expression" else None
        if function is None or function.type != "member_expression":
            continue
        prop = function.child_by_field_name("property")
        if prop is None or ev.text(prop) != ev.js.xhr_set_header:
            continue
        args = call_arguments(call)
        receiver = function.child_by_field_name("object")
        if len(args) >= 2 and receiver is not None and (literal(ev.eval(args[0])) or "").lower() == wanted:
            found.append((call, receiver, args[1]))
    ev.cache["authorization-setters"] = found
    return found


def _before_send(ev: ScriptValues, node: Node | None) -> list[Node]:
    """jQuery beforeSend(xhr) { xhr.setRequestHeader("Authorization", ...) }."""
    if node is None:
        return []
    values: list[Node] = []
    for option in alternatives(ev.eval(node)):
        if not isinstance(option, JsFunction):
            continue
        params = option.node.child_by_field_name("parameters")
        single = option.node.child_by_field_name("parameter")
        first = (
            single
            if single is not None
            else (params.named_children[0] if params is not None and params.named_children else None)
        )
        if first is None:
            continue
        name = ev.text(first.child_by_field_name("pattern") or first) if first.type != "identifier" else ev.text(first)
        values += [
            v for _, v in _set_header_calls(ev, lambda x, name=name: x is not None and ev.text(x) == name, option.node)
        ]
    return values


def _default_headers(ev: ScriptValues) -> dict[str, list[Node]]:
    """Headers set for every later call: `axios.defaults.headers.common["Authorization"] = v`
    (key "axios", or "instance:<id>" for an axios.create instance) and `$.ajaxSetup({headers})`
    (key "$" and "jQuery")."""
    js = ev.js
    found: dict[str, list[Node]] = {}
    wanted = ev.knowledge.auth_header
    paths = [tuple(p.split(".")) for p in js.default_headers]
    for node in ev.nodes:
        if node.type == "assignment_expression":
            left = node.child_by_field_name("left")
            chain: list[str] = []
            current = left
            while current is not None and current.type in ("member_expression", "subscript_expression"):
                prop = (
                    current.child_by_field_name("property")
                    if current.type == "member_expression"
                    else current.child_by_field_name("index")
                )
                name = (
                    (key_of(prop, ev.text) if current.type == "member_expression" else literal(ev.eval(prop)))
                    if prop is not None
                    else None
                )
                if name is None:
                    break
                chain.insert(0, name)
                current = current.child_by_field_name("object")
            if current is None or not chain or chain[-1].lower() != wanted or tuple(chain[:-1]) not in paths:
                continue
            # an assignment always has a right side (tree-sitter's types allow None)
            right: Node = node.child_by_field_name("right")  # type: ignore[assignment]
            for root in alternatives(ev.eval(current)):
                if isinstance(root, JsName) and root.name in {f.like for f in js.instance_factories.values()}:
                    found.setdefault(root.name, []).append(right)
                elif isinstance(root, JsInstance) and root.kind == "http":
                    found.setdefault(f"instance:{root.node.id}", []).append(right)
        elif node.type == "call_expression":
            receivers, method = callee(ev, node)
            for receiver in receivers:
                name = f"{receiver.name}.{method}" if isinstance(receiver, JsName) and method else None
                setup = js.global_setup.get(name or "")
                if setup is None:
                    continue
                values = _header_values(
                    ev, option_path(ev, _arg_value(ev, node, setup.options), js.option_keys.get("headers", ()))
                )
                for prefix in {n.split(".", 1)[0] for n in setup.names}:
                    found.setdefault(prefix, []).extend(values)
    return found


def _xhr_calls(ev: ScriptValues) -> Iterator[HttpCall]:
    """xhr = new XMLHttpRequest(); xhr.open(method, url); xhr.setRequestHeader("Authorization", v)."""
    js = ev.js
    headers: dict[int, list[Node]] = {}  # XMLHttpRequest constructor -> Authorization values set on it
    for _, receiver, value in _authorization_setters(ev):
        for option in alternatives(ev.eval(receiver)):
            if isinstance(option, JsInstance) and option.kind == "xhr":
                headers.setdefault(option.node.id, []).append(value)
    for call, receivers, args in method_calls(ev, js.xhr_open, 2):
        for instance in receivers:
            if isinstance(instance, JsInstance) and instance.kind == "xhr":
                verb = literal(ev.eval(args[0]))
                yield HttpCall(
                    call,
                    _addressed(ev.eval(args[1])),
                    verb.upper() if verb else None,
                    headers.get(instance.node.id, []),
                )


# ---------------------------------------------------------------------------------------
# Token requests sent over HTTP: POST https://{domain}/oauth/token


def token_request_key(ev: ScriptValues, call: Node) -> str | None:
    """The call's key when it posts to the token endpoint of an Auth0 (or unknown) host."""
    spec = _function_spec(ev, call)
    if spec is None:
        return None
    found = _http_call(ev, call, {})
    if found is None or not is_token_endpoint(ev, found.url):
        return None
    return request_key(ev, call)


def is_token_endpoint(ev: ScriptValues, url: Value) -> bool:
    path_wanted = ev.knowledge.token_endpoints.token_path.rstrip("/")
    hosts = [p for api in ev.knowledge.apis for p in api.hosts]
    return any(
        path.split("?")[0].rstrip("/") == path_wanted and host_matches(host, hosts, ev.custom_domains)
        for host, path in url_parts(url)
    )
