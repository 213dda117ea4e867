"""The Python evaluator on its own: what an expression may hold, and where it came from.

Each module marks the expression asked about by assigning it to `probe` (the last such
assignment counts); the value is the evaluator's answer for the right-hand side.
"""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest

from scopelint.facts.values import (
    CallResult,
    Instance,
    Mapping,
    Sequence,
    Text,
    Token,
    TokenResponse,
    Unknown,
    Value,
    alternatives,
    render_text,
)
from scopelint.packs.knowledge import load_knowledge
from scopelint.python.facts import ModuleFacts, build_facts
from scopelint.python.parse import parse

KNOWLEDGE = load_knowledge()


def _facts(source: str) -> ModuleFacts:
    return build_facts(parse(textwrap.dedent(source).lstrip("\n")), KNOWLEDGE, (), "app.py")


def _probe(source: str) -> tuple[Value, ModuleFacts]:
    facts = _facts(source)
    value = None
    for statement in _statements(facts.module):
        if isinstance(statement, cst.Assign) and any(
            isinstance(t.target, cst.Name) and t.target.value == "probe" for t in statement.targets
        ):
            value = statement.value
    assert value is not None, "the module assigns no `probe`"
    return facts.evaluator.eval(value), facts


def _statements(root: cst.CSTNode):
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Assign):
            yield node
        stack.extend(reversed(node.children))


def _texts(value: Value) -> list[str]:
    return sorted(render_text(option) for option in alternatives(value) if isinstance(option, Text))


# --------------------------------------------------------------------------- strings


def test_strings_with_holes_from_fstrings_concatenation_percent_and_format() -> None:
    value, _ = _probe(
        """
        import os
        DOMAIN = os.environ["AUTH0_DOMAIN"]
        base = f"https://{DOMAIN}/api/v2"
        path = "/users/%s" % uid
        probe = base + path + "/{}".format("enrollments")
        """
    )
    assert _texts(value) == ["https://{}/api/v2/users/{}/enrollments"]


def test_urljoin_keeps_only_the_origin_for_an_absolute_path() -> None:
    value, _ = _probe(
        """
        from urllib.parse import urljoin
        probe = urljoin("https://tenant.auth0.com/authorize/", "/api/v2/users/1")
        """
    )
    assert _texts(value) == ["https://tenant.auth0.com/api/v2/users/1"]


def test_an_environment_variable_is_unknown_but_says_what_it_is() -> None:
    value, _ = _probe('import os\nprobe = os.getenv("AUTH0_DOMAIN")\n')
    assert isinstance(value, Unknown) and value.hint == "environment variable AUTH0_DOMAIN"


# --------------------------------------------------------------------------- names


def test_a_later_assignment_in_the_same_block_hides_the_earlier_one() -> None:
    value, _ = _probe('x = "a"\nx = "b"\nprobe = x\n')
    assert _texts(value) == ["b"]


def test_assignments_in_branches_may_all_reach_the_use() -> None:
    value, _ = _probe(
        """
        if flag:
            x = "a"
        else:
            x = "b"
        probe = x
        """
    )
    assert _texts(value) == ["a", "b"]


def test_a_parameter_holds_what_the_module_passes_at_its_call_sites() -> None:
    value, _ = _probe(
        """
        def show(path):
            probe = path
        show("/users")
        show(path="/enrollments")
        """
    )
    assert _texts(value) == ["/enrollments", "/users"]


def test_an_attribute_set_in_init_is_read_in_another_method() -> None:
    value, _ = _probe(
        """
        class Client:
            def __init__(self):
                self.base = "https://tenant.auth0.com/api/v2"

            def get(self):
                probe = self.base + "/users"
        """
    )
    assert _texts(value) == ["https://tenant.auth0.com/api/v2/users"]


def test_a_cycle_ends_in_unknown_not_in_a_recursion_error() -> None:
    value, _ = _probe("a = b\nb = a\nprobe = a\n")
    assert all(isinstance(option, Unknown) for option in alternatives(value))


# --------------------------------------------------------------------------- dicts


def test_a_dict_carries_its_later_item_writes_and_updates() -> None:
    value, facts = _probe(
        """
        headers = {"Accept": "application/json"}
        headers["Authorization"] = "Bearer x"
        headers.update({"X-Trace": "1"}, Extra="2")
        probe = headers
        """
    )
    (mapping,) = alternatives(value)
    assert isinstance(mapping, Mapping)
    keys = [key for key, _ in facts.evaluator.mapping_entries(mapping)]
    assert keys == ["Accept", "Authorization", "X-Trace", "Extra"]


def test_a_dict_with_a_spread_of_something_unknown_is_open() -> None:
    value, _ = _probe("probe = {'scope': 'openid', **extra}\n")
    (mapping,) = alternatives(value)
    assert isinstance(mapping, Mapping) and mapping.open


def test_a_list_literal() -> None:
    value, _ = _probe('probe = ["openid", "read:current_user"]\n')
    (sequence,) = alternatives(value)
    assert isinstance(sequence, Sequence) and sequence.style == "list"
    assert [render_text(item) for item in sequence.items] == ["openid", "read:current_user"]


# --------------------------------------------------------------------------- tokens


def test_the_id_token_of_a_token_response_knows_its_request() -> None:
    value, facts = _probe(
        """
        import requests
        tokens = requests.post("https://tenant.auth0.com/oauth/token", json={"grant_type": "password"}).json()
        probe = tokens["id_token"]
        """
    )
    (token,) = alternatives(value)
    assert isinstance(token, Token) and token.kind == "id"
    assert token.request is not None and token.request in {r.key for r in facts.token_requests}
    assert token.description == 'tokens["id_token"]'


def test_a_value_passed_to_a_verifier_is_an_id_token() -> None:
    value, _ = _probe(
        """
        from auth0.authentication.token_verifier import TokenVerifier
        raw = request_field()
        TokenVerifier(signature_verifier=sv, issuer=i, audience=a).verify(raw)
        probe = raw
        """
    )
    (token,) = alternatives(value)
    assert isinstance(token, Token) and token.kind == "id" and not token.weak
    assert "verified as an ID token" in token.description


def test_a_parameter_named_id_token_is_taken_at_its_word_only_when_nothing_better_is_known() -> None:
    value, _ = _probe("def f(id_token):\n    probe = id_token\n")
    (token,) = alternatives(value)
    assert isinstance(token, Token) and token.weak
    value, _ = _probe('def f(id_token):\n    probe = id_token\nf("opaque")\n')
    assert _texts(value) == ["opaque"]


def test_a_session_key_read_in_another_module_is_joined_by_the_run() -> None:
    value, _ = _probe('from flask import session\nprobe = session["user"]["id_token"]\n')
    (token,) = alternatives(value)
    assert isinstance(token, Token) and token.session_key == "user" and token.request is None


def test_an_imported_function_s_result_is_left_to_the_run() -> None:
    value, _ = _probe("from .auth import get_tokens\nprobe = get_tokens()\n")
    (result,) = alternatives(value)
    assert isinstance(result, CallResult) and result.qualname == ".auth.get_tokens"


@pytest.mark.parametrize(
    "source, qualname",
    [
        ("import requests\nprobe = requests.Session()\n", "requests.Session"),
        ("import httpx as h\nprobe = h.AsyncClient(base_url=u)\n", "httpx.AsyncClient"),
        ("from auth0.management import Auth0\nprobe = Auth0(d, t)\n", "auth0.management.Auth0"),
    ],
)
def test_library_clients_are_tracked_by_qualified_name(source: str, qualname: str) -> None:
    value, _ = _probe(source)
    (instance,) = alternatives(value)
    assert isinstance(instance, Instance) and instance.qualname == qualname


def test_a_registry_client_s_token_method_returns_its_token_response() -> None:
    value, _ = _probe(
        """
        from authlib.integrations.flask_client import OAuth
        oauth = OAuth(app)
        oauth.register("auth0", client_kwargs={"scope": "openid"})
        probe = oauth.auth0.authorize_access_token()
        """
    )
    (response,) = alternatives(value)
    assert isinstance(response, TokenResponse) and response.request == "authlib:auth0"
