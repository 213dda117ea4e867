"""Facts of one module: the Management API calls it makes and the tokens they carry.

`build_facts` runs the module's one traversal (`collect`) and asks the evaluator for
the values that matter; rules only read the resulting `ModuleFacts`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

import libcst as cst

from scopelint.analysis.collect import Syntax, collect
from scopelint.analysis.evaluate import Evaluator, argument
from scopelint.analysis.urls import match_endpoints
from scopelint.analysis.values import (
    Instance,
    Mapping,
    Text,
    Token,
    Value,
    alternatives,
    concat,
    tokens_in,
    union,
)
from scopelint.packs import ApiSpec, ArgSpec, Endpoint, HttpClient, HttpMethod, Knowledge


@dataclass(frozen=True)
class Credential:
    entry: cst.CSTNode  # where the token enters the request (header value, SDK token argument)
    token: Token


@dataclass
class ManagementCall:
    """A call that reaches the Management API, and the credentials it sends."""

    node: cst.Call
    endpoints: list[Endpoint]
    credentials: list[Credential]
    client: str = ""  # the SDK client class, for SDK calls

    api: ApiSpec | None = None  # the API it reaches (for SDK calls: the built-in pack's)

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
    evaluator: Evaluator
    management_calls: list[ManagementCall] = field(default_factory=list)
    line_of: Callable[[cst.CSTNode], int] = field(default=lambda node: 0)

    def describe(self, node: cst.CSTNode) -> str:
        return f"line {self.line_of(node)}"


def build_facts(
    module: cst.Module,
    metadata: dict,
    knowledge: Knowledge,
    custom_domains: Iterable[str],
    line_of: Callable[[cst.CSTNode], int],
) -> ModuleFacts:
    syntax = collect(module)
    evaluator = Evaluator(module, metadata, syntax, knowledge)
    evaluator.prepare()
    facts = ModuleFacts(module=module, evaluator=evaluator, line_of=line_of)
    finder = _CallFinder(evaluator, syntax, knowledge, tuple(custom_domains))
    facts.management_calls = finder.find()
    return facts


class _CallFinder:
    def __init__(self, evaluator: Evaluator, syntax: Syntax, knowledge: Knowledge, custom_domains: tuple[str, ...]):
        self.ev = evaluator
        self.syntax = syntax
        self.knowledge = knowledge
        self.custom_domains = custom_domains

    def find(self) -> list[ManagementCall]:
        found: list[ManagementCall] = []
        sdk_endpoints = self._sdk_method_endpoints()
        for call in self.syntax.calls:
            for name in self._constructors(call):
                sdk = self.knowledge.sdk_clients.get(name)
                if sdk is not None:
                    found.append(self._sdk_call(call, name, sdk, sdk_endpoints.get(call, [])))
                client = self.knowledge.http_clients.get(name)
                if client is not None and client.sends_on_construct is not None:
                    self._http_call(found, call, client.sends_on_construct, Instance(call, name), client)
            func = call.func
            if isinstance(func, cst.Attribute):
                for receiver in alternatives(self.ev.eval(func.value)):
                    if isinstance(receiver, Instance) and receiver.qualname in self.knowledge.http_clients:
                        client = self.knowledge.http_clients[receiver.qualname]
                        method = client.method(func.attr.value)
                        if method is not None:
                            self._http_call(found, call, method, receiver, client)
            for name in self.ev.callee_names(call):
                function = self.knowledge.http_functions.get(name)
                if function is not None:
                    self._http_call(found, call, function, None, None)
        return found

    def _constructors(self, call: cst.Call) -> list[str]:
        # Only plain constructor calls (`Auth0(...)`, `auth0.management.Auth0(...)`).
        value = self.ev.eval(call)
        return [v.qualname for v in alternatives(value) if isinstance(v, Instance) and v.node is call and v.qualname]

    # ------------------------------------------------------------------ SDK clients
    def _sdk_call(self, call: cst.Call, name: str, sdk, endpoint_ids: list[str]) -> ManagementCall:
        endpoints = [e for e in (self.knowledge.endpoint(i) for i in endpoint_ids) if e is not None]
        arg = argument(call, sdk.token)
        credentials: list[Credential] = []
        if arg is not None:
            for token in tokens_in(self.ev.eval(arg.value)):
                credentials.append(Credential(arg.value, token))
        api = self.knowledge.apis[0] if self.knowledge.apis else None
        return ManagementCall(call, endpoints, credentials, client=name, api=api)

    def _sdk_method_endpoints(self) -> dict[cst.CSTNode, list[str]]:
        """For each SDK client constructor call, the endpoints its methods are called for."""
        result: dict[cst.CSTNode, list[str]] = {}
        for call in self.syntax.calls:
            chain: list[str] = []
            target = call.func
            while isinstance(target, cst.Attribute):
                chain.append(target.attr.value)
                target = target.value
                if len(chain) > 4:
                    break
            if not chain or len(chain) > 4:
                continue
            for length in range(1, len(chain) + 1):
                receiver_expr = call.func
                for _ in range(length):
                    receiver_expr = receiver_expr.value  # type: ignore[attr-defined]
                method = ".".join(reversed(chain[:length]))
                for receiver in alternatives(self.ev.eval(receiver_expr)):
                    if not isinstance(receiver, Instance):
                        continue
                    sdk = self.knowledge.sdk_clients.get(receiver.qualname)
                    if sdk is None:
                        continue
                    endpoint_id = self.knowledge.sdk_methods.get(sdk.method_prefix + method)
                    if endpoint_id and endpoint_id not in result.setdefault(receiver.node, []):
                        result[receiver.node].append(endpoint_id)
        return result

    # ------------------------------------------------------------------ HTTP calls
    def _http_call(
        self,
        found: list[ManagementCall],
        call: cst.Call,
        spec: HttpMethod,
        instance: Instance | None,
        client: HttpClient | None,
    ) -> None:
        url = self._url(call, spec, instance, client)
        if url is None:
            return
        method = self._method(call, spec)
        endpoints = match_endpoints(url, method, self.knowledge.endpoints, self.custom_domains)
        if not endpoints:
            return
        credentials = list(self._credentials(call, spec, instance, client))
        if any(existing.node is call for existing in found):
            return
        found.append(ManagementCall(call, endpoints, credentials))

    def _method(self, call: cst.Call, spec: HttpMethod) -> str | None:
        if isinstance(spec.method, str):
            return spec.method
        if isinstance(spec.method, ArgSpec):
            arg = argument(call, spec.method)
            if arg is None:
                return "GET" if spec.name == "__init__" else None
            value = self.ev.eval(arg.value)
            literal = value.literal() if isinstance(value, Text) else None
            return literal.upper() if literal else None
        return None

    def _url(self, call: cst.Call, spec: HttpMethod, instance: Instance | None, client: HttpClient | None) -> Value | None:
        arg = argument(call, spec.url)
        if arg is None:
            return None
        url = self.ev.eval(arg.value)
        if instance is None or client is None or not isinstance(instance.node, cst.Call):
            return url
        if client.base_url is not None:
            base_arg = argument(instance.node, client.base_url)
            if base_arg is not None:
                return _join_base(self.ev.eval(base_arg.value), url)
        if client.host is not None:
            host_arg = argument(instance.node, client.host)
            if host_arg is not None:
                return concat(Text(("https://",)), self.ev.eval(host_arg.value), url)
        return url

    def _credentials(self, call: cst.Call, spec: HttpMethod, instance: Instance | None, client: HttpClient | None):
        header_name = self.knowledge.auth_header
        entries: list[tuple[str | None, cst.BaseExpression]] = []
        arg = argument(call, spec.headers)
        if arg is not None:
            entries.extend(self._mapping_entries(arg.value))
        if instance is not None and client is not None and isinstance(instance.node, cst.Call):
            if client.headers is not None:
                ctor_arg = argument(instance.node, client.headers)
                if ctor_arg is not None:
                    entries.extend(self._mapping_entries(ctor_arg.value))
            entries.extend(self.ev.header_entries(instance))
        for key, value_node in entries:
            if key is None or key.lower() != header_name:
                continue
            for token in tokens_in(self.ev.eval(value_node)):
                yield Credential(value_node, token)

    def _mapping_entries(self, node: cst.BaseExpression) -> list[tuple[str | None, cst.BaseExpression]]:
        entries: list[tuple[str | None, cst.BaseExpression]] = []
        for option in alternatives(self.ev.eval(node)):
            if isinstance(option, Mapping):
                entries.extend(self.ev.mapping_entries(option))
        return entries


def _join_base(base: Value, url: Value) -> Value:
    """httpx/aiohttp base_url semantics: a relative URL is appended to the base path."""
    results = []
    for option in alternatives(url):
        if isinstance(option, Text):
            first = option.parts[0] if option.parts else ""
            if isinstance(first, str) and "://" in first:
                results.append(option)
                continue
            if isinstance(base, Text):
                trimmed = Text(tuple(p.rstrip("/") if i == len(base.parts) - 1 and isinstance(p, str) else p for i, p in enumerate(base.parts)))
                relative = option if (isinstance(first, str) and first.startswith("/")) else concat(Text(("/",)), option)
                results.append(concat(trimmed, relative))
                continue
            results.append(concat(base, option))
    return union(results)
