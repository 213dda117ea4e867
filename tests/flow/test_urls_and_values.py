"""The value model and URL matching, language-neutral."""

from __future__ import annotations

import pytest

from scopelint.flow.urls import host_matches, match_endpoints, split_url
from scopelint.flow.values import (
    MAX_ALTERNATIVES,
    Text,
    Token,
    Union,
    Unknown,
    alternatives,
    concat,
    render_text,
    store_key_of,
    tokens_in,
    union,
)
from scopelint.packs.knowledge import load_knowledge

KNOWLEDGE = load_knowledge()
HOLE = Unknown()


def test_union_flattens_and_bounds_its_options() -> None:
    a, b, c = Text(("a",)), Text(("b",)), Text(("c",))
    nested = union([a, union([b, c])])
    assert isinstance(nested, Union) and alternatives(nested) == (a, b, c)
    assert union([a]) is a
    assert isinstance(union([Text((str(i),)) for i in range(MAX_ALTERNATIVES + 1)]), Unknown)


def test_concat_merges_literal_pieces_and_keeps_holes() -> None:
    text = concat(Text(("https://",)), HOLE, Text(("/api",)), Text(("/v2",)))
    assert text.parts == ("https://", HOLE, "/api/v2") and render_text(text) == "https://{}/api/v2"
    assert text.literal() is None and Text(("a", "b")).literal() == "ab"


def test_a_store_key_is_its_text_or_the_shape_of_a_key_built_around_a_hole() -> None:
    assert store_key_of(Text(("auth",))) == "auth"
    assert store_key_of(Text(("tokens:", HOLE))) == "tokens:{…}"
    assert store_key_of(Text(("user:", HOLE, ":id_token"))) == "user:{…}:id_token"
    # nearly all hole: names no family of keys
    assert store_key_of(Text((HOLE,))) is None and store_key_of(Text(("t", HOLE))) is None
    # one of several keys, or a value that is not text: no key
    assert store_key_of(union([Text(("a",)), Text(("b",))])) is None and store_key_of(HOLE) is None


def test_tokens_are_found_inside_strings() -> None:
    token = Token("id", object(), "tokens['id_token']")  # type: ignore[arg-type]
    header = concat(Text(("Bearer ",)), token)
    assert list(tokens_in(union([header, Text(("x",))]))) == [token]


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://tenant.auth0.com/api/v2/users/\x00", ("tenant.auth0.com", "/api/v2/users/\x00")),
        ("https://\x00/api/v2/users", (None, "/api/v2/users")),
        ("\x00/api/v2/users", (None, "/api/v2/users")),
        ("/api/v2/users", (None, "/api/v2/users")),
        ("\x00", None),  # says nothing of where it goes
    ],
)
def test_split_url(url: str, expected) -> None:
    assert split_url(url) == expected


def test_hosts_of_the_api() -> None:
    hosts = KNOWLEDGE.apis[0].hosts
    assert host_matches("acme.eu.auth0.com", hosts, ())
    assert host_matches(None, hosts, ())  # a variable: may well be the tenant
    assert not host_matches("api.example.com", hosts, ())
    assert host_matches("login.acme.com", hosts, ("login.acme.com",))  # a configured custom domain


def test_endpoints_by_path_and_method() -> None:
    url = Text(("https://tenant.auth0.com/api/v2/users/", HOLE, "/enrollments"))
    assert [e.id for e in match_endpoints(url, "GET", KNOWLEDGE.endpoints, ())] == ["get-enrollments"]
    user = Text(("https://tenant.auth0.com/api/v2/users/", HOLE))
    assert sorted(e.id for e in match_endpoints(user, None, KNOWLEDGE.endpoints, ())) == ["get-user", "update-user"]
    assert match_endpoints(user, "GET", KNOWLEDGE.endpoints, ()) == [KNOWLEDGE.endpoint("get-user")]
    other = Text(("https://api.example.com/api/v2/users/", HOLE))
    assert match_endpoints(other, "GET", KNOWLEDGE.endpoints, ()) == []
