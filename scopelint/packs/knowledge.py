"""Reading rule packs and merging them into one `Knowledge`: all the analysis knows about
the outside world (APIs and their scopes, HTTP clients, token-request libraries, browser
libraries).

A pack is read with a safe YAML loader (a pack can never run code) and validated by its
schema (`scopelint.packs.schema`), whose objects the analysis reads directly; `Knowledge`
only indexes them by name for lookups.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from scopelint.packs.files import BUILTIN_PACK_DIRS, PackError, builtin_pack_paths
from scopelint.packs.schema import (
    ArgSpec,
    DecoratorArgument,
    DeferredCall,
    EndpointSpec,
    FilesDocument,
    GrantType,
    HttpClient,
    HttpMethod,
    JsFactory,
    JsHttpFunction,
    JsObservables,
    JsRequestClone,
    JsSdkClient,
    JsServerRoutes,
    JsTokenGrant,
    JsTokenRequest,
    PackDocument,
    RequestAttributeHook,
    SdkClient,
    StoreSpec,
    TokenEndpoints,
    TokenMethod,
    TokenRequestLibrary,
    Verifier,
    load_document,
)
from scopelint.source import read_regular_file

__all__ = [
    "BUILTIN_PACK_DIRS",
    "ArgSpec",
    "GrantType",
    "HttpClient",
    "HttpMethod",
    "JsTokenRequest",
    "Knowledge",
    "PackError",
    "SdkClient",
    "TokenMethod",
    "TokenRequestLibrary",
    "Verifier",
    "builtin_pack_paths",
    "load_knowledge",
    "load_pack",
]


@dataclass(frozen=True)
class ApiSpec:
    """An API of a pack, its hosts compiled."""

    name: str
    audience: str
    path_prefix: str
    hosts: tuple[re.Pattern[str], ...]
    pack: str


@dataclass(frozen=True)
class Endpoint:
    """An endpoint of a pack's API, with its API and its path as a pattern."""

    spec: EndpointSpec
    api: ApiSpec = field(compare=False, repr=False, hash=False)
    pattern: re.Pattern[str] = field(compare=False, repr=False, hash=False)

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def method(self) -> str:
        return self.spec.method

    @property
    def path(self) -> str:
        return self.spec.path

    @property
    def current_user_scopes(self) -> tuple[str, ...]:
        return self.spec.current_user_scopes

    @property
    def any_user_scopes(self) -> tuple[str, ...]:
        return self.spec.any_user_scopes

    @property
    def current_user_scopes_any_of(self) -> bool:
        return self.spec.current_user_scopes_any_of

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"


@dataclass
class JsKnowledge:
    """The JavaScript sections of every pack, merged (later packs add to earlier ones)."""

    token_requests: list[JsTokenRequest] = field(default_factory=list)
    raw_id_token_property: str = ""
    global_objects: tuple[str, ...] = ()
    injected_services: tuple[str, ...] = ()
    module_loaders: tuple[str, ...] = ()
    option_keys: dict[str, tuple[str, ...]] = field(default_factory=dict)  # url, method, headers, ...
    http_functions: dict[str, JsHttpFunction] = field(default_factory=dict)
    instance_factories: dict[str, JsFactory] = field(default_factory=dict)
    default_headers: tuple[str, ...] = ()
    global_setup: dict[str, JsFactory] = field(default_factory=dict)
    transparent_calls: tuple[str, ...] = ()
    response_body_methods: tuple[str, ...] = ()
    response_body_properties: tuple[str, ...] = ()
    xhr_classes: tuple[str, ...] = ()
    xhr_open: str = "open"
    xhr_set_header: str = "setRequestHeader"
    storage_objects: tuple[str, ...] = ()
    storage_get: str = "getItem"
    storage_set: str = "setItem"
    sdk_clients: dict[str, JsSdkClient] = field(default_factory=dict)
    token_grants: dict[str, JsTokenGrant] = field(default_factory=dict)
    redirect_results: tuple[str, ...] = ()
    redirect_keeps: tuple[str, ...] = ()
    redirect_getters: tuple[str, ...] = ()
    observables: JsObservables = field(default_factory=JsObservables)
    request_clones: dict[str, JsRequestClone] = field(default_factory=dict)  # by method name
    server_routes: JsServerRoutes = field(default_factory=JsServerRoutes)

    def request_surface(self, name: str) -> JsTokenRequest | None:
        return next((r for r in self.token_requests if name in r.names), None)

    def hook_surface(self, name: str) -> JsTokenRequest | None:
        """The first surface a hook or an injected service (`useAuth0`, `AuthService`) gives the client of."""
        return next((r for r in self.hook_surfaces(name)), None)

    def hook_surfaces(self, name: str) -> list[JsTokenRequest]:
        """Every surface whose client a hook, a service or a component property gives (auth0-react's
        and auth0-vue's hooks share the name `useAuth0`)."""
        return [
            r
            for r in self.token_requests
            if name in (*r.hooks, *r.services, *r.component_properties, *r.request_properties)
        ]

    def texts(self) -> set[str]:
        """Every name the front end looks for (the prefilter's needles), split into words."""
        names: set[str] = {self.raw_id_token_property} - {""}
        for request in self.token_requests:
            names.update(request.names)
            names.update(request.access_token_methods)
            names.update(request.id_claims_methods)
            names.update(request.hooks)
            names.update(request.services)
            names.update(request.component_properties)
            names.update(request.request_properties)
            tokens = (*request.id_claims_properties, *request.id_token_properties, *request.access_token_properties)
            names.update(p.split(".")[0] for p in tokens)
        names.update(self.sdk_clients)
        names.update(self.token_grants)
        return {part for name in names for part in name.split(".") if part}


@dataclass
class Knowledge:
    """All loaded packs merged: what the analysis looks things up in."""

    endpoints: list[Endpoint] = field(default_factory=list)
    apis: list[ApiSpec] = field(default_factory=list)
    token_endpoints: TokenEndpoints = TokenEndpoints()
    id_token_keys: set[str] = field(default_factory=set)
    access_token_keys: set[str] = field(default_factory=set)
    id_token_parameter_names: set[str] = field(default_factory=set)
    verifiers: dict[str, Verifier] = field(default_factory=dict)
    token_readers: dict[str, Verifier] = field(default_factory=dict)
    auth_header: str = "authorization"
    body_keywords: set[str] = field(default_factory=set)
    params_keyword: str = "params"
    http_functions: dict[str, HttpMethod] = field(default_factory=dict)
    http_clients: dict[str, HttpClient] = field(default_factory=dict)
    url_joiners: set[str] = field(default_factory=set)
    auth_hooks: list[str] = field(default_factory=list)
    sdk_clients: dict[str, SdkClient] = field(default_factory=dict)
    sdk_methods: dict[str, str] = field(default_factory=dict)  # "users.get" -> endpoint id
    async_wrappers: set[str] = field(default_factory=set)  # asyncify(Cls) is Cls
    async_suffixes: dict[str, str] = field(default_factory=dict)  # class -> its async twins' suffix
    # token-request libraries by shape, and by class name for the shapes that have classes
    token_libraries: list[TokenRequestLibrary] = field(default_factory=list)
    token_library_by_name: dict[str, TokenRequestLibrary] = field(default_factory=dict)
    javascript: JsKnowledge = field(default_factory=JsKnowledge)
    stores: list[StoreSpec] = field(default_factory=list)
    files: list[FilesDocument] = field(default_factory=list)  # merged by the analysis (flow.files)
    dependency_markers: set[str] = field(default_factory=set)
    annotated: set[str] = field(default_factory=set)
    record_markers: tuple[str, ...] = ()
    property_decorators: set[str] = field(default_factory=set)
    settings_objects: set[str] = field(default_factory=set)
    record_from_mapping: set[str] = field(default_factory=set)
    record_to_mapping: set[str] = field(default_factory=set)
    record_to_mapping_functions: set[str] = field(default_factory=set)
    browser_input_functions: set[str] = field(default_factory=set)
    browser_input_factories: set[str] = field(default_factory=set)
    decorator_arguments: dict[str, DecoratorArgument] = field(default_factory=dict)
    deferred_functions: dict[str, DeferredCall] = field(default_factory=dict)  # by qualified name
    deferred_methods: dict[str, DeferredCall] = field(default_factory=dict)  # by method name
    request_attribute_hooks: tuple[RequestAttributeHook, ...] = ()
    pack_files: list[Path] = field(default_factory=list)

    def libraries(self, shape: str) -> list[TokenRequestLibrary]:
        return [library for library in self.token_libraries if library.shape == shape]

    def library(self, name: str, shape: str) -> TokenRequestLibrary | None:
        """The token-request library of `shape` whose class is `name` (a qualified name)."""
        library = self.token_library_by_name.get(name)
        return library if library is not None and library.shape == shape else None

    def instance_classes(self) -> set[str]:
        """Classes whose objects the analysis tracks: HTTP and SDK clients, verifiers,
        token-request clients."""
        verifier_classes = {name.rsplit(".", 1)[0] for name in self.verifiers}
        return {*self.http_clients, *self.sdk_clients, *verifier_classes, *self.token_library_by_name}

    def endpoint(self, endpoint_id: str) -> Endpoint | None:
        return next((e for e in self.endpoints if e.id == endpoint_id), None)

    def merge(self, document: PackDocument) -> None:
        if document.api is not None:
            api_doc = document.api
            api = ApiSpec(
                api_doc.name,
                api_doc.audience,
                api_doc.path_prefix,
                tuple(re.compile(h, re.IGNORECASE) for h in api_doc.hosts),
                document.pack,
            )
            self.apis.append(api)
            self.endpoints.extend(Endpoint(spec, api, _path_pattern(spec.path)) for spec in api_doc.endpoints)
        if document.token_endpoints is not None:
            self.token_endpoints = document.token_endpoints
        if document.tokens is not None:
            tokens = document.tokens
            self.id_token_keys.update(tokens.id_token_keys)
            self.access_token_keys.update(tokens.access_token_keys)
            self.id_token_parameter_names.update(n.lower() for n in tokens.id_token_parameter_names)
            for verifier in tokens.id_token_verifiers:
                self.verifiers.update(dict.fromkeys(verifier.names, verifier))
            for reader in tokens.token_readers:
                self.token_readers.update(dict.fromkeys(reader.names, reader))
        if document.http is not None:
            http = document.http
            self.auth_header = http.header.lower()
            self.body_keywords.update(http.body_keywords)
            self.params_keyword = http.params_keyword
            for function in http.functions:
                self.http_functions.update(dict.fromkeys(function.names, function))
            for client in http.clients:
                self.http_clients.update(dict.fromkeys(client.names, client))
            self.url_joiners.update(http.url_joiners)
            self.auth_hooks.extend(h for h in http.auth_hooks if h not in self.auth_hooks)
        if document.sdk is not None:
            for sdk_client in document.sdk.clients:
                self.sdk_clients.update(dict.fromkeys(sdk_client.names, sdk_client))
            self.sdk_methods.update(document.sdk.methods)
            self.async_wrappers.update(document.sdk.async_wrappers)
        for library in document.token_request_libraries:
            self.token_libraries.append(library)
            self.token_library_by_name.update(dict.fromkeys(library.names, library))
        suffix = document.sdk.async_suffix if document.sdk is not None else ""
        if suffix:
            classes = [n for c in document.sdk.clients for n in c.names] if document.sdk else []
            classes += [n for library in document.token_request_libraries for n in library.names]
            self.async_suffixes.update(dict.fromkeys(classes, suffix))
        self.stores.extend(document.stores)
        if document.files is not None:
            self.files.append(document.files)
        if document.frameworks is not None:
            frameworks = document.frameworks
            self.dependency_markers.update(frameworks.dependency_markers)
            self.annotated.update(frameworks.annotated)
            self.property_decorators.update(frameworks.properties)
            self.settings_objects.update(frameworks.settings_objects)
            records = frameworks.records
            self.record_markers += records.markers
            self.record_from_mapping.update(records.from_mapping)
            self.record_to_mapping.update(records.to_mapping)
            self.record_to_mapping_functions.update(records.to_mapping_functions)
            self.browser_input_functions.update(frameworks.browser_input_functions)
            self.browser_input_factories.update(frameworks.browser_input_factories)
            for decorator in frameworks.decorator_arguments:
                self.decorator_arguments.update(dict.fromkeys(decorator.names, decorator))
            for deferred in frameworks.deferred_calls:
                self.deferred_functions.update(dict.fromkeys(deferred.names, deferred))
                self.deferred_methods.update(dict.fromkeys(deferred.methods, deferred))
            self.request_attribute_hooks += frameworks.request_attribute_hooks
        if document.javascript is not None:
            _merge_javascript(self.javascript, document.javascript)


def _merge_javascript(js: JsKnowledge, doc: Any) -> None:
    js.token_requests.extend(doc.token_requests)
    js.raw_id_token_property = doc.raw_id_token_property or js.raw_id_token_property
    js.global_objects += doc.global_objects
    js.injected_services += doc.injected_services
    js.module_loaders += doc.module_loaders
    http = doc.http
    js.option_keys.update(http.options)
    for function in http.functions:
        js.http_functions.update(dict.fromkeys(function.names, function))
    for factory in http.instance_factories:
        js.instance_factories.update(dict.fromkeys(factory.names, factory))
    for factory in http.global_setup:
        js.global_setup.update(dict.fromkeys(factory.names, factory))
    js.default_headers += http.default_headers
    js.transparent_calls += http.transparent_calls
    js.response_body_methods += http.response_body.methods
    js.response_body_properties += http.response_body.properties
    if http.xhr is not None:
        js.xhr_classes += http.xhr.names
        js.xhr_open, js.xhr_set_header = http.xhr.open, http.xhr.set_header
    js.request_clones.update({clone.method: clone for clone in http.request_clones})
    js.storage_objects += doc.storage.objects
    js.storage_get, js.storage_set = doc.storage.get, doc.storage.set
    for client in doc.sdk_clients:
        js.sdk_clients.update(dict.fromkeys(client.names, client))
    for grant in doc.token_grants:
        js.token_grants.update(dict.fromkeys(grant.names, grant))
    js.redirect_results += doc.redirect_result.names
    js.redirect_keeps += doc.redirect_result.keeps
    js.redirect_getters += doc.redirect_result.getters
    if doc.observables.map_operators or doc.observables.subscribe:
        js.observables = doc.observables
    if doc.server_routes.methods:
        js.server_routes = doc.server_routes


def _path_pattern(template: str) -> re.Pattern[str]:
    # "/api/v2/users/{id}" -> one path segment per parameter; a trailing slash is tolerated.
    parts = re.split(r"(\{[^}]+\})", template.rstrip("/"))
    regex = "".join("[^/]+" if part.startswith("{") else re.escape(part) for part in parts)
    return re.compile(f"^{regex}/?$")


class CompiledPacks(Protocol):
    """Validated pack documents by the pack's bytes (`scopelint.cache.CompiledCache`)."""

    def get(self, raw: bytes) -> dict[str, Any] | None: ...

    def put(self, raw: bytes, document: dict[str, Any]) -> None: ...


def load_knowledge(
    extra_packs: Iterable[Path] = (),
    compiled: CompiledPacks | None = None,
    compiled_beside: Callable[[Path], CompiledPacks] | None = None,
) -> Knowledge:
    """The built-in packs, each compiled into `compiled_beside(its path)` (the engine keeps
    them beside the packs, as Python keeps bytecode: every run reads them, with or without
    a cache), then `extra_packs`, compiled into `compiled`."""
    knowledge = Knowledge()
    for path in builtin_pack_paths():
        knowledge.merge(load_pack(path, compiled_beside(path) if compiled_beside is not None else None))
        knowledge.pack_files.append(path)
    for path in extra_packs:
        knowledge.merge(load_pack(path, compiled))
        knowledge.pack_files.append(path)
    return knowledge


def load_pack(path: Path, compiled: CompiledPacks | None = None) -> PackDocument:
    """Read and validate one pack. With `compiled`, a pack whose bytes were read before is
    taken from there as parsed data (no YAML parser at all)."""
    try:
        raw = read_regular_file(path)
        data = compiled.get(raw) if compiled is not None else None
        if data is not None:
            return load_document(data, path)
        text = raw.decode("utf-8")
    except OSError as exc:
        raise PackError(f"{path}: cannot read rule pack: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise PackError(f"{path}: rule pack is not valid UTF-8 ({exc.reason})") from None
    import yaml  # here, not at the top: a run whose compiled packs are cached never needs it

    try:
        # the C loader when PyYAML has it (same safe semantics, much faster)
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" (line {where.line + 1}, column {where.column + 1})" if where else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PackError(f"{path}: malformed YAML{at}: {problem}") from None
    document = load_document(data, path)
    if compiled is not None:
        compiled.put(raw, data)
    return document
