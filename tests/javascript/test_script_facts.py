"""The JavaScript front end's facts (scopelint.javascript.facts): the same plain data as the
Python front end, round-tripped through the cache's dict form, and bounded on hostile input."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from scopelint.facts.model import FileFacts
from scopelint.javascript.facts import script_facts
from scopelint.javascript.parse import parse_script
from scopelint.packs.knowledge import Knowledge, load_knowledge


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge()


def _facts(knowledge: Knowledge, code: str, path: str = "app.js", custom_domains: tuple[str, ...] = ()) -> FileFacts:
    text = textwrap.dedent(code).lstrip("\n")
    return script_facts(parse_script(text, path), knowledge, custom_domains, path, text)


WEBAUTH = """
    var webAuth = new auth0.WebAuth({
      domain: AUTH0_DOMAIN,
      clientID: CLIENT_ID,
      responseType: 'id_token',
      scope: 'openid'
    });
    webAuth.parseHash(function (err, authResult) {
      localStorage.setItem('token', authResult.idToken);
      fetch(`https://${AUTH0_DOMAIN}/api/v2/users/${authResult.idTokenPayload.sub}`, {
        headers: { Authorization: 'Bearer ' + localStorage.getItem('token') }
      });
    });
"""


def test_webauth_request_use_and_storage_write(knowledge: Knowledge) -> None:
    facts = _facts(knowledge, WEBAUTH)
    [request] = facts.requests
    assert (request.flow, request.user_facing, request.library) == ("authorize", True, "auth0.js")
    assert request.audience is None and request.scope is not None and request.scope.items == ["openid"]
    assert request.response_type is not None and request.response_type.text == "id_token"
    assert request.audience_value == "`https://${AUTH0_DOMAIN}/api/v2/`"
    assert request.insertion_kind == "js-object" and request.key == "js:app.js:1:15"
    [use] = facts.uses
    # the key "token" does not name a token: the same file's write says what it holds
    assert (use.kind, use.endpoints, use.request) == ("id", ["get-user"], request.key)
    assert use.source == "authResult.idToken, line 8"
    assert facts.session_writes[0].key == "localStorage:token" and facts.session_writes[0].kind == "id"


def test_file_facts_round_trip_through_the_cache_form(knowledge: Knowledge) -> None:
    facts = _facts(knowledge, WEBAUTH.replace("localStorage.getItem('token')", "authResult.idToken"))
    assert facts.uses[0].fix_edits and facts.uses[0].fix_safe
    data = json.loads(json.dumps(facts.to_dict()))
    assert FileFacts.from_dict(data) == facts


def test_literal_credentials_are_recorded_and_round_trip(knowledge: Knowledge) -> None:
    jwt = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln"
    facts = _facts(
        knowledge,
        f"const T = '{jwt}';\n"
        "fetch(`https://${D}/api/v2/users/${id}`, { headers: { Authorization: `Bearer ${T}` } });\n",
    )
    [credential] = facts.literal_credentials
    assert credential.text == f"Bearer {jwt}" and credential.endpoints == ["get-user"] and not credential.client
    assert FileFacts.from_dict(json.loads(json.dumps(facts.to_dict()))) == facts


def test_spa_js_per_call_authorization_params_are_their_own_request(knowledge: Knowledge) -> None:
    facts = _facts(
        knowledge,
        """
        const client = await createAuth0Client({ domain: DOMAIN, clientId: ID });
        const token = await client.getTokenSilently({ authorizationParams: { audience: AUD, scope: 'read:current_user' } });
        await fetch(`https://${DOMAIN}/api/v2/users/${USER}`, { headers: { Authorization: `Bearer ${token}` } });
        """,  # noqa: E501 - the request keys are line:column positions in this text
        "main.ts",
    )
    keys = {r.key: r for r in facts.requests}
    assert set(keys) == {"js:main.ts:1:22", "js:main.ts:2:21"}
    assert facts.uses[0].kind == "access" and facts.uses[0].request == "js:main.ts:2:21"
    assert keys["js:main.ts:2:21"].audience is not None and keys["js:main.ts:2:21"].audience.state == "unknown"


@pytest.mark.parametrize(
    "url, found",
    [
        ("`https://${DOMAIN}/api/v2/users/${id}`", True),  # host not a literal
        ("'https://acme.eu.auth0.com/api/v2/users/' + id", True),
        ("'https://login.example.com/api/v2/users/' + id", False),  # not an Auth0 host
        ("apiUrl", False),  # nothing known: say nothing
        ("'/api/v2/users/' + id", False),  # a path: the page's own origin, never Auth0
        ("'//acme.auth0.com/api/v2/users/' + id", True),  # scheme-relative
        ("base + '/api/v2/users/' + id", True),  # the host is not known
    ],
)
def test_management_urls(knowledge: Knowledge, url: str, found: bool) -> None:
    code = f"fetch({url}, {{ headers: {{ Authorization: 'Bearer ' + authResult.idToken }} }});\n"
    assert bool(_facts(knowledge, code).uses) is found


def test_custom_domain_is_a_management_host(knowledge: Knowledge) -> None:
    code = (
        "fetch('https://login.example.com/api/v2/users/' + id, "
        "{ headers: { Authorization: 'Bearer ' + r.idToken } });\n"
    )
    assert _facts(knowledge, code, custom_domains=("login.example.com",)).uses


def test_template_tags_are_holes_not_text(knowledge: Knowledge) -> None:
    code = """
    <script>
      fetch('https://{{ domain }}/api/v2/users/{{ user.id }}', { headers: { Authorization: 'Bearer ' + r.idToken } });
      fetch('https://{{ domain }}.example.com/api/v2/users/1', { headers: { Authorization: 'Bearer ' + r.idToken } });
    </script>
    """
    uses = _facts(knowledge, code, "templates/page.html").uses
    assert [u.call_site.span.line for u in uses] == [2]  # the second host is a literal non-Auth0 one


@pytest.mark.parametrize(
    "code",
    [
        "var u = 'https://x.auth0.com/api/v2/users/' "
        + "+ 'a' " * 5000
        + ";\nfetch(u, {headers: {Authorization: r.idToken}});\n",
        "\n".join(f"function f{i}(a) {{ return f{i + 1}(a); }}" for i in range(2000))
        + "\nfetch('https://x.auth0.com/api/v2/users/1', {headers: {Authorization: f0(r.idToken)}});\n",
        "var a = b; var b = a; fetch(a, {headers: {Authorization: a}});\n",
    ],
    ids=["long-concatenation", "deep-call-chain", "cycle"],
)
def test_hostile_shapes_end_without_error(knowledge: Knowledge, code: str) -> None:
    _facts(knowledge, code)  # bounded: no RecursionError, no hang


def test_tree_sitter_is_not_imported_for_a_script_the_prefilter_skips(tmp_path) -> None:
    (tmp_path / "plain.js").write_text("export const add = (a, b) => a + b;\n", encoding="utf-8")
    probe = (
        "import sys; from pathlib import Path; from scopelint.config import load_config; "
        "from scopelint.engine import Engine;"
        f"e = Engine(load_config(Path({str(tmp_path)!r}))); "
        f"r = e.check_paths([Path({str(tmp_path)!r})], Path({str(tmp_path)!r}));"
        "print(r.files_checked, r.files_skipped_by_prefilter, 'tree_sitter' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["1", "1", "False"]


def test_a_large_file_is_analysed_whole(knowledge: Knowledge) -> None:
    # many functions reusing the same names: every call is still seen (no budget cut, no
    # per-name quadratic lookups that would make this slow)
    functions = [
        f"function f{i}(u) {{\n"
        f"  var t = localStorage.getItem('id_token');\n"
        f"  var x = new XMLHttpRequest(); x.open('DELETE', 'https://' + D + '/api/v2/device-credentials/' + u);\n"
        f"  x.setRequestHeader('Authorization', 'Bearer ' + t);\n"
        f"  $.ajax({{ url: 'https://' + D + '/api/v2/users/' + u, headers: {{ Authorization: 'Bearer ' + t }} }});\n"
        f"}}"
        for i in range(500)
    ]
    uses = _facts(knowledge, "\n".join(functions) + "\n").uses
    assert len(uses) == 1000
    assert {tuple(u.endpoints) for u in uses} == {("delete-device-credential",), ("get-user",)}


def test_template_holes_and_columns_on_non_ascii_crlf_text(knowledge: Knowledge) -> None:
    code = (
        "<p>héllo — ünïcode</p>\r\n<script>\r\n  // café ☕\r\n"
        "  fetch('https://{{ dömain }}/api/v2/users/{{ ïd }}', "
        "{ headers: { Authorization: 'Bearer ' + r.idToken } });\r\n"
        "</script>\r\n"
    )
    [use] = script_facts(parse_script(code, "t.html"), knowledge, (), "t.html", code).uses
    assert (use.site.span.line, use.site.span.column) == (4, 83)  # characters, not bytes
