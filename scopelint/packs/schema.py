"""The rule-pack format, defined once: these dataclasses are both the schema a pack is
validated against and the objects the analysis reads.

A pack is YAML (read with a safe loader: a pack can never run code). `load_document` walks
a dataclass's fields by their type hints (str, int, bool, lists, mappings, optional
values, literals, nested dataclasses), so every error names the exact key and the problem:
`api.endpoints[0].path: required key is missing`. The YAML key of a field is its name.

Two kinds of pack: an **API pack** describes an API (`api`: audience, hosts, endpoints and
the scopes each needs) and the authorization server that issues its tokens
(`token_endpoints`); a **library pack** describes code that calls APIs or requests tokens
(`tokens`, `http`, `sdk`, `token_request_libraries`, `javascript`). A pack is one kind or the
other, so a team's own API pack works alone, beside the built-in library packs.
"""

from __future__ import annotations

import re
import sys
import types
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from scopelint.packs.files import PackError

# The schema's classes are records, never mutated, made without generated __eq__, __hash__ or
# __repr__: dataclass creation is a visible share of a run's start-up.

HttpVerb = Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
JsHttpVerb = Literal["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]


class Regex(str):
    """A string that must compile as a regular expression."""


# --------------------------------------------------------------------------------- shared


@dataclass(eq=False, repr=False)
class ArgSpec:
    """Where a value is among a call's arguments: its position (0-based), its keyword, or both."""

    position: int | None = None
    keyword: str | None = None

    def __post_init__(self) -> None:
        if self.position is not None and self.position < 0:
            raise _FieldProblem("position", "must be a non-negative integer")


def _nonempty(name: str, value: list | tuple) -> None:
    if not value:
        raise _FieldProblem(name, "must not be empty")


# --------------------------------------------------------------------------------- API packs


@dataclass(frozen=True)
class EndpointSpec:
    id: str
    method: HttpVerb
    path: str
    current_user_scopes: tuple[str, ...]  # for the signed-in user's own data
    any_user_scopes: tuple[str, ...]  # for any user (machine-to-machine)
    description: str = ""
    current_user_scopes_any_of: bool = False  # one of current_user_scopes is enough


@dataclass(eq=False, repr=False)
class ApiDocument:
    name: str
    audience: str  # with {domain} for the tenant: "https://{domain}/api/v2/"
    path_prefix: str
    hosts: tuple[Regex, ...]  # full-match, case-insensitive
    endpoints: tuple[EndpointSpec, ...]

    def __post_init__(self) -> None:
        _nonempty("endpoints", self.endpoints)


@dataclass(eq=False, repr=False)
class GrantType:
    flow: str
    user_facing: bool


@dataclass(eq=False, repr=False)
class TokenEndpoints:
    """The authorization server's endpoints and the names of its parameters."""

    token_path: str = "/oauth/token"
    authorize_path: str = "/authorize"
    audience_key: str = "audience"
    scope_key: str = "scope"
    response_type_key: str = "response_type"
    grant_types: dict[str, GrantType] = field(default_factory=dict)


# --------------------------------------------------------------------------------- library packs


@dataclass(eq=False, repr=False)
class Verifier:
    names: tuple[str, ...]
    token: ArgSpec  # the argument that is an ID token by definition

    def __post_init__(self) -> None:
        _nonempty("names", self.names)


@dataclass(eq=False, repr=False)
class TokensDocument:
    """Where tokens are found: keys of token responses, names, ID-token verifiers."""

    id_token_keys: tuple[str, ...] = ()
    access_token_keys: tuple[str, ...] = ()
    # a parameter with one of these names is an ID token only when nothing better is known
    id_token_parameter_names: tuple[str, ...] = ()
    id_token_verifiers: tuple[Verifier, ...] = ()
    # calls that read a token's claims or keep it (a JWT decoder): a fix that switches a
    # token some such call also reads would change what it reads, so it is not safe
    token_readers: tuple[Verifier, ...] = ()


@dataclass(eq=False, repr=False)
class HttpMethod:
    """One function or method that sends a request, and which argument holds what."""

    url: ArgSpec
    name: str = ""
    method: HttpVerb | ArgSpec | None = None  # fixed, or where the method argument is
    # the method when its argument is absent (`urllib.request.Request`: GET), and when a body
    # is given (POST); None: unknown, a request that may be any endpoint's
    default_method: HttpVerb | None = None
    body_method: HttpVerb | None = None
    headers: ArgSpec | None = None
    body: ArgSpec | None = None  # besides the pack-wide body keywords
    params: ArgSpec | None = None


@dataclass(eq=False, repr=False)
class HttpFunction(HttpMethod):
    names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _nonempty("names", self.names)


@dataclass(eq=False, repr=False)
class HttpClient:
    """A client class: a base URL and default headers its method calls inherit."""

    names: tuple[str, ...]
    methods: tuple[HttpMethod, ...] = ()
    base_url: ArgSpec | None = None
    host: ArgSpec | None = None
    headers: ArgSpec | None = None
    sends_on_construct: HttpMethod | None = None  # the constructor describes a request
    header_methods: tuple[str, ...] = ()  # methods that set one header: add_header(name, value)

    def __post_init__(self) -> None:
        _nonempty("names", self.names)

    def method(self, name: str) -> HttpMethod | None:
        return next((m for m in self.methods if m.name == name), None)


@dataclass(eq=False, repr=False)
class HttpDocument:
    header: str = "Authorization"
    body_keywords: tuple[str, ...] = ()  # keyword arguments that carry a request body
    params_keyword: str = "params"
    functions: tuple[HttpFunction, ...] = ()
    clients: tuple[HttpClient, ...] = ()
    url_joiners: tuple[str, ...] = ()  # urljoin and friends (RFC 3986 semantics)
    # the methods of an auth object (`auth=`) a client calls with the request it is about to
    # send, whose headers they set: requests' `__call__(r)`, httpx's `auth_flow(request)`
    auth_hooks: tuple[str, ...] = ()


@dataclass(eq=False, repr=False)
class SdkClient:
    """An API client built with a token: every call it sends carries that token."""

    names: tuple[str, ...]
    token: ArgSpec
    domain: ArgSpec | None = None
    method_prefix: str = ""  # Users(...).get is users.get

    def __post_init__(self) -> None:
        _nonempty("names", self.names)


@dataclass(eq=False, repr=False)
class SdkDocument:
    clients: tuple[SdkClient, ...] = ()
    methods: dict[str, str] = field(default_factory=dict)  # "users.get" -> endpoint id
    # functions that return their argument, a class, with async twins of its methods:
    # auth0-python 4.x's `asyncify(Users)(domain, token)`
    async_wrappers: tuple[str, ...] = ()
    # a method of a class of this pack (its SDK and token-request clients) named with this
    # suffix is the method without it: `users.get_async` is `users.get`, `login_async` `login`
    async_suffix: str = ""


# Token-request libraries, by shape: a new library that fits a shape is a YAML entry.


@dataclass(eq=False, repr=False)
class TokenMethod:
    name: str
    flow: str
    scope: ArgSpec | None = None
    audience: ArgSpec | None = None


@dataclass(eq=False, repr=False)
class Parameters:
    """Where a configuration writes each token-request parameter: dotted keyword paths
    (`authorize_params.audience`: the `audience` entry of the `authorize_params` mapping),
    the first one present counts."""

    audience: tuple[str, ...] = ()
    scope: tuple[str, ...] = ()
    response_type: tuple[str, ...] = ()


@dataclass(eq=False, repr=False)
class TokenRequestLibrary:
    """A library that requests tokens. `shape` says how:

    - `token_client`: a client whose methods are token requests, each returning a token
      response (auth0-python's GetToken): `domain`, `methods`.
    - `registry`: an object on which named clients are registered, `registry.register(name,
      ...)`, and then used as `registry.<name>` (Authlib): `register`, `client_name`,
      `parameters`, `insert_into` and `insertable`, `domain_keywords`, `client_getters`; the clients'
      `redirect_methods` take per-call parameters as keywords, `token_methods` return the
      token response.
    - `session`: an object that requests its own token and sends it (requests-oauthlib):
      `scope` in the constructor, `parameter_methods` that take audience/scope keywords,
      `token_methods` that return the token response; or, given a token response in the
      constructor (`token`), sends that one's access token.
    - `settings`: module-level settings of a framework (python-social-auth): `settings`
      names the setting of each parameter, `token_container` the attribute that holds the
      token response afterwards.
    - `configured_client`: a client configured once with a mapping of parameters
      (auth0-server-python): `domain`, `parameters_argument`, and `access_token_methods`
      that return the access token.
    """

    library: str
    shape: Literal["token_client", "registry", "session", "settings", "configured_client"]
    names: tuple[str, ...] = ()
    domain: ArgSpec | None = None
    methods: tuple[TokenMethod, ...] = ()
    register: str = ""
    client_name: ArgSpec | None = None
    parameters: Parameters = Parameters()
    insert_into: str = ""
    insertable: tuple[str, ...] = ()  # the parameters a fix may add into `insert_into`
    domain_keywords: tuple[str, ...] = ()
    client_getters: tuple[str, ...] = ()
    redirect_methods: tuple[str, ...] = ()
    token_methods: tuple[str, ...] = ()
    scope: ArgSpec | None = None
    token: ArgSpec | None = None
    parameter_methods: tuple[str, ...] = ()
    settings: SettingNames | None = None
    token_container: str = ""
    parameters_argument: ArgSpec | None = None
    access_token_methods: tuple[str, ...] = ()
    # a registered client that also sends requests (Authlib's `oauth.auth0.get("users/...")`):
    # its methods are those of this HTTP client class, its URLs relative to `base_url` (an
    # argument of `register`), and its Bearer the access token of its own token request
    # (or of the `token=` it is given)
    http_methods_of: str = ""
    base_url: ArgSpec | None = None

    def __post_init__(self) -> None:
        needs = {
            "token_client": ("names", "methods"),
            "registry": ("names", "register", "client_name"),
            "session": ("names",),
            "settings": ("settings",),
            "configured_client": ("names", "parameters_argument"),
        }[self.shape]
        for name in needs:
            if not getattr(self, name):
                raise _FieldProblem(name, f"required for shape {self.shape}")

    def method(self, name: str) -> TokenMethod | None:
        return next((m for m in self.methods if m.name == name), None)


@dataclass(eq=False, repr=False)
class SettingNames:
    """Framework settings that configure a token request (python-social-auth's Django settings)."""

    backend: str  # the configured client's name: requests are keyed by library and backend
    scope: str = ""
    extra_arguments: str = ""  # a mapping of extra /authorize parameters (audience, response_type)
    domain: str = ""


@dataclass(frozen=True)
class StoreMethod:
    name: str
    key: int = 0  # the argument that is the key
    value: int = 1  # the argument that is the value (for a write)


@dataclass(frozen=True)
class StoreSpec:
    """A key-value store that outlives one request: what is written under a key is what is
    read under it, in every file of the app (a web session, cookies, browser storage, a cache,
    the application object's state)."""

    kind: str
    objects: tuple[str, ...] = ()  # names that are the store: flask.session, localStorage
    attributes: tuple[str, ...] = ()  # `x.<attribute>` of an object scopelint does not know: request.session
    classes: tuple[str, ...] = ()  # classes (and functions) whose results are stores: redis.Redis
    get: tuple[StoreMethod, ...] = ()  # methods that read a key
    set: tuple[StoreMethod, ...] = ()  # methods that write a key
    # methods of other objects that write into the store: a response's set_cookie(key, value)
    writers: tuple[StoreMethod, ...] = ()
    items: bool = True  # `store[key]` reads and `store[key] = v` writes
    members: bool = False  # `store.<key>` reads and `store.<key> = v` writes (click's `ctx.obj`)
    # `store.<namespace>.<key>` reads and writes a key too (Starlette's `app.state.http`,
    # Sanic's `app.ctx.http`)
    namespaces: tuple[str, ...] = ()
    # variables of this name whose value the run does not see (a view's `request` parameter,
    # `self.request`): their attributes are the store's keys, read back only where the app
    # writes them (Django middleware's `request.api = Client(token)`, read by the views)
    variables: tuple[str, ...] = ()
    user: bool = True  # what it holds is the signed-in user's (a session), not the process's (a cache)


@dataclass(eq=False, repr=False)
class FileTransfer:
    """A function that writes a value into an open file (`json.dump(value, f)`) or reads one
    from it (`json.load(f)`): the content is the value's encoding (read back, the value)."""

    names: tuple[str, ...]
    file: int = 0  # the argument that is the open file
    value: int = 0  # the argument written (a writer's)


@dataclass(eq=False, repr=False)
class FilesDocument:
    """Files as stores keyed by their path: what one part of an app writes into a file another
    reads back from the same path (a command-line tool's login saves the token response, its
    other commands load it). Paths are joined by their text; a piece the run cannot see is
    named by the expression that gives it, when that expression means the same file wherever
    it is written (a library call with literal arguments, an environment variable)."""

    # classes whose objects are paths, built by joining their arguments: pathlib.Path(a, b)
    path_classes: tuple[str, ...] = ()
    home: tuple[str, ...] = ()  # functions that return the user's home directory (`~`)
    # functions that return their arguments joined as a path's text: os.path.join(a, b)
    path_joiners: tuple[str, ...] = ()
    # functions that return their argument, a path's text, naming the same file: os.path.expanduser
    same_file_functions: tuple[str, ...] = ()
    join_methods: tuple[str, ...] = ()  # a path's methods joining it with their arguments: joinpath
    same_file_methods: tuple[str, ...] = ()  # a path's methods naming the same file: resolve(), expanduser()
    read_methods: tuple[str, ...] = ()  # a path's methods that return the file's content: read_text()
    write_methods: tuple[str, ...] = ()  # a path's methods that write their argument 0: write_text(s)
    open_functions: tuple[str, ...] = ()  # functions opening the file their argument 0 names: open(p, "w")
    open_methods: tuple[str, ...] = ()  # a path's methods that open it: path.open("w")
    file_reads: tuple[str, ...] = ()  # an open file's methods that return its content: f.read()
    file_writes: tuple[str, ...] = ()  # an open file's methods that write their argument 0: f.write(s)
    writers: tuple[FileTransfer, ...] = ()
    readers: tuple[FileTransfer, ...] = ()
    # calls whose result differs at each call (a new temporary directory, a random name): a
    # path built with one names no file another expression names
    volatile: tuple[str, ...] = ()


@dataclass(frozen=True)
class RecordsSpec:
    """Classes whose instances are records of named fields (dataclasses, pydantic models,
    named tuples): built from their fields, read back by field or as a mapping."""

    # bases or decorators (as written, last name) that make a class a record
    markers: tuple[str, ...] = ()
    # class methods that build a record from a mapping or its JSON text: `Model.model_validate(d)`
    from_mapping: tuple[str, ...] = ()
    # methods and functions that give a record's fields as a mapping or JSON: `m.model_dump()`, `asdict(m)`
    to_mapping: tuple[str, ...] = ()
    to_mapping_functions: tuple[str, ...] = ()


@dataclass(eq=False, repr=False)
class DecoratorArgument:
    """A decorator that makes a framework pass a function's first parameter: click's
    `@pass_context` passes the command's context, `@pass_obj` the context's `obj`."""

    names: tuple[str, ...]
    value: str  # the class of what is passed (an object the run does not see built)
    attribute: str = ""  # what is passed is this attribute of that object


@dataclass(eq=False, repr=False)
class RequestAttributeHook:
    """A method the framework calls with each request, whose result it puts on the request:
    DRF's `authenticate(request)` returns `(user, auth)`, read as `request.user` and
    `request.auth`. `bases`: the framework classes an app's class derives from; `items`: the
    request attribute each item of the returned tuple becomes, in order ("": none)."""

    bases: tuple[str, ...]
    method: str
    items: tuple[str, ...]


@dataclass(eq=False, repr=False)
class DeferredCall:
    """A call that has a function of the app called later with the call's other arguments:
    `tasks.add_task(fn, *args, **kwargs)`, `asyncio.to_thread(fn, *args)`,
    `loop.run_in_executor(executor, fn, *args)`. `names` are functions and classes (qualified);
    `methods` are method names, of a receiver the run does not otherwise know (a parameter
    annotated `BackgroundTasks`, an executor). Only a function the run sees is called."""

    names: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    function: int = 0  # the argument that is the function; the arguments after it are its own
    result: bool = True  # the call's value is the function's (awaited `to_thread`), else unknown


@dataclass(eq=False, repr=False)
class FrameworksDocument:
    """How Python frameworks hand values to an app's functions."""

    # `param = Depends(f)`: the parameter is what f returns (or yields) when the framework calls it
    dependency_markers: tuple[str, ...] = ()
    # `param: Annotated[T, Depends(f)]`: the same, written in the annotation
    annotated: tuple[str, ...] = ()
    records: RecordsSpec = RecordsSpec()
    # calls whose value is what the browser sent (a component's value); factories return such a function
    browser_input_functions: tuple[str, ...] = ()
    browser_input_factories: tuple[str, ...] = ()
    decorator_arguments: tuple[DecoratorArgument, ...] = ()
    deferred_calls: tuple[DeferredCall, ...] = ()
    request_attribute_hooks: tuple[RequestAttributeHook, ...] = ()
    # decorators (as written, last name) that make a method a property: reading the attribute
    # calls it (`@property def headers(self)`, `functools.cached_property`)
    properties: tuple[str, ...] = ()
    # a framework's settings object, whose attributes are the names of the project's settings
    # module (`django.conf.settings.AUTH0_SCOPE` is `AUTH0_SCOPE` of the nearest settings.py)
    settings_objects: tuple[str, ...] = ()


# JavaScript: browser and Node libraries.


@dataclass(eq=False, repr=False)
class JsDomain:
    option: str | None = None  # an option naming the tenant's domain, or
    position: int | None = None  # an argument naming it


@dataclass(eq=False, repr=False)
class ResultCallback:
    method: str
    param: int  # the callback parameter that receives the result


@dataclass(eq=False, repr=False)
class ResultEvents:
    method: str  # lock.on(event, handler)
    events: tuple[str, ...]
    param: int


@dataclass(eq=False, repr=False)
class JsTokenRequest:
    """A browser library's token request: a constructor or factory whose options object says
    audience, scope and response type, and where its results come back."""

    names: tuple[str, ...]
    library: str
    options: int  # argument index of the options object
    domain: JsDomain = JsDomain()
    audience: tuple[str, ...] = ()  # dotted option paths, the first present one counts
    scope: tuple[str, ...] = ()
    response_type: tuple[str, ...] = ()
    insert_into: str = ""  # the option path a new audience/scope goes into ("" = the options object)
    create_insert_into_with: tuple[str, ...] = ()  # options keys that say insert_into may be created
    jsx: bool = False  # a JSX element whose attributes are the options (<Auth0Provider ...>)
    hooks: tuple[str, ...] = ()  # functions that return the client of the enclosing provider
    result_callbacks: tuple[ResultCallback, ...] = ()
    result_events: ResultEvents | None = None
    access_token_methods: tuple[str, ...] = ()
    id_claims_methods: tuple[str, ...] = ()
    # dotted properties of the client holding the ID-token claims (auth0-vue's Ref
    # `idTokenClaims.value`, auth0-angular's observable `idTokenClaims$`)
    id_claims_properties: tuple[str, ...] = ()
    # classes whose injected instance is the app's client (auth0-angular's AuthService)
    services: tuple[str, ...] = ()
    # properties every component has that are the app's client (auth0-vue's `this.$auth0`)
    component_properties: tuple[str, ...] = ()
    # properties of a server route's request that are the app's client (express-openid-connect's
    # `req.oidc`, set by the `auth()` middleware)
    request_properties: tuple[str, ...] = ()
    # dotted properties of the client holding the raw tokens of its request
    # (express-openid-connect's `idToken`, `accessToken.access_token`)
    id_token_properties: tuple[str, ...] = ()
    access_token_properties: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _nonempty("names", self.names)

    def callback_param(self, method: str) -> int | None:
        return next((c.param for c in self.result_callbacks if c.method == method), None)


@dataclass(eq=False, repr=False)
class JsHttpFunction:
    names: tuple[str, ...]
    method: JsHttpVerb
    url: int | None = None
    body: int | None = None
    options: int | None = None
    url_or_options: bool = False  # $.ajax(url, options) or $.ajax(options)

    def __post_init__(self) -> None:
        _nonempty("names", self.names)


@dataclass(eq=False, repr=False)
class JsFactory:
    names: tuple[str, ...]
    like: str  # the functions of this receiver (`axios`) are the instance's methods
    options: int

    def __post_init__(self) -> None:
        _nonempty("names", self.names)


@dataclass(eq=False, repr=False)
class JsResponseBody:
    methods: tuple[str, ...] = ()  # fetch's `await res.json()`
    properties: tuple[str, ...] = ()  # axios's `res.data`


@dataclass(eq=False, repr=False)
class JsXhr:
    names: tuple[str, ...]
    open: str = "open"
    set_header: str = "setRequestHeader"

    def __post_init__(self) -> None:
        _nonempty("names", self.names)


@dataclass(eq=False, repr=False)
class JsRequestClone:
    """An interceptor's copy of the request with headers set (Angular's
    `req.clone({setHeaders: {...}})`): they go with every request the app's `client` sends."""

    method: str
    headers: tuple[str, ...]  # option keys of the headers set
    client: str  # the HTTP client whose requests the interceptors see (`HttpClient`)


@dataclass(eq=False, repr=False)
class JsHttp:
    options: dict[str, tuple[str, ...]] = field(default_factory=dict)  # url, method, headers, ...
    functions: tuple[JsHttpFunction, ...] = ()
    instance_factories: tuple[JsFactory, ...] = ()
    default_headers: tuple[str, ...] = ()
    global_setup: tuple[JsFactory, ...] = ()
    transparent_calls: tuple[str, ...] = ()
    response_body: JsResponseBody = JsResponseBody()
    xhr: JsXhr | None = None
    request_clones: tuple[JsRequestClone, ...] = ()


@dataclass(eq=False, repr=False)
class JsStorage:
    objects: tuple[str, ...] = ()
    get: str = "getItem"
    set: str = "setItem"


@dataclass(eq=False, repr=False)
class JsSdkClient:
    names: tuple[str, ...]
    options: int
    token: str
    domain: str
    methods: dict[str, str]  # method -> endpoint id

    def __post_init__(self) -> None:
        _nonempty("names", self.names)


@dataclass(eq=False, repr=False)
class JsTokenGrant:
    """A server SDK's client whose methods call the token endpoint (node-auth0's
    `AuthenticationClient`: `oauth.passwordGrant({username, password, audience, scope})`):
    each call is a token request of the method's grant, with the options' audience and scope;
    its result is the token response, or a response whose body property holds it (4.x: `.data`)."""

    names: tuple[str, ...]
    library: str
    methods: dict[str, str]  # method -> grant: password, client_credentials, authorization_code
    options: int = 0  # argument index of the request's parameters
    audience: tuple[str, ...] = ("audience",)
    scope: tuple[str, ...] = ("scope",)
    realm: str = ""  # a parameter that makes the password grant Auth0's password-realm grant
    domain: str = ""  # the option of the client's constructor (its first argument) naming the tenant

    def __post_init__(self) -> None:
        _nonempty("names", self.names)
        _nonempty("methods", tuple(self.methods))


@dataclass(eq=False, repr=False)
class JsObservables:
    """RxJS: an observable is taken as the value it emits (as a promise is)."""

    pipe: str = "pipe"  # obs.pipe(op, ...): each operator applied in turn
    subscribe: tuple[str, ...] = ()  # obs.subscribe(f): f gets the value
    map_operators: tuple[str, ...] = ()  # map(f), switchMap(f): the value becomes f(value)
    tap_operators: tuple[str, ...] = ()  # tap(f): f gets the value, which passes on
    pass_operators: tuple[str, ...] = ()  # take(1), filter(f): the value passes on


@dataclass(eq=False, repr=False)
class JsServerRoutes:
    """A Node web framework's routes (Express): a handler's request carries the headers the
    app's own pages send to that route's path (a server that relays the browser's token)."""

    apps: tuple[str, ...] = ()  # factories of an app, mounted at the site's root (`express()`)
    routers: tuple[str, ...] = ()  # factories of a router, mounted by `use(prefix, router)`
    methods: dict[str, str] = field(default_factory=dict)  # route method -> HTTP method ("*": any)
    mount: str = "use"
    header_getters: tuple[str, ...] = ()  # req.get(name), req.header(name)
    headers: str = "headers"  # req.headers[name], req.headers.name (names in lower case)


@dataclass(eq=False, repr=False)
class JsRedirectResult:
    """Where a page reads what an /authorize redirect sent back (`location.hash`): the
    parameters read off it are the tokens of the app's /authorize flows."""

    names: tuple[str, ...] = ()  # the page URL's parts, as dotted names (`location.hash`)
    keeps: tuple[str, ...] = ()  # string methods whose result still holds the parameters (`slice`)
    getters: tuple[str, ...] = ()  # methods reading one parameter by name (URLSearchParams `get`)


@dataclass(eq=False, repr=False)
class JavaScriptDocument:
    token_requests: tuple[JsTokenRequest, ...] = ()
    raw_id_token_property: str = ""
    global_objects: tuple[str, ...] = ()
    injected_services: tuple[str, ...] = ()
    module_loaders: tuple[str, ...] = ()
    http: JsHttp = JsHttp()
    storage: JsStorage = JsStorage()
    sdk_clients: tuple[JsSdkClient, ...] = ()
    token_grants: tuple[JsTokenGrant, ...] = ()
    redirect_result: JsRedirectResult = JsRedirectResult()
    observables: JsObservables = JsObservables()
    server_routes: JsServerRoutes = JsServerRoutes()


# --------------------------------------------------------------------------------- the pack


@dataclass(eq=False, repr=False)
class PackDocument:
    pack: str
    version: int
    description: str = ""
    # an API pack
    api: ApiDocument | None = None
    token_endpoints: TokenEndpoints | None = None
    # a library pack
    tokens: TokensDocument | None = None
    http: HttpDocument | None = None
    sdk: SdkDocument | None = None
    token_request_libraries: tuple[TokenRequestLibrary, ...] = ()
    stores: tuple[StoreSpec, ...] = ()
    files: FilesDocument | None = None
    frameworks: FrameworksDocument | None = None
    javascript: JavaScriptDocument | None = None

    def __post_init__(self) -> None:
        api = [name for name in API_SECTIONS if getattr(self, name)]
        library = [name for name in LIBRARY_SECTIONS if getattr(self, name)]
        if api and library:
            raise _FieldProblem(
                library[0],
                f"a pack is an API pack ({', '.join(api)}) or a library pack ({', '.join(library)}), not both: "
                "put them in two packs",
            )


API_SECTIONS = ("api", "token_endpoints")
LIBRARY_SECTIONS = (
    "tokens",
    "http",
    "sdk",
    "token_request_libraries",
    "stores",
    "files",
    "frameworks",
    "javascript",
)


# --------------------------------------------------------------------------------- loading


class _FieldProblem(Exception):
    """Raised by a dataclass's checks: the field (relative to the object) and the problem."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(problem)
        self.name = name
        self.problem = problem


_TYPE_NAMES = {dict: "a mapping", list: "a list", str: "a string", int: "an integer", bool: "true or false"}


def load_document(data: Any, path: object) -> PackDocument:
    """A validated pack document; PackError names the file, the key and the problem."""
    return _load(PackDocument, data, path, "")


def _load(expected: Any, value: Any, path: object, key: str) -> Any:
    origin = get_origin(expected)
    if origin in (Union, types.UnionType):
        options = get_args(expected)
        if value is None and type(None) in options:
            return None
        candidates = [o for o in options if o is not type(None)]
        for option in candidates:  # the first whose YAML type fits (str or a mapping)
            if _fits(option, value):
                return _load(option, value, path, key)
        _fail(path, key, f"expected {' or '.join(_describe(o) for o in candidates)}, got {_yaml_type(value)}")
    if origin is Literal:
        choices = get_args(expected)
        if value not in choices:
            shown = repr(value) if isinstance(value, str) else _yaml_type(value)
            _fail(path, key, f"{shown} is not one of {', '.join(map(str, choices))}")
        return value
    if origin is tuple:
        item_type = get_args(expected)[0]
        _check_type(value, list, path, key)
        return tuple(_load(item_type, item, path, f"{key}[{index}]") for index, item in enumerate(value))
    if origin is dict:
        _, item_type = get_args(expected)
        _check_type(value, dict, path, key)
        return {str(name): _load(item_type, item, path, _join(key, str(name))) for name, item in value.items()}
    if expected is Regex:
        _check_type(value, str, path, key)
        try:
            re.compile(value)
        except re.error as exc:
            _fail(path, key, f"invalid regular expression: {exc}")
        return Regex(value)
    if isinstance(expected, type) and hasattr(expected, "__dataclass_fields__"):
        return _load_dataclass(expected, value, path, key)
    if expected in (str, int, bool):
        _check_type(value, expected, path, key)
        return value
    raise TypeError(f"the pack schema uses a type the loader does not know: {expected!r}")


def _load_dataclass(cls: type, value: Any, path: object, key: str) -> Any:
    _check_type(value, dict, path, key)
    hints = _hints(cls)
    known = {f.name: f for f in fields(cls)}
    for name in value:
        if name not in known:
            _fail(path, _join(key, str(name)), f"unknown key (known: {', '.join(sorted(known))})")
    arguments: dict[str, Any] = {}
    for name, spec in known.items():
        if name in value:
            arguments[name] = _load(hints[name], value[name], path, _join(key, name))
        elif spec.default is MISSING and spec.default_factory is MISSING:
            _fail(path, _join(key, name), "required key is missing")
    try:
        return cls(**arguments)
    except _FieldProblem as problem:
        _fail(path, _join(key, problem.name), problem.problem)


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = get_type_hints(cls, vars(sys.modules[__name__]))
    return _HINTS[cls]


def _fits(expected: Any, value: Any) -> bool:
    origin = get_origin(expected)
    if origin is Literal:
        return isinstance(value, str)
    if origin is tuple:
        return isinstance(value, list)
    if origin is dict or (isinstance(expected, type) and hasattr(expected, "__dataclass_fields__")):
        return isinstance(value, dict)
    if expected in (str, Regex):
        return isinstance(value, str)
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, expected)


def _check_type(value: Any, expected: type, path: object, key: str) -> None:
    # bool is an int in Python; a pack saying `version: true` is still wrong.
    if not isinstance(value, expected) or (isinstance(value, bool) and expected is not bool):
        _fail(path, key, f"expected {_TYPE_NAMES.get(expected, expected.__name__)}, got {_yaml_type(value)}")


def _describe(expected: Any) -> str:
    origin = get_origin(expected)
    if origin is Literal or expected in (str, Regex):
        return "a string"
    if origin is tuple:
        return "a list"
    return (
        "a mapping"
        if origin is dict or hasattr(expected, "__dataclass_fields__")
        else _TYPE_NAMES.get(expected, str(expected))
    )


def _fail(path: object, key: str, problem: str) -> Any:
    raise PackError(f"{path}: {key or 'top level'}: {problem}")


def _join(key: str, name: str) -> str:
    return f"{key}.{name}" if key else name


def _yaml_type(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    return _TYPE_NAMES.get(type(value), type(value).__name__)
