"""Where a module requests tokens, and with which audience, scope and response type.

Recognised: `/oauth/token` HTTP requests (JSON or form bodies, every grant type),
`/authorize` URLs (strings, f-strings, `urlencode`, `params=`, HTML), auth0-python
`GetToken` 3.x and 4.x+, Authlib registrations and redirects, requests-oauthlib sessions,
python-social-auth settings and auth0-server-python clients. Each request gets a key that
the tokens it returns carry, so a rule can go from a Management API call back to the
request of its token, also across modules (see `scopelint/analysis/run.py`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote_plus

import libcst as cst

from scopelint.facts.urls import render, split_url
from scopelint.facts.values import (
    Encoded,
    Instance,
    Mapping,
    RegistryClient,
    Text,
    Value,
    alternatives,
)
from scopelint.packs.knowledge import ArgSpec, TokenRequestLibrary
from scopelint.python.syntax import argument, literal_string

if TYPE_CHECKING:
    from scopelint.python.evaluate import PythonEvaluator


@dataclass
class Param:
    """A request parameter: its value and the expression it is written in (when there is one)."""

    value: Value
    node: cst.CSTNode | None = None


@dataclass(eq=False)
class TokenRequest:
    key: str
    node: cst.CSTNode  # where findings about the request point
    flow: str  # password, password-realm, authorization_code, client_credentials, refresh_token, authorize, unknown
    user_facing: bool | None  # None: not statically known (an unknown grant type)
    library: str
    audience: Param | None = None  # None: not sent
    scope: Param | None = None
    response_type: Param | None = None
    domain: Value | None = None
    domain_node: cst.CSTNode | None = None  # an expression naming the tenant's domain (or a URL on it)
    container: cst.CSTNode | None = None  # the dict or call a missing parameter would go into
    partial: bool = False  # one piece of a request described in several places (Authlib, social-auth)
    settable: frozenset[str] | None = None  # parameters a fix may add to `container` (None: any)
    primary: bool = True  # of those pieces, the one findings point at (the registration, the scope setting)


class TokenRequestFinder:
    def __init__(self, evaluator: PythonEvaluator, path: str) -> None:
        self.ev = evaluator
        self.path = path
        self.knowledge = evaluator.knowledge
        self.endpoints = evaluator.knowledge.token_endpoints
        self._by_call: dict[cst.CSTNode, TokenRequest | None] = {}
        self._sessions: dict[cst.CSTNode, TokenRequest] = {}
        self._index: dict[cst.CSTNode, int] = {call: i for i, call in enumerate(evaluator.syntax.calls)}
        self._others: dict[cst.CSTNode, int] = {}

    def _key(self, node: cst.CSTNode, tag: str = "") -> str:
        index = self._index.get(node)
        if index is None:
            # not a call: number other nodes in the (deterministic) order they are met
            index = self._others.setdefault(node, len(self._others))
        return f"{self.path}#{tag}{index}"

    # ------------------------------------------------------------------ calls
    def request_for_call(self, call: cst.CSTNode) -> TokenRequest | None:
        if call not in self._by_call:
            self._by_call[call] = None  # a cycle asks again: no request yet
            self._by_call[call] = self._recognise(call) if isinstance(call, cst.Call) else None
        return self._by_call[call]

    def _recognise(self, call: cst.Call) -> TokenRequest | None:
        for request in self.ev.http.requests_of(call):
            url = next((o for o in alternatives(request.url) if isinstance(o, Text)), None)
            if url is None:
                continue
            parts = split_url(render(url))
            path = re.split(r"[?#]", parts[1])[0].rstrip("/") if parts else ""
            if path.endswith(self.endpoints.token_path):
                token_request = self._oauth_token(call, request.body, request.body_node, parts[0] if parts else None)
                url_arg = argument(call, ArgSpec(position=0, keyword="url")) if request.instance is None else None
                token_request.domain_node = url_arg.value if url_arg is not None else None
                return token_request
        func = call.func
        if isinstance(func, cst.Attribute):
            for receiver in alternatives(self.ev.eval(func.value)):
                if not isinstance(receiver, Instance):
                    continue
                library = self.knowledge.library(receiver.qualname, "token_client")
                if library is not None:
                    return self._token_client(call, receiver, library, func.attr.value)
        return None

    def _oauth_token(
        self, call: cst.Call, body: Value | None, body_node: cst.CSTNode | None, host: str | None
    ) -> TokenRequest:
        entries = self._entries(body)
        grant = self._literal(entries.get("grant_type"))
        grant_type = self.endpoints.grant_types.get(grant or "")
        container = body_node
        for option in alternatives(body) if body is not None else ():
            if isinstance(option, Mapping):
                container = option.node
        return TokenRequest(
            key=self._key(call),
            node=container if isinstance(container, cst.Dict) else call,  # the body, where a fix adds audience
            flow=grant_type.flow if grant_type else "unknown",
            user_facing=grant_type.user_facing if grant_type else None,
            library="http",
            audience=entries.get(self.endpoints.audience_key),
            scope=entries.get(self.endpoints.scope_key),
            container=container,
            domain=Text((host,)) if host and "\x00" not in host else None,
        )

    def _token_client(
        self, call: cst.Call, receiver: Instance, client: TokenRequestLibrary, method_name: str
    ) -> TokenRequest | None:
        """GetToken(domain, ...).login(..., scope=..., audience=...): each method a request."""
        method = client.method(method_name)
        if method is None:
            return None
        grant_type = next((g for g in self.endpoints.grant_types.values() if g.flow == method.flow), None)
        domain = None
        domain_arg = None
        if isinstance(receiver.node, cst.Call) and client.domain is not None:
            domain_arg = argument(receiver.node, client.domain)
            domain = self.ev.eval(domain_arg.value) if domain_arg else None
        return TokenRequest(
            domain_node=domain_arg.value if domain_arg is not None else None,
            key=self._key(call),
            node=call,
            flow=method.flow,
            user_facing=grant_type.user_facing if grant_type else True,
            library=client.library,
            audience=self._arg_param(call, method.audience),
            scope=self._arg_param(call, method.scope),
            domain=domain,
            container=call,
            settable=frozenset(
                name for name, spec in (("audience", method.audience), ("scope", method.scope)) if spec and spec.keyword
            ),
        )

    def _arg_param(self, call: cst.Call, spec: ArgSpec | None) -> Param | None:
        arg = argument(call, spec)
        if arg is None:
            return None
        value = self.ev.eval(arg.value)
        if isinstance(arg.value, cst.Name) and arg.value.value == "None":
            return None
        return Param(value, arg.value)

    def _entries(self, body: Value | None) -> dict[str, Param]:
        entries: dict[str, Param] = {}
        for option in alternatives(body) if body is not None else ():
            if isinstance(option, Encoded):
                option = option.mapping
            if isinstance(option, Mapping):
                for key, node in self.ev.mapping_entries(option):
                    if key is not None:
                        entries[key] = Param(self.ev.eval(node), node)
        return entries

    @staticmethod
    def _literal(param: Param | None) -> str | None:
        if param is None:
            return None
        return param.value.literal() if isinstance(param.value, Text) else None

    # ------------------------------------------------------------------ sessions
    def session_request(self, instance: Instance) -> TokenRequest:
        """A session that requests its own token (requests-oauthlib's OAuth2Session): scope
        from the constructor, audience and scope from the calls that take them."""
        if instance.node not in self._sessions:
            library = self.knowledge.library(instance.qualname, "session")
            assert library is not None
            node = instance.node
            request = TokenRequest(
                key=self._key(node, "s"),
                node=node,
                flow="authorization_code",
                user_facing=True,
                library=library.library,
            )
            if isinstance(node, cst.Call):
                request.scope = self._arg_param(node, library.scope)
                request.container = node
                request.settable = frozenset({"scope"})
            self._sessions[node] = request
            for call in self.ev.syntax.calls:
                func = call.func
                if not isinstance(func, cst.Attribute) or func.attr.value not in library.parameter_methods:
                    continue
                if any(r is instance for r in alternatives(self.ev.eval(func.value))):
                    audience = self._arg_param(call, ArgSpec(keyword=self.endpoints.audience_key))
                    if audience is not None:
                        request.audience = audience
                    scope = self._arg_param(call, ArgSpec(keyword=self.endpoints.scope_key))
                    if scope is not None:
                        request.scope = scope
        return self._sessions[instance.node]

    def sessions(self) -> list[TokenRequest]:
        return list(self._sessions.values())

    # ------------------------------------------------------------------ module-wide requests
    def module_requests(self) -> Iterator[TokenRequest]:
        """Requests not tied to one call's result: /authorize URLs, registries (Authlib),
        settings (social-auth), configured clients (auth0-server-python)."""
        yield from self._authorize_urls()
        yield from self._registries()
        yield from self._settings()
        yield from self._configured_clients()

    def _authorize_urls(self) -> Iterator[TokenRequest]:
        seen: set[cst.CSTNode] = set()
        for string in [*self.ev.syntax.strings, *self.ev.syntax.query_strings]:
            top = self._outermost(string)
            if top in seen:
                continue
            seen.add(top)
            value = self.ev.eval(top) if isinstance(top, cst.BaseExpression) else None
            for option in alternatives(value) if value is not None else ():
                if isinstance(option, Text):
                    params = self._query(option)
                    if params is not None:
                        yield self._authorize(top, params)
                        break
        # requests.Request("GET", AUTHORIZE_URL, params={...}) and requests.get(..., params=...)
        for request in self.ev.http.requests():
            if request.params is None:
                continue
            url = next((o for o in alternatives(request.url) if isinstance(o, Text)), None)
            if url is not None and self.endpoints.authorize_path in render(url):
                yield self._authorize(request.call, self._entries(request.params))

    def _outermost(self, node: cst.CSTNode) -> cst.CSTNode:
        current = node
        while True:
            parent = self.ev.parent(current)
            if isinstance(parent, (cst.BinaryOperation, cst.ConcatenatedString, cst.FormattedString)):
                current = parent
            elif isinstance(parent, cst.FormattedStringExpression):
                current = self.ev.parent(parent) or parent
            elif isinstance(parent, cst.Attribute) and parent.attr.value == "format":
                call = self.ev.parent(parent)
                current = call if isinstance(call, cst.Call) else parent
            elif isinstance(parent, cst.Arg):
                call = self.ev.parent(parent)
                names = self.ev.callee_names(call) if isinstance(call, cst.Call) else []
                if isinstance(call, cst.Call) and any(n in self.ev.knowledge.url_joiners for n in names):
                    current = call
                else:
                    return current
            else:
                return current

    def _query(self, text: Text) -> dict[str, Param] | None:
        """The query parameters of an /authorize URL in `text`, or None when it has none."""
        path = self.endpoints.authorize_path
        # Flatten to characters and holes, so a query can mix literal text and values.
        items: list[str | Value] = []
        for part in text.parts:
            items.extend(part if isinstance(part, str) else [part])
        rendered = "".join(i if isinstance(i, str) else "\x00" for i in items)
        at = rendered.find(path + "?")
        if at < 0:
            encoded = [i for i in items if isinstance(i, Encoded)]
            if path in rendered and encoded:
                return self._entries(encoded[0].mapping)
            return None
        start = at + len(path) + 1
        end = len(items)
        for index in range(start, len(items)):
            item = items[index]
            if isinstance(item, str) and item in "\"' <>#\n":
                end = index
                break
        params: dict[str, Param] = {}
        segment: list[str | Value] = []
        for item in [*items[start:end], "&"]:
            if item == "&":
                self._segment(segment, params)
                segment = []
            elif isinstance(item, Encoded):
                params.update(self._entries(item.mapping))
            else:
                segment.append(item)
        return params

    @staticmethod
    def _segment(segment: list, params: dict[str, Param]) -> None:
        if "=" not in segment:
            return
        cut = segment.index("=")
        key_items, value_items = segment[:cut], segment[cut + 1 :]
        if not all(isinstance(i, str) for i in key_items):
            return
        key = unquote_plus("".join(key_items))
        parts: list = []
        for item in value_items:
            if isinstance(item, str) and parts and isinstance(parts[-1], str):
                parts[-1] += item
            else:
                parts.append(item)
        # percent-decode the literal pieces, also around values (audience=https%3A%2F%2F{DOMAIN}%2F...)
        parts = [unquote_plus(p) if isinstance(p, str) else p for p in parts]
        value = parts[0] if len(parts) == 1 and not isinstance(parts[0], str) else Text(tuple(parts))
        params[key] = Param(value)

    def _authorize(self, node: cst.CSTNode, params: dict[str, Param]) -> TokenRequest:
        container = None
        for option in alternatives(self.ev.eval(node)) if isinstance(node, cst.BaseExpression) else ():
            for part in option.parts if isinstance(option, Text) else ():
                if (
                    isinstance(part, Encoded)
                    and isinstance(part.mapping, Mapping)
                    and isinstance(part.mapping.node, cst.Dict)
                ):
                    container = part.mapping.node
        if isinstance(node, cst.Call):
            params_arg = argument(node, ArgSpec(keyword=self.ev.knowledge.params_keyword))
            for option in alternatives(self.ev.eval(params_arg.value)) if params_arg is not None else ():
                if isinstance(option, Mapping) and isinstance(option.node, cst.Dict):
                    container = option.node
        host = None
        for option in alternatives(self.ev.eval(node)) if isinstance(node, cst.BaseExpression) else ():
            if isinstance(option, Text):
                # the host right before /authorize, also inside HTML (href="https://host/authorize?...")
                pattern = r"[a-zA-Z][a-zA-Z0-9+.-]*://([^/\s\"'<>]+)" + re.escape(self.endpoints.authorize_path)
                match = re.search(pattern, render(option))
                host = match.group(1) if match else None
                break
        return TokenRequest(
            domain=Text((host,)) if host and "\x00" not in host else None,
            domain_node=node,
            container=container,
            key=self._key(node, "a"),
            node=node,
            flow="authorize",
            user_facing=True,
            library="authorize-url",
            audience=params.get(self.endpoints.audience_key),
            scope=params.get(self.endpoints.scope_key),
            response_type=params.get(self.endpoints.response_type_key),
        )

    def _registries(self) -> Iterator[TokenRequest]:
        """registry.register(name, ...) and registry.<name>.authorize_redirect(...): partial
        requests keyed by library and client name, merged by the run."""
        registries = self.knowledge.libraries("registry")
        keys = self.endpoints
        for call in self.ev.syntax.calls:
            func = call.func
            if not isinstance(func, cst.Attribute):
                continue
            method = func.attr.value
            for library in registries:
                if method == library.register and any(
                    isinstance(r, Instance) and r.qualname in library.names
                    for r in alternatives(self.ev.eval(func.value))
                ):
                    name_arg = argument(call, library.client_name)
                    name = literal_string(name_arg.value) if name_arg is not None else None
                    if name is None:
                        break
                    request = TokenRequest(
                        key=f"{library.library}:{name}",
                        node=call,
                        flow="authorization_code",
                        user_facing=True,
                        library=library.library,
                        container=call,
                        partial=True,
                    )
                    for keyword in library.domain_keywords:
                        url_arg = argument(call, ArgSpec(keyword=keyword))
                        if url_arg is not None:
                            request.domain_node = url_arg.value
                            break
                    into = argument(call, ArgSpec(keyword=library.insert_into)) if library.insert_into else None
                    if into is not None and isinstance(into.value, cst.Dict):
                        request.container = into.value
                    request.audience = self._path_param(call, library.parameters.audience)
                    request.scope = self._path_param(call, library.parameters.scope)
                    request.response_type = self._path_param(call, library.parameters.response_type)
                    yield request
                    break
                if method in library.redirect_methods:
                    name = self.registry_client_name(func.value)
                    request = TokenRequest(
                        key=f"{library.library}:{name}",
                        node=call,
                        flow="authorization_code",
                        user_facing=True,
                        library=library.library,
                        container=call,
                        partial=True,
                        primary=False,
                    )
                    request.audience = self._arg_param(call, ArgSpec(keyword=keys.audience_key))
                    request.scope = self._arg_param(call, ArgSpec(keyword=keys.scope_key))
                    request.response_type = self._arg_param(call, ArgSpec(keyword=keys.response_type_key))
                    yield request
                    break

    def _path_param(self, call: cst.Call, paths: Sequence[str]) -> Param | None:
        """The first present of dotted keyword paths: `authorize_params.audience` is the
        `audience` entry of the mapping passed as `authorize_params=`."""
        for path in paths:
            keyword, *keys = path.split(".")
            arg = argument(call, ArgSpec(keyword=keyword))
            if arg is None:
                continue
            if not keys:
                return self._arg_param(call, ArgSpec(keyword=keyword))
            found = self._mapping_path(self.ev.eval(arg.value), keys)
            if found is not None:
                return found
        return None

    def _mapping_path(self, value: Value, keys: list[str]) -> Param | None:
        entries = self._entries(value)
        found = entries.get(keys[0])
        if found is None or len(keys) == 1:
            return found
        return self._mapping_path(found.value, keys[1:])

    def registry_client_name(self, receiver: cst.BaseExpression) -> str:
        for option in alternatives(self.ev.eval(receiver)):
            if isinstance(option, RegistryClient):
                return option.name
        if isinstance(receiver, cst.Attribute):
            return receiver.attr.value
        return "?"

    def _settings(self) -> Iterator[TokenRequest]:
        """Framework settings (python-social-auth): one partial request per setting."""
        keys = self.endpoints
        for library in self.knowledge.libraries("settings"):
            names = library.settings
            if names is None:
                continue
            key = f"{library.library}:{names.backend}"
            for target, value in self.ev.syntax.module_assignments:
                if target == names.scope:
                    yield TokenRequest(
                        key=key,
                        node=value,
                        flow="authorization_code",
                        user_facing=True,
                        library=library.library,
                        scope=Param(self.ev.eval(value), value),
                        partial=True,
                    )
                elif target == names.extra_arguments:
                    entries = self._entries(self.ev.eval(value))
                    yield TokenRequest(
                        key=key,
                        node=value,
                        flow="authorization_code",
                        user_facing=True,
                        library=library.library,
                        audience=entries.get(keys.audience_key),
                        container=value,
                        partial=True,
                        response_type=entries.get(keys.response_type_key),
                        primary=False,
                    )
                elif target == names.domain:
                    yield TokenRequest(
                        key=key,
                        node=value,
                        flow="authorization_code",
                        user_facing=True,
                        library=library.library,
                        domain=self.ev.eval(value),
                        partial=True,
                        primary=False,
                    )

    def _configured_clients(self) -> Iterator[TokenRequest]:
        """A client configured once with a mapping of parameters (auth0-server-python)."""
        libraries = self.knowledge.libraries("configured_client")
        if not libraries:
            return
        for call in self.ev.syntax.calls:
            names = self.ev.callee_names(call)
            library = next((lib for lib in libraries if any(n in lib.names for n in names)), None)
            if library is None:
                continue
            params_arg = argument(call, library.parameters_argument)
            params = self.ev.eval(params_arg.value) if params_arg is not None else None
            domain_arg = argument(call, library.domain)
            yield TokenRequest(
                key=self.server_key(call),
                node=call,
                flow="authorization_code",
                user_facing=True,
                library=library.library,
                audience=self._first_path(params, library.parameters.audience),
                scope=self._first_path(params, library.parameters.scope),
                container=params_arg.value if params_arg else call,
                domain=self.ev.eval(domain_arg.value) if domain_arg else None,
                domain_node=domain_arg.value if domain_arg else None,
            )

    def _first_path(self, value: Value | None, paths: Sequence[str]) -> Param | None:
        if value is None:
            return None
        for path in paths:
            found = self._mapping_path(value, path.split("."))
            if found is not None:
                return found
        return None

    def server_key(self, call: cst.CSTNode) -> str:
        return self._key(call, "c")
