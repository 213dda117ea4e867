"""scopelint.packs: the built-in Management API v2 pack, and validation of malformed packs."""

from __future__ import annotations

from pathlib import Path

import pytest

from scopelint.packs.knowledge import Knowledge, PackError, builtin_pack_paths, load_knowledge, load_pack

# docs: DOMAIN.md section 2, "The endpoints and the scopes they need", row by row:
# (method, path, scopes for the signed-in user's own data, any of them enough?, any-user scopes)
ENDPOINT_TABLE = [
    ("GET", "/api/v2/users/{id}", ("read:current_user",), False, ("read:users",)),
    ("GET", "/api/v2/users/{id}/enrollments", ("read:current_user",), False, ("read:users",)),
    (
        "PATCH",
        "/api/v2/users/{id}",
        ("update:current_user_metadata", "create:current_user_metadata"),
        True,  # "update:current_user_metadata or create:current_user_metadata"
        ("update:users",),
    ),
    (
        "DELETE",
        "/api/v2/users/{id}/multifactor/{provider}",
        ("delete:current_user_metadata",),
        False,
        ("update:users",),
    ),
    ("POST", "/api/v2/users/{id}/identities", ("update:current_user_identities",), False, ("update:users",)),
    (
        "DELETE",
        "/api/v2/users/{id}/identities/{provider}/{user_id}",
        ("update:current_user_identities",),
        False,
        ("update:users",),
    ),
    (
        "POST",
        "/api/v2/device-credentials",
        ("create:current_user_device_credentials",),
        False,
        ("create:device_credentials",),
    ),
    (
        "DELETE",
        "/api/v2/device-credentials/{id}",
        ("delete:current_user_device_credentials",),
        False,
        ("delete:device_credentials",),
    ),
]

ACME_PACK = """\
pack: acme-profile-api
version: 1
description: Acme's own profile service.
api:
  name: Acme Profile API
  audience: "https://api.acme.test/"
  path_prefix: /v1/
  hosts: ['api\\.acme\\.test']
  endpoints:
    - id: acme-get-profile
      method: GET
      path: /v1/profile/{id}
      current_user_scopes: [read:own_profile]
      any_user_scopes: [read:profiles]
"""


@pytest.fixture(scope="module")
def builtin() -> Knowledge:
    return load_knowledge()


def management_endpoints(knowledge: Knowledge):
    return [e for e in knowledge.endpoints if e.api.path_prefix == "/api/v2/"]


# --------------------------------------------------------------------------- the built-in pack


def test_builtin_pack_file_is_found() -> None:
    paths = builtin_pack_paths()
    assert "auth0-management-api-v2.yaml" in [p.name for p in paths]
    for path in paths:
        assert path.is_file()


def test_builtin_pack_validates() -> None:
    path = next(p for p in builtin_pack_paths() if p.name == "auth0-management-api-v2.yaml")
    document = load_pack(path)
    assert document.pack == "auth0-management-api-v2"
    assert document.api is not None and document.token_endpoints is not None
    # an API pack: no library knowledge in it
    assert (document.tokens, document.http, document.sdk, document.javascript) == (None, None, None, None)


def test_builtin_pack_has_the_eight_endpoints_of_the_table(builtin: Knowledge) -> None:
    rows = [(e.method, e.path) for e in management_endpoints(builtin)]
    assert sorted(rows) == sorted((method, path) for method, path, *_ in ENDPOINT_TABLE)
    assert len(rows) == 8


@pytest.mark.parametrize(
    ("method", "path", "current", "any_of", "any_user"),
    ENDPOINT_TABLE,
    ids=[f"{m} {p}" for m, p, *_ in ENDPOINT_TABLE],
)
def test_builtin_endpoint_scopes(
    builtin: Knowledge, method: str, path: str, current: tuple[str, ...], any_of: bool, any_user: tuple[str, ...]
) -> None:
    (endpoint,) = [e for e in management_endpoints(builtin) if (e.method, e.path) == (method, path)]
    assert sorted(endpoint.current_user_scopes) == sorted(current)
    assert sorted(endpoint.any_user_scopes) == sorted(any_user)
    if len(current) > 1:
        assert endpoint.current_user_scopes_any_of is any_of
    assert endpoint.label == f"{method} {path}"


def test_linking_needs_identities_scope_not_metadata(builtin: Knowledge) -> None:
    # The guide's summary once says update:current_user_metadata for linking; it is wrong.
    for endpoint in management_endpoints(builtin):
        if "/identities" in endpoint.path:
            assert endpoint.current_user_scopes == ("update:current_user_identities",)


def test_builtin_endpoint_ids_unique_and_sdk_methods_point_at_them(builtin: Knowledge) -> None:
    ids = [e.id for e in builtin.endpoints]
    assert len(ids) == len(set(ids))
    assert builtin.sdk_methods, "the pack maps auth0-python methods to endpoints"
    for method, endpoint_id in builtin.sdk_methods.items():
        assert builtin.endpoint(endpoint_id) is not None, (method, endpoint_id)
    assert builtin.endpoint(builtin.sdk_methods["users.get"]).label == "GET /api/v2/users/{id}"
    assert (
        builtin.endpoint(builtin.sdk_methods["device_credentials.delete"]).label
        == "DELETE /api/v2/device-credentials/{id}"
    )


@pytest.mark.parametrize(
    ("label", "path", "matches"),
    [
        ("GET /api/v2/users/{id}", "/api/v2/users/auth0|5f7c8ec7c33c6c004bbafe82", True),
        ("GET /api/v2/users/{id}", "/api/v2/users/google-oauth2|123/", True),
        ("GET /api/v2/users/{id}", "/api/v2/users/abc/enrollments", False),
        ("GET /api/v2/users/{id}", "/api/v2/users/", False),
        ("GET /api/v2/users/{id}/enrollments", "/api/v2/users/abc/enrollments", True),
        ("DELETE /api/v2/users/{id}/multifactor/{provider}", "/api/v2/users/abc/multifactor/duo", True),
        ("DELETE /api/v2/users/{id}/identities/{provider}/{user_id}", "/api/v2/users/a/identities/github/42", True),
        ("DELETE /api/v2/users/{id}/identities/{provider}/{user_id}", "/api/v2/users/a/identities/github", False),
        ("POST /api/v2/device-credentials", "/api/v2/device-credentials", True),
        ("DELETE /api/v2/device-credentials/{id}", "/api/v2/device-credentials/dcr_0000000000000001", True),
    ],
)
def test_endpoint_path_patterns(builtin: Knowledge, label: str, path: str, matches: bool) -> None:
    (endpoint,) = [e for e in management_endpoints(builtin) if e.label == label]
    assert bool(endpoint.pattern.match(path)) is matches


def test_builtin_api(builtin: Knowledge) -> None:
    (api,) = [a for a in builtin.apis if a.path_prefix == "/api/v2/"]
    assert api.audience == "https://{domain}/api/v2/"
    for host in (
        "tenant.auth0.com",
        "tenant.us.auth0.com",
        "tenant.eu.auth0.com",
        "tenant.au.auth0.com",
        "my-app.jp.auth0.com",
        "Tenant.Auth0.com",
    ):
        assert any(p.fullmatch(host) for p in api.hosts), host
    for host in ("auth0.com", "tenant.auth0.com.evil.test", "acme.zendesk.com", "login.acme-corp.com", "evilauth0.com"):
        assert not any(p.fullmatch(host) for p in api.hosts), host


def test_builtin_token_knowledge(builtin: Knowledge) -> None:
    assert "id_token" in builtin.id_token_keys
    assert "access_token" in builtin.access_token_keys
    assert not builtin.id_token_keys & builtin.access_token_keys
    assert "auth0.authentication.token_verifier.TokenVerifier.verify" in builtin.verifiers
    assert builtin.auth_header == "authorization"
    assert "requests.get" in builtin.http_functions
    assert builtin.http_functions["requests.patch"].method == "PATCH"


# --------------------------------------------------------------------------- extra packs


def test_extra_pack_adds_an_api_and_keeps_the_builtin_one(tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(ACME_PACK, encoding="utf-8")
    knowledge = load_knowledge([path])
    assert len(management_endpoints(knowledge)) == 8
    acme = knowledge.endpoint("acme-get-profile")
    assert acme is not None
    assert (acme.method, acme.path, acme.current_user_scopes, acme.any_user_scopes) == (
        "GET",
        "/v1/profile/{id}",
        ("read:own_profile",),
        ("read:profiles",),
    )
    assert acme.api.name == "Acme Profile API"
    assert acme.api.audience == "https://api.acme.test/"
    assert acme.pattern.match("/v1/profile/42")
    assert any(p.fullmatch("api.acme.test") for p in acme.api.hosts)
    assert path in knowledge.pack_files
    assert {a.name for a in knowledge.apis} >= {"Acme Profile API"}
    assert len(knowledge.apis) == 2


def test_pack_without_api_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "clients.yaml"
    path.write_text(
        "pack: more-clients\nversion: 1\nhttp:\n  functions:\n"
        "    - names: [acmehttp.get]\n      method: GET\n      url: {position: 0}\n      headers: {keyword: headers}\n",
        encoding="utf-8",
    )
    knowledge = load_knowledge([path])
    assert knowledge.http_functions["acmehttp.get"].method == "GET"
    assert len(management_endpoints(knowledge)) == 8


def test_builtin_javascript_knowledge(builtin: Knowledge) -> None:
    js = builtin.javascript
    webauth = js.request_surface("auth0.WebAuth")
    assert webauth is not None and webauth.library == "auth0.js"
    assert webauth.audience == ("audience",) and webauth.response_type == ("responseType",)
    assert webauth.callback_param("parseHash") == 1  # (err, authResult)
    lock = js.request_surface("Auth0Lock")
    assert lock is not None and lock.domain.position == 1 and lock.scope == ("auth.params.scope",)
    assert lock.result_events is not None
    assert lock.result_events.events == ("authenticated",) and lock.result_events.param == 0
    spa = js.request_surface("createAuth0Client")
    assert (
        spa is not None
        and spa.audience[0] == "authorizationParams.audience"
        and "getTokenSilently" in spa.access_token_methods
    )
    assert js.http_functions["axios.post"].body == 1 and js.http_functions["fetch"].options == 1
    assert "localStorage" in js.storage_objects and js.storage_get == "getItem"
    assert js.raw_id_token_property == "__raw"


def test_javascript_management_methods_point_at_endpoints(builtin: Knowledge) -> None:
    ids = {e.id for e in builtin.endpoints}
    methods = builtin.javascript.sdk_clients["auth0.Management"].methods
    assert methods["getUser"] == "get-user" and methods["linkUser"] == "link-identity"
    assert set(methods.values()) <= ids


def test_extra_pack_adds_a_javascript_request_surface(tmp_path: Path) -> None:
    path = tmp_path / "acme-js.yaml"
    path.write_text(
        "pack: acme-js\nversion: 1\njavascript:\n  token_requests:\n"
        "    - {names: [AcmeAuth], library: acme, options: 0, audience: [aud], scope: [scp]}\n",
        encoding="utf-8",
    )
    knowledge = load_knowledge([path])
    surface = knowledge.javascript.request_surface("AcmeAuth")
    assert surface is not None and surface.audience == ("aud",) and surface.insert_into == ""
    assert knowledge.javascript.request_surface("auth0.WebAuth") is not None  # the built-in one stays


# --------------------------------------------------------------------------- malformed packs

ENDPOINT_0 = "    - id: acme-get-profile\n"

MALFORMED = {
    # id: (pack text, the key named, the problem stated)
    "yaml-syntax": ("pack: x\nversion: 1\napi: [unclosed\n", "line 4", "malformed YAML"),
    "empty-file": ("", "top level", "expected a mapping, got nothing (null)"),
    "top-level-list": ("- pack: x\n", "top level", "expected a mapping, got a list"),
    "missing-pack": (ACME_PACK.replace("pack: acme-profile-api\n", ""), "pack", "required key is missing"),
    "missing-version": (ACME_PACK.replace("version: 1\n", ""), "version", "required key is missing"),
    "missing-api-endpoints": (ACME_PACK.split("  endpoints:")[0], "api.endpoints", "required key is missing"),
    "empty-endpoints": (ACME_PACK.split("  endpoints:")[0] + "  endpoints: []\n", "api.endpoints", "must not be empty"),
    "missing-endpoint-path": (
        ACME_PACK.replace("      path: /v1/profile/{id}\n", ""),
        "api.endpoints[0].path",
        "required key is missing",
    ),
    "version-string": (ACME_PACK.replace("version: 1", 'version: "1"'), "version", "expected an integer, got a string"),
    "version-bool": (
        ACME_PACK.replace("version: 1", "version: true"),
        "version",
        "expected an integer, got true or false",
    ),
    "version-float": (ACME_PACK.replace("version: 1", "version: 1.5"), "version", "expected an integer, got float"),
    "unknown-top-key": (ACME_PACK + "colour: red\n", "colour", "unknown key"),
    "unknown-endpoint-key": (
        ACME_PACK.replace(ENDPOINT_0, ENDPOINT_0 + "      verb: GET\n"),
        "api.endpoints[0].verb",
        "unknown key",
    ),
    "bad-method": (
        ACME_PACK.replace("method: GET", "method: FETCH"),
        "api.endpoints[0].method",
        "'FETCH' is not one of",
    ),
    "scope-not-a-string": (
        ACME_PACK.replace("[read:own_profile]", "[read:own_profile, 42]"),
        "api.endpoints[0].current_user_scopes[1]",
        "expected a string, got an integer",
    ),
    "scopes-not-a-list": (
        ACME_PACK.replace("[read:profiles]", "read:profiles"),
        "api.endpoints[0].any_user_scopes",
        "expected a list, got a string",
    ),
    "bad-host-regex": (
        ACME_PACK.replace("hosts: ['api\\.acme\\.test']", "hosts: ['api[']"),
        "api.hosts[0]",
        "invalid regular expression",
    ),
    "sdk-method-not-a-string": (
        "pack: x\nversion: 1\nsdk:\n  methods:\n    users.get: [get-user]\n",
        "sdk.methods.users.get",
        "expected a string, got a list",
    ),
    "negative-position": (
        "pack: x\nversion: 1\nhttp:\n  functions:\n    - names: [acmehttp.get]\n      url: {position: -1}\n",
        "http.functions[0].url.position",
        "must be a non-negative integer",
    ),
    "empty-names": (
        "pack: x\nversion: 1\nhttp:\n  functions:\n    - names: []\n      url: {position: 0}\n",
        "http.functions[0].names",
        "must not be empty",
    ),
    "js-request-missing-library": (
        "pack: x\nversion: 1\njavascript:\n  token_requests:\n    - names: [AcmeAuth]\n      options: 0\n",
        "javascript.token_requests[0].library",
        "required key is missing",
    ),
    "js-callback-param-not-int": (
        "pack: x\nversion: 1\njavascript:\n  token_requests:\n    - names: [AcmeAuth]\n      library: acme\n"
        "      options: 0\n      result_callbacks: [{method: parse, param: second}]\n",
        "javascript.token_requests[0].result_callbacks[0].param",
        "expected an integer, got a string",
    ),
    "js-http-bad-method": (
        "pack: x\nversion: 1\njavascript:\n  http:\n    functions:\n      - {names: [acme.fetch], method: FETCH}\n",
        "javascript.http.functions[0].method",
        "'FETCH' is not one of",
    ),
    "js-unknown-key": (
        "pack: x\nversion: 1\njavascript:\n  storage:\n    objects: [localStorage]\n    remove: removeItem\n",
        "javascript.storage.remove",
        "unknown key",
    ),
    "js-sdk-methods-not-a-mapping": (
        "pack: x\nversion: 1\njavascript:\n  sdk_clients:\n"
        "    - {names: [Acme], options: 0, token: token, domain: domain, methods: [getUser]}\n",
        "javascript.sdk_clients[0].methods",
        "expected a mapping, got a list",
    ),
    "python-tag": (
        ACME_PACK.replace(
            "description: Acme's own profile service.",
            'description: !!python/object/apply:os.system ["touch PWNED"]',
        ),
        "line 3",
        "python/object/apply:os.system",
    ),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_malformed_pack_error_names_file_key_and_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    monkeypatch.chdir(tmp_path)
    text, key, problem = MALFORMED[case]
    path = tmp_path / "team-pack.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_pack(path)
    message = str(info.value)
    assert message.startswith(f"{path}: "), message
    assert key in message, message
    assert problem in message, message
    assert "\n" not in message
    with pytest.raises(PackError):
        load_knowledge([path])  # the same refusal through the merged loader


def test_schema_errors_have_key_then_problem(tmp_path: Path) -> None:
    path = tmp_path / "team-pack.yaml"
    path.write_text(ACME_PACK.split("  endpoints:")[0], encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_pack(path)
    assert str(info.value) == f"{path}: api.endpoints: required key is missing"


def test_python_tag_is_never_constructed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "team-pack.yaml"
    path.write_text(MALFORMED["python-tag"][0], encoding="utf-8")
    with pytest.raises(PackError):
        load_pack(path)
    assert not (tmp_path / "PWNED").exists()


def test_unreadable_packs(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yaml"
    with pytest.raises(PackError) as info:
        load_pack(missing)
    assert str(info.value).startswith(f"{missing}: cannot read rule pack")
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("pack: caf\u00e9\nversion: 1\n".encode("latin-1"))
    with pytest.raises(PackError) as info:
        load_pack(latin1)
    assert str(info.value).startswith(f"{latin1}: ")
    assert "UTF-8" in str(info.value)


# --------------------------------------------------------------------------- kinds and shapes


def test_a_pack_is_an_api_pack_or_a_library_pack_not_both(tmp_path: Path) -> None:
    path = tmp_path / "mixed.yaml"
    path.write_text(ACME_PACK + "http:\n  header: X-Auth\n", encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_pack(path)
    assert str(info.value).startswith(f"{path}: http: a pack is an API pack (api) or a library pack (http)")


def test_a_team_api_pack_works_alone_beside_the_library_packs(tmp_path: Path) -> None:
    """The team's pack describes only its API; the HTTP knowledge comes from the built-in
    library packs, not from the Auth0 API pack."""
    pack = tmp_path / "acme.yaml"
    pack.write_text(ACME_PACK, encoding="utf-8")
    knowledge = load_knowledge([pack])
    assert "requests.get" in knowledge.http_functions
    assert [api.name for api in knowledge.apis][-1] == "Acme Profile API"


def test_a_shape_names_what_it_needs(tmp_path: Path) -> None:
    path = tmp_path / "lib.yaml"
    path.write_text(
        "pack: x\nversion: 1\ntoken_request_libraries:\n  - {library: acme, shape: registry, names: [acme.OAuth]}\n",
        encoding="utf-8",
    )
    with pytest.raises(PackError) as info:
        load_pack(path)
    assert str(info.value) == f"{path}: token_request_libraries[0].register: required for shape registry"
    path.write_text(
        "pack: x\nversion: 1\ntoken_request_libraries:\n  - {library: acme, shape: plugin, names: [acme.OAuth]}\n",
        encoding="utf-8",
    )
    with pytest.raises(PackError) as info:
        load_pack(path)
    assert "token_request_libraries[0].shape: 'plugin' is not one of token_client, registry" in str(info.value)


ACME_OAUTH = """\
pack: acme-oauth
version: 1
token_request_libraries:
  - library: acme-oauth
    shape: registry
    names: [acme_oauth.Registry]
    register: add_client
    client_name: {position: 0, keyword: name}
    parameters:
      audience: [options.audience]
      scope: [options.scope]
    insert_into: options
    insertable: [audience]
    token_methods: [finish_login]
"""

ACME_APP = """\
import requests
from acme_oauth import Registry

registry = Registry()
registry.add_client("tenant", options={"scope": "openid read:current_user"})


def profile(user_id):
    tokens = registry.tenant.finish_login()
    return requests.get(
        f"https://acme.auth0.com/api/v2/users/{user_id}",
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    )
"""


def test_a_library_that_fits_a_shape_is_a_yaml_entry(tmp_path: Path) -> None:
    """A registry library scopelint has never heard of, described in a pack: its token
    request is found and its missing audience reported, with no code."""
    from scopelint.config import load_config
    from scopelint.engine import Engine

    pack = tmp_path / "acme-oauth.yaml"
    pack.write_text(ACME_OAUTH, encoding="utf-8")
    config = load_config(tmp_path)
    without = Engine(config).check_texts({"app.py": ACME_APP})
    assert [f.code for f in without.findings] == []
    knowledge = load_knowledge([pack])
    found = Engine(config, knowledge=knowledge).check_texts({"app.py": ACME_APP}).findings
    assert [(f.code, f.span.line) for f in found] == [("SL102", 5)]
    assert "authorization-code request with no audience" in found[0].message
