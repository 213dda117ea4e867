"""The module graph of a run (`scopelint.flow.modules`): which file an import names, which
files are one app, which dismissed files the analysed ones need; and the engine analysing
those after all."""

from __future__ import annotations

from pathlib import Path

import pytest

from scopelint.config import Config
from scopelint.engine import Engine
from scopelint.flow.modules import ModuleGraph
from scopelint.frontends import frontend_for
from scopelint.packs.knowledge import load_knowledge
from scopelint.source import SourceFile

KNOWLEDGE = load_knowledge()


def lowered(files: dict[str, str]):
    programs = []
    for path, text in files.items():
        source = SourceFile(path, path, text.encode(), text, "utf-8", False)
        programs.append(frontend_for(path).lower(source, KNOWLEDGE))
    return programs


def targets(files: dict[str, str], path: str, others: tuple[str, ...] = ()) -> list[tuple[str, str | None] | None]:
    graph = ModuleGraph(lowered(files), others=others)
    return [graph.resolve(path, index) for index in range(len(graph.programs[path].imports))]


@pytest.mark.parametrize(
    "source, expected",
    [
        ("from . import mgmt", ("app/mgmt.py", None)),
        ("from .mgmt import call", ("app/mgmt.py", "call")),
        ("from ..shared.http import call", ("shared/http.py", "call")),
        ("from app.mgmt import call", ("app/mgmt.py", "call")),
        ("import app.mgmt as m", ("app/mgmt.py", None)),
        ("from shared import http", ("shared/http.py", None)),
        ("from shared import call", ("shared/__init__.py", "call")),  # a name its __init__ re-exports
        ("import requests", None),  # a library
    ],
)
def test_python_imports(source: str, expected) -> None:
    files = {
        "app/views.py": source + "\n",
        "app/mgmt.py": "def call(): pass\n",
        "shared/__init__.py": "from .http import call\n",
        "shared/http.py": "def call(): pass\n",
    }
    assert targets(files, "app/views.py") == [expected]


def test_a_src_layout_resolves_by_its_package_name() -> None:
    files = {"src/portal/views.py": "from portal.api import get\n", "src/portal/api.py": "def get(): pass\n"}
    assert targets(files, "src/portal/views.py") == [("src/portal/api.py", "get")]


@pytest.mark.parametrize(
    "source, expected",
    [
        ("import { getUser } from './api';", ("src/api.ts", "getUser")),
        ("import api from './api.js';", ("src/api.ts", "default")),  # TypeScript's .js of a .ts
        ("import * as api from './api';", ("src/api.ts", None)),
        ("const { getUser } = require('./api');", ("src/api.ts", None)),
        ("import { auth } from './auth';", ("src/auth/index.js", "auth")),  # a folder's index
        ("import { Auth0Client } from '@auth0/auth0-spa-js';", None),  # a package
    ],
)
def test_script_imports(source: str, expected) -> None:
    files = {"src/app.js": source + "\n", "src/api.ts": "export function getUser() {}\n", "src/auth/index.js": ""}
    assert targets(files, "src/app.js") == [expected]


def test_an_import_resolves_to_a_file_that_was_not_lowered_only_as_one_of_the_others() -> None:
    files = {"app/views.py": "from .client import call\n"}
    assert targets(files, "app/views.py") == [None]
    graph = ModuleGraph(lowered(files), others=("app/client.py",))
    assert graph.needed_files("app/views.py") == ["app/client.py"]


def test_apps_are_joined_by_imports_folders_and_project_roots_only() -> None:
    files = {
        "shop/web/views.py": "from shop.web.auth import login\n",
        "shop/web/auth.py": "def login(): pass\n",
        "shop/jobs/sync.py": "x = 1\n",  # another folder of the same project (shop/pyproject.toml)
        "back/app.py": "y = 2\n",
        "back/tasks/run.py": "z = 3\n",  # no marker under back/, no import: its own app
    }
    graph = ModuleGraph(lowered(files), markers=["shop/pyproject.toml"])
    app = graph.app_of
    assert app("shop/web/views.py") == app("shop/web/auth.py") == app("shop/jobs/sync.py")
    assert len({app("shop/web/views.py"), app("back/app.py"), app("back/tasks/run.py")}) == 3


HELPER = """\
import os

import requests

BASE = os.environ["TENANT_URL"]


def call(path, credential):
    return requests.get(BASE + path, headers={"Authorization": "Bearer " + credential})
"""
VIEW = """\
from flask import session

from .client import call


def profile(user_id):
    return call(f"/api/v2/users/{user_id}", session["id_token"])
"""


def test_a_helper_module_the_prefilter_dismisses_is_analysed_when_an_analysed_file_imports_it(tmp_path: Path) -> None:
    """client.py holds nothing the prefilter looks for (no token key, no API path): alone it is
    never parsed, but views.py imports it, and the ID token reaches its request."""
    engine = Engine(Config(root=tmp_path))
    assert engine.prefilter is not None and not engine.prefilter.may_match(HELPER, "python")
    assert engine.check_texts({"app/client.py": HELPER}).findings == []
    result = engine.check_texts({"app/client.py": HELPER, "app/views.py": VIEW})
    assert [(f.code, f.path, f.span.line) for f in result.findings] == [("SL101", "app/views.py", 7)]
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "client.py").write_text(HELPER, encoding="utf-8")
    (tmp_path / "app" / "views.py").write_text(VIEW, encoding="utf-8")
    run = Engine(Config(root=tmp_path)).check_paths([tmp_path / "app"], tmp_path)
    assert [(f.code, f.path, f.span.line) for f in run.findings] == [("SL101", "app/views.py", 7)]
    assert run.files_checked == 2


REDIS_STORE = """\
import json
import redis

cache = redis.Redis()


def save(session_id, tokens):
    cache.set(f"tokens:{session_id}", json.dumps(tokens))


def load(session_id, shape):
    return json.loads(cache.get(shape.format(session_id)))
"""
LOGIN = """\
import requests
from app.store import save


def sign_in(username, password, sid):
    response = requests.post("https://example.auth0.com/oauth/token", json={
        "grant_type": "password", "client_id": "abc", "username": username, "password": password,
    })
    save(sid, response.json())
"""
PROFILE = """\
import requests
from app.store import load


def profile(sid, user_id):
    tokens = load(sid, "{key}")
    return requests.get(f"https://example.auth0.com/api/v2/users/{user_id}",
                        headers={"Authorization": f"Bearer {tokens['access_token']}"})
"""


@pytest.mark.parametrize(
    ("read_shape", "joined"),
    [("tokens:{}", True), ("profile:{}", False)],
)
def test_a_cache_key_built_around_a_session_id_joins_only_the_same_shape(read_shape: str, joined: bool) -> None:
    """Written under `tokens:{sid}`, read under the same shape: the token response comes
    back (its request has no audience: SL102). Read under another shape: nothing joins."""
    store = REDIS_STORE.replace("shape.format(session_id)", f'f"{read_shape.replace("{}", "{session_id}")}"')
    files = {"app/store.py": store, "app/login.py": LOGIN, "app/profile.py": PROFILE, "app/__init__.py": ""}
    codes = {f.code for f in Engine(Config(root=Path("."))).check_texts(files).findings}
    assert ("SL102" in codes) == joined


LOGIN_SESSION = """\
import os
from requests_oauthlib import OAuth2Session

def login():
    oauth = OAuth2Session(os.environ["{login_client}"], scope=["openid", "profile"])
    return oauth.authorization_url("https://example.auth0.com/authorize")
"""
CALLBACK_SESSION = """\
import os
from requests_oauthlib import OAuth2Session

def callback(url, user_id):
    oauth = OAuth2Session(os.environ["AUTH0_CLIENT_ID"])
    oauth.fetch_token("https://example.auth0.com/oauth/token", authorization_response=url)
    return oauth.get(f"https://example.auth0.com/api/v2/users/{user_id}")
"""


@pytest.mark.parametrize(("login_client", "joined"), [("AUTH0_CLIENT_ID", True), ("GITHUB_CLIENT_ID", False)])
def test_sessions_of_one_oauth_client_are_one_flow(login_client: str, joined: bool) -> None:
    """The login view's session (with the scope) and the callback's (that fetches the token)
    are one flow when both are built with the same client id; another client's session
    lends the callback nothing."""
    files = {
        "app/login.py": LOGIN_SESSION.replace("{login_client}", login_client),
        "app/callback.py": CALLBACK_SESSION,
    }
    findings = Engine(Config(root=Path("."))).check_texts(files).findings
    assert {f.code for f in findings} == {"SL102", "SL104"}
    assert {f.path for f in findings} == {"app/login.py" if joined else "app/callback.py"}


@pytest.mark.parametrize(
    ("variable", "reported"),
    [("AUTH0_ID_TOKEN", True), ("id_token", True), ("AUTH0_ID_TOKEN_PATH", False), ("AUTH0_TOKEN", False)],
)
def test_an_environment_variable_named_as_an_id_token_is_one(variable: str, reported: bool) -> None:
    """Its name is all anyone knows of it, as of a parameter named `id_token`."""
    script = f"""\
import os
import requests

def show(user_id):
    token = os.environ["{variable}"]
    return requests.get(f"https://example.auth0.com/api/v2/users/{{user_id}}",
                        headers={{"Authorization": f"Bearer {{token}}"}})
"""
    codes = [f.code for f in Engine(Config(root=Path("."))).check_texts({"job.py": script}).findings]
    assert codes == (["SL101"] if reported else [])
