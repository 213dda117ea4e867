"""The run-level join on its own: plain facts of several files, linked into flows."""

from __future__ import annotations

from scopelint.facts.join import join
from scopelint.facts.model import FileFacts, ParamFact, RequestFact, SessionWrite, Site, UseFact
from scopelint.model import Span


def _site(path: str, line: int) -> Site:
    return Site(path, Span(line, 1, line, 10), line, line, "x", "", "x")


def _request(key: str, path: str = "auth.py", flow: str = "password", **fields) -> RequestFact:
    return RequestFact(key=key, site=_site(path, 1), flow=flow, user_facing=True, library="http", **fields)


def _use(path: str = "views.py", line: int = 5, kind: str = "access", **fields) -> UseFact:
    return UseFact(
        site=_site(path, line),
        call_site=_site(path, line),
        kind=kind,
        endpoints=["get-user"],
        api="Auth0 Management API v2",
        **fields,
    )


def test_a_use_that_knows_its_request_is_linked_to_it() -> None:
    use = _use(request="auth.py#3")
    run = join([FileFacts("auth.py", requests=[_request("auth.py#3")]), FileFacts("views.py", uses=[use])])
    assert run.requests["auth.py#3"].uses == [use]
    assert run.request_keys_of(use) == ["auth.py#3"]
    assert [linked.request.key for linked in run.linked()] == ["auth.py#3"]


def test_a_session_key_links_a_token_read_in_one_module_to_the_request_written_in_another() -> None:
    use = _use(session_key="user")
    auth = FileFacts(
        "auth.py",
        requests=[_request("auth.py#3"), _request("auth.py#9")],
        session_writes=[SessionWrite("user", "response", "auth.py#3")],
    )
    run = join([auth, FileFacts("views.py", uses=[use])])
    assert run.request_keys_of(use) == ["auth.py#3"]
    assert run.requests["auth.py#9"].uses == []


def test_a_token_posted_back_by_the_browser_comes_from_the_authorize_flows() -> None:
    use = _use(browser=True, kind="id")
    files = [
        FileFacts("login.py", requests=[_request("login.py#a0", path="login.py", flow="authorize")]),
        FileFacts("m2m.py", requests=[_request("m2m.py#1", path="m2m.py", flow="client_credentials")]),
        FileFacts("views.py", uses=[use]),
    ]
    assert join(files).request_keys_of(use) == ["login.py#a0"]


def test_an_imported_function_s_tokens_come_from_its_module_s_requests() -> None:
    use = _use(via_call=".auth.get_tokens")
    auth = FileFacts("app/auth.py", requests=[_request("app/auth.py#1", path="app/auth.py")])
    auth.function_returns["get_tokens"] = ["app/auth.py#1"]
    run = join([auth, FileFacts("app/views.py", uses=[use])])
    assert run.request_keys_of(use) == ["app/auth.py#1"]


def test_the_pieces_of_one_request_are_merged_and_the_primary_piece_is_reported() -> None:
    registered = _request(
        "authlib:auth0",
        path="app.py",
        flow="authorization_code",
        partial=True,
        scope=ParamFact("literal", "openid", ["openid"]),
    )
    redirect = _request(
        "authlib:auth0",
        path="views.py",
        flow="authorization_code",
        partial=True,
        primary=False,
        audience=ParamFact("literal", "https://t.auth0.com/api/v2/"),
    )
    run = join([FileFacts("views.py", requests=[redirect]), FileFacts("app.py", requests=[registered])])
    merged = run.requests["authlib:auth0"].request
    assert merged.audience is not None and merged.audience.text == "https://t.auth0.com/api/v2/"
    assert merged.scope is not None and merged.scope.items == ["openid"]
    assert merged.site.path == "app.py" and merged.primary
    # the files' own facts are not changed by the merge
    assert redirect.scope is None


def test_the_run_keeps_every_file_s_own_facts() -> None:
    files = [FileFacts("a.py"), FileFacts("b.js")]
    assert [facts.path for facts in join(files).files] == ["a.py", "b.js"]


def test_file_facts_survive_the_cache_round_trip() -> None:
    facts = FileFacts(
        "auth.py",
        requests=[_request("auth.py#1", scope=ParamFact("literal", "openid", ["openid"], site=_site("auth.py", 2)))],
        uses=[_use(path="auth.py", request="auth.py#1")],
        session_writes=[SessionWrite("user", "id", "auth.py#1", browser=True)],
        function_returns={"login": ["auth.py#1"]},
    )
    assert FileFacts.from_dict(facts.to_dict()) == facts
