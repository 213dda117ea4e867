"""What library names mean, from the rule packs: which calls send HTTP requests (and with
which URL, method, headers and body), which request tokens, which build management clients,
which store values under keys, what a token response's keys are.

The interpreter (`scopelint.flow.interpreter`) hands every value from outside the run here:
a call of `requests.get`, a method of a `requests.Session`, `session["user"]`, `tokens["id_token"]`.
Nothing here walks syntax; everything comes from the packs (`scopelint.packs`) and the
values the interpreter computed. Browser and Node libraries are in `scopelint.flow.scripts`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING
from urllib.parse import unquote_plus

from scopelint.flow.effects import Effects, Param, Request, SdkCall, SdkClient, Send
from scopelint.flow.files import Files
from scopelint.flow.interpreter import Arg, Write, constructor_args, str_format
from scopelint.flow.scripts import ScriptLibraries
from scopelint.flow.urls import render, split_url
from scopelint.flow.values import (
    BoundMethod,
    BrowserData,
    Encoded,
    External,
    Frame,
    Function,
    Headers,
    IdClaims,
    Instance,
    Mapping,
    Member,
    Nothing,
    Partial,
    Ref,
    RegistryClient,
    Response,
    Sequence,
    Store,
    Stored,
    Text,
    Token,
    TokenResponse,
    Unknown,
    Value,
    alternatives,
    concat,
    literal_of,
    read_back,
    store_key_of,
    union,
)

if TYPE_CHECKING:
    from scopelint.flow.interpreter import Interpreter
    from scopelint.packs.knowledge import ArgSpec, HttpClient, HttpMethod, TokenRequestLibrary
    from scopelint.packs.schema import DeferredCall, StoreSpec, Verifier

_ENCODERS = {"urllib.parse.urlencode", "urllib.urlencode", "json.dumps", "urllib.parse.quote"}
_DECODERS = {"json.loads", "json.load"}
# string methods whose result is the same text, as far as a header or a key is concerned
_SAME_TEXT_METHODS = frozenset({"strip", "rstrip", "lstrip", "encode", "decode"})
_PARTIALS = {"functools.partial"}  # a callable with some of its arguments given
_ENV_GETTERS = {"os.getenv", "os.environ.get", "os.environ.__getitem__"}
_URLOPEN = {"urllib.request.urlopen", "urllib2.urlopen"}
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_TASK_SENDERS = ("delay", "apply_async", "s", "si", "send")  # Celery: run the task with these arguments


class Libraries:
    def __init__(self, interpreter: Interpreter) -> None:
        self.it = interpreter
        self.knowledge = interpreter.knowledge
        self.effects = Effects()
        self.scripts = ScriptLibraries(self)
        self.files = Files(self)
        self.verified: set[tuple[str, int]] = set()  # arguments of ID-token verifiers
        self.verified_by: dict[tuple[str, int], tuple[str, Ref]] = {}  # the verifier as written, its call
        self.dependency_calls: set[Ref] = set()  # `Depends(f)` calls: their value is f's
        self._built_requests: dict[Instance, Value] = {}  # a request object: the response to it
        self._store_writes: dict[tuple[int, str, str], list[tuple[str, int | None, Frame | None, Value | None]]] = {}
        knowledge = self.knowledge
        self.instance_classes = knowledge.instance_classes() | {
            name for store in knowledge.stores for name in store.classes
        }
        # every library name read is looked up here (`external`): the first store that names it
        self._store_objects: dict[str, StoreSpec] = {}
        self._registered_base_urls: dict[str, Value] = {}  # registry key -> api_base_url
        self._variable_stores: dict[str, StoreSpec] = {}
        for store in reversed(knowledge.stores):
            self._store_objects.update(dict.fromkeys(store.objects, store))
            self._variable_stores.update(dict.fromkeys(store.variables, store))
        # `request.session`: another store's attribute keeps its meaning on a store variable
        self.store_attributes = {name for store in knowledge.stores for name in store.attributes}
        self.mutators = (
            {"update", "setdefault", "add_header", "add_unredirected_header"}
            | {method.name for store in knowledge.stores for method in (*store.set, *store.writers)}
            | self.scripts.mutators
            | _LIST_MUTATORS
        )

    def reset(self, paths: set[str] | None) -> None:
        """A new pass over the files `paths` (None: all): what was recorded there is recorded
        again (writes are kept)."""
        self.effects.clear(paths)

    def is_dependency_call(self, ref: Ref) -> bool:
        self.it.heap.shared_read(("dependency", ref))
        return ref in self.dependency_calls

    def external(self, qualname: str) -> Value:
        """A library name: a store object (`flask.session`, `localStorage`) is the store."""
        store = self._store_object(qualname)
        return Store(store.kind) if store is not None else External(qualname)

    def is_instance_class(self, qualname: str) -> bool:
        return qualname in self.instance_classes or self.scripts.is_instance_class(qualname)

    # ================================================================== tokens
    def token_at(self, base: Value, key: str, ref: Ref, receiver: Ref | None) -> Token | None:
        """`base[key]` / `base.key` as a token: an id_token or access_token key of anything not
        known to lack it (the key tells: follow the data, not the variable's name)."""
        knowledge = self.knowledge
        weak = False
        if key in knowledge.id_token_keys:
            kind = "id"
        elif key in knowledge.access_token_keys:
            kind = "access"
        elif self.names_id_token(key) and not isinstance(base, (TokenResponse, Stored)):
            # a field named after one (`user.auth0_id_token`, a database column) where the data
            # says nothing better: taken at its word, as a parameter named `id_token` is
            kind, weak = "id", True
        else:
            return None
        if isinstance(base, (Text, Token, Function, BoundMethod, Sequence, Nothing)):
            return None
        if isinstance(base, BrowserData) and base.factory:
            return None
        requests: frozenset[str] = frozenset()
        browser = False
        session = None
        if isinstance(base, TokenResponse):
            requests = frozenset({base.request})
        elif isinstance(base, BrowserData):
            browser = True
        elif isinstance(base, Stored):  # session["user"]["id_token"]: a token response stored elsewhere
            session = f"{base.kind}:{base.key}" if base.session else None
        else:
            receiver_text = self.it.receiver_text(receiver) if receiver is not None else ""
            for settings in knowledge.libraries("settings"):
                container = settings.token_container
                if container and settings.settings is not None and receiver_text.endswith(container):
                    requests = frozenset({self.settings_key(settings, ref.path)})
            browser = not requests and self.it.is_browser_field(receiver)
        description = self.it.source(ref) or key
        return Token(kind, ref, description, requests=requests, browser=browser, session=session, weak=weak)

    def names_id_token(self, name: str) -> bool:
        """A name whose last word is an ID token's (`AUTH0_ID_TOKEN`, `auth0_id_token`,
        `userIdToken`), not one that only ends with its letters (`validToken`)."""
        lowered = name.lower()
        for suffix in self.knowledge.id_token_parameter_names:
            start = len(name) - len(suffix)
            if start < 0 or not lowered.endswith(suffix):
                continue
            before = name[start - 1] if start else ""
            if not before or not before.isalnum() or (name[start].isupper() and not before.isupper()):
                return True
        return False

    def settings_key(self, library: TokenRequestLibrary, path: str) -> str:
        assert library.settings is not None
        return f"{library.library}:{library.settings.backend}@{self.it.graph.app_of(path)}"

    # ================================================================== attributes, items
    def attribute(self, base: Value, name: str, ref: Ref, receiver: Ref | None) -> Value:
        scripts = self.scripts.attribute(base, name, ref, receiver)
        if scripts is not None:
            return scripts
        if isinstance(base, External):
            # a token key of a name bound nowhere (`authResult.idToken` in a page's script) is
            # a token; any other member, the library's name
            token = self.token_at(base, name, ref, receiver)
            return token if token is not None else self.external(f"{base.qualname}.{name}" if base.qualname else name)
        variable = self.variable_store(base, ref.path)
        if variable is not None and name not in self.store_attributes:
            if name in variable.namespaces:  # `app.ctx` of an app the run does not see
                return Member(Store(variable.kind), name)
            written = self.written(ref.path, variable.kind, name)
            if written:
                return self.store_read(Store(variable.kind), name, ref)
        store = self.as_store(base)
        if store is not None:  # app.state, session.modified: its members (a namespace's are keys)
            spec = self.store_of(store)
            if spec is not None and spec.members and name not in spec.namespaces:
                return self.store_read(store, name, ref)
            return Member(store, name)
        if isinstance(base, Instance) and base.qualname:
            return self._instance_attribute(base, name, ref, receiver)
        if isinstance(base, Headers):
            return Unknown(name)
        if isinstance(base, Member):
            if isinstance(base.owner, Store) and self.store_of(base) is not None:
                return self.store_read(base.owner, name, ref)  # app.state.http
            return Member(base.owner, f"{base.name}.{name}")
        if isinstance(base, RegistryClient):
            return Member(base, name)
        if isinstance(base, Response):
            return Unknown(name)
        token = self.token_at(base, name, ref, receiver)
        if token is not None:
            return token
        if isinstance(base, Unknown):
            spec = next((s for s in self.knowledge.stores if name in s.attributes), None)
            if spec is not None:  # request.session, request.cookies
                return Store(spec.kind)
        if isinstance(base, IdClaims):
            return Unknown(name)
        return Unknown(name)

    def _instance_attribute(self, instance: Instance, name: str, ref: Ref, receiver: Ref | None) -> Value:
        knowledge = self.knowledge
        registry = knowledge.library(instance.qualname, "registry")
        if registry is not None:  # oauth.auth0
            return RegistryClient(registry.library, name, instance.alloc)
        client = knowledge.http_clients.get(instance.qualname)
        if client is not None and name == "headers":
            return Headers(instance)
        if client is not None and name == "auth":
            return union(
                [self.it.value_of(w) for w in self.it.written(instance) if w.key == "auth"] or [Unknown("auth")]
            )
        if instance.qualname in knowledge.sdk_clients:
            return Member(instance, name)  # client.users -> its methods call endpoints
        written = [self.it.value_of(w) for w in self.it.written(instance) if w.key == name]
        return union(written) if written else Member(instance, name)

    def item(self, base: Value, key: str | None, ref: Ref, receiver: Ref | None) -> Value:
        store = self.as_store(base)
        if store is not None:
            return self.store_read(store, key, ref)
        if isinstance(base, External) and base.qualname == "os.environ":
            return self._environment(key, ref)
        if isinstance(base, Headers):
            found = [v for k, v in self.headers_of(base) if k == key]
            return union(found) if found else Unknown(key or "")
        if key is None:
            return Unknown("computed key")
        scripts = self.scripts.item(base, key, ref, receiver)
        if scripts is not None:
            return scripts
        return self.token_at(base, key, ref, receiver) or Unknown(key)

    # ================================================================== stores
    def _store_object(self, qualname: str) -> StoreSpec | None:
        return self._store_objects.get(qualname)

    def store_of(self, value: Value) -> StoreSpec | None:
        """The store a value is: a store object, an instance of a store class, a store's
        namespace (`app.state`)."""
        if isinstance(value, Store):
            return next((s for s in self.knowledge.stores if s.kind == value.kind), None)
        if isinstance(value, External):
            return self._store_object(value.qualname)
        if isinstance(value, Instance) and value.qualname:
            return next((s for s in self.knowledge.stores if value.qualname in s.classes), None)
        if isinstance(value, Member) and isinstance(value.owner, Store):
            spec = self.store_of(value.owner)
            return spec if spec is not None and value.name in spec.namespaces else None
        return None

    def variable_store(self, value: Value, path: str) -> StoreSpec | None:
        """The store a Python variable the run does not see is, by its name: `request` (a
        parameter: an unknown value that keeps its name; `self.request`: a library class's
        member)."""
        if isinstance(value, Unknown):
            name = value.hint
        elif isinstance(value, Member) and isinstance(value.owner, Instance):
            name = value.name
        else:
            return None
        spec = self._variable_stores.get(name)
        return spec if spec is not None and self.it.programs[path].language == "python" else None

    def as_store(self, value: Value) -> Store | None:
        """A store object or an instance of a store class as the store itself."""
        if isinstance(value, Store):
            return value
        if isinstance(value, Instance) and value.qualname:
            spec = self.store_of(value)
            return Store(spec.kind) if spec is not None else None
        return None

    def store_write(self, target: Value, key: str | None, path: str, node: int, frame: Frame | None, ref: Ref) -> None:
        """`session[key] = value`, `localStorage.setItem(key, value)`: kept by app, kind and key."""
        store = self.store_of(target)
        if store is None or key is None:
            return
        entry = (self.it.graph.app_of(path), store.kind, key)  # a namespace's keys are the store's
        written = self._store_writes.setdefault(entry, [])
        item = (path, node, frame, None)
        if item not in written:
            written.append(item)
            self.it.heap.shared_write(("store", entry), path)

    def request_attribute(self, name: str, value: Value, ref: Ref) -> None:
        """`request.<name>` is `value` for every reader of the app (a framework sets it)."""
        spec = self._variable_stores.get("request")
        if spec is not None:
            self.store_write_value(spec, name, value, ref)

    def store_write_value(self, store: StoreSpec, key: str | None, value: Value, ref: Ref) -> None:
        if key is None:
            return
        entry = (self.it.graph.app_of(ref.path), store.kind, key)
        written = self._store_writes.setdefault(entry, [])
        item = (ref.path, None, None, value)
        if item not in written:
            written.append(item)
            self.it.heap.shared_write(("store", entry), ref.path)

    def written(self, path: str, kind: str, key: str) -> list[Value]:
        """What the app of `path` writes under `key` of its `kind` store."""
        entry = (self.it.graph.app_of(path), kind, key)
        self.it.heap.shared_read(("store", entry))
        return [
            value if value is not None else self.it.eval(written, node, frame)  # type: ignore[arg-type]
            for written, node, frame, value in self._store_writes.get(entry, [])
        ]

    def store_read(self, store: Store, key: str | None, ref: Ref) -> Value:
        """What the app wrote under the key (read back: a fix there changes every reader's);
        else, for a key that names a token, that token of an unknown request."""
        if key is None:
            return Unknown(f"{store.kind}[?]")
        values = self.written(ref.path, store.kind, key)
        if values:
            return read_back(values, f"{store.kind}:{key}", ref, self.it.source(ref) or key)
        knowledge = self.knowledge
        description = self.it.source(ref) or key
        spec = self.store_of(store)
        user = spec is None or spec.user
        session = f"{store.kind}:{key}" if user else None  # a signed-in user's
        if key in knowledge.id_token_keys:
            return Token("id", ref, description, session=session)
        if key in knowledge.access_token_keys:
            return Token("access", ref, description, session=session)
        return Stored(store.kind, key, user)

    # ================================================================== calls
    def call(
        self, callee: External, args: tuple[Arg, ...], ref: Ref, frame: Frame | None, new: bool, jsx: bool
    ) -> Value:
        name = callee.qualname
        knowledge = self.knowledge
        self._token_reader(knowledge.token_readers.get(name), args, ref)
        found = self.scripts.call(callee, args, ref, frame, new, jsx)
        if found is None:
            found = self.files.call(name, args, ref)
        if found is not None:
            return found
        if name in knowledge.url_joiners and len(args) >= 2:
            return url_join(args[0].value, args[1].value)
        if name == "builtins.dict":
            return self._dict_call(args, ref, frame)
        if name == "builtins.str" and len(args) == 1:
            return args[0].value
        if name in _ENCODERS and args:
            return Encoded(args[0].value)
        if name in _DECODERS and args:
            return self.decoded(args[0].value)
        if name in knowledge.async_wrappers and args and args[0].kind == "pos":
            return args[0].value  # asyncify(GetToken): the class, its methods' async twins
        deferred = knowledge.deferred_functions.get(name)
        if deferred is not None:
            found = self._deferred(deferred, args, ref, frame)
            if found is not None:
                return found
        if name in _PARTIALS and args and args[0].kind == "pos":
            return Partial(args[0].value, tuple((a.kind, a.keyword, a.value, a.ref) for a in args[1:]))
        if name in _ENV_GETTERS and args:
            return self._environment(literal_of(args[0].value), ref)
        if name in knowledge.dependency_markers and args:  # FastAPI: the dependency's value
            if ref not in self.dependency_calls:
                self.dependency_calls.add(ref)
                self.it.heap.shared_write(("dependency", ref), ref.path)
            return union([self.it.apply(o, (), ref, frame) for o in alternatives(args[0].value)])
        if name in knowledge.record_to_mapping_functions and args:  # asdict(record): its fields
            return args[0].value
        if name in knowledge.browser_input_functions or name in knowledge.browser_input_factories:
            return BrowserData(name, factory=name in knowledge.browser_input_factories)
        if name in _URLOPEN and args:
            return self._urlopen(args, ref, frame)
        verifier = knowledge.verifiers.get(name)
        if verifier is not None:
            self._verify(verifier, args, ref)
            return Unknown("verified claims")
        if self.is_instance_class(name):
            instance = Instance(ref, None, name, constructor_args(args))
            self.construct(instance, args, ref, frame)
            return instance
        function = knowledge.http_functions.get(name)
        if function is not None:
            return self.send(function, name, args, ref, frame, None, None)
        return Unknown(f"{name}()")

    def call_value(self, callee: Value, args: tuple[Arg, ...], ref: Ref, frame: Frame | None) -> Value:
        if isinstance(callee, BrowserData) and callee.factory:  # a declared component, rendered
            return BrowserData(callee.source)
        if isinstance(callee, Member):
            return self.method(callee.owner, callee.name, args, ref, frame, None, callee.owner)
        found = self.scripts.call_value(callee, args, ref, frame)
        return found if found is not None else Unknown("call")

    def awaited(self, value: Value) -> Value:
        return self.scripts.awaited(value)

    def _dict_call(self, args: tuple[Arg, ...], ref: Ref, frame: Frame | None) -> Value:
        mapping = Mapping(ref, frame)
        for arg in args:
            if arg.kind == "kw" and arg.keyword:
                self.it.heap.add(mapping, Write(arg.keyword, ref.path, None, None, arg.value, arg.ref))
            else:
                for option in alternatives(arg.value):
                    if isinstance(option, Mapping):
                        for key, value in self.it.entries(option):
                            self.it.heap.add(mapping, Write(key, ref.path, None, None, value, arg.ref))
                    else:
                        self.it.heap.add(mapping, Write(None, ref.path, None, None, option, arg.ref))
        return mapping

    def decoded(self, value: Value) -> Value:
        """json.loads(json.dumps(x)) is x; json.load(response) is the response's body."""
        options = []
        for option in alternatives(value):
            if isinstance(option, Encoded):
                options.append(option.value)
            elif isinstance(option, Response):
                options.append(TokenResponse(option.request) if option.request else Unknown("body"))
            else:
                options.append(option)
        return union(options)

    def _urlopen(self, args: tuple[Arg, ...], ref: Ref, frame: Frame | None) -> Value:
        """urlopen(Request(...)): the request was described where it was built."""
        options: list[Value] = []
        for option in alternatives(args[0].value):
            if isinstance(option, Response):
                options.append(option)
            elif isinstance(option, Instance) and self._was_built(option):
                options.append(self._built_requests[option])
            elif isinstance(option, Text):
                options.append(Response(ref))
            else:
                options.append(Unknown("urlopen"))
        return union(options)

    def _was_built(self, instance: Instance) -> bool:
        self.it.heap.shared_read(("request", instance))
        return instance in self._built_requests

    # ------------------------------------------------------------------ constructors
    def construct(self, instance: Instance, args: tuple[Arg, ...], ref: Ref, frame: Frame | None) -> None:
        """What building a library object does: a request that describes itself
        (`requests.Request(...)`), a management client that will send its token, a
        token-request client (GetToken, an OAuth2Session, a server client)."""
        knowledge = self.knowledge
        client = knowledge.http_clients.get(instance.qualname)
        if client is not None and client.sends_on_construct is not None:
            response = self.send(client.sends_on_construct, instance.qualname, args, ref, frame, instance, client)
            self._built_requests[instance] = response  # what opening it answers (urlopen(req))
            self.it.heap.shared_write(("request", instance), ref.path)
        sdk = knowledge.sdk_clients.get(instance.qualname)
        if sdk is not None:
            token = argument(args, sdk.token)
            if token is not None:
                key = (ref, frame, instance)
                self.effects.sdk_clients.setdefault(
                    key, SdkClient(instance, ref, frame, instance.qualname, token.value, token.ref)
                )
        library = knowledge.token_library_by_name.get(instance.qualname)
        if library is not None and library.shape == "configured_client":
            self._configured_client(library, instance, args, ref, frame)
        self.scripts.construct(instance, args, ref, frame)

    # ------------------------------------------------------------------ methods
    def method(
        self,
        receiver: Value,
        name: str,
        args: tuple[Arg, ...],
        ref: Ref,
        frame: Frame | None,
        receiver_ref: Ref | None,
        original: Value,
    ) -> Value:
        found = self.scripts.method(receiver, name, args, ref, frame, receiver_ref)
        if found is not None:
            return found
        knowledge = self.knowledge
        name = self._synchronous_twin(receiver, name)
        deferred = knowledge.deferred_methods.get(name)
        if deferred is not None and isinstance(receiver, (Unknown, External, Instance)):
            found = self._deferred(deferred, args, ref, frame)
            if found is not None:
                return found
        for store in knowledge.stores:  # response.set_cookie(key, value): into the browser's cookies
            for writer in store.writers:
                if writer.name == name and len(args) > max(writer.key, writer.value):
                    self.store_write_value(store, literal_of(args[writer.key].value), args[writer.value].value, ref)
                    return Nothing()
        for registry in knowledge.libraries("registry"):
            # the client is often used in another module than the registry: its method says it
            if name in registry.token_methods and not isinstance(receiver, (Text, Mapping)):
                client = receiver if isinstance(receiver, RegistryClient) else None
                client_name = client.name if client is not None else self._receiver_name(receiver_ref)
                return TokenResponse(
                    self.registry_key(registry.library, client.registry if client else None, client_name, ref.path)
                )
            if name in registry.redirect_methods and isinstance(receiver, RegistryClient):
                self._redirect(registry, receiver, args, ref, frame)
                return Unknown("redirect")
            if registry.http_methods_of and isinstance(receiver, RegistryClient):
                http_client = knowledge.http_clients.get(registry.http_methods_of)
                spec = http_client.method(name) if http_client is not None else None
                if spec is not None:
                    return self._registry_send(registry, receiver, spec, args, ref, frame)
        found = self.files.method(receiver, name, args, ref)
        if found is not None:
            return found
        if isinstance(receiver, Response):
            if name in ("json", "read"):
                return TokenResponse(receiver.request) if receiver.request else Unknown("body")
            if name == "raise_for_status":
                return Nothing()
            return Unknown(name)
        if isinstance(receiver, Instance) and receiver.qualname:
            return self._instance_method(receiver, name, args, ref, frame, original)
        if isinstance(receiver, Member):
            return self._member_call(receiver, name, args, ref, frame)
        if isinstance(receiver, External):
            return self.call(External(f"{receiver.qualname}.{name}"), args, ref, frame, False, False)
        if isinstance(receiver, Headers):
            return self._mapping_mutation(receiver, name, args, ref)
        if isinstance(receiver, Store):
            return self._store_method(receiver, name, args, ref)
        if isinstance(receiver, Mapping):
            return self._mapping_method(receiver, name, args, ref, frame)
        if isinstance(receiver, Text):
            return self._text_method(receiver, name, args)
        if isinstance(receiver, Token) and name in _SAME_TEXT_METHODS:
            return receiver  # `token.strip()`: the same token
        if isinstance(receiver, Sequence) and name in _LIST_MUTATORS:
            # `SCOPES.append(...)`: the literal no longer says what the list holds (`_joined`).
            # Kept by the literal, whatever frame read it: a module's list is one list.
            changed = replace(receiver, frame=None)
            self.it.heap.add(changed, Write(None, ref.path, None, None, Unknown(f".{name}()"), ref))
            return Unknown(f".{name}()")
        if isinstance(receiver, Encoded) and name == "encode":
            return receiver
        if isinstance(receiver, (Function, BoundMethod)) and name in _TASK_SENDERS:
            return self._task(receiver, name, args, ref, frame)
        if name == "get" and args and not isinstance(receiver, (Instance, Response)):
            key = literal_of(args[0].value)
            value = self.it.item(receiver, key, ref, receiver_ref)
            if len(args) > 1 and isinstance(value, (Unknown, Nothing)):
                return union([value, args[1].value]) if isinstance(value, Unknown) else args[1].value
            return value
        return Unknown(f".{name}()")

    def _synchronous_twin(self, receiver: Value, name: str) -> str:
        """`users.get_async(...)` of an async-capable client (auth0-python 4.x): `users.get`."""
        owner = receiver.owner if isinstance(receiver, Member) else receiver
        suffix = self.knowledge.async_suffixes.get(owner.qualname) if isinstance(owner, Instance) else None
        return name[: -len(suffix)] if suffix and name.endswith(suffix) and len(name) > len(suffix) else name

    def _receiver_name(self, receiver_ref: Ref | None) -> str:
        text = self.it.receiver_text(receiver_ref)
        return text.rsplit(".", 1)[-1] if text else "?"

    def _text_method(self, text: Text, name: str, args: tuple[Arg, ...]) -> Value:
        if name == "format" and text.literal() is not None:
            positional = [a.value for a in args if a.kind == "pos"]
            keywords = {a.keyword: a.value for a in args if a.kind == "kw" and a.keyword}
            return str_format(text.literal() or "", positional, keywords)
        if name in _SAME_TEXT_METHODS and not args:
            return text
        if name == "join" and len(args) == 1 and args[0].kind == "pos" and text.literal() is not None:
            return self._joined(text.literal() or "", args[0].value)
        return Unknown(f".{name}()")

    def _joined(self, separator: str, items: Value) -> Value:
        """`" ".join(["openid", "profile"])` (a scope built from a list): the list's items, when
        its literal is all it can hold (nothing appended to it anywhere in the run)."""
        options = alternatives(items)
        if (
            len(options) != 1
            or not isinstance(options[0], Sequence)
            or self.it.written(replace(options[0], frame=None))
        ):
            return Unknown(".join()")
        values = self.it.sequence_items(options[0])
        if values is None:
            return Unknown(".join()")
        pieces: list[Value] = []
        for index, value in enumerate(values):
            if index:
                pieces.append(Text((separator,)))
            pieces.append(value)
        return concat(*pieces) if pieces else Text(())

    def _mapping_method(
        self, mapping: Mapping, name: str, args: tuple[Arg, ...], ref: Ref, frame: Frame | None
    ) -> Value:
        if name == "get" and args:
            key = literal_of(args[0].value)
            found = self.it.entry(mapping, key) if key is not None else None
            default = args[1].value if len(args) > 1 else None
            if found is not None:
                return found
            if key is not None and not self.it.is_open(mapping):
                return default if default is not None else Unknown(key)
            value = self.it.item(mapping, key, ref)
            return union([value, default]) if default is not None else value
        if name == "copy":
            return mapping
        return self._mapping_mutation(mapping, name, args, ref)

    def _mapping_mutation(self, target: Value, name: str, args: tuple[Arg, ...], ref: Ref) -> Value:
        """`d.update(...)`, `d.setdefault(k, v)`, `request.add_header(k, v)`: written into it."""
        if name == "update":
            for arg in args:
                if arg.kind == "kw" and arg.keyword:
                    self.it.heap.add(target, Write(arg.keyword, ref.path, None, None, arg.value, arg.ref))
                    continue
                for option in alternatives(arg.value):
                    if isinstance(option, Mapping):
                        for key, entry_ref, value in self.it.entry_refs(option):
                            self.it.heap.add(target, Write(key, ref.path, None, None, value, entry_ref))
                    elif not isinstance(option, Nothing):
                        self.it.heap.add(target, Write(None, ref.path, None, None, option, arg.ref))
            return Nothing()
        if name in ("setdefault", "add_header", "add_unredirected_header", "__setitem__") and len(args) >= 2:
            key = literal_of(args[0].value)
            self.it.heap.add(target, Write(key, ref.path, None, None, args[1].value, args[1].ref))
            return args[1].value
        return Unknown(f".{name}()")

    def _store_method(self, store: Store, name: str, args: tuple[Arg, ...], ref: Ref) -> Value:
        spec = self.store_of(store)
        if spec is None:
            return Unknown(name)
        for method in spec.get:
            if method.name == name and len(args) > method.key:
                value = self.store_read(store, store_key_of(args[method.key].value), ref)
                if len(args) > method.key + 1 and isinstance(value, Unknown):
                    return union([value, args[method.key + 1].value])
                return value
        for method in spec.set:
            if method.name == name and len(args) > max(method.key, method.value):
                self.store_write_value(spec, store_key_of(args[method.key].value), args[method.value].value, ref)
                return Nothing()
        return Unknown(name)

    def _task(self, task: Value, name: str, args: tuple[Arg, ...], ref: Ref, frame: Frame | None) -> Value:
        """Celery: `task.delay(*args)`, `task.apply_async(args=[...], kwargs={...})` run the task."""
        if name == "apply_async":
            passed: list[Arg] = []
            for arg in args:
                if arg.kind == "kw" and arg.keyword == "args":
                    for option in alternatives(arg.value):
                        if isinstance(option, Sequence):
                            items = self.it.sequence_items(option) or []
                            passed.extend(Arg("pos", None, item, arg.ref) for item in items)
                elif arg.kind == "kw" and arg.keyword == "kwargs":
                    passed.append(Arg("dstar", None, arg.value, arg.ref))
                elif arg.kind == "pos" and not passed:
                    for option in alternatives(arg.value):
                        if isinstance(option, Sequence):
                            items = self.it.sequence_items(option) or []
                            passed.extend(Arg("pos", None, item, arg.ref) for item in items)
            args = tuple(passed)
        if self._binds_task(task):  # @app.task(bind=True): the task itself comes first
            args = (Arg("pos", None, Unknown("bound task"), None), *args)
        self.it.apply(task, args, ref, frame)
        return Unknown("task")

    def _deferred(self, spec: DeferredCall, args: tuple[Arg, ...], ref: Ref, frame: Frame | None) -> Value | None:
        """`tasks.add_task(fn, a, k=b)`, `asyncio.to_thread(fn, a)`: fn is called with the
        arguments after it. None when the argument is not a function the run sees."""
        if len(args) <= spec.function or any(a.kind != "pos" for a in args[: spec.function + 1]):
            return None
        function = args[spec.function].value
        callables = [o for o in alternatives(function) if isinstance(o, (Function, BoundMethod, Partial))]
        if not callables:
            return None
        result = union([self.it.apply(o, args[spec.function + 1 :], ref, frame) for o in callables])
        return result if spec.result else Unknown("deferred call")

    def _binds_task(self, task: Value) -> bool:
        """A task declared with `bind=True` (`@app.task(bind=True)`, `@shared_task(bind=True)`)."""
        if not isinstance(task, Function):
            return False
        program = self.it.programs[task.path]
        for decorator in program.functions[task.index].decorators:
            node = program.nodes[decorator]
            if node[0] == "call" and any(
                kind == "kw" and keyword == "bind" and program.nodes[value] == ("const", "true")
                for kind, keyword, value in node[2]
            ):
                return True
        return False

    def _instance_method(
        self, instance: Instance, name: str, args: tuple[Arg, ...], ref: Ref, frame: Frame | None, original: Value
    ) -> Value:
        knowledge = self.knowledge
        qualname = instance.qualname
        store = self.store_of(instance)
        if store is not None:
            return self._store_method(Store(store.kind), name, args, ref)
        library = knowledge.token_library_by_name.get(qualname)
        if library is not None:
            found = self._token_library_method(library, instance, name, args, ref, frame)
            if found is not None:
                return found
        client = knowledge.http_clients.get(qualname)
        if client is not None:
            if name in client.header_methods and len(args) >= 2:
                return self._mapping_mutation(Headers(instance), "setdefault", args, ref)
            method = client.method(name)
            if method is not None:
                return self.send(method, qualname, args, ref, frame, instance, client)
        verifier = knowledge.verifiers.get(f"{qualname}.{name}")
        if verifier is not None:
            self._verify(verifier, args, ref)
            return Unknown("verified claims")
        self._token_reader(knowledge.token_readers.get(f"{qualname}.{name}"), args, ref)
        if qualname in knowledge.sdk_clients:
            return self._member_call(Member(instance, ""), name, args, ref, frame)
        return Unknown(f"{qualname}.{name}()")

    def _token_reader(self, reader: Verifier | None, args: tuple[Arg, ...], ref: Ref) -> None:
        """`jwt.decode(token, ...)`: another reader of the token than the Management API."""
        found = argument(args, reader.token) if reader is not None else None
        if found is not None:
            self.effects.read(found.value, ref)

    def _verify(self, verifier, args: tuple[Arg, ...], ref: Ref) -> None:
        """The argument of an ID-token verifier is an ID token wherever it is read."""
        token = argument(args, verifier.token)
        if token is None or token.ref is None:
            return
        # a read of a variable: the variable (every read of it) is the ID token
        node = token.ref.node
        op = self.it.programs[token.ref.path].nodes[node]
        if op[0] == "var":
            node = op[1]
        elif op[0] != "alias":
            return  # an expression, not a variable: nothing else reads it
        where = (token.ref.path, node)
        if where not in self.verified:
            self.verified.add(where)
            callee = self.it.programs[ref.path].nodes[ref.node][1]
            self.verified_by[where] = (self.it.source(Ref(ref.path, callee)) or "a verifier", ref)
            self.it.heap.changed(where[0])  # every evaluation of the variable reads it

    def _member_call(self, member: Member, name: str, args: tuple[Arg, ...], ref: Ref, frame: Frame | None) -> Value:
        """A method of a management client: `client.users.get(id)` calls GET /users/{id}."""
        owner = member.owner
        if not isinstance(owner, Instance):
            return Unknown(name)
        knowledge = self.knowledge
        sdk = knowledge.sdk_clients.get(owner.qualname)
        if sdk is None:
            return self.scripts.member_call(member, name, args, ref, frame) or Unknown(name)
        method = ".".join(p for p in (member.name, name) if p)
        endpoint = knowledge.sdk_methods.get(sdk.method_prefix + method)
        if endpoint is None:
            return Member(owner, method)
        client = next((c for key, c in self.effects.sdk_clients.items() if c.instance == owner), None)
        if client is None:
            return Unknown(name)
        body, body_ref, body_keys = self._sdk_body(endpoint, args)
        self.effects.sdk_calls.setdefault(
            (ref, frame, owner), SdkCall(client, ref, frame, endpoint, body, body_ref, body_keys)
        )
        return Unknown("management api result")

    @staticmethod
    def _sdk_body(endpoint: str, args: tuple[Arg, ...]) -> tuple[Value | None, Ref | None, list[str] | None]:
        """users.update(id, body) / link_user_account(id, body); 5.x keyword bodies:
        users.update(id, password=...), users.identities.link(id, provider=..., user_id=...)."""
        if endpoint not in ("update-user", "link-identity"):
            return None, None, None
        positional = [a for a in args if a.kind == "pos"]
        if len(positional) >= 2:
            return positional[1].value, positional[1].ref, None
        keywords = [a.keyword for a in args if a.kind == "kw" and a.keyword]
        if keywords:
            return Unknown("keywords"), None, keywords
        return None, None, None

    # ================================================================== HTTP
    def send(
        self,
        spec: HttpMethod,
        client_name: str,
        args: tuple[Arg, ...],
        ref: Ref,
        frame: Frame | None,
        instance: Instance | None,
        client: HttpClient | None,
        base_url: Value | None = None,
        own_token: Value | None = None,
    ) -> Value:
        """A request: its method, URL, headers and body by the pack's argument specs, and the
        client's base URL and default headers. A POST to the token endpoint is a token request.
        `base_url`, `own_token`: those of a client that is not an HTTP client class (a
        registered OAuth client that sends its own token)."""
        knowledge = self.knowledge
        method = self._http_method(spec, args)
        url = self._url(spec, args, instance, client)
        if base_url is not None:
            url = join_base_url(base_url, url)
        headers: list[Value] = []
        headers_arg = argument(args, spec.headers)
        if headers_arg is not None:
            headers.append(headers_arg.value)
        if instance is not None and client is not None:
            if client.headers is not None and instance.args:
                ctor = _ctor_arg(instance, client.headers)
                if ctor is not None:
                    headers.append(ctor)
            headers.append(Headers(instance))
            headers.extend(self.it.value_of(w) for w in self.it.written(instance) if w.key == "headers")
        body, body_ref = None, None
        body_specs = [spec.body] if spec.body else [_keyword(k) for k in sorted(knowledge.body_keywords)]
        for body_spec in body_specs:
            found = argument(args, body_spec)
            if found is not None:
                body, body_ref = self.decoded_body(found.value), found.ref
                break
        if instance is not None:
            session = knowledge.library(instance.qualname, "session")
            given = _ctor_arg(instance, session.token) if session is not None else None
            if given is not None:  # a token obtained before: its access token, if the run sees it
                # the key of a token response's access token (RFC 6749 §5.1), which the session reads
                own_token = union([self.it.item(o, "access_token", ref) for o in alternatives(given)])
            elif session is not None:
                own_token = Token(
                    "access", ref, "the session's token", frozenset({self.session_key(instance)}), fixable=False
                )
        auth_arg = argument(args, _keyword("auth"))
        if auth_arg is not None:
            headers.extend(self._auth_headers(auth_arg.value, ref, frame))
        if instance is not None and client is not None:
            headers.extend(self._auth_headers(self._instance_auth(instance), ref, frame))
        send = Send(ref, frame, client_name, method, url, headers, [], body, body_ref, own_token)
        self.effects.sends.setdefault((ref, frame), send)
        request = self._token_request(send, args, instance)
        params_arg = argument(args, spec.params or _keyword(knowledge.params_keyword))
        if params_arg is not None:
            self._authorize_params(send, params_arg, frame)
        return Response(ref, request.key if request is not None else None)

    def _instance_auth(self, instance: Instance) -> Value:
        """A client's own auth object: given to its constructor (`httpx.Client(auth=...)`) or
        set on it (`session.auth = ...`)."""
        written = [self.it.value_of(w) for w in self.it.written(instance) if w.key == "auth"]
        given = _ctor_arg(instance, _keyword("auth"))
        if given is not None:
            written.append(given)
        return union(written) if written else Nothing()

    def _auth_headers(self, auth: Value, ref: Ref, frame: Frame | None) -> list[Value]:
        """`auth=BearerAuth(token)`: an auth object (a requests.auth.AuthBase, an httpx.Auth)
        whose hook (`auth_hooks`: `__call__`, `auth_flow`) sets the Authorization header of
        the request it is given."""
        found: list[Value] = []
        for option in alternatives(auth):
            if isinstance(option, Instance) and option.klass is not None:
                hooks = (self.it.instance_attribute(option, name) for name in self.knowledge.auth_hooks)
                hook = next((h for h in hooks if h is not None), None)
                if hook is None:
                    continue
                request = Instance(ref, None, "requests.PreparedRequest", ())
                self.it.apply(hook, (Arg("pos", None, request, ref),), ref, frame)
                found.append(Headers(request))
            elif isinstance(option, Sequence):
                continue  # (user, password): basic auth
        return found

    def decoded_body(self, value: Value) -> Value:
        return union([o.value if isinstance(o, Encoded) else o for o in alternatives(value)])

    def headers_of(self, source: Value) -> list[tuple[str | None, Value]]:
        return [(key, value) for key, _, value in self.header_entries(source)]

    def header_entries(self, source: Value) -> list[tuple[str | None, Ref | None, Value]]:
        """Every (name, where written, value) a header source may hold."""
        found: list[tuple[str | None, Ref | None, Value]] = []
        for option in alternatives(source):
            if isinstance(option, Mapping):
                found.extend(self.it.entry_refs(option))
            elif isinstance(option, Headers):
                for write in self.it.written(option):
                    found.append((write.key, write.ref, self.it.value_of(write)))
            elif isinstance(option, Encoded):
                found.extend(self.header_entries(option.value))
        return found

    @staticmethod
    def _http_method(spec: HttpMethod, args: tuple[Arg, ...]) -> str | None:
        from scopelint.packs.knowledge import ArgSpec

        if isinstance(spec.method, str):
            return spec.method
        if isinstance(spec.method, ArgSpec):
            found = argument(args, spec.method)
            if found is None:
                return _default_method(spec, args)
            literal = literal_of(found.value)
            return literal.upper() if literal else None
        return None

    def _url(
        self, spec: HttpMethod, args: tuple[Arg, ...], instance: Instance | None, client: HttpClient | None
    ) -> Value:
        found = argument(args, spec.url)
        if found is None:
            return Text(())
        url = found.value
        if instance is None or client is None or not instance.args:
            return url
        if client.base_url is not None:
            base = _ctor_arg(instance, client.base_url)
            if base is not None:
                return join_base_url(base, url)
        if client.host is not None:
            host = _ctor_arg(instance, client.host)
            if host is not None:
                return concat(Text(("https://",)), host, url)
        return url

    # ================================================================== token requests
    def _token_request(self, send: Send, args: tuple[Arg, ...], instance: Instance | None) -> Request | None:
        """POST {domain}/oauth/token: a token request, its parameters in the body."""
        endpoints = self.knowledge.token_endpoints
        url = next((o for o in alternatives(send.url) if isinstance(o, Text)), None)
        if url is None:
            return None
        parts = split_url(render(url))
        path = re.split(r"[?#]", parts[1])[0].rstrip("/") if parts else ""
        if not path.endswith(endpoints.token_path):
            return None
        params, unknown = self.body_params(send.body)
        grant = literal_of(params["grant_type"].value) if "grant_type" in params else None
        grant_type = endpoints.grant_types.get(grant or "")
        container = self.container_of(send.body, send.body_ref)

        host = parts[0] if parts else None
        url_arg = argument(args, _keyword("url") if instance is not None else _position_or_keyword(0, "url"))
        # at the body dict when the body is written as one; an encoded body
        # (JSON.stringify, urlencode) at the request
        at = container if container is not None and not send.encoded and self._is_dict(container) else send.ref
        # one request per body written: a helper that posts the bodies its callers build
        # (post_json(url, {...})) sends as many token requests as there are bodies
        body = container if container is not None and self._is_dict(container) else send.ref
        request = Request(
            key=f"{send.ref.path}#{send.ref.node}" if body == send.ref else f"{body.path}#b{body.node}",
            ref=at,
            frame=send.frame,
            flow=grant_type.flow if grant_type else "unknown",
            user_facing=grant_type.user_facing if grant_type else None,
            library="http",
            audience=params.get(endpoints.audience_key),
            scope=params.get(endpoints.scope_key),
            unknown_params=unknown,
            container=container if container is not None else send.ref,
            domain=Text((host,)) if host and "\x00" not in host else None,
            domain_ref=url_arg.ref if url_arg is not None and instance is None else None,
        )
        self.record(request)
        return request

    def _is_dict(self, ref: Ref) -> bool:
        return self.it.programs[ref.path].nodes[ref.node][0] == "dict" if ref.node >= 0 else False

    def container_of(self, value: Value | None, fallback: Ref | None) -> Ref | None:
        """The dict literal a body or a parameter mapping is written as (where a missing
        parameter would go), when there is exactly one."""
        mappings = [o for o in alternatives(value) if isinstance(o, Mapping)] if value is not None else []
        for option in alternatives(value) if value is not None else ():
            if isinstance(option, Encoded):
                mappings += [o for o in alternatives(option.value) if isinstance(o, Mapping)]
        if mappings:
            return mappings[-1].alloc
        return fallback

    def body_params(self, body: Value | None) -> tuple[dict[str, Param], bool]:
        """The parameters a body or a parameter mapping sends, and whether others may hide in
        it (a spread of something unknown): unknown is not absent."""
        params: dict[str, Param] = {}
        unknown = False
        for option in alternatives(body) if body is not None else ():
            if isinstance(option, Encoded):
                option = option.value
            for inner in alternatives(option):
                if isinstance(inner, Mapping):
                    for key, ref, value in self.it.entry_refs(inner):
                        if key is None:
                            # what it holds may be any parameter, and overrides those written before it
                            unknown = True
                            params = {k: Param(Unknown("overridden by a spread"), p.ref) for k, p in params.items()}
                        else:
                            params[key] = Param(value, ref)
                elif not isinstance(inner, Nothing):
                    unknown = True
        return params, unknown

    def record(self, request: Request) -> None:
        self.effects.requests.setdefault((request.key, request.ref, request.frame), request)

    def _authorize_params(self, send: Send, params_arg: Arg, frame: Frame | None) -> None:
        """requests.get(AUTHORIZE_URL, params={...}): an /authorize request."""
        endpoints = self.knowledge.token_endpoints
        url = next((o for o in alternatives(send.url) if isinstance(o, Text)), None)
        if url is None or endpoints.authorize_path not in render(url):
            return
        params, unknown = self.body_params(params_arg.value)
        container = self.container_of(params_arg.value, None)
        self._authorize(send.ref, frame, params, unknown, container, url)

    def authorize_urls(self, ref: Ref, value: Value, frame: Frame | None) -> None:
        """An /authorize URL written as a string (also inside HTML): a token request."""
        for option in alternatives(value):
            if isinstance(option, Text):
                found = self._query(option)
                if found is not None:
                    params, unknown, container = found
                    self._authorize(ref, frame, params, unknown, container, option)
                    return

    def _authorize(
        self, ref: Ref, frame: Frame | None, params: dict[str, Param], unknown: bool, container: Ref | None, url: Text
    ) -> None:
        endpoints = self.knowledge.token_endpoints
        pattern = r"[a-zA-Z][a-zA-Z0-9+.-]*://([^/\s\"'<>]+)" + re.escape(endpoints.authorize_path)
        match = re.search(pattern, render(url))
        host = match.group(1) if match else None
        self.record(
            Request(
                key=f"{ref.path}#a{ref.node}",
                ref=ref,
                frame=frame,
                flow="authorize",
                user_facing=True,
                library="authorize-url",
                audience=params.get(endpoints.audience_key),
                scope=params.get(endpoints.scope_key),
                response_type=params.get(endpoints.response_type_key),
                unknown_params=unknown,
                domain=Text((host,)) if host and "\x00" not in host else None,
                domain_ref=ref,
                container=container,
            )
        )

    def _query(self, text: Text) -> tuple[dict[str, Param], bool, Ref | None] | None:
        """The query parameters of an /authorize URL in `text`, or None when it has none."""
        path = self.knowledge.token_endpoints.authorize_path
        items: list[str | Value] = []
        for part in text.parts:
            items.extend(part if isinstance(part, str) else [part])
        rendered = "".join(i if isinstance(i, str) else "\x00" for i in items)
        at = rendered.find(path + "?")
        encoded = [i for i in items if isinstance(i, Encoded)]
        if at < 0:
            if path in rendered and encoded:
                params, unknown = self.body_params(encoded[0].value)
                return params, unknown, self.container_of(encoded[0].value, None)
            return None
        start = at + len(path) + 1
        end = len(items)
        for index in range(start, len(items)):
            item = items[index]
            if isinstance(item, str) and item in "\"' <>#\n":
                end = index
                break
        params = {}
        unknown = False
        container: Ref | None = None
        segment: list[str | Value] = []
        for item in [*items[start:end], "&"]:
            if item == "&":
                _segment(segment, params)
                segment = []
            elif isinstance(item, Encoded):
                found, hidden = self.body_params(item.value)
                params.update(found)
                unknown = unknown or hidden
                container = self.container_of(item.value, None)
            else:
                segment.append(item)
        return params, unknown, container

    # ------------------------------------------------------------------ token-request libraries
    def _token_library_method(
        self,
        library: TokenRequestLibrary,
        instance: Instance,
        name: str,
        args: tuple[Arg, ...],
        ref: Ref,
        frame: Frame | None,
    ) -> Value | None:
        if library.shape == "token_client":
            method = library.method(name)
            if method is None:
                return None
            endpoints = self.knowledge.token_endpoints
            grant_type = next((g for g in endpoints.grant_types.values() if g.flow == method.flow), None)
            domain = _ctor_arg(instance, library.domain) if library.domain is not None else None
            request = Request(
                key=f"{ref.path}#{ref.node}",
                ref=ref,
                frame=frame,
                flow=method.flow,
                user_facing=grant_type.user_facing if grant_type else True,
                library=library.library,
                audience=self._arg_param(args, method.audience),
                scope=self._arg_param(args, method.scope),
                unknown_params=any(a.kind in ("star", "dstar") for a in args),
                domain=domain,
                domain_ref=self._ctor_ref(instance, library.domain),
                container=ref,
                settable=tuple(
                    n for n, s in (("audience", method.audience), ("scope", method.scope)) if s and s.keyword
                ),
            )
            self.record(request)
            return TokenResponse(request.key, ref)
        if library.shape == "session":
            key = self.session_key(instance)
            requesting = (*library.parameter_methods, *library.token_methods)
            if _ctor_arg(instance, library.token) is None or name in requesting:
                self._session_request(library, instance, frame)
            if name in library.parameter_methods:
                endpoints = self.knowledge.token_endpoints
                piece = Request(
                    key=key,
                    ref=ref,
                    frame=frame,
                    flow="authorization_code",
                    user_facing=True,
                    library=library.library,
                    audience=self._arg_param(args, _keyword(endpoints.audience_key)),
                    scope=self._arg_param(args, _keyword(endpoints.scope_key)),
                    partial=True,
                    primary=False,
                )
                if piece.audience is not None or piece.scope is not None:
                    self.record(piece)
            if name in library.token_methods:
                return TokenResponse(key, ref)
            return None
        if library.shape == "configured_client" and name in library.access_token_methods:
            return Token(
                "access", ref, self.it.source(ref) or name, frozenset({f"{instance.alloc.path}#c{instance.alloc.node}"})
            )
        if library.shape == "registry" and (name == library.register or name in library.client_getters):
            name_arg = argument(args, library.client_name)
            client_name = literal_of(name_arg.value) if name_arg is not None else None
            if client_name is None:
                return Unknown("client")
            if name == library.register:
                self._register(library, instance, client_name, args, ref, frame)
            return RegistryClient(library.library, client_name, instance.alloc)
        return None

    def session_key(self, instance: Instance) -> str:
        """The flow a session belongs to. The sessions of one OAuth client in one app are one
        flow (a login view builds one to redirect with its scope, the callback another to
        fetch the token): keyed by the client id they are built with (`client_name`), when
        the run knows which client it is. Else each session is its own flow."""
        library = self.knowledge.library(instance.qualname, "session")
        client = _ctor_arg(instance, library.client_name) if library is not None else None
        identity = _client_identity(client) if client is not None else None
        if library is None or identity is None:
            return f"{instance.alloc.path}#s{instance.alloc.node}"
        return f"{library.library}:{identity}@app{self.it.graph.app_of(instance.alloc.path)}"

    def _session_request(self, library: TokenRequestLibrary, instance: Instance, frame: Frame | None) -> None:
        scope = _ctor_param(instance, library.scope)
        self.record(
            Request(
                key=self.session_key(instance),
                ref=instance.alloc,
                frame=None,
                flow="authorization_code",
                user_facing=True,
                library=library.library,
                scope=scope,
                container=instance.alloc,
                settable=("scope",),
                partial=True,
                # of a client's sessions, the one given the scope is the flow's authorize step
                primary=scope is not None,
            )
        )

    def _configured_client(
        self, library: TokenRequestLibrary, instance: Instance, args: tuple[Arg, ...], ref: Ref, frame: Frame | None
    ) -> None:
        params_arg = argument(args, library.parameters_argument)
        params, unknown = self.body_params(params_arg.value) if params_arg is not None else ({}, False)
        domain_arg = argument(args, library.domain)
        self.record(
            Request(
                key=f"{ref.path}#c{ref.node}",
                ref=ref,
                frame=frame,
                flow="authorization_code",
                user_facing=True,
                library=library.library,
                audience=_first(params, library.parameters.audience),
                scope=_first(params, library.parameters.scope),
                unknown_params=unknown,
                container=self.container_of(params_arg.value, params_arg.ref) if params_arg is not None else ref,
                domain=domain_arg.value if domain_arg is not None else None,
                domain_ref=domain_arg.ref if domain_arg is not None else None,
            )
        )

    def registry_key(self, library: str, registry: Ref | None, name: str, path: str) -> str:
        """A registered client, by its registry object when known; else by name in the app."""
        if registry is not None:
            return f"{library}:{name}@{registry.path}#{registry.node}"
        return f"{library}:{name}@app{self.it.graph.app_of(path)}"

    def _environment(self, name: str | None, ref: Ref) -> Value:
        """An environment variable: unknown, but named; one whose name says it is an ID token
        (`AUTH0_ID_TOKEN`) is taken at its word, as a parameter named `id_token` is, where
        nothing better is known."""
        if name and self.names_id_token(name):
            return Token("id", ref, f"{_ENVIRONMENT_HINT}{name}", weak=True, fixable=False)
        return Unknown(f"{_ENVIRONMENT_HINT}{name or ''}")

    def _registry_send(
        self,
        library: TokenRequestLibrary,
        client: RegistryClient,
        spec: HttpMethod,
        args: tuple[Arg, ...],
        ref: Ref,
        frame: Frame | None,
    ) -> Value:
        """`oauth.auth0.get("users/...", token=...)`: a request relative to the registered
        base URL, whose Bearer is the `token=` given, else the client's own token."""
        key = self.registry_key(library.library, client.registry, client.name, ref.path)
        given = argument(args, _keyword("token"))
        if given is not None:
            own_token: Value = union([self.it.item(o, "access_token", ref) for o in alternatives(given.value)])
        else:
            own_token = Token("access", ref, "the client's token", frozenset({key}), fixable=False)
        self.it.heap.shared_read(("registered", key))
        base = self._registered_base_urls.get(key)
        return self.send(spec, library.library, args, ref, frame, None, None, base, own_token)

    def _register(
        self,
        library: TokenRequestLibrary,
        registry: Instance,
        client: str,
        args: tuple[Arg, ...],
        ref: Ref,
        frame: Frame | None,
    ) -> None:
        insert = argument(args, _keyword(library.insert_into)) if library.insert_into else None
        container = ref
        if insert is not None:
            found = self.container_of(insert.value, None)
            if found is not None and self._is_dict(found):
                container = found
        domain_ref = None
        for keyword in library.domain_keywords:
            found_arg = argument(args, _keyword(keyword))
            if found_arg is not None:
                domain_ref = found_arg.ref
                break
        unknown = any(a.kind in ("star", "dstar") for a in args)
        base_url = argument(args, library.base_url) if library.base_url is not None else None
        if base_url is not None:
            key = self.registry_key(library.library, registry.alloc, client, ref.path)
            self._registered_base_urls[key] = base_url.value
            self.it.heap.shared_write(("registered", key), ref.path)
        self.record(
            Request(
                key=self.registry_key(library.library, registry.alloc, client, ref.path),
                ref=ref,
                frame=frame,
                flow="authorization_code",
                user_facing=True,
                library=library.library,
                audience=self._path_param(args, library.parameters.audience),
                scope=self._path_param(args, library.parameters.scope),
                response_type=self._path_param(args, library.parameters.response_type),
                unknown_params=unknown,
                domain_ref=domain_ref,
                container=container,
                insert_into=library.insert_into if container == ref else "",
                settable=library.insertable if container == ref and library.insert_into else None,
                partial=True,
            )
        )

    def _redirect(
        self, library: TokenRequestLibrary, client: RegistryClient, args: tuple[Arg, ...], ref: Ref, frame: Frame | None
    ) -> None:
        endpoints = self.knowledge.token_endpoints
        self.record(
            Request(
                key=self.registry_key(library.library, client.registry, client.name, ref.path),
                ref=ref,
                frame=frame,
                flow="authorization_code",
                user_facing=True,
                library=library.library,
                audience=self._arg_param(args, _keyword(endpoints.audience_key)),
                scope=self._arg_param(args, _keyword(endpoints.scope_key)),
                response_type=self._arg_param(args, _keyword(endpoints.response_type_key)),
                unknown_params=any(a.kind == "dstar" for a in args),
                container=ref,
                partial=True,
                primary=False,
            )
        )

    def _path_param(self, args: tuple[Arg, ...], paths: tuple[str, ...]) -> Param | None:
        """The first present of dotted keyword paths: `authorize_params.audience` is the
        `audience` entry of the mapping passed as `authorize_params=`."""
        for path in paths:
            keyword, *keys = path.split(".")
            found = argument(args, _keyword(keyword))
            if found is None:
                continue
            if not keys:
                return self._param_of(found)
            value: Value = found.value
            ref = found.ref
            for key in keys:
                params, _ = self.body_params(value)
                entry = params.get(key)
                if entry is None:
                    value = Nothing()
                    break
                value, ref = entry.value, entry.ref
            if not isinstance(value, Nothing):
                return Param(value, ref)
        return None

    def _arg_param(self, args: tuple[Arg, ...], spec: ArgSpec | None) -> Param | None:
        found = argument(args, spec)
        return self._param_of(found) if found is not None else None

    @staticmethod
    def _param_of(arg: Arg) -> Param | None:
        if isinstance(arg.value, Nothing):
            return None
        return Param(arg.value, arg.ref)

    @staticmethod
    def _ctor_ref(instance: Instance, spec: ArgSpec | None) -> Ref | None:
        param = _ctor_param(instance, spec)
        return param.ref if param is not None else None

    def settings(self, path: str, exports: dict[str, Value], refs: dict[str, Ref]) -> None:
        """Framework settings (python-social-auth) of a settings module: request pieces."""
        endpoints = self.knowledge.token_endpoints
        for library in self.knowledge.libraries("settings"):
            names = library.settings
            if names is None:
                continue
            key = self.settings_key(library, path)
            base = dict(flow="authorization_code", user_facing=True, library=library.library, partial=True)
            if names.scope in exports:
                ref = refs[names.scope]
                self.record(Request(key=key, ref=ref, frame=None, scope=Param(exports[names.scope], ref), **base))  # type: ignore[arg-type]
            if names.extra_arguments in exports:
                ref = refs[names.extra_arguments]
                params, unknown = self.body_params(exports[names.extra_arguments])
                self.record(
                    Request(
                        key=key,
                        ref=ref,
                        frame=None,
                        audience=params.get(endpoints.audience_key),
                        response_type=params.get(endpoints.response_type_key),
                        unknown_params=unknown,
                        container=self.container_of(exports[names.extra_arguments], ref),
                        primary=False,
                        **base,  # type: ignore[arg-type]
                    )
                )
            if names.domain in exports:
                ref = refs[names.domain]
                self.record(Request(key=key, ref=ref, frame=None, domain=exports[names.domain], primary=False, **base))  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------
# Arguments by the packs' specs.


def _keyword(name: str) -> ArgSpec:
    from scopelint.packs.knowledge import ArgSpec

    return ArgSpec(keyword=name)


def _position_or_keyword(position: int, keyword: str) -> ArgSpec:
    from scopelint.packs.knowledge import ArgSpec

    return ArgSpec(position=position, keyword=keyword)


def _default_method(spec: HttpMethod, args: tuple[Arg, ...]) -> str | None:
    """The method of a request that names none: the pack's default, or its method for a
    request with a body (`urllib.request.Request(url, data=...)` is a POST); a body that may
    or may not be there (a parameter, `data=body or None`) leaves it unknown."""
    body = argument(args, spec.body)
    if body is None or isinstance(body.value, Nothing):
        return spec.default_method
    if spec.body_method is None or any(isinstance(o, (Nothing, Unknown)) for o in alternatives(body.value)):
        return None
    return spec.body_method


def argument(args: tuple[Arg, ...], spec: ArgSpec | None) -> Arg | None:
    """The argument `spec` names (keyword first, then position). When it is not there but a
    `*args` or `**kwargs` may hold it, an argument of unknown value: unknown is not absent."""
    if spec is None:
        return None
    if spec.keyword is not None:
        for arg in args:
            if arg.kind == "kw" and arg.keyword == spec.keyword:
                return arg
    if spec.position is not None:
        position = 0
        for arg in args:
            if arg.kind == "star":
                return Arg("pos", None, Unknown("*args"), arg.ref)
            if arg.kind == "pos":
                if position == spec.position:
                    return arg
                position += 1
    for arg in args:
        if arg.kind == "dstar" and spec.keyword is not None:
            hidden = _spread_entry(arg.value, spec.keyword)
            if hidden is not None:
                return Arg("kw", spec.keyword, hidden, arg.ref)
    return None


def _spread_entry(value: Value, keyword: str) -> Value | None:
    """What `**x` passes as `keyword`: unknown unless x is surely without it."""
    options = alternatives(value)
    if all(isinstance(o, Nothing) for o in options):
        return None
    return Unknown(f"**{keyword}")


def _client_identity(value: Value) -> str | None:
    """Which OAuth client a client id names: its text, or the one environment variable or
    setting it is read from (`os.environ["AUTH0_CLIENT_ID"]`, wherever it is read); None
    when it may be several or nothing says which."""
    options = alternatives(value)
    if len(options) != 1:
        return None
    literal = literal_of(options[0])
    if literal is not None:
        return literal or None
    option = options[0]
    if isinstance(option, Unknown) and option.hint.startswith(_ENVIRONMENT_HINT) and option.hint != _ENVIRONMENT_HINT:
        return option.hint
    return None


def _ctor_arg(instance: Instance, spec: ArgSpec | None) -> Value | None:
    param = _ctor_param(instance, spec)
    return param.value if param is not None else None


def _ctor_param(instance: Instance, spec: ArgSpec | None) -> Param | None:
    """The constructor argument `spec` names, with where it is written."""
    if spec is None:
        return None
    by_name = {name: (value, ref) for name, value, ref in instance.args}
    for name in (spec.keyword, str(spec.position) if spec.position is not None else None):
        if name is not None and name in by_name:
            value, ref = by_name[name]
            return Param(value, ref)
    return None


def _first(params: dict[str, Param], paths: tuple[str, ...]) -> Param | None:
    for path in paths:
        if path in params:
            return params[path]
    return None


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


# ---------------------------------------------------------------------------------------
# URLs


_ENVIRONMENT_HINT = "environment variable "  # what an environment variable's value is: unknown, but named

# the methods that change a list in place, Python's and JavaScript's
_LIST_MUTATORS = frozenset(
    {"append", "extend", "insert", "remove", "pop", "clear", "sort", "reverse", "__setitem__", "__iadd__"}
    | {"push", "unshift", "shift", "splice", "fill", "copyWithin"}
)


def url_join(base: Value, reference: Value) -> Value:
    """urllib.parse.urljoin on partly known strings (RFC 3986 reference resolution)."""
    if not isinstance(base, Text) or not isinstance(reference, Text):
        return concat(base, reference)
    first = reference.parts[0] if reference.parts else ""
    if isinstance(first, str) and _SCHEME.match(first):
        return reference  # an absolute URL replaces the base
    if isinstance(first, str) and first.startswith("/"):
        origin = url_origin(base)  # an absolute path keeps only scheme://host
        return concat(origin if origin is not None else base, reference)
    last = base.parts[-1] if base.parts else ""
    if isinstance(last, str) and "/" in last:
        # a relative path replaces the last segment of the base path
        return concat(Text((*base.parts[:-1], last[: last.rfind("/") + 1])), reference)
    return concat(base, Text(("/",)), reference)


def url_origin(url: Text) -> Text | None:
    """scheme://host of a URL whose scheme is literal, else None."""
    first = url.parts[0] if url.parts else ""
    match = _SCHEME.match(first) if isinstance(first, str) else None
    if match is None:
        return None
    origin: list = []
    for index, piece in enumerate(url.parts):
        if isinstance(piece, str):
            cut = piece.find("/", match.end() if index == 0 else 0)
            if cut >= 0:
                origin.append(piece[:cut])
                return Text(tuple(origin))
        origin.append(piece)
    return Text(tuple(origin))


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


__all__ = ["Libraries", "argument", "join_base_url", "url_join"]
_ = (replace, IdClaims)
