"""Rule packs: the YAML data that describes APIs, their scopes, and the clients that call them.

A pack is read with yaml.safe_load (so a pack can never run code), validated against the
shape below, and turned into frozen dataclasses. Several packs merge into one `Knowledge`,
which is all the analysis knows about the outside world.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Protocol

from scopelint.packs.files import BUILTIN_PACK_DIRS, PackError, builtin_pack_paths
from scopelint.source import read_regular_file

__all__ = ["BUILTIN_PACK_DIRS", "Knowledge", "PackError", "builtin_pack_paths", "load_knowledge", "load_pack"]


@dataclass(frozen=True)
class ArgSpec:
    position: int | None = None
    keyword: str | None = None


@dataclass(frozen=True)
class Endpoint:
    id: str
    method: str
    path: str
    description: str
    current_user_scopes: tuple[str, ...]
    any_user_scopes: tuple[str, ...]
    current_user_scopes_any_of: bool
    api: "ApiSpec" = field(compare=False, repr=False, hash=False)
    pattern: re.Pattern[str] = field(compare=False, repr=False, hash=False)

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"


@dataclass(frozen=True)
class ApiSpec:
    name: str
    audience: str
    path_prefix: str
    hosts: tuple[re.Pattern[str], ...]
    pack: str


@dataclass(frozen=True)
class HttpMethod:
    name: str
    method: str | ArgSpec | None
    url: ArgSpec
    headers: ArgSpec | None
    body: ArgSpec | None = None  # besides the pack-wide body keywords
    params: ArgSpec | None = None


@dataclass(frozen=True)
class HttpClient:
    names: tuple[str, ...]
    methods: tuple[HttpMethod, ...] = ()
    base_url: ArgSpec | None = None
    host: ArgSpec | None = None
    headers: ArgSpec | None = None
    sends_on_construct: HttpMethod | None = None
    header_methods: tuple[str, ...] = ()

    def method(self, name: str) -> HttpMethod | None:
        return next((m for m in self.methods if m.name == name), None)


@dataclass(frozen=True)
class SdkClient:
    names: tuple[str, ...]
    token: ArgSpec
    domain: ArgSpec | None = None
    method_prefix: str = ""


@dataclass(frozen=True)
class Verifier:
    names: tuple[str, ...]
    token: ArgSpec


@dataclass(frozen=True)
class GrantType:
    flow: str
    user_facing: bool


@dataclass(frozen=True)
class SdkTokenMethod:
    name: str
    flow: str
    scope: ArgSpec | None = None
    audience: ArgSpec | None = None


@dataclass(frozen=True)
class SdkTokenClient:
    names: tuple[str, ...]
    domain: ArgSpec | None
    methods: dict[str, SdkTokenMethod]


@dataclass
class TokenRequestSurfaces:
    """Where tokens are requested: the OAuth endpoints and the libraries that call them."""

    token_path: str = "/oauth/token"
    authorize_path: str = "/authorize"
    audience_key: str = "audience"
    scope_key: str = "scope"
    response_type_key: str = "response_type"
    grant_types: dict[str, GrantType] = field(default_factory=dict)
    sdk: dict[str, SdkTokenClient] = field(default_factory=dict)
    authlib_oauth_classes: tuple[str, ...] = ()
    authlib_register: str = "register"
    authlib_redirect_methods: tuple[str, ...] = ()
    authlib_token_methods: tuple[str, ...] = ()
    oauthlib_classes: tuple[str, ...] = ()
    oauthlib_scope: ArgSpec | None = None
    oauthlib_authorization_url: str = "authorization_url"
    oauthlib_fetch_token: str = "fetch_token"
    social_scope_setting: str = ""
    social_extra_arguments_setting: str = ""
    social_domain_setting: str = ""
    social_token_container: str = ""
    server_client_names: tuple[str, ...] = ()
    server_domain: ArgSpec | None = None
    server_authorization_params: ArgSpec | None = None
    server_access_token_methods: tuple[str, ...] = ()


@dataclass(frozen=True)
class JsTokenRequest:
    """A browser library's token request: a constructor or factory whose options object says
    audience, scope and response type, and where its results come back."""

    names: tuple[str, ...]
    library: str
    options: int  # argument index of the options object
    domain_option: str | None  # an option naming the tenant's domain, or
    domain_position: int | None  # an argument naming it
    audience: tuple[str, ...]  # dotted option paths, the first present one counts
    scope: tuple[str, ...]
    response_type: tuple[str, ...]
    insert_into: str  # the option path a new audience/scope goes into ("" = the options object)
    result_callbacks: dict[str, int]  # method -> index of the callback parameter holding the result
    result_event_method: str = ""
    result_events: tuple[str, ...] = ()
    result_event_param: int = 0
    access_token_methods: tuple[str, ...] = ()
    id_claims_methods: tuple[str, ...] = ()
    create_insert_into_with: tuple[str, ...] = ()  # options keys that say insert_into may be created
    jsx: bool = False  # a JSX element whose attributes are the options (<Auth0Provider ...>)
    hooks: tuple[str, ...] = ()  # functions that return the client of the enclosing provider


@dataclass(frozen=True)
class JsHttpFunction:
    names: tuple[str, ...]
    method: str
    url: int | None = None
    body: int | None = None
    options: int | None = None
    url_or_options: bool = False  # $.ajax(url, options) or $.ajax(options)


@dataclass(frozen=True)
class JsFactory:
    names: tuple[str, ...]
    like: str  # the functions of this receiver (`axios`) are the instance's methods
    options: int


@dataclass(frozen=True)
class JsSdkClient:
    names: tuple[str, ...]
    options: int
    token: str
    domain: str
    methods: dict[str, str]  # method -> endpoint id


@dataclass
class JsKnowledge:
    """What the JavaScript front end knows of browser libraries (rules/auth0-javascript.yaml)."""

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

    def request_surface(self, name: str) -> JsTokenRequest | None:
        return next((r for r in self.token_requests if name in r.names), None)

    def hook_surface(self, name: str) -> JsTokenRequest | None:
        return next((r for r in self.token_requests if name in r.hooks), None)

    def texts(self) -> set[str]:
        """Every name the front end looks for (the prefilter's needles), split into words."""
        names: set[str] = {self.raw_id_token_property} - {""}
        for request in self.token_requests:
            names.update(request.names)
            names.update(request.access_token_methods)
            names.update(request.id_claims_methods)
            names.update(request.hooks)
        names.update(self.sdk_clients)
        return {part for name in names for part in name.split(".") if part}


@dataclass
class Knowledge:
    """All loaded packs merged: what the analysis looks things up in."""

    endpoints: list[Endpoint] = field(default_factory=list)
    apis: list[ApiSpec] = field(default_factory=list)
    id_token_keys: set[str] = field(default_factory=set)
    access_token_keys: set[str] = field(default_factory=set)
    id_token_parameter_names: set[str] = field(default_factory=set)
    verifiers: dict[str, Verifier] = field(default_factory=dict)
    auth_header: str = "authorization"
    body_keywords: set[str] = field(default_factory=set)
    params_keyword: str = "params"
    http_functions: dict[str, HttpMethod] = field(default_factory=dict)
    http_clients: dict[str, HttpClient] = field(default_factory=dict)
    url_joiners: set[str] = field(default_factory=set)
    sdk_clients: dict[str, SdkClient] = field(default_factory=dict)
    sdk_methods: dict[str, str] = field(default_factory=dict)  # "users.get" -> endpoint id
    token_requests: TokenRequestSurfaces = field(default_factory=TokenRequestSurfaces)
    javascript: JsKnowledge = field(default_factory=JsKnowledge)
    pack_files: list[Path] = field(default_factory=list)

    def instance_classes(self) -> set[str]:
        """Classes whose objects the analysis tracks: HTTP and SDK clients, verifiers."""
        verifier_classes = {name.rsplit(".", 1)[0] for name in self.verifiers}
        surfaces = self.token_requests
        return {
            *self.http_clients,
            *self.sdk_clients,
            *verifier_classes,
            *surfaces.sdk,
            *surfaces.authlib_oauth_classes,
            *surfaces.oauthlib_classes,
            *surfaces.server_client_names,
        }

    def endpoint(self, endpoint_id: str) -> Endpoint | None:
        return next((e for e in self.endpoints if e.id == endpoint_id), None)


class CompiledPacks(Protocol):
    """Validated pack documents by the pack's bytes (`scopelint.cache.CompiledCache`)."""

    def get(self, raw: bytes) -> dict[str, Any] | None: ...

    def put(self, raw: bytes, document: dict[str, Any]) -> None: ...


def load_knowledge(extra_packs: Iterable[Path] = (), compiled: CompiledPacks | None = None) -> Knowledge:
    knowledge = Knowledge()
    for path in [*builtin_pack_paths(), *extra_packs]:
        _merge(knowledge, load_pack(path, compiled))
        knowledge.pack_files.append(path)
    return knowledge


def load_pack(path: Path, compiled: CompiledPacks | None = None) -> dict[str, Any]:
    """Read and validate one pack; returns the validated document. With `compiled`, a pack
    whose bytes were validated before is taken from there (no YAML parser at all)."""
    try:
        raw = read_regular_file(path)
        if compiled is not None:
            document = compiled.get(raw)
            if document is not None:
                return {**document, "__file__": path}
        text = raw.decode("utf-8")
    except OSError as exc:
        raise PackError(f"{path}: cannot read rule pack: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise PackError(f"{path}: rule pack is not valid UTF-8 ({exc.reason})") from None
    import yaml  # here, not at the top: a run whose compiled packs are cached never needs it

    try:
        # the C loader when PyYAML has it (same safe semantics, much faster)
        document = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" (line {where.line + 1}, column {where.column + 1})" if where else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PackError(f"{path}: malformed YAML{at}: {problem}") from None
    _validate(document, PACK_SCHEMA, path, "")
    if compiled is not None:
        compiled.put(raw, document)
    return {**document, "__file__": path}


# ---------------------------------------------------------------------------------------
# Validation: a small declarative schema, so that errors name the exact key.

_ARG = {"type": dict, "keys": {"position": {"type": int}, "keyword": {"type": str}}}
_NAMES = {"type": list, "items": {"type": str}, "required": True, "nonempty": True}
_METHOD_SPEC = {"type": (str, dict), "keys": _ARG["keys"]}
_HTTP_METHOD = {
    "type": dict,
    "keys": {
        "name": {"type": str},
        "method": _METHOD_SPEC,
        "url": {**_ARG, "required": True},
        "headers": _ARG,
        "body": _ARG,
        "params": _ARG,
    },
}
_STRINGS = {"type": list, "items": {"type": str}}
_JS_FACTORY = {
    "type": dict,
    "keys": {"names": _NAMES, "like": {"type": str, "required": True}, "options": {"type": int, "required": True}},
}
_JS_SCHEMA: dict[str, Any] = {
    "type": dict,
    "keys": {
        "token_requests": {
            "type": list,
            "items": {
                "type": dict,
                "keys": {
                    "names": _NAMES,
                    "library": {"type": str, "required": True},
                    "options": {"type": int, "required": True},
                    "domain": {"type": dict, "keys": {"option": {"type": str}, "position": {"type": int}}},
                    "audience": _STRINGS,
                    "scope": _STRINGS,
                    "response_type": _STRINGS,
                    "insert_into": {"type": str},
                    "create_insert_into_with": _STRINGS,
                    "jsx": {"type": bool},
                    "hooks": _STRINGS,
                    "result_callbacks": {
                        "type": list,
                        "items": {
                            "type": dict,
                            "keys": {"method": {"type": str, "required": True}, "param": {"type": int, "required": True}},
                        },
                    },
                    "result_events": {
                        "type": dict,
                        "keys": {
                            "method": {"type": str, "required": True},
                            "events": {**_STRINGS, "required": True},
                            "param": {"type": int, "required": True},
                        },
                    },
                    "access_token_methods": _STRINGS,
                    "id_claims_methods": _STRINGS,
                },
            },
        },
        "raw_id_token_property": {"type": str},
        "global_objects": _STRINGS,
        "injected_services": _STRINGS,
        "module_loaders": _STRINGS,
        "http": {
            "type": dict,
            "keys": {
                "options": {"type": dict, "values": _STRINGS},
                "functions": {
                    "type": list,
                    "items": {
                        "type": dict,
                        "keys": {
                            "names": _NAMES,
                            "method": {"type": str, "required": True, "enum": ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")},
                            "url": {"type": int},
                            "body": {"type": int},
                            "options": {"type": int},
                            "url_or_options": {"type": bool},
                        },
                    },
                },
                "instance_factories": {"type": list, "items": _JS_FACTORY},
                "default_headers": _STRINGS,
                "global_setup": {"type": list, "items": _JS_FACTORY},
                "transparent_calls": _STRINGS,
                "response_body": {"type": dict, "keys": {"methods": _STRINGS, "properties": _STRINGS}},
                "xhr": {
                    "type": dict,
                    "keys": {"names": _NAMES, "open": {"type": str}, "set_header": {"type": str}},
                },
            },
        },
        "storage": {
            "type": dict,
            "keys": {"objects": _STRINGS, "get": {"type": str}, "set": {"type": str}},
        },
        "sdk_clients": {
            "type": list,
            "items": {
                "type": dict,
                "keys": {
                    "names": _NAMES,
                    "options": {"type": int, "required": True},
                    "token": {"type": str, "required": True},
                    "domain": {"type": str, "required": True},
                    "methods": {"type": dict, "values": {"type": str}, "required": True},
                },
            },
        },
    },
}

PACK_SCHEMA: dict[str, Any] = {
    "type": dict,
    "keys": {
        "pack": {"type": str, "required": True},
        "version": {"type": int, "required": True},
        "description": {"type": str},
        "api": {
            "type": dict,
            "keys": {
                "name": {"type": str, "required": True},
                "audience": {"type": str, "required": True},
                "path_prefix": {"type": str, "required": True},
                "hosts": {"type": list, "items": {"type": str, "regex": True}, "required": True},
                "endpoints": {
                    "type": list,
                    "required": True,
                    "nonempty": True,
                    "items": {
                        "type": dict,
                        "keys": {
                            "id": {"type": str, "required": True},
                            "method": {"type": str, "required": True, "enum": ("GET", "POST", "PUT", "PATCH", "DELETE")},
                            "path": {"type": str, "required": True},
                            "description": {"type": str},
                            "current_user_scopes": {"type": list, "items": {"type": str}, "required": True},
                            "current_user_scopes_any_of": {"type": bool},
                            "any_user_scopes": {"type": list, "items": {"type": str}, "required": True},
                        },
                    },
                },
            },
        },
        "tokens": {
            "type": dict,
            "keys": {
                "id_token_keys": {"type": list, "items": {"type": str}},
                "access_token_keys": {"type": list, "items": {"type": str}},
                "id_token_parameter_names": {"type": list, "items": {"type": str}},
                "id_token_verifiers": {
                    "type": list,
                    "items": {"type": dict, "keys": {"names": _NAMES, "token": {**_ARG, "required": True}}},
                },
            },
        },
        "http": {
            "type": dict,
            "keys": {
                "header": {"type": str},
                "body_keywords": {"type": list, "items": {"type": str}},
                "params_keyword": {"type": str},
                "functions": {
                    "type": list,
                    "items": {"type": dict, "keys": {**_HTTP_METHOD["keys"], "names": _NAMES}},
                },
                "clients": {
                    "type": list,
                    "items": {
                        "type": dict,
                        "keys": {
                            "names": _NAMES,
                            "methods": {"type": list, "items": _HTTP_METHOD},
                            "base_url": _ARG,
                            "host": _ARG,
                            "headers": _ARG,
                            "sends_on_construct": {
                                "type": dict,
                                "keys": {k: v for k, v in _HTTP_METHOD["keys"].items() if k != "name"},
                            },
                            "header_methods": {"type": list, "items": {"type": str}},
                        },
                    },
                },
                "url_joiners": {"type": list, "items": {"type": str}},
            },
        },
        "token_requests": {
            "type": dict,
            "keys": {
                "token_path": {"type": str},
                "authorize_path": {"type": str},
                "audience_key": {"type": str},
                "scope_key": {"type": str},
                "response_type_key": {"type": str},
                "grant_types": {
                    "type": dict,
                    "values": {
                        "type": dict,
                        "keys": {"flow": {"type": str, "required": True}, "user_facing": {"type": bool, "required": True}},
                    },
                },
                "sdk": {
                    "type": list,
                    "items": {
                        "type": dict,
                        "keys": {
                            "names": _NAMES,
                            "domain": _ARG,
                            "methods": {
                                "type": list,
                                "items": {
                                    "type": dict,
                                    "keys": {
                                        "name": {"type": str, "required": True},
                                        "flow": {"type": str, "required": True},
                                        "scope": _ARG,
                                        "audience": _ARG,
                                    },
                                },
                            },
                        },
                    },
                },
                "authlib": {
                    "type": dict,
                    "keys": {
                        "oauth_classes": {"type": list, "items": {"type": str}},
                        "register_method": {"type": str},
                        "redirect_methods": {"type": list, "items": {"type": str}},
                        "token_methods": {"type": list, "items": {"type": str}},
                    },
                },
                "oauthlib": {
                    "type": dict,
                    "keys": {
                        "session_classes": {"type": list, "items": {"type": str}},
                        "scope": _ARG,
                        "authorization_url_method": {"type": str},
                        "fetch_token_method": {"type": str},
                    },
                },
                "social_auth": {
                    "type": dict,
                    "keys": {
                        "scope_setting": {"type": str},
                        "extra_arguments_setting": {"type": str},
                        "domain_setting": {"type": str},
                        "token_container": {"type": str},
                    },
                },
                "server_client": {
                    "type": dict,
                    "keys": {
                        "names": {"type": list, "items": {"type": str}},
                        "domain": _ARG,
                        "authorization_params": _ARG,
                        "access_token_methods": {"type": list, "items": {"type": str}},
                    },
                },
            },
        },
        "sdk": {
            "type": dict,
            "keys": {
                "clients": {
                    "type": list,
                    "items": {
                        "type": dict,
                        "keys": {
                            "names": _NAMES,
                            "domain": _ARG,
                            "token": {**_ARG, "required": True},
                            "method_prefix": {"type": str},
                        },
                    },
                },
                "methods": {"type": dict, "values": {"type": str}},
            },
        },
        "javascript": _JS_SCHEMA,
    },
}

_TYPE_NAMES = {dict: "a mapping", list: "a list", str: "a string", int: "an integer", bool: "true or false"}


def _describe_type(expected: type | tuple[type, ...]) -> str:
    types = expected if isinstance(expected, tuple) else (expected,)
    return " or ".join(_TYPE_NAMES.get(t, t.__name__) for t in types)


def _validate(value: Any, schema: dict[str, Any], path: Path, key: str) -> None:
    where = key or "top level"
    expected = schema["type"]
    # bool is an int in Python; a pack saying `version: true` is still wrong.
    if not isinstance(value, expected) or (isinstance(value, bool) and bool not in _as_tuple(expected)):
        raise PackError(f"{path}: {where}: expected {_describe_type(expected)}, got {_yaml_type(value)}")
    if "enum" in schema and value not in schema["enum"]:
        raise PackError(f"{path}: {where}: {value!r} is not one of {', '.join(schema['enum'])}")
    if schema.get("regex"):
        try:
            re.compile(value)
        except re.error as exc:
            raise PackError(f"{path}: {where}: invalid regular expression: {exc}") from None
    if isinstance(value, list):
        if schema.get("nonempty") and not value:
            raise PackError(f"{path}: {where}: must not be empty")
        for index, item in enumerate(value):
            _validate(item, schema["items"], path, f"{key}[{index}]")
    if isinstance(value, dict) and "keys" in schema:
        known = schema["keys"]
        for name in value:
            if name not in known:
                raise PackError(f"{path}: {_join(key, name)}: unknown key (known: {', '.join(sorted(known))})")
        for name, sub in known.items():
            if name in value:
                _validate(value[name], sub, path, _join(key, name))
            elif sub.get("required"):
                raise PackError(f"{path}: {_join(key, name)}: required key is missing")
        if "position" in value or "keyword" in value:
            if not isinstance(value.get("position", 0), int) or value.get("position", 0) < 0:
                raise PackError(f"{path}: {_join(key, 'position')}: must be a non-negative integer")
    if isinstance(value, dict) and "values" in schema:
        for name, item in value.items():
            _validate(item, schema["values"], path, _join(key, str(name)))


def _as_tuple(expected: type | tuple[type, ...]) -> tuple[type, ...]:
    return expected if isinstance(expected, tuple) else (expected,)


def _join(key: str, name: str) -> str:
    return f"{key}.{name}" if key else name


def _yaml_type(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    return _TYPE_NAMES.get(type(value), type(value).__name__)


# ---------------------------------------------------------------------------------------
# Turning a validated document into Knowledge.


def _arg(spec: dict[str, Any] | None) -> ArgSpec | None:
    if spec is None:
        return None
    return ArgSpec(position=spec.get("position"), keyword=spec.get("keyword"))


def _method_of(spec: Any) -> str | ArgSpec | None:
    if isinstance(spec, str):
        return spec.upper()
    return _arg(spec)


def _http_method(spec: dict[str, Any], name: str = "") -> HttpMethod:
    return HttpMethod(
        name=spec.get("name", name),
        method=_method_of(spec.get("method")),
        url=_arg(spec["url"]) or ArgSpec(),
        headers=_arg(spec.get("headers")),
        body=_arg(spec.get("body")),
        params=_arg(spec.get("params")),
    )


def _path_pattern(template: str) -> re.Pattern[str]:
    # "/api/v2/users/{id}" -> one path segment per parameter; a trailing slash is tolerated.
    parts = re.split(r"(\{[^}]+\})", template.rstrip("/"))
    regex = "".join("[^/]+" if part.startswith("{") else re.escape(part) for part in parts)
    return re.compile(f"^{regex}/?$")


def _merge(knowledge: Knowledge, document: dict[str, Any]) -> None:
    name = document["pack"]
    api_doc = document.get("api")
    if api_doc:
        api = ApiSpec(
            name=api_doc["name"],
            audience=api_doc["audience"],
            path_prefix=api_doc["path_prefix"],
            hosts=tuple(re.compile(h, re.IGNORECASE) for h in api_doc["hosts"]),
            pack=name,
        )
        knowledge.apis.append(api)
        for e in api_doc["endpoints"]:
            knowledge.endpoints.append(
                Endpoint(
                    id=e["id"],
                    method=e["method"],
                    path=e["path"],
                    description=e.get("description", ""),
                    current_user_scopes=tuple(e["current_user_scopes"]),
                    any_user_scopes=tuple(e["any_user_scopes"]),
                    current_user_scopes_any_of=e.get("current_user_scopes_any_of", False),
                    api=api,
                    pattern=_path_pattern(e["path"]),
                )
            )
    tokens = document.get("tokens", {})
    knowledge.id_token_keys.update(tokens.get("id_token_keys", ()))
    knowledge.access_token_keys.update(tokens.get("access_token_keys", ()))
    knowledge.id_token_parameter_names.update(n.lower() for n in tokens.get("id_token_parameter_names", ()))
    for v in tokens.get("id_token_verifiers", ()):
        verifier = Verifier(names=tuple(v["names"]), token=_arg(v["token"]) or ArgSpec())
        for qualified in verifier.names:
            knowledge.verifiers[qualified] = verifier
    http = document.get("http", {})
    if "header" in http:
        knowledge.auth_header = http["header"].lower()
    knowledge.body_keywords.update(http.get("body_keywords", ()))
    if "params_keyword" in http:
        knowledge.params_keyword = http["params_keyword"]
    for f in http.get("functions", ()):
        method = _http_method(f)
        for qualified in f["names"]:
            knowledge.http_functions[qualified] = method
    for c in http.get("clients", ()):
        construct = c.get("sends_on_construct")
        client = HttpClient(
            names=tuple(c["names"]),
            methods=tuple(_http_method(m) for m in c.get("methods", ())),
            base_url=_arg(c.get("base_url")),
            host=_arg(c.get("host")),
            headers=_arg(c.get("headers")),
            sends_on_construct=_http_method(construct, "__init__") if construct else None,
            header_methods=tuple(c.get("header_methods", ())),
        )
        for qualified in client.names:
            knowledge.http_clients[qualified] = client
    knowledge.url_joiners.update(http.get("url_joiners", ()))
    sdk = document.get("sdk", {})
    for c in sdk.get("clients", ()):
        client = SdkClient(
            names=tuple(c["names"]),
            token=_arg(c["token"]) or ArgSpec(),
            domain=_arg(c.get("domain")),
            method_prefix=c.get("method_prefix", ""),
        )
        for qualified in client.names:
            knowledge.sdk_clients[qualified] = client
    knowledge.sdk_methods.update(sdk.get("methods", {}))
    requests_doc = document.get("token_requests")
    if requests_doc:
        _merge_token_requests(knowledge.token_requests, requests_doc)
    if "javascript" in document:
        _merge_javascript(knowledge.javascript, document["javascript"])


def _merge_javascript(js: JsKnowledge, doc: dict[str, Any]) -> None:
    for r in doc.get("token_requests", ()):
        events = r.get("result_events", {})
        js.token_requests.append(
            JsTokenRequest(
                names=tuple(r["names"]),
                library=r["library"],
                options=r["options"],
                domain_option=r.get("domain", {}).get("option"),
                domain_position=r.get("domain", {}).get("position"),
                audience=tuple(r.get("audience", ())),
                scope=tuple(r.get("scope", ())),
                response_type=tuple(r.get("response_type", ())),
                insert_into=r.get("insert_into", ""),
                result_callbacks={c["method"]: c["param"] for c in r.get("result_callbacks", ())},
                result_event_method=events.get("method", ""),
                result_events=tuple(events.get("events", ())),
                result_event_param=events.get("param", 0),
                access_token_methods=tuple(r.get("access_token_methods", ())),
                id_claims_methods=tuple(r.get("id_claims_methods", ())),
                create_insert_into_with=tuple(r.get("create_insert_into_with", ())),
                jsx=r.get("jsx", False),
                hooks=tuple(r.get("hooks", ())),
            )
        )
    js.raw_id_token_property = doc.get("raw_id_token_property", js.raw_id_token_property)
    js.global_objects += tuple(doc.get("global_objects", ()))
    js.injected_services += tuple(doc.get("injected_services", ()))
    js.module_loaders += tuple(doc.get("module_loaders", ()))
    http = doc.get("http", {})
    js.option_keys.update({k: tuple(v) for k, v in http.get("options", {}).items()})
    for f in http.get("functions", ()):
        function = JsHttpFunction(
            tuple(f["names"]), f["method"], f.get("url"), f.get("body"), f.get("options"), f.get("url_or_options", False)
        )
        for name in function.names:
            js.http_functions[name] = function
    for key, target in (("instance_factories", js.instance_factories), ("global_setup", js.global_setup)):
        for f in http.get(key, ()):
            factory = JsFactory(tuple(f["names"]), f["like"], f["options"])
            for name in factory.names:
                target[name] = factory
    js.default_headers += tuple(http.get("default_headers", ()))
    js.transparent_calls += tuple(http.get("transparent_calls", ()))
    js.response_body_methods += tuple(http.get("response_body", {}).get("methods", ()))
    js.response_body_properties += tuple(http.get("response_body", {}).get("properties", ()))
    xhr = http.get("xhr", {})
    js.xhr_classes += tuple(xhr.get("names", ()))
    js.xhr_open = xhr.get("open", js.xhr_open)
    js.xhr_set_header = xhr.get("set_header", js.xhr_set_header)
    storage = doc.get("storage", {})
    js.storage_objects += tuple(storage.get("objects", ()))
    js.storage_get = storage.get("get", js.storage_get)
    js.storage_set = storage.get("set", js.storage_set)
    for c in doc.get("sdk_clients", ()):
        client = JsSdkClient(tuple(c["names"]), c["options"], c["token"], c["domain"], dict(c["methods"]))
        for name in client.names:
            js.sdk_clients[name] = client


def _merge_token_requests(surfaces: TokenRequestSurfaces, doc: dict[str, Any]) -> None:
    for key in ("token_path", "authorize_path", "audience_key", "scope_key", "response_type_key"):
        if key in doc:
            setattr(surfaces, key, doc[key])
    for grant, spec in doc.get("grant_types", {}).items():
        surfaces.grant_types[grant] = GrantType(spec["flow"], spec["user_facing"])
    for client in doc.get("sdk", ()):
        methods = {
            m["name"]: SdkTokenMethod(m["name"], m["flow"], _arg(m.get("scope")), _arg(m.get("audience")))
            for m in client.get("methods", ())
        }
        token_client = SdkTokenClient(tuple(client["names"]), _arg(client.get("domain")), methods)
        for qualified in token_client.names:
            surfaces.sdk[qualified] = token_client
    authlib = doc.get("authlib", {})
    surfaces.authlib_oauth_classes += tuple(authlib.get("oauth_classes", ()))
    surfaces.authlib_register = authlib.get("register_method", surfaces.authlib_register)
    surfaces.authlib_redirect_methods += tuple(authlib.get("redirect_methods", ()))
    surfaces.authlib_token_methods += tuple(authlib.get("token_methods", ()))
    oauthlib = doc.get("oauthlib", {})
    surfaces.oauthlib_classes += tuple(oauthlib.get("session_classes", ()))
    surfaces.oauthlib_scope = _arg(oauthlib.get("scope")) or surfaces.oauthlib_scope
    surfaces.oauthlib_authorization_url = oauthlib.get("authorization_url_method", surfaces.oauthlib_authorization_url)
    surfaces.oauthlib_fetch_token = oauthlib.get("fetch_token_method", surfaces.oauthlib_fetch_token)
    social = doc.get("social_auth", {})
    surfaces.social_scope_setting = social.get("scope_setting", surfaces.social_scope_setting)
    surfaces.social_extra_arguments_setting = social.get("extra_arguments_setting", surfaces.social_extra_arguments_setting)
    surfaces.social_domain_setting = social.get("domain_setting", surfaces.social_domain_setting)
    surfaces.social_token_container = social.get("token_container", surfaces.social_token_container)
    server = doc.get("server_client", {})
    surfaces.server_client_names += tuple(server.get("names", ()))
    surfaces.server_domain = _arg(server.get("domain")) or surfaces.server_domain
    surfaces.server_authorization_params = _arg(server.get("authorization_params")) or surfaces.server_authorization_params
    surfaces.server_access_token_methods += tuple(server.get("access_token_methods", ()))
