"""Which calls of a module send an HTTP request, and with what: method, URL, headers, body.

The client surfaces (functions, client classes and their methods, which argument holds
what) come from the rule packs; this module only applies them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from scopelint.facts.values import (
    Encoded,
    Instance,
    Mapping,
    Text,
    Value,
    alternatives,
    concat,
    union,
)
from scopelint.packs.knowledge import ArgSpec, HttpClient, HttpMethod
from scopelint.python.syntax import argument

if TYPE_CHECKING:
    from scopelint.python.evaluate import PythonEvaluator


@dataclass
class HttpRequest:
    call: cst.Call
    method: str | None  # None when not statically known
    url: Value
    client: str  # qualified name of the function or client class
    instance: Instance | None = None
    # (key or None, value expression) of every header the request may carry
    headers: list[tuple[str | None, cst.BaseExpression]] = field(default_factory=list)
    body: Value | None = None  # a Mapping for JSON/form bodies, when known
    body_node: cst.BaseExpression | None = None
    params: Value | None = None


class HttpRecognizer:
    def __init__(self, evaluator: PythonEvaluator) -> None:
        self.ev = evaluator
        self.knowledge = evaluator.knowledge
        self._memo: dict[cst.Call, list[HttpRequest]] = {}

    def requests(self) -> Iterator[HttpRequest]:
        for call in self.ev.syntax.calls:
            yield from self.requests_of(call)

    def requests_of(self, call: cst.Call) -> list[HttpRequest]:
        if call not in self._memo:
            self._memo[call] = list(self._recognise(call))
        return self._memo[call]

    def _recognise(self, call: cst.Call) -> Iterator[HttpRequest]:
        knowledge = self.knowledge
        seen = False
        for option in alternatives(self.ev.eval(call)):
            if isinstance(option, Instance) and option.node is call and option.qualname:
                client = knowledge.http_clients.get(option.qualname)
                if client is not None and client.sends_on_construct is not None:
                    seen = True
                    yield self._request(call, client.sends_on_construct, option.qualname, option, client)
        if seen:
            return
        func = call.func
        if isinstance(func, cst.Attribute):
            for receiver in alternatives(self.ev.eval(func.value)):
                if isinstance(receiver, Instance) and receiver.qualname in knowledge.http_clients:
                    client = knowledge.http_clients[receiver.qualname]
                    method = client.method(func.attr.value)
                    if method is not None:
                        yield self._request(call, method, receiver.qualname, receiver, client)
                        return
        for name in self.ev.callee_names(call):
            function = knowledge.http_functions.get(name)
            if function is not None:
                yield self._request(call, function, name, None, None)
                return

    def _request(
        self, call: cst.Call, spec: HttpMethod, name: str, instance: Instance | None, client: HttpClient | None
    ) -> HttpRequest:
        request = HttpRequest(call, self._method(call, spec), self._url(call, spec, instance, client), name, instance)
        headers_arg = argument(call, spec.headers)
        if headers_arg is not None:
            request.headers.extend(self.mapping_entries(headers_arg.value))
        if instance is not None and client is not None and isinstance(instance.node, cst.Call):
            if client.headers is not None:
                ctor_arg = argument(instance.node, client.headers)
                if ctor_arg is not None:
                    request.headers.extend(self.mapping_entries(ctor_arg.value))
            request.headers.extend(self.ev.header_entries(instance))
        body_specs = [spec.body] if spec.body else [ArgSpec(keyword=k) for k in sorted(self.knowledge.body_keywords)]
        for body_spec in body_specs:
            body_arg = argument(call, body_spec)
            if body_arg is not None:
                request.body, request.body_node = self._decoded(self.ev.eval(body_arg.value)), body_arg.value
                break
        params_arg = argument(call, spec.params or ArgSpec(keyword=self.knowledge.params_keyword))
        if params_arg is not None:
            request.params = self._decoded(self.ev.eval(params_arg.value))
        return request

    @staticmethod
    def _decoded(value: Value) -> Value:
        # urlencode({...}).encode() and json.dumps({...}) carry the same entries as the dict
        return union([option.mapping if isinstance(option, Encoded) else option for option in alternatives(value)])

    def mapping_entries(self, node: cst.BaseExpression) -> list[tuple[str | None, cst.BaseExpression]]:
        entries: list[tuple[str | None, cst.BaseExpression]] = []
        for option in alternatives(self.ev.eval(node)):
            if isinstance(option, Mapping):
                entries.extend(self.ev.mapping_entries(option))
        return entries

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

    def _url(self, call: cst.Call, spec: HttpMethod, instance: Instance | None, client: HttpClient | None) -> Value:
        arg = argument(call, spec.url)
        if arg is None:
            return Text(())
        url = self.ev.eval(arg.value)
        if instance is None or client is None or not isinstance(instance.node, cst.Call) or instance.node is call:
            return url
        if client.base_url is not None:
            base_arg = argument(instance.node, client.base_url)
            if base_arg is not None:
                return join_base_url(self.ev.eval(base_arg.value), url)
        if client.host is not None:
            host_arg = argument(instance.node, client.host)
            if host_arg is not None:
                return concat(Text(("https://",)), self.ev.eval(host_arg.value), url)
        return url


def join_base_url(base: Value, url: Value) -> Value:
    """httpx/aiohttp base_url semantics: a relative URL is appended to the base path."""
    results: list[Value] = []
    for option in alternatives(url):
        first = option.parts[0] if isinstance(option, Text) and option.parts else ""
        if isinstance(first, str) and "://" in first:
            results.append(option)
        elif isinstance(base, Text) and isinstance(option, Text):
            last = len(base.parts) - 1
            trimmed = Text(
                tuple(p.rstrip("/") if i == last and isinstance(p, str) else p for i, p in enumerate(base.parts))
            )
            relative = option if isinstance(first, str) and first.startswith("/") else concat(Text(("/",)), option)
            results.append(concat(trimmed, relative))
        else:
            results.append(concat(base, option))
    return union(results)
