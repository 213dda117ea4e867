"""What browser and Node library names mean (the `javascript` section of the library packs):
auth0.js, Lock, auth0-spa-js, auth0-react and its hooks, auth0.js's Management client; fetch,
axios (instances, defaults, interceptors), jQuery (options, `beforeSend`, `$.ajaxSetup`),
XMLHttpRequest, AngularJS `$http`; JSON and the transparent helpers.

`scopelint.flow.libraries.Libraries` asks here first; None means "not a browser library".
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from scopelint.flow.effects import Param, Request, SdkCall, SdkClient, Send
from scopelint.flow.interpreter import Arg, Write
from scopelint.flow.values import (
    BoundMethod,
    Encoded,
    External,
    Frame,
    Function,
    Headers,
    IdClaims,
    Instance,
    Mapping,
    Member,
    Module,
    Nothing,
    Ref,
    Response,
    Store,
    Text,
    Token,
    TokenResponse,
    Unknown,
    Value,
    alternatives,
    concat,
    literal_of,
    union,
)

if TYPE_CHECKING:
    from scopelint.flow.libraries import Libraries
    from scopelint.packs.schema import JsHttpFunction, JsRequestClone, JsTokenRequest

_PROMISE_THEN = "then"
_REACT_TRANSPARENT = ("useCallback", "React.useCallback", "memo", "React.memo")
_REACT_RESULT = ("useMemo", "React.useMemo")
_REACT_EFFECTS = ("useEffect", "React.useEffect", "useLayoutEffect", "React.useLayoutEffect", "watchEffect")
# Vue: watch(source, (value) => ...) calls back with the source's value (a ref's `.value`, a
# getter's result); watchEffect(() => ...) runs its function, as an effect does
_VUE_WATCHERS = ("watch",)
_OBJECT_ASSIGN = ("Object.assign",)
_ROUTE_REQUEST = "<route request>"  # the qualname of a server route handler's request (see _route)


class ScriptLibraries:
    def __init__(self, libraries: Libraries) -> None:
        self.lib = libraries
        self.it = libraries.it
        self.js = libraries.knowledge.javascript
        js = self.js
        self.mutators = {js.xhr_set_header, "use"}
        self._classes = (
            {name for request in js.token_requests for name in request.names}
            | set(js.sdk_clients)
            | set(js.token_grants)
            | set(js.xhr_classes)
            | set(js.instance_factories)
            | {name for request in js.token_requests for name in request.services}
        )
        rx = js.observables
        self._operators = {*rx.map_operators, *rx.tap_operators, *rx.pass_operators}
        # app -> the clients hooks, services and component properties give (<Auth0Provider>,
        # createAuth0(...), AuthModule.forRoot(...))
        self._providers: dict[int, list[Instance]] = {}
        # site -> the requests its pages send to their own origin (`fetch('/api/profile')`):
        # (the call, its frame) -> (the paths, the method, the header sources)
        self._own_origin: dict[str, dict[tuple[Ref, Frame | None], tuple[list[Text], str | None, list[Value]]]] = {}
        self._mounts: dict[Ref, set[str]] = {}  # a server router's allocation -> its mount prefixes
        # a server router's allocation -> the requests of its middlewares (`router.use(handler)`)
        self._middlewares: dict[Ref, list[Instance]] = {}

    def is_instance_class(self, qualname: str) -> bool:
        return qualname in self._classes

    # ================================================================== names
    def attribute(self, base: Value, name: str, ref: Ref, receiver: Ref | None) -> Value | None:
        js = self.js
        if isinstance(base, Instance) and base.qualname == _ROUTE_REQUEST:
            # req.headers: what the pages sent; req.user = ...: what the app's middlewares wrote
            return Member(base, name) if name == js.server_routes.headers else self._route_field(base, name, ref)
        if isinstance(base, Member) and isinstance(base.owner, Instance) and base.owner.qualname == _ROUTE_REQUEST:
            return self._relayed(base.owner, name)  # req.headers.authorization
        if isinstance(base, External) and base.qualname in js.global_objects:
            return External(name)  # window.fetch is fetch
        if isinstance(base, External) and self._defaults_path(f"{base.qualname}.{name}") is not None:
            return self._headers(External(self._defaults_path(f"{base.qualname}.{name}") or ""), ref)
        if isinstance(base, Headers) and any(path.endswith(f".headers.{name}") for path in js.default_headers):
            return base  # axios.defaults.headers.common: the same default headers
        if isinstance(base, Store) and not self._store_member(base, name):
            return self.lib.store_read(base, name, ref)  # localStorage.id_token
        if isinstance(base, Instance) and base.qualname:
            base = self._client(base, ref)
            surface = self._surface(base.qualname, name)
            if surface is not None:
                claims = self._claims_property(surface, base, name, ref)
                if claims is not None:
                    return claims
            if surface is not None and name in (*surface.access_token_methods, *surface.id_claims_methods):
                return Member(base, name)  # const { getIdTokenClaims } = useAuth0()
            if base.qualname in js.instance_factories:
                return Member(base, name)
        if isinstance(base, Unknown) and js.hook_surfaces(name):
            return self._provided(name, ref)  # this.$auth0 in a Vue component
        if isinstance(base, Unknown) and name == js.raw_id_token_property:
            # the raw ID token of claims whose client the run cannot see (a hand-written
            # wrapper's context): the property says what it is, as a token key does
            return Token("id", ref, self.it.source(ref) or name)
        if isinstance(base, Member) and isinstance(base.owner, (Instance, External)):
            path = f"{base.name}.{name}"
            if isinstance(base.owner, Instance):
                surface = self._surface(base.owner.qualname, path)
                claims = self._claims_property(surface, base.owner, path, ref) if surface is not None else None
                if claims is not None:
                    return claims
            if path in {p for p in js.default_headers} or any(p == path for p in js.default_headers):
                return self._headers(base.owner, ref)  # instance.defaults.headers.common
            if base.name == "config" and name == "headers":  # a request interceptor's config
                return self._headers(base.owner, ref)
            return Member(base.owner, path)
        if isinstance(base, IdClaims):
            if name == js.raw_id_token_property:
                return Token(
                    "id", ref, self.it.source(ref) or name, frozenset({base.request}) if base.request else frozenset()
                )
            return Unknown(name)
        if isinstance(base, Response) and name in js.response_body_properties:
            return TokenResponse(base.request, ref) if base.request else Unknown("body")
        if isinstance(base, Mapping) and self.it.programs[ref.path].language == "javascript":
            return None  # the interpreter reads object literals
        return None

    def _surface(self, qualname: str, member: str) -> JsTokenRequest | None:
        """The library of a client: its constructor's; for a client a hook, a service or a
        component property gives without a provider the run sees (auth0-react's and auth0-vue's
        `useAuth0` alike), the first that has `member` (a method, a property on the way)."""
        surface = self.js.request_surface(qualname)
        if surface is not None:
            return surface
        surfaces = self.js.hook_surfaces(qualname)
        head = member.split(".", 1)[0]
        for candidate in surfaces:
            members = (
                *candidate.access_token_methods,
                *candidate.id_claims_methods,
                *(p.split(".", 1)[0] for p in _client_properties(candidate)),
            )
            if head in members:
                return candidate
        return surfaces[0] if surfaces else None

    def _claims_property(self, surface: JsTokenRequest, client: Instance, path: str, ref: Ref) -> Value | None:
        """`idTokenClaims$` (auth0-angular), `idTokenClaims.value` (auth0-vue): the ID-token
        claims of the client's request; `idTokenClaims` on the way to `.value`. `idToken`,
        `accessToken.access_token` (express-openid-connect's `req.oidc`): its tokens."""
        key = self._request_key(client)
        if path in surface.id_claims_properties:
            return IdClaims(key, ref)
        for kind, properties in (("id", surface.id_token_properties), ("access", surface.access_token_properties)):
            if path in properties:
                requests = frozenset({key}) if key else frozenset()
                # the access token is another path of the client (`accessToken.access_token`),
                # not the ID token's key renamed: the SL101 fix's rename would be wrong
                return Token(kind, ref, self.it.source(ref) or path, requests, fixable=False)
        if any(p.startswith(path + ".") for p in _client_properties(surface)):
            return Member(client, path)
        return None

    def _request_key(self, client: Instance) -> str | None:
        """The request a client built by a constructor or a provider makes; a hook's or a
        service's client without a provider in the app is not known."""
        if self.js.request_surface(client.qualname) is None:
            return None
        return f"{client.alloc.path}#{client.alloc.node}"

    def _client(self, instance: Instance, ref: Ref) -> Instance:
        """An injected service (auth0-angular's AuthService) is the client of the app's provider."""
        if self.js.request_surface(instance.qualname) is None and any(
            instance.qualname in s.services for s in self.js.hook_surfaces(instance.qualname)
        ):
            provided = self._provided(instance.qualname, ref)
            if isinstance(provided, Instance) and provided.qualname != instance.qualname:
                return provided
        return instance

    def _watched(self, source: Value, ref: Ref, frame: Frame | None) -> Value:
        """What a Vue watcher sees of its source: a getter's result, a ref's `.value`."""
        if isinstance(source, (Function, BoundMethod)):
            return self.it.callback(source, (), ref, frame)
        return self.it.attribute(source, "value", ref)

    def _provided(self, name: str, ref: Ref) -> Value:
        """What a hook, a service or a component property gives: the client of the app's one
        provider of a surface that has it, else a client of no known request."""
        surfaces = self.js.hook_surfaces(name)
        names = {n for surface in surfaces for n in surface.names}
        app = self.it.graph.app_of(ref.path)
        self.it.heap.shared_read(("providers", app))
        providers = [p for p in self._providers.get(app, []) if p.qualname in names]
        if len(providers) == 1:
            return providers[0]
        if not surfaces:
            return Unknown(name)
        return Instance(ref, None, name, ())

    def _headers(self, owner: Value, ref: Ref) -> Headers:
        """The default headers of `owner`; a library's global ones (`axios`, `$`) are the app's."""
        if isinstance(owner, External):
            return Headers(owner, self.it.graph.app_of(ref.path))
        return Headers(owner)

    def _defaults_path(self, qualname: str) -> str | None:
        """`axios.defaults.headers.common` -> "axios": headers every request of that client sends."""
        for factory in self.js.instance_factories.values():
            for path in self.js.default_headers:
                if qualname == f"{factory.like}.{path}":
                    return factory.like
        return None

    def _store_member(self, store: Store, name: str) -> bool:
        """A member of a store that is not a key: a method, its namespace (`app.state`)."""
        spec = self.lib.store_of(store)
        return spec is not None and (name in spec.namespaces or any(m.name == name for m in (*spec.get, *spec.set)))

    def item(self, base: Value, key: str, ref: Ref, receiver: Ref | None) -> Value | None:
        if isinstance(base, Member) and isinstance(base.owner, (Instance, External)):
            return self.attribute(base, key, ref, receiver)
        if self._redirect_result(base):
            return self._redirect_parameter(key, ref)
        return None

    def _redirect_result(self, value: Value) -> bool:
        """The page's URL as an /authorize redirect left it (`location.hash`), also parsed
        (`new URLSearchParams(...)`)."""
        options = alternatives(value.value if isinstance(value, Encoded) else value)
        return bool(options) and all(
            isinstance(o, External) and o.qualname in self.js.redirect_results for o in options
        )

    def _redirect_parameter(self, key: str | None, ref: Ref) -> Value:
        """A parameter of the redirect: a token of the app's /authorize flows (the browser
        brought it back), when its name is a token's."""
        knowledge = self.lib.knowledge
        kind = "id" if key in knowledge.id_token_keys else "access" if key in knowledge.access_token_keys else None
        if kind is None:
            return Unknown(key or "redirect parameter")
        return Token(kind, ref, self.it.source(ref) or key or "", browser=True)

    def injected(self, name: str) -> Value | None:
        """A parameter that dependency injection fills with the global service of that name
        (AngularJS: `function ($scope, $http) {...}`)."""
        return External(name) if name in self.js.injected_services else None

    # ================================================================== calls
    def call(
        self, callee: External, args: tuple[Arg, ...], ref: Ref, frame: Frame | None, new: bool, jsx: bool
    ) -> Value | None:
        js = self.js
        name = callee.qualname
        if self.it.programs[ref.path].language != "javascript":
            return None
        if name in js.transparent_calls:
            if not args:
                return Unknown(name)
            if name.startswith("JSON.parse"):
                return self.lib.decoded(args[0].value)
            if name in ("JSON.stringify", "qs.stringify", "URLSearchParams"):
                return Encoded(args[0].value)
            return args[0].value
        if name in _REACT_TRANSPARENT:
            return args[0].value if args else Unknown(name)
        if name in _REACT_RESULT:
            return self.it.callback(args[0].value, (), ref, frame) if args else Unknown(name)
        if name in _REACT_EFFECTS:
            if args:
                self.it.callback(args[0].value, (), ref, frame)
            return Nothing()
        if name in _VUE_WATCHERS and len(args) >= 2:
            watched = union([self._watched(option, ref, frame) for option in alternatives(args[0].value)])
            self.it.callback(args[1].value, (watched,), ref, frame)
            return Unknown(name)  # the watcher's stop handle
        if name in _OBJECT_ASSIGN and args:
            return self._assign(args, ref)
        surface = js.request_surface(name)
        if surface is not None and (surface.jsx == jsx or not surface.jsx):
            return self._library_request(surface, name, args, ref, frame, jsx)
        if js.hook_surfaces(name) and name not in js.instance_factories:
            return self._provided(name, ref)  # useAuth0()
        if name in self._operators:
            return Instance(ref, None, name, _args(args))  # an RxJS operator: see _pipe
        routes = js.server_routes
        if not jsx and (name in routes.apps or name in routes.routers):
            return Instance(ref, None, name, ())  # express(), express.Router()
        if name in js.sdk_clients or name in js.xhr_classes or name in js.token_grants:
            instance = Instance(ref, None, name, _args(args))
            self.construct(instance, args, ref, frame)
            return instance
        if name in js.instance_factories:
            return Instance(ref, None, name, _args(args))
        function = js.http_functions.get(name)
        if function is not None:
            return self.send(function, name, args, ref, frame, None)
        setup = js.global_setup.get(name)
        if setup is not None and len(args) > setup.options:
            self._setup(setup.names, args[setup.options].value, ref, frame)
            return Nothing()
        if name.endswith("." + _PROMISE_THEN) or name == "Promise.all":
            return Unknown(name)
        return Unknown(f"{name}()")

    def call_value(self, callee: Value, args: tuple[Arg, ...], ref: Ref, frame: Frame | None) -> Value | None:
        if isinstance(callee, Instance) and callee.qualname in self.js.instance_factories:
            factory = self.js.instance_factories[callee.qualname]
            function = self.js.http_functions.get(factory.like)  # api(config) like axios(config)
            if function is not None:
                return self.send(function, factory.like, args, ref, frame, callee)
        return None

    def awaited(self, value: Value) -> Value:
        return value

    def _assign(self, args: tuple[Arg, ...], ref: Ref) -> Value:
        target = args[0].value
        for arg in args[1:]:
            for source in alternatives(arg.value):
                if isinstance(source, Mapping):
                    for option in alternatives(target):
                        if isinstance(option, (Mapping, Headers)):
                            for key, entry_ref, value in self.it.entry_refs(source):
                                self.it.heap.add(option, Write(key, ref.path, None, None, value, entry_ref))
        return target

    # ------------------------------------------------------------------ methods
    def method(
        self, receiver: Value, name: str, args: tuple[Arg, ...], ref: Ref, frame: Frame | None, receiver_ref: Ref | None
    ) -> Value | None:
        js = self.js
        if self.it.programs[ref.path].language != "javascript":
            return None
        if isinstance(receiver, Response) and name in js.response_body_methods:
            return TokenResponse(receiver.request, ref) if receiver.request else Unknown("body")
        rx = js.observables
        if name == rx.pipe and args and all(self._operator(a.value) for a in args):
            return self._pipe(receiver, args, ref, frame)
        if name in rx.subscribe and args:
            self._subscribe(receiver, args[0].value, ref, frame)
            return Nothing()
        clone = js.request_clones.get(name)
        if clone is not None and args and self._clone(clone, args[0].value, ref):
            return Unknown(name)
        if self._redirect_result(receiver):
            if name in js.redirect_keeps:
                return receiver
            if name in js.redirect_getters and args:
                return self._redirect_parameter(literal_of(args[0].value), ref)
        if isinstance(receiver, External):
            return (
                self.call(External(f"{receiver.qualname}.{name}"), args, ref, frame, False, False)
                if self._knows(f"{receiver.qualname}.{name}")
                else self._external_method(receiver, name, args, ref, frame)
            )
        if isinstance(receiver, Instance) and receiver.qualname:
            return self._instance_method(receiver, name, args, ref, frame)
        if isinstance(receiver, Member):
            return self.member_call(receiver, name, args, ref, frame)
        if isinstance(receiver, Headers) and name in ("set", "append") and len(args) >= 2:
            self.it.heap.add(
                receiver, Write(literal_of(args[0].value), ref.path, None, None, args[1].value, args[1].ref)
            )
            return Nothing()
        return None

    def _operator(self, value: Value) -> bool:
        options = alternatives(value)
        return all(isinstance(o, Instance) and o.qualname in self._operators and not o.klass for o in options)

    def _pipe(self, value: Value, args: tuple[Arg, ...], ref: Ref, frame: Frame | None) -> Value:
        """`observable.pipe(take(1), switchMap(f))`: each operator applied to the value it emits."""
        rx = self.js.observables
        for arg in args:
            results: list[Value] = []
            for operator in alternatives(arg.value):
                assert isinstance(operator, Instance)
                callback = operator.args[0][1] if operator.args and operator.args[0][0] == "0" else None
                if operator.qualname in rx.map_operators:
                    results.append(self.it.callback(callback, (value,), ref, frame) if callback else Unknown())
                    continue
                if operator.qualname in rx.tap_operators and callback is not None:
                    self.it.callback(callback, (value,), ref, frame)
                results.append(value)
            value = union(results)
        return value

    def _subscribe(self, value: Value, observer: Value, ref: Ref, frame: Frame | None) -> None:
        """`observable.subscribe(f)` / `.subscribe({next: f})`: f gets the value."""
        for option in alternatives(observer):
            if isinstance(option, Mapping):
                option = self.it.entry(option, "next") or Unknown()
            self.it.callback(option, (value,), ref, frame)

    def _clone(self, clone: JsRequestClone, update: Value, ref: Ref) -> bool:
        """`req.clone({setHeaders: {Authorization: ...}})` in an interceptor: the headers of every
        request of the app's client. False when the update sets no headers."""
        headers = self._option(update, clone.headers)
        if headers is None:
            return False
        target = self._headers(External(clone.client), ref)
        for key, entry_ref, value in self.lib.header_entries(headers):
            self.it.heap.add(target, Write(key, ref.path, None, None, value, entry_ref))
        return True

    def _knows(self, name: str) -> bool:
        js = self.js
        return (
            name in js.transparent_calls
            or name in js.http_functions
            or name in js.global_setup
            or js.request_surface(name) is not None
            or bool(js.hook_surfaces(name))
            or name in self._operators
            or name in js.sdk_clients
            or name in js.instance_factories
            or name in js.xhr_classes
            or name in _OBJECT_ASSIGN
            or name in _REACT_TRANSPARENT
            or name in _REACT_RESULT
            or name in _REACT_EFFECTS
        )

    def _external_method(
        self, receiver: External, name: str, args: tuple[Arg, ...], ref: Ref, frame: Frame | None
    ) -> Value | None:
        qualname = f"{receiver.qualname}.{name}"
        if qualname.endswith(".interceptors.request.use") and args:
            owner = External(qualname.split(".", 1)[0])
            return self._interceptor(owner, args[0].value, ref, frame)
        return None

    def _instance_method(
        self, instance: Instance, name: str, args: tuple[Arg, ...], ref: Ref, frame: Frame | None
    ) -> Value | None:
        js = self.js
        instance = self._client(instance, ref)
        qualname = instance.qualname
        routes = js.server_routes
        if qualname == _ROUTE_REQUEST:
            if name in routes.header_getters and args:
                return self._relayed(instance, literal_of(args[0].value))
            return Unknown(name)
        if qualname in routes.apps or qualname in routes.routers:
            return self._route(instance, name, args, ref, frame)
        if qualname in js.xhr_classes:
            if name == js.xhr_open and len(args) >= 2:
                verb = literal_of(args[0].value)
                send = Send(
                    ref, frame, qualname, verb.upper() if verb else None, _addressed(args[1].value), [Headers(instance)]
                )
                self.lib.effects.sends.setdefault((ref, frame), send)
                return Nothing()
            if name == js.xhr_set_header and len(args) >= 2:
                self.it.heap.add(
                    Headers(instance),
                    Write(literal_of(args[0].value), ref.path, None, None, args[1].value, args[1].ref),
                )
                return Nothing()
            return Unknown(name)
        factory = js.instance_factories.get(qualname)
        if factory is not None:
            function = js.http_functions.get(f"{factory.like}.{name}")
            if function is not None:
                return self.send(function, f"{factory.like}.{name}", args, ref, frame, instance)
            return Unknown(name)
        surface = self._surface(qualname, name)
        if surface is not None:
            return self._request_method(surface, instance, name, args, ref, frame)
        client = js.sdk_clients.get(qualname)
        if client is not None:
            return self._sdk_method(instance, name, args, ref, frame)
        if qualname in js.token_grants:  # node-auth0 3.x: authClient.passwordGrant(...)
            return self._grant(instance, name, args, ref, frame)
        return None

    def member_call(
        self, member: Member, name: str, args: tuple[Arg, ...], ref: Ref, frame: Frame | None
    ) -> Value | None:
        owner = member.owner
        path = f"{member.name}.{name}" if member.name else name
        if path.endswith("interceptors.request.use") and args:
            return self._interceptor(owner, args[0].value, ref, frame)
        if isinstance(owner, Instance):
            surface = self._surface(owner.qualname, path)
            if surface is not None:
                return self._request_method(surface, owner, path, args, ref, frame)
            if owner.qualname in self.js.sdk_clients:  # node-auth0's management.users.get(...)
                return self._sdk_method(owner, path, args, ref, frame)
            if owner.qualname in self.js.token_grants:  # authClient.oauth.passwordGrant(...)
                return self._grant(owner, path, args, ref, frame)
        return None

    # ================================================================== HTTP
    def send(
        self,
        function: JsHttpFunction,
        name: str,
        args: tuple[Arg, ...],
        ref: Ref,
        frame: Frame | None,
        instance: Instance | None,
    ) -> Value:
        js = self.js
        keys = js.option_keys

        def arg(index: int | None) -> Value | None:
            return args[index].value if index is not None and index < len(args) else None

        def arg_ref(index: int | None) -> Ref | None:
            return args[index].ref if index is not None and index < len(args) else None

        url_value, options = arg(function.url), arg(function.options)
        body_index = function.body
        if function.url_or_options and options is not None:
            first = list(alternatives(options))
            if first and all(isinstance(o, Text) for o in first):  # $.ajax(url, settings)
                url_value, options = options, arg((function.options or 0) + 1)
        options_value = options if options is not None else Unknown()
        url = url_value if url_value is not None else self._option(options_value, keys.get("url", ()))
        url = url if url is not None else Unknown("url")
        headers: list[Value] = []
        if instance is not None:
            factory = js.instance_factories[instance.qualname]
            instance_options = instance.args[factory.options][1] if factory.options < len(instance.args) else Unknown()
            base = self._option(instance_options, keys.get("base_url", ()))
            if base is not None:
                url = union([_join(b, u) for b in alternatives(base) for u in alternatives(url)])
            found = self._option(instance_options, keys.get("headers", ()))
            if found is not None:
                headers.append(found)
            headers.append(Headers(instance))
        own_origin = [o for o in alternatives(url) if isinstance(o, Text) and _site_path(o)]
        url = _addressed(url)
        method: str | None = function.method
        method_value = self._option(options_value, keys.get("method", ()))
        if method_value is not None:
            literal = literal_of(method_value)
            method = literal.upper() if literal else None
        found_headers = self._option(options_value, keys.get("headers", ()))
        if found_headers is not None:
            headers.append(found_headers)
        before_send = self._option(options_value, keys.get("before_send", ()))
        if before_send is not None:
            headers.append(self._before_send(before_send, ref, frame))
        root = name.split(".", 1)[0]
        headers.append(self._headers(External(root), ref))
        for prefix in {n.split(".", 1)[0] for setup in js.global_setup.values() for n in setup.names}:
            if prefix == root:
                headers.append(self._headers(External(prefix), ref))
        body = arg(body_index)
        body_ref = arg_ref(body_index)
        if body is None:
            body = self._option(options_value, keys.get("body", ()))
            body_ref = self._option_ref(options_value, keys.get("body", ()))
        encoded = body is not None and any(isinstance(o, Encoded) for o in alternatives(body))
        decoded = self.lib.decoded_body(body) if body is not None else None
        send = Send(ref, frame, name, method, url, headers, [], decoded, body_ref, encoded=encoded)
        self.lib.effects.sends.setdefault((ref, frame), send)
        if own_origin:
            self._to_own_origin(ref, frame, own_origin, method, headers)
        request = self.lib._token_request(send, args, instance)  # a POST to /oauth/token
        return Response(ref, request.key if request is not None else None)

    # ================================================================== the app's own server
    def _to_own_origin(
        self, ref: Ref, frame: Frame | None, paths: list[Text], method: str | None, headers: list[Value]
    ) -> None:
        """A page's request to its own site (`fetch('/api/profile', {headers})`): what the app's
        server routes of that path receive."""
        sent = self._own_origin.setdefault(self._site(ref.path), {})
        if (ref, frame) not in sent:
            sent[(ref, frame)] = (paths, method, headers)
            # routes analysed earlier see it in the next pass (a page's server may be another app)
            self.it.heap.shared_write(("origin", self._site(ref.path)), None)

    def _route(self, router: Instance, name: str, args: tuple[Arg, ...], ref: Ref, frame: Frame | None) -> Value:
        """`router.get(path, ...handlers)`: each handler called with the request of that route;
        `app.use(prefix, router)` mounts a router; `use([prefix], handler)` runs for every path below."""
        routes = self.js.server_routes
        first = literal_of(args[0].value) if args else None
        if name == routes.mount:
            prefix = first if first is not None and first.startswith("/") else ""
            handlers = args[1:] if first is not None else args
            for arg in handlers:
                for option in alternatives(self._exported(arg.value)):
                    if isinstance(option, Instance) and option.qualname in routes.routers:
                        mounted = self._mounts.setdefault(option.alloc, set())
                        if prefix not in mounted:
                            mounted.add(prefix)
                            # its routes see the prefix in the next pass
                            self.it.heap.shared_write(("mounts", option.alloc), ref.path)
            path, method, handlers = prefix.rstrip("/") + "/*", "*", handlers
        elif name in routes.methods and first is not None and first.startswith("/"):
            path, method, handlers = first, routes.methods[name], args[1:]
        else:
            return Unknown(name)
        request = Instance(
            ref,
            None,
            _ROUTE_REQUEST,
            (("path", Text((path,)), None), ("method", Text((method,)), None), ("router", router, None)),
        )
        if name == routes.mount:
            middlewares = self._middlewares.setdefault(router.alloc, [])
            if request not in middlewares:
                middlewares.append(request)
                self.it.heap.shared_write(("middlewares", router.alloc), ref.path)
        for arg in handlers:
            self.it.callback(self._exported(arg.value), (request, Unknown("response"), Unknown("next")), ref, frame)
        return router

    def _route_field(self, request: Instance, name: str, ref: Ref) -> Value:
        """`req.name` in a route handler: what it, or a middleware its router runs before it
        (`router.use((req, res, next) => { req.name = ...; next() })` above it, on its path),
        wrote there; unknown when nothing the run sees did (the framework's own fields)."""
        route = {key: value for key, value, _ in request.args}
        router, path = route["router"], literal_of(route["path"])
        assert isinstance(router, Instance) and path is not None
        self.it.heap.shared_read(("middlewares", router.alloc))
        writers = [request]
        for middleware in self._middlewares.get(router.alloc, []):
            prefix = literal_of({key: value for key, value, _ in middleware.args}["path"])
            if middleware != request and prefix is not None and self._before(middleware.alloc, request.alloc):
                if _route_matches(prefix, Text((path.replace("*", ""),))):
                    writers.append(middleware)
        found = [self.it.value_of(w) for writer in writers for w in self.it.written(writer) if w.key == name]
        if found:
            return union(found)
        if self.js.hook_surfaces(name):  # req.oidc: the client of the app's auth() middleware
            return self._provided(name, ref)
        return Unknown(name)

    def _before(self, first: Ref, second: Ref) -> bool:
        """Whether a call comes before another in its file (calls of other files: unordered)."""
        if first.path != second.path:
            return True
        locations = self.it.programs[first.path].locations
        one, other = locations.get(first.node), locations.get(second.node)
        return one is not None and other is not None and one[:2] < other[:2]

    def _exported(self, value: Value) -> Value:
        """A required module as a value: what it assigns to `module.exports` (a router, a handler)."""
        options = []
        for option in alternatives(value):
            if isinstance(option, Module) and "default" in self.it.programs[option.path].exports:
                option = self.it.export(option.path, "default")
            options.append(option)
        return union(options)

    def _site(self, path: str) -> str:
        """The site a file is part of, pages and server alike: its project (the folder of its
        package.json), else its app."""
        root = self.it.graph.root_of(path)
        return f"project:{root}" if root is not None else f"app:{self.it.graph.app_of(path)}"

    def _relayed(self, request: Instance, header: str | None) -> Value:
        """A request header a route handler reads (`req.get('Authorization')`): what the app's
        pages send in it to the route's path; unknown when none is seen (a mobile app, another
        site, a router mounted where the run does not see)."""
        if header is None:
            return Unknown("header")
        route = {key: value for key, value, _ in request.args}
        path, method, router = literal_of(route["path"]), literal_of(route["method"]), route["router"]
        assert isinstance(router, Instance) and path is not None
        routes = self.js.server_routes
        self.it.heap.shared_read(("mounts", router.alloc))
        prefixes = {""} if router.qualname in routes.apps else self._mounts.get(router.alloc, set())
        found: list[Value] = []
        site = self._site(request.alloc.path)
        self.it.heap.shared_read(("origin", site))
        for paths, sent_method, headers in self._own_origin.get(site, {}).values():
            if method != "*" and sent_method is not None and sent_method != method:
                continue
            if not any(_route_matches(prefix.rstrip("/") + path, url) for prefix in prefixes for url in paths):
                continue
            for source in headers:
                for key, _, value in self.lib.header_entries(source):
                    if key is not None and key.lower() == header.lower():
                        found.append(_arrived(value))
        return union(found) if found else Unknown(header)

    def _option(self, options: Value, paths: tuple[str, ...] | list[str]) -> Value | None:
        """The value at the first dotted option path present in an options object."""
        for path in paths:
            found = self._path(options, path.split("."))
            if found is not None:
                return found
        return None

    def _option_ref(self, options: Value, paths: tuple[str, ...] | list[str]) -> Ref | None:
        for path in paths:
            found = self._path_ref(options, path.split("."))
            if found is not None:
                return found
        return None

    def _path(self, value: Value, keys: list[str]) -> Value | None:
        found = self._path_entry(value, keys)
        return found[1] if found is not None else None

    def _path_ref(self, value: Value, keys: list[str]) -> Ref | None:
        found = self._path_entry(value, keys)
        return found[0] if found is not None else None

    def _path_entry(self, value: Value, keys: list[str]) -> tuple[Ref | None, Value] | None:
        for option in alternatives(value):
            if not isinstance(option, Mapping):
                continue
            matches = [(ref, v) for key, ref, v in self.it.entry_refs(option) if key == keys[0]]
            if not matches:
                continue
            ref, entry = matches[-1][0], union([v for _, v in matches])
            if len(keys) == 1:
                return ref, entry
            found = self._path_entry(entry, keys[1:])
            if found is not None:
                return found
        return None

    def _before_send(self, callback: Value, ref: Ref, frame: Frame | None) -> Value:
        """jQuery `beforeSend(xhr) { xhr.setRequestHeader("Authorization", ...) }`: run it on an
        XMLHttpRequest of its own, whose headers go with the request."""
        xhr_class = self.js.xhr_classes[0] if self.js.xhr_classes else "XMLHttpRequest"
        xhr = Instance(ref, None, xhr_class, ())
        self.it.callback(callback, (xhr,), ref, frame)
        return Headers(xhr)

    def _setup(self, names: tuple[str, ...], options: Value, ref: Ref, frame: Frame | None) -> None:
        """$.ajaxSetup({headers, beforeSend}): headers of every later call of that library."""
        keys = self.js.option_keys
        headers = self._option(options, keys.get("headers", ()))
        before_send = self._option(options, keys.get("before_send", ()))
        sources = ([headers] if headers is not None else []) + (
            [self._before_send(before_send, ref, frame)] if before_send is not None else []
        )
        for prefix in {n.split(".", 1)[0] for n in names}:
            for source in sources:
                for key, entry_ref, value in self.lib.header_entries(source):
                    self.it.heap.add(
                        self._headers(External(prefix), ref), Write(key, ref.path, None, None, value, entry_ref)
                    )

    def _interceptor(self, owner: Value, callback: Value, ref: Ref, frame: Frame | None) -> Value:
        """`instance.interceptors.request.use(config => {config.headers.Authorization = ...})`:
        the callback's writes into `config.headers` go with every request of the instance."""
        self.it.callback(callback, (Member(owner, "config"),), ref, frame)
        return Nothing()

    # ================================================================== token requests
    def _library_request(
        self, surface: JsTokenRequest, name: str, args: tuple[Arg, ...], ref: Ref, frame: Frame | None, jsx: bool
    ) -> Value:
        """`new auth0.WebAuth({...})`, `createAuth0Client({...})`, `new Auth0Lock(id, domain, {...})`,
        `<Auth0Provider ...>`: an /authorize flow with the options' audience, scope, response type."""
        if jsx:
            options: Value = self._jsx_options(args, ref)
        else:
            options = args[surface.options].value if surface.options < len(args) else Nothing()
        instance = Instance(ref, None, name, _args(args))
        key = f"{ref.path}#{ref.node}"
        request = Request(key=key, ref=ref, frame=frame, flow="authorize", user_facing=True, library=surface.library)
        request.audience = self._param(options, surface.audience)
        request.scope = self._param(options, surface.scope)
        request.response_type = self._param(options, surface.response_type)
        request.unknown_params = self._spread(options, (*surface.audience, *surface.scope))
        domain = surface.domain
        if domain.position is not None and domain.position < len(args):
            request.domain, request.domain_ref = args[domain.position].value, args[domain.position].ref
        elif domain.option is not None:
            request.domain, request.domain_ref = (
                self._option(options, [domain.option]),
                self._option_ref(options, [domain.option]),
            )
        into = surface.insert_into
        container = self._container(options, into)
        if container is None and into:
            top = [p for p in (*surface.audience, *surface.scope) if "." not in p]
            if self._option(options, top) is not None:  # auth0-spa-js 1.x: at the top level
                into, container = "", self._container(options, "")
            elif "." not in into and self._option(options, list(surface.create_insert_into_with)) is not None:
                container = self._container(options, "")  # 2.x without authorizationParams: the fix writes it
                request.insert_into = into if container is not None else ""
        if container is not None:
            prefix = f"{into}." if into else ""
            request.container = container
            request.settable = tuple(
                n for n, paths in (("audience", surface.audience), ("scope", surface.scope)) if f"{prefix}{n}" in paths
            )
        self.lib.record(request)
        if surface.hooks or surface.services or surface.component_properties or surface.request_properties:
            # the app's client
            providers = self._providers.setdefault(self.it.graph.app_of(ref.path), [])
            if instance not in providers:
                providers.append(instance)
                # hooks of the app see it in the next pass
                self.it.heap.shared_write(("providers", self.it.graph.app_of(ref.path)), ref.path)
        return instance

    def _jsx_options(self, args: tuple[Arg, ...], ref: Ref) -> Value:
        mapping = Mapping(Ref(ref.path, -1 - ref.node), None)
        for arg in args:
            if arg.kind == "kw" and arg.keyword:
                self.it.heap.add(mapping, Write(arg.keyword, ref.path, None, None, arg.value, arg.ref))
            elif arg.kind in ("star", "dstar"):
                self.it.heap.add(mapping, Write(None, ref.path, None, None, arg.value, arg.ref))
        return mapping

    def _param(self, options: Value, paths: tuple[str, ...]) -> Param | None:
        for path in paths:
            found = self._path_entry(options, path.split("."))
            if found is not None:
                ref, value = found
                if isinstance(value, Nothing):
                    return None
                return Param(value, ref)
        return None

    def _spread(self, options: Value, paths: tuple[str, ...] = ()) -> bool:
        """A spread of something unknown in the options (`{...defaults, audience}`), or in the
        object the options' parameters sit in (`authorizationParams: {...params, scope}`): what
        it holds may be any option, so a missing option is not absent."""
        holders = [options]
        for parent in {path.rsplit(".", 1)[0] for path in paths if "." in path}:
            inner = self._path(options, parent.split("."))
            if inner is not None:
                holders.append(inner)
        return any(self._holds_spread(holder) for holder in holders)

    def _holds_spread(self, options: Value) -> bool:
        for option in alternatives(options):
            if isinstance(option, Mapping) and self.it.is_open(option):
                return True
            if not isinstance(option, (Mapping, Nothing)):
                return True
        return False

    def _container(self, options: Value, path: str) -> Ref | None:
        objects = [o for o in alternatives(options) if isinstance(o, Mapping)]
        if len(objects) != 1:
            return None
        if not path:
            return objects[0].alloc if objects[0].alloc.node >= 0 else None
        inner = self._path(objects[0], path.split("."))
        found = [o for o in alternatives(inner) if isinstance(o, Mapping)] if inner is not None else []
        return found[0].alloc if len(found) == 1 and found[0].alloc.node >= 0 else None

    def _request_method(
        self,
        surface: JsTokenRequest,
        instance: Instance,
        name: str,
        args: tuple[Arg, ...],
        ref: Ref,
        frame: Frame | None,
    ) -> Value | None:
        key = self._request_key(instance)
        if name in surface.access_token_methods:
            request = self._per_call_request(surface, args, ref, frame)
            requests = frozenset({request} if request else ({key} if key else ()))
            return Token("access", ref, self.it.source(ref) or name, requests)
        if name in surface.id_claims_methods:
            return IdClaims(key, ref)
        param = surface.callback_param(name)
        if param is not None and args:
            values = tuple(TokenResponse(key, ref) if i == param and key else Unknown() for i in range(param + 1))
            self.it.callback(args[-1].value, values, ref, frame)
            return Nothing()
        events = surface.result_events
        if (
            events is not None
            and name == events.method
            and len(args) >= 2
            and literal_of(args[0].value) in events.events
        ):
            values = tuple(
                TokenResponse(key, ref) if i == events.param and key else Unknown() for i in range(events.param + 1)
            )
            self.it.callback(args[1].value, values, ref, frame)
            return Nothing()
        return Member(instance, name) if "." not in name else Unknown(name)

    def _per_call_request(
        self, surface: JsTokenRequest, args: tuple[Arg, ...], ref: Ref, frame: Frame | None
    ) -> str | None:
        """getTokenSilently({authorizationParams: {audience, scope}}): a token request of its own
        when the call names an audience or a scope."""
        if not args:
            return None
        options = args[0].value
        if self._option(options, [*surface.audience, *surface.scope]) is None:
            return None
        key = self._context_key(ref, frame)
        request = Request(key=key, ref=ref, frame=frame, flow="authorize", user_facing=True, library=surface.library)
        request.audience = self._param(options, surface.audience)
        request.scope = self._param(options, surface.scope)
        request.unknown_params = self._spread(options, (*surface.audience, *surface.scope))
        self.lib.record(request)
        return key

    def _context_key(self, ref: Ref, frame: Frame | None) -> str:
        """A request's key; a helper called with other arguments (`getManagementToken(scope)`)
        makes a request of its own per way of calling it, each with its own scope."""
        key = f"{ref.path}#{ref.node}"
        if frame is None or frame.depth < 0 or not frame.args:
            return key
        known = self.it.contexts.get((frame.path, frame.function), {})
        return f"{key}~{list(known).index(frame)}" if frame in known else key

    # ================================================================== auth0.js Management
    def construct(self, instance: Instance, args: tuple[Arg, ...], ref: Ref, frame: Frame | None) -> None:
        client = self.js.sdk_clients.get(instance.qualname)
        if client is None or client.options >= len(args):
            return
        options = args[client.options].value
        token = self._option(options, [client.token])
        if token is not None:
            key = (ref, frame, instance)
            self.lib.effects.sdk_clients.setdefault(
                key,
                SdkClient(instance, ref, frame, instance.qualname, token, self._option_ref(options, [client.token])),
            )

    def _sdk_method(self, instance: Instance, name: str, args: tuple[Arg, ...], ref: Ref, frame: Frame | None) -> Value:
        client = self.js.sdk_clients[instance.qualname]
        endpoint = client.methods.get(name)
        sdk = next((c for c in self.lib.effects.sdk_clients.values() if c.instance == instance), None)
        if endpoint is None or sdk is None:
            return Unknown(name)
        body = args[1].value if len(args) > 1 else None
        body_ref = args[1].ref if len(args) > 1 else None
        body_keys = None
        if body is not None:
            objects = list(alternatives(body))
            if objects and all(isinstance(o, Mapping) for o in objects):
                body_keys = [k for o in objects for k, _ in self.it.entries(o) if k is not None]  # type: ignore[arg-type]
        self.lib.effects.sdk_calls.setdefault(
            (ref, frame, instance), SdkCall(sdk, ref, frame, endpoint, body, body_ref, body_keys)
        )
        return Unknown("management api result")

    def _grant(self, client: Instance, name: str, args: tuple[Arg, ...], ref: Ref, frame: Frame | None) -> Value:
        """`authClient.oauth.passwordGrant({username, password, audience, scope})`: a token
        request of the method's grant; its result is the token response (3.x), or a response
        whose body (4.x: `.data`) is."""
        grant = self.js.token_grants[client.qualname]
        flow = grant.methods.get(name)
        if flow is None:
            return Member(client, name) if "." not in name else Unknown(name)
        options: Value = args[grant.options].value if grant.options < len(args) else Nothing()
        key = f"{ref.path}#{ref.node}"
        if flow == "password" and grant.realm and self._option(options, [grant.realm]) is not None:
            flow = "password-realm"
        # a code grant's audience and scope were decided at /authorize (not its parameters to judge)
        user_facing = None if flow == "authorization_code" else flow != "client_credentials"
        request = Request(key=key, ref=ref, frame=frame, flow=flow, user_facing=user_facing, library=grant.library)
        constructor = next((value for position, value, _ in client.args if position == "0"), None)
        if grant.domain and constructor is not None:
            request.domain = self._option(constructor, [grant.domain])
            request.domain_ref = self._option_ref(constructor, [grant.domain])
        if flow != "authorization_code":
            request.audience = self._param(options, grant.audience)
            request.scope = self._param(options, grant.scope)
            request.unknown_params = self._spread(options, (*grant.audience, *grant.scope))
            container = self._container(options, "")
            if container is not None:
                request.container, request.settable = container, ("audience", "scope")
        self.lib.record(request)
        return union([TokenResponse(key, ref), Response(ref, key)])


def _args(args: tuple[Arg, ...]) -> tuple[tuple[str, Value, Ref | None], ...]:
    kept = []
    position = 0
    for arg in args:
        if arg.kind == "pos":
            kept.append((str(position), arg.value, arg.ref))
            position += 1
        elif arg.kind == "kw" and arg.keyword:
            kept.append((arg.keyword, arg.value, arg.ref))
    return tuple(kept)


def _client_properties(surface: JsTokenRequest) -> tuple[str, ...]:
    """The dotted properties of a library's client that hold its request's claims or tokens."""
    return (*surface.id_claims_properties, *surface.id_token_properties, *surface.access_token_properties)


def _site_path(url: Value) -> bool:
    """A URL of the page's own site: a path (`/api/profile`), not `//host/...`."""
    first = url.parts[0] if isinstance(url, Text) and url.parts else None
    return isinstance(first, str) and first.startswith("/") and not first.startswith("//")


def _route_matches(route: str, url: Text) -> bool:
    """Whether a server route's path (`/api/users/:id`, `/api/*` for everything below) matches a
    path a page requests; a part of the URL the run cannot see matches any segment."""
    rendered = "".join(p if isinstance(p, str) else "\x00" for p in url.parts)
    wanted = re.split(r"[?#]", rendered, maxsplit=1)[0].rstrip("/").split("/")
    segments = route.rstrip("/").split("/")
    if segments and segments[-1] == "*":
        segments = segments[:-1]
        wanted = wanted[: len(segments)]
    if len(segments) != len(wanted):
        return False
    return all(
        segment == part or "\x00" in part or (segment.startswith(":") and part != "")
        for segment, part in zip(segments, wanted, strict=True)
    )


def _arrived(value: Value) -> Value:
    """A value as a server receives it from a page: the tokens in it enter the server's calls
    afresh (the server, not the page's caller, chose to send them on)."""
    options: list[Value] = []
    for option in alternatives(value):
        if isinstance(option, Token):
            option = replace(option, entry=None)
        elif isinstance(option, Text):
            option = Text(tuple(_arrived(p) if isinstance(p, Value) else p for p in option.parts))
        options.append(option)
    return union(options)


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
    return union(options) if options else Unknown("same origin")


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


_ = (BoundMethod, Function, Token)
