"""What the interpreter sees libraries do: requests sent, tokens requested, SDK clients used.

Recorded while the run is interpreted, read afterwards by `scopelint.flow.derive`, which
turns them into the facts rules read. Header and body sources are kept as values (a dict, a
client's default headers) and read only then, when every write into them is known.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scopelint.flow.values import Frame, Instance, Ref, Value, tokens_in


@dataclass
class Send:
    """An HTTP request a call sends."""

    ref: Ref  # the call
    frame: Frame | None
    client: str  # the function or class that sends it: requests.get, httpx.Client, fetch, axios
    method: str | None  # None: not statically known
    url: Value
    headers: list[Value] = field(default_factory=list)  # dicts and default headers to read the credential from
    header_values: list[tuple[Value, Ref | None]] = field(default_factory=list)  # single values: setRequestHeader
    body: Value | None = None
    body_ref: Ref | None = None
    own_token: Value | None = None  # a session that sends its own access token (requests-oauthlib)
    encoded: bool = False  # the body was encoded in the call (JSON.stringify, URLSearchParams)


@dataclass
class Param:
    """A token-request parameter: its value and the expression it is written as."""

    value: Value
    ref: Ref | None = None


@dataclass
class Request:
    """A token request (or one piece of one described in several places: a registration and
    its redirects, several settings)."""

    key: str
    ref: Ref  # where findings about it point
    frame: Frame | None
    flow: str  # password, password-realm, authorization_code, client_credentials, refresh_token, authorize, unknown
    user_facing: bool | None
    library: str
    audience: Param | None = None  # None: not sent
    scope: Param | None = None
    response_type: Param | None = None
    unknown_params: bool = False  # a spread or **kwargs may carry parameters nobody can name
    domain: Value | None = None
    domain_ref: Ref | None = None  # an expression naming the tenant's domain (or a URL on it)
    container: Ref | None = None  # the dict, object or call a missing parameter would go into
    insert_into: str = ""  # a new parameter goes into a new mapping under this name
    settable: tuple[str, ...] | None = None  # the parameters a fix may add there (None: any)
    partial: bool = False
    primary: bool = True  # of the pieces, the one findings point at


@dataclass
class SdkClient:
    """A management client built with a token (auth0-python's Auth0, auth0.js's Management):
    every call it makes sends that token."""

    instance: Instance
    ref: Ref  # the constructor call
    frame: Frame | None
    client: str
    token: Value
    token_ref: Ref | None


@dataclass
class SdkCall:
    """A method of a management client called: the endpoint it calls."""

    client: SdkClient
    ref: Ref  # the method call
    frame: Frame | None
    endpoint: str  # endpoint id
    body: Value | None = None
    body_ref: Ref | None = None
    body_keys: list[str] | None = None


@dataclass
class Effects:
    sends: dict[tuple[Ref, Frame | None], Send] = field(default_factory=dict)
    requests: dict[tuple[str, Ref, Frame | None], Request] = field(default_factory=dict)
    sdk_clients: dict[tuple[Ref, Frame | None, Instance], SdkClient] = field(default_factory=dict)
    sdk_calls: dict[tuple[Ref, Frame | None, Instance], SdkCall] = field(default_factory=dict)
    # where a token is read other than by a Management API request (a JWT decoder, another API),
    # by the places its fix may edit: where it was obtained (`Token.written`, for a token read
    # back from a store) and the expression it is read from (`Token.origin`)
    readers: dict[Ref, set[Ref]] = field(default_factory=dict)

    def read(self, value: Value, reader: Ref) -> None:
        for token in tokens_in(value):
            for place in (token.written, token.origin):
                if place is not None:
                    self.readers.setdefault(place, set()).add(reader)

    def clear(self, paths: set[str] | None) -> None:
        """Forget what was recorded in the files `paths` (None: everywhere)."""
        if paths is None:
            self.sends.clear()
            self.requests.clear()
            self.sdk_clients.clear()
            self.sdk_calls.clear()
            self.readers.clear()
            return
        self.sends = {key: send for key, send in self.sends.items() if key[0].path not in paths}
        self.requests = {key: request for key, request in self.requests.items() if key[1].path not in paths}
        self.sdk_clients = {key: client for key, client in self.sdk_clients.items() if key[0].path not in paths}
        self.sdk_calls = {key: call for key, call in self.sdk_calls.items() if key[0].path not in paths}
        self.readers = {place: readers for place, readers in self.readers.items() if place.path not in paths}
