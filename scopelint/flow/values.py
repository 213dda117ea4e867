"""Abstract values: what the interpreter knows an expression may hold, and where it came from.

Values are immutable and compare by content, so a function called twice with the same
arguments is analysed once, and twice with different ones twice. A value never holds a
syntax tree: places are `Ref`s (a file's path and a node of its `Program`).

Three kinds of knowledge, never confused: a value that is **known** (a string, a token, a
dict literal), **absent** (`Nothing`: None/null/undefined, or a key a closed dict does not
have), and **unknown** (`Unknown`: a spread, `**kwargs`, a setting, an opaque call). Rules
fire on absent or known-wrong values, never on unknown ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace


@dataclass(frozen=True, order=True, slots=True)
class Ref:
    """A node of a file's program: where a value was written, obtained or built."""

    path: str
    node: int


class _Computed:
    """Slots for what a value or frame computes once about itself (`_cached_hash`,
    `weight`). Values and frames are slotted: a large tree holds millions of them."""

    __slots__ = ("_hash", "_weight")


class Value(_Computed):
    """Base class of every abstract value."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Unknown(Value):
    hint: str = ""  # what it is, when something is known (an environment variable, a setting)


@dataclass(frozen=True, slots=True)
class Nothing(Value):
    """None, null, undefined: a parameter given as None is not sent."""


@dataclass(frozen=True, slots=True)
class Text(Value):
    """A string of literal pieces and holes (values not statically known)."""

    parts: tuple[str | Value, ...]

    def literal(self) -> str | None:
        if all(isinstance(p, str) for p in self.parts):
            return "".join(self.parts)  # type: ignore[arg-type]
        return None


@dataclass(frozen=True, slots=True)
class Token(Value):
    kind: str  # "id" or "access"
    origin: Ref  # the expression the token is obtained from
    description: str  # its source as written, e.g. tokens["id_token"]
    requests: frozenset[str] = frozenset()  # keys of the token requests it may come from
    weak: bool = False  # only a parameter's name says it is a token
    browser: bool = False  # came back from the browser: a form, query or JSON field
    stored: str | None = None  # read back from a store key this run writes it under
    session: str | None = None  # read from a user's session or browser storage under this key
    # where it entered the call that sends it, when it was passed in as an argument: the
    # argument at the outermost call (SL101 reports there, one finding per call site)
    entry: Ref | None = None
    fixable: bool = True  # the origin can be switched to the access token of the same response
    written: Ref | None = None  # read back from a store: where it was obtained before it was stored


@dataclass(frozen=True, slots=True)
class TokenResponse(Value):
    """What a token request returns: access_token, id_token, ... (a dict or an object)."""

    request: str  # the request's key
    origin: Ref | None = None


@dataclass(frozen=True, slots=True)
class IdClaims(Value):
    """ID-token claims whose raw property is the ID token (auth0-spa-js getIdTokenClaims())."""

    request: str | None
    origin: Ref


@dataclass(frozen=True, slots=True)
class Frame(_Computed):
    """A function and what its parameters hold in one way of calling it (its context).
    Frames are interned by the interpreter: equal frames are one frame."""

    path: str
    function: int
    args: tuple[tuple[int, Value], ...] = ()  # (parameter index, value); absent: unknown
    this: Value | None = None
    closure: Frame | None = None  # the frame of the enclosing function
    depth: int = field(default=0, compare=False)  # calls from a root (bounded by MAX_DEPTH)
    called: bool = False  # False: a root, called by a framework with what the run cannot see


@dataclass(frozen=True, slots=True)
class Mapping(Value):
    """A dict or object literal, evaluated in `frame` (its entries may read parameters);
    later writes to it (`d[k] = v`, `d.update(...)`) are found by `alloc` in the heap."""

    alloc: Ref
    frame: Frame | None


@dataclass(frozen=True, slots=True)
class Sequence(Value):
    alloc: Ref
    frame: Frame | None
    style: str  # "list" or "tuple"


@dataclass(frozen=True, slots=True)
class Function(Value):
    path: str
    index: int
    closure: Frame | None = None


@dataclass(frozen=True, slots=True)
class BoundMethod(Value):
    function: Function
    receiver: Value


@dataclass(frozen=True, slots=True)
class Klass(Value):
    path: str
    index: int


@dataclass(frozen=True, slots=True)
class Instance(Value):
    """An object built by a constructor call: of a class of the run (`klass`), or of a
    library class (`qualname`: `requests.Session`, `auth0.WebAuth`), or both (a subclass of
    a library class). `frame` is the constructor's frame (its arguments)."""

    alloc: Ref
    klass: Klass | None = None
    qualname: str = ""
    # the constructor's arguments: (keyword, or the position as a string; value; where written)
    args: tuple[tuple[str, Value, Ref | None], ...] = ()


@dataclass(frozen=True, slots=True)
class External(Value):
    """A name from outside the run: an imported library symbol or a global, as a dotted name
    (`requests.get`, `flask.session`, `fetch`, `localStorage`)."""

    qualname: str


@dataclass(frozen=True, slots=True)
class Module(Value):
    """A file of the run imported as a whole (`import app.auth as auth`, `import * as api`)."""

    path: str


@dataclass(frozen=True, slots=True)
class Store(Value):
    """A key-value store that outlives a request: a web session, browser storage, cookies,
    a cache. What is written under a key is what is read under it, across the files of one app."""

    kind: str  # "session", "localStorage", "cookies", "cache", ...


@dataclass(frozen=True, slots=True)
class FilePath(Value):
    """A file's path as a path object (`pathlib.Path`): a store whose key is the path itself.
    `key` is the path's text when every piece of it is known or named by an expression that
    means the same file wherever it is written (`platformdirs.user_config_dir('app')`);
    None when a piece is unknown (a parameter): such a file is joined with no other."""

    key: str | None


@dataclass(frozen=True, slots=True)
class OpenFile(Value):
    """A file opened for reading or writing (`open(path, "w")`, `path.open()`)."""

    key: str | None


@dataclass(frozen=True, slots=True)
class Stored(Value):
    """What a store holds under a key that nothing in the app is seen writing: its content is
    unknown, but it is the signed-in user's (a session, browser storage) when `session`."""

    kind: str
    key: str
    session: bool = True


@dataclass(frozen=True, slots=True)
class BrowserData(Value):
    """What the browser sent back through a library (a component's value): the tokens in it
    come from the app's browser sign-in (its /authorize redirects)."""

    source: str  # the library name, for messages
    factory: bool = False  # a function (a declared component) whose calls return such data


@dataclass(frozen=True, slots=True)
class Response(Value):
    """The response of an HTTP request; its body is a token response when `request` is set."""

    call: Ref
    request: str | None = None


@dataclass(frozen=True, slots=True)
class Encoded(Value):
    """urlencode(mapping), json.dumps(mapping), JSON.stringify(obj): the same entries."""

    value: Value


@dataclass(frozen=True, slots=True)
class RegistryClient(Value):
    """A client registered by name on a token-request registry (Authlib's oauth.auth0)."""

    library: str
    name: str
    registry: Ref | None = None  # the registry object's allocation, when known


@dataclass(frozen=True, slots=True)
class Headers(Value):
    """The default headers of a client (`session.headers`, `axios.defaults.headers.common`,
    an XMLHttpRequest's request headers, a request interceptor's `config.headers`): what is
    written into them goes with every request the owner sends."""

    owner: Value
    # a library's global defaults (`$.ajaxSetup`, `axios.defaults`) are each app's own: the app
    # (`ModuleGraph.app_of`) whose requests send them; -1 for an object's own headers
    app: int = -1


@dataclass(frozen=True, slots=True)
class Member(Value):
    """A library object's member taken off it: `users` of an auth0-python client (its
    methods call endpoints), `getIdTokenClaims` of `useAuth0()`."""

    owner: Value
    name: str


@dataclass(frozen=True, slots=True)
class Partial(Value):
    """`functools.partial(f, *args, **kwargs)`: calling it calls `f` with these arguments
    first, as (kind, keyword, value, where written), the interpreter's `Arg` fields."""

    callee: Value
    args: tuple[tuple[str, str | None, Value, Ref | None], ...]


@dataclass(frozen=True, slots=True)
class Union(Value):
    options: tuple[Value, ...]  # built by `union` only: two or more, none a Union


MAX_ALTERNATIVES = 64  # beyond this a value is "anything": say nothing rather than guess


def union(values: list[Value] | tuple[Value, ...]) -> Value:
    if len(values) == 1 and not isinstance(values[0], Union):
        return values[0]
    seen: set[Value] = set()
    flat: list[Value] = []
    for value in values:
        for option in alternatives(value):
            if option not in seen:
                seen.add(option)
                flat.append(option)
                if len(flat) > MAX_ALTERNATIVES:
                    return Unknown("too many alternatives")
    if not flat:
        return Unknown()
    if len(flat) == 1:
        return flat[0]
    if sum(weight(o) for o in flat) > 4 * MAX_TEXT_WEIGHT:
        return Unknown("too many alternatives")
    return Union(tuple(flat))


def alternatives(value: Value) -> tuple[Value, ...]:
    """What a value may be: a Union's options (never Unions), else itself."""
    return value.options if isinstance(value, Union) else (value,)


MAX_TEXT_WEIGHT = 256  # pieces and alternatives in a string: beyond, text built in a loop, not a URL or header


def weight(value: Value | str) -> int:
    """How many pieces and alternatives a value holds, nested (cached on strings and unions)."""
    if not isinstance(value, (Text, Union)):
        return 1
    cached = getattr(value, "_weight", None)
    if cached is None:
        inner = value.parts if isinstance(value, Text) else value.options
        cached = 1 + sum(weight(p) for p in inner)
        object.__setattr__(value, "_weight", cached)
    return cached


def concat(*values: Value) -> Text:
    if sum(weight(v) for v in values) > MAX_TEXT_WEIGHT:
        return Text((Unknown("long text"),))
    parts: list[str | Value] = []
    for value in values:
        options = alternatives(value)
        pieces = options[0].parts if len(options) == 1 and isinstance(options[0], Text) else (value,)
        for piece in pieces:
            if isinstance(piece, str):
                if not piece:
                    continue
                if parts and isinstance(parts[-1], str):
                    parts[-1] = parts[-1] + piece
                    continue
            parts.append(piece)
    return Text(tuple(parts))


def render_text(value: Value) -> str:
    """The first string alternative of a value, holes as {} ("{}" when there is none)."""
    texts = [o for o in alternatives(value) if isinstance(o, Text)]
    if not texts:
        return "{}"
    return "".join(p if isinstance(p, str) else "{}" for p in texts[0].parts)


def literal_of(value: Value) -> str | None:
    """The string a value surely is, else None."""
    options = alternatives(value)
    if len(options) == 1 and isinstance(options[0], Text):
        return options[0].literal()
    return None


KEY_HOLE = "{…}"  # in a store key's shape: a piece the analysis cannot see
MIN_KEY_TEXT = 3  # written-out characters a key's shape needs to name one family of keys


def store_key_of(value: Value) -> str | None:
    """The key a store (a cache, redis) is read or written under: its text, or the shape of
    a key built around values the analysis cannot see (`f"tokens:{session_id}"` is
    `tokens:{…}`) when enough of it is written out to name one family of keys: an app keeps
    a token per session or per user under one such shape, and reads it back under the same
    shape. A key that is all holes, or nearly (`f"{user}"`), names nothing: None."""
    options = alternatives(value)
    if len(options) != 1 or not isinstance(options[0], Text):
        return None
    parts = options[0].parts
    if all(isinstance(part, str) for part in parts):
        return "".join(parts)  # type: ignore[arg-type]
    if sum(len(part) for part in parts if isinstance(part, str)) < MIN_KEY_TEXT:
        return None
    return "".join(part if isinstance(part, str) else KEY_HOLE for part in parts)


def tokens_in(value: Value, _depth: int = 0) -> Iterator[Token]:
    """Every token a value may carry, through unions and string pieces."""
    if _depth > 50:
        return
    for option in alternatives(value):
        if isinstance(option, Token):
            yield option
        elif isinstance(option, Text):
            for part in option.parts:
                if isinstance(part, Value):
                    yield from tokens_in(part, _depth + 1)
        elif isinstance(option, Encoded):
            yield from tokens_in(option.value, _depth + 1)


def with_entry(value: Value, entry: Ref, _depth: int = 0) -> Value:
    """`value` with the tokens in it marked as entering a call at `entry`, unless an outer
    call marked them already (the outermost call site is where a token was chosen)."""
    if _depth > 20:
        return value
    if isinstance(value, Token):
        return value if value.entry is not None else replace(value, entry=entry)
    if isinstance(value, Text):
        if not any(isinstance(p, Value) for p in value.parts):
            return value
        return Text(tuple(with_entry(p, entry, _depth + 1) if isinstance(p, Value) else p for p in value.parts))
    if isinstance(value, Union):
        return union([with_entry(o, entry, _depth + 1) for o in value.options])
    if isinstance(value, Encoded):
        return Encoded(with_entry(value.value, entry, _depth + 1))
    return value


def read_back(written: list[Value], key: str, read: Ref, description: str) -> Value:
    """What a store returns for `key` that this run wrote: the written values, their tokens
    marked as read back from the store (a fix at the write would change every reader's),
    described by the read (what the reader's code shows, whether or not the writer's file is
    in the run) and entering calls afresh from it (the reader chose to send it)."""
    options = [option for value in written for option in alternatives(value)]
    return union(
        [
            replace(
                o,
                stored=o.stored or key,
                entry=None,
                origin=read,
                description=description,
                written=o.written or o.origin,
            )
            if isinstance(o, Token)
            else o
            for o in options
        ]
    )


@dataclass
class Counter:
    """A budget of evaluation steps; past it, what is not known yet stays unknown."""

    limit: int
    used: int = 0
    exhausted: bool = field(default=False)


def _cached_hash(self: object) -> int:
    try:
        return self._hash  # type: ignore[attr-defined]
    except AttributeError:  # the first time: an unset slot
        cached = hash(tuple(getattr(self, name) for name in self._compared))  # type: ignore[attr-defined]
        object.__setattr__(self, "_hash", cached)
        return cached


# Values and frames are hashed all the time (memo keys, unions, interned frames) and nest
# deep: each computes its hash once. (Set after the classes: a dataclass replaces a
# `__hash__` inherited from a base.)
def _value_classes(base: type) -> list[type]:
    found: list[type] = []
    subclass: type
    for subclass in base.__subclasses__():
        found += [subclass, *_value_classes(subclass)]
    return found


def _cached_eq(self: object, other: object) -> bool:
    """Equality that rejects on the cached hash first: comparing two values field by field
    descends through every frame and constructor argument they hold (a bundle's nested
    closures go deeper than Python's stack)."""
    if self is other:
        return True
    if type(self) is not type(other):
        return NotImplemented
    if _cached_hash(self) != _cached_hash(other):
        return False
    return all(getattr(self, name) == getattr(other, name) for name in self._compared)  # type: ignore[attr-defined]


for _class in [*_value_classes(Value), Frame]:
    _class._compared = tuple(f.name for f in fields(_class) if f.compare)  # type: ignore[attr-defined]
    setattr(_class, "__hash__", _cached_hash)  # noqa: B010 - a class attribute, set on purpose
    setattr(_class, "__eq__", _cached_eq)  # noqa: B010
