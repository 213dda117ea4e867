"""End to end on multi-module sample apps (tests/apps/): the installed CLI, one run per app,
tokens followed across modules (session, imported helpers, Authlib and social-auth settings)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

APPS = Path(__file__).resolve().parents[1] / "apps"

EXPECTED = {
    # Authlib login in auth.py, session["user"] = token, Management API calls in views.py
    "flask_authlib": {
        ("SL102", "auth.py", 11),  # register(...) asks for no audience
        ("SL104", "auth.py", 15),  # lacks update:current_user_metadata and update:current_user_identities
        ("SL101", "views.py", 30),  # session["user"]["id_token"] as Bearer
        ("SL106", "views.py", 40),  # provider/user_id with a user token
    },
    # python-social-auth settings, token read from extra_data in views.py
    "django_social": {
        ("SL102", "settings.py", 9),
        ("SL104", "settings.py", 9),
        ("SL107", "settings.py", 9),
    },
    # a Flask app whose browser code talks to Auth0: auth0.js in a Jinja template (legacy
    # implicit grant, ID token to the Management API), auth0-spa-js in static JavaScript
    # (access token for PATCH, getIdTokenClaims().__raw for linking); the view is clean
    "flask_spa": {
        ("SL102", "templates/profile.html", 7),  # WebAuth without audience
        ("SL105", "templates/profile.html", 10),  # responseType 'id_token'
        ("SL104", "templates/profile.html", 11),  # lacks read:current_user
        ("SL101", "templates/profile.html", 25),  # authResult.idToken as Bearer
        ("SL104", "static/js/app.js", 11),  # lacks update:current_user_metadata, update:current_user_identities
        ("SL101", "static/js/app.js", 29),  # claims.__raw as Bearer for account linking
    },
    # password grant with the right audience but not the scope
    "cli_password": {("SL104", "cli.py", 21)},
    # auth0-python 3.x, 4.x (M2M: clean; user login), 5.x ManagementClient fed by an imported helper
    "sdk_styles": {
        ("SL102", "v3_login.py", 9),
        ("SL104", "v3_login.py", 9),
        ("SL101", "v3_login.py", 10),
        ("SL102", "v4_user.py", 11),
        ("SL104", "v4_user.py", 11),
    },
}


@pytest.mark.parametrize("app", sorted(EXPECTED))
def test_sample_app_findings(app: str) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "scopelint", "check", "--format", "json", "."],
        cwd=APPS / app,
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = json.loads(run.stdout)
    assert report["errors"] == []
    found = {(f["code"], f["path"], f["line"]) for f in report["findings"]}
    assert found == EXPECTED[app]
    assert run.returncode == 1


def test_sdk_styles_m2m_module_alone_is_clean() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "scopelint", "check", "--format", "json", "v4_m2m.py"],
        cwd=APPS / "sdk_styles",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert json.loads(run.stdout)["findings"] == [] and run.returncode == 0
