"""A fix that edits a value other code shares is unsafe: a token read back from the session or
browser storage is fixed where it was written, which changes what every reader of the key gets;
when another reader (another API) needs the ID token there, it is not fixed at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from scopelint.config import Config
from scopelint.engine import Engine
from scopelint.model import Applicability

PYTHON = """\
import requests
from authlib.integrations.flask_client import OAuth
from flask import Flask, session

DOMAIN = "acme.auth0.com"
app = Flask(__name__)
oauth = OAuth(app)
oauth.register("auth0", client_id="x", client_secret="y",
               client_kwargs={"scope": "openid profile read:current_user"},
               authorize_params={"audience": f"https://{DOMAIN}/api/v2/"})


@app.route("/callback")
def callback():
    tokens = oauth.auth0.authorize_access_token()
    session["id_token"] = tokens["id_token"]
    return requests.get(f"https://{DOMAIN}/api/v2/users/me", headers={"Authorization": "Bearer " + tokens["id_token"]})


@app.route("/profile")
def profile(uid):
    return requests.get(f"https://{DOMAIN}/api/v2/users/{uid}", headers={"Authorization": "Bearer " + session["id_token"]})


@app.route("/orders")
def orders():
    return requests.get("https://orders.example.com/v1/orders", headers={"Authorization": "Bearer " + session["id_token"]})
"""  # noqa: E501 - sample source: one request per line

SCRIPT = """\
var webAuth = new auth0.WebAuth({domain: 'acme.auth0.com', clientID: 'x', responseType: 'token id_token',
  scope: 'openid read:current_user', audience: 'https://acme.auth0.com/api/v2/'});
webAuth.parseHash(function (err, authResult) {
  localStorage.setItem('id_token', authResult.idToken);
  fetch('https://acme.auth0.com/api/v2/users/' + authResult.idTokenPayload.sub,
    {headers: {Authorization: 'Bearer ' + authResult.idToken}});
});
function profile(userId) {
  return fetch('https://acme.auth0.com/api/v2/users/' + userId,
    {headers: {Authorization: 'Bearer ' + localStorage.getItem('id_token')}});
}
function orders() {
  return fetch('/api/orders', {headers: {Authorization: 'Bearer ' + localStorage.getItem('id_token')}});
}
"""


@pytest.mark.parametrize(
    "path, code, direct_line, stored_line, write_line",
    [("app.py", PYTHON, 17, 22, 16), ("app.js", SCRIPT, 6, 10, 4)],
)
def test_the_direct_use_is_fixed_safely_the_stored_one_unsafely(
    path, code, direct_line, stored_line, write_line
) -> None:
    findings = {
        f.span.line: f for f in Engine(Config(root=Path("."))).check_text(code, path).findings if f.code == "SL101"
    }
    assert set(findings) == {direct_line, stored_line}
    direct, stored = findings[direct_line].fix, findings[stored_line].fix
    assert direct is not None and direct.applicability is Applicability.SAFE
    assert [e.span.line for e in direct.edits] == [direct_line]  # the use itself
    # the orders API reads the stored ID token too: switching what is stored would break it
    assert stored is None


@pytest.mark.parametrize(
    "path, code, stored_line, write_line",
    [
        ("app.py", PYTHON.split('\n\n\n@app.route("/orders")')[0] + "\n", 22, 16),
        ("app.js", SCRIPT.split("function orders")[0], 10, 4),
    ],
)
def test_a_stored_token_no_other_reader_needs_is_fixed_at_its_write_unsafely(
    path, code, stored_line, write_line
) -> None:
    findings = {
        f.span.line: f for f in Engine(Config(root=Path("."))).check_text(code, path).findings if f.code == "SL101"
    }
    stored = findings[stored_line].fix
    assert stored is not None and stored.applicability is Applicability.UNSAFE
    assert [e.span.line for e in stored.edits] == [write_line]  # the shared write


SCOPE_APP = """\
import requests

DOMAIN = "acme.auth0.com"


def login(username, password):
    return requests.post(f"https://{DOMAIN}/oauth/token", json={
        "grant_type": "password", "username": username, "password": password,
        "audience": f"https://{DOMAIN}/api/v2/", "scope": "openid",
    }).json()


def profile(username, password, uid):
    tokens = login(username, password)
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    return requests.get(f"https://{DOMAIN}/api/v2/users/{uid}", headers=headers).json()
"""

ALSO_ELSEWHERE = """

def orders(username, password):
    tokens = login(username, password)
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    return requests.get("https://backend.example.com/orders", headers=headers).json()
"""


@pytest.mark.parametrize("elsewhere", [False, True])
def test_a_scope_fix_is_unsafe_when_the_tokens_also_go_where_the_run_cannot_follow(elsewhere: bool) -> None:
    code = SCOPE_APP + (ALSO_ELSEWHERE if elsewhere else "")
    [finding] = [f for f in Engine(Config(root=Path("."))).check_text(code, "app.py").findings if f.code == "SL104"]
    assert finding.fix is not None
    if elsewhere:  # the backend may call the Management API with them: its needs are not known
        assert finding.fix.applicability is Applicability.UNSAFE
        assert "its tokens also go to app.py:22" in finding.fix.description
    else:
        assert finding.fix.applicability is Applicability.SAFE
