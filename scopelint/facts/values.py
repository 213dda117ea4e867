"""Abstract values: what the evaluator knows about an expression.

Values keep the CST node they come from, so a finding can point at the place where a
token was obtained and the place where it entered a request.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:  # values are plain data; LibCST is loaded only when a file is parsed
    import libcst as cst
    from tree_sitter import Node as ScriptNode


class Value:
    """Base class. Identity matters (eq=False): two dict literals are two dicts."""


@dataclass(frozen=True, eq=False)
class Unknown(Value):
    hint: str = ""  # what it is, when something is known (an env var, a setting)


@dataclass(frozen=True, eq=False)
class CallResult(Unknown):
    """What a call of an imported function returns (the run may know: see `run.join`)."""

    qualname: str = ""


@dataclass(frozen=True, eq=False)
class Text(Value):
    """A string made of literal fragments and holes (values not statically known)."""

    parts: tuple[str | Value, ...]

    def literal(self) -> str | None:
        if all(isinstance(p, str) for p in self.parts):
            return "".join(cast("tuple[str, ...]", self.parts))
        return None


@dataclass(frozen=True, eq=False)
class Token(Value):
    kind: str  # "id" or "access"
    origin: cst.CSTNode | ScriptNode  # the expression the token is obtained from (LibCST, or tree-sitter in scripts)
    description: str  # its source, e.g. tokens["id_token"]
    weak: bool = False  # only a parameter name says so
    request: str | None = None  # key of the token request it comes from, when known
    session_key: str | None = None  # read from session[session_key] (joined across modules)
    browser: bool = False  # came back from the browser: a form, query or JSON field
    via_call: str | None = None  # returned by this imported function (joined across modules)
    # read back from a store (the session, localStorage) this file wrote it to: `origin` is
    # the write, which every reader of the key shares, so editing it is no local fix
    stored: str | None = None


@dataclass(frozen=True, eq=False)
class Mapping(Value):
    """A dict built in the module; later `d[k] = v` / `d.update(...)` are found by `node`."""

    node: cst.CSTNode
    entries: tuple[tuple[str, cst.BaseExpression], ...]
    open: bool = False  # has entries whose keys are not known (`**other`, unknown keys)
    bases: tuple[Mapping, ...] = ()  # dicts copied into it: dict(other), {**other}


@dataclass(frozen=True, eq=False)
class Symbol(Value):
    """An imported or builtin name, e.g. requests.get, os.environ, flask.session."""

    qualname: str


@dataclass(frozen=True, eq=False)
class Function(Value):
    node: cst.FunctionDef


@dataclass(frozen=True, eq=False)
class Klass(Value):
    node: cst.ClassDef


@dataclass(frozen=True, eq=False)
class Instance(Value):
    """An object built by a constructor call: a library client (qualname) or a class of the module."""

    node: cst.CSTNode  # the constructor call (the class itself for `self`)
    qualname: str = ""
    klass: cst.ClassDef | None = None


@dataclass(frozen=True, eq=False)
class SessionStore(Value):
    """A web framework's session (flask.session, request.session)."""

    name: str


@dataclass(frozen=True, eq=False)
class Response(Value):
    """The response of an HTTP call of the module."""

    call: cst.Call


@dataclass(frozen=True, eq=False)
class TokenResponse(Value):
    """What a token request returns: a dict (or object) with access_token, id_token, ..."""

    request: str  # the request's key


@dataclass(frozen=True, eq=False)
class SessionValue(Value):
    """session[key] whose writes are not in this module (the run joins them)."""

    key: str


@dataclass(frozen=True, eq=False)
class RegistryClient(Value):
    """A client registered by name on a token-request library's registry (Authlib's
    `oauth.register("auth0", ...)`, then `oauth.auth0`)."""

    library: str
    name: str


@dataclass(frozen=True, eq=False)
class Encoded(Value):
    """urlencode(mapping): a query string or form body whose entries are known."""

    mapping: Value


@dataclass(frozen=True, eq=False)
class Sequence(Value):
    """A list or tuple literal."""

    node: cst.CSTNode
    items: tuple[Value, ...]
    style: str  # "list" or "tuple"


@dataclass(frozen=True, eq=False)
class Union(Value):
    options: tuple[Value, ...]  # built by `union` only: two or more, none a Union


MAX_ALTERNATIVES = 64  # beyond this a value is "anything": say nothing rather than guess


def union(values: list[Value]) -> Value:
    if len(values) == 1 and not isinstance(values[0], Union):
        return values[0]  # the common case: one value, nothing to flatten
    seen: set[int] = set()
    flat: list[Value] = []
    for value in values:
        for option in alternatives(value):
            if id(option) not in seen:  # values compare by identity
                seen.add(id(option))
                flat.append(option)
                if len(flat) > MAX_ALTERNATIVES:
                    return Unknown()
    if not flat:
        return Unknown()
    if len(flat) == 1:
        return flat[0]
    return Union(tuple(flat))


def read_back(written: list[Value], key: str) -> Value:
    """What a store returns for `key` when this file wrote it there: the written values,
    their tokens marked as read back from `key`."""
    options = [option for value in written for option in alternatives(value)]
    return union([replace(o, stored=key) if isinstance(o, Token) and o.stored is None else o for o in options])


def alternatives(value: Value) -> tuple[Value, ...]:
    """What a value may be: a Union's options (never Unions: `union` flattens), else itself."""
    return value.options if isinstance(value, Union) else (value,)


def concat(*values: Value) -> Text:
    parts: list[str | Value] = []
    for value in values:
        pieces = value.parts if isinstance(value, Text) else (value,)
        for piece in pieces:
            if isinstance(piece, str) and parts and isinstance(parts[-1], str):
                parts[-1] = parts[-1] + piece
            elif piece != "":
                parts.append(piece)
    return Text(tuple(parts))


def render_text(value: Value) -> str:
    """The first string alternative of a value, holes as {} ("{}" when there is none)."""
    texts = [o for o in alternatives(value) if isinstance(o, Text)]
    if not texts:
        return "{}"
    return "".join(p if isinstance(p, str) else "{}" for p in texts[0].parts)


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
