"""What several test modules share: the repository, a PYTHONPATH for scopelint subprocesses,
a module with one finding, and the installed CLI run as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# An ID token sent as the Bearer credential of GET /api/v2/users/{id} on an Auth0 host.
# SL101 reports the Authorization value: line 7, column 35 (1-based), 30 characters long.
FINDING = """\
import requests


def get_user(tokens, uid):
    return requests.get(
        f"https://tenant.auth0.com/api/v2/users/{uid}",
        headers={"Authorization": f"Bearer {tokens['id_token']}"},
    )
"""

# An ID token of a password grant that asks for no audience, sent to GET /api/v2/users/{id}:
# SL101, SL102 and SL104, all with safe fixes.
PASSWORD_GRANT_APP = """\
import os
import requests

DOMAIN = os.environ["AUTH0_DOMAIN"]


def profile(username, password, user_id):
    tokens = requests.post(f"https://{DOMAIN}/oauth/token", json={
        "grant_type": "password", "username": username, "password": password, "scope": "openid",
    }).json()
    return requests.get(
        f"https://{DOMAIN}/api/v2/users/{user_id}",
        headers={"Authorization": f"Bearer {tokens['id_token']}"},
    )
"""
# A helper module that sends whatever token it is given to the Management API (file A), and
# a view that gives it the ID token (file B): SL101 is in B, at session["id_token"], because of A.
HELPER_MODULE = """\
import requests

DOMAIN = "tenant.auth0.com"


def get_user(token, user_id):
    return requests.get(
        f"https://{DOMAIN}/api/v2/users/{user_id}",
        headers={"Authorization": f"Bearer {token}"},
    )
"""
VIEW_MODULE = """\
from flask import session

from helpers import get_user


def profile(user_id):
    return get_user(session["id_token"], user_id)
"""


def pythonpath() -> str:
    """The repository first; no empty entry (that would put the current directory, i.e. the
    scanned tree, on sys.path of the subprocess and let its modules shadow real ones)."""
    entries = [str(REPO), *os.environ.get("PYTHONPATH", "").split(os.pathsep)]
    return os.pathsep.join(entry for entry in entries if entry)


def scopelint(cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m scopelint ARGS` in `cwd` with a minimal environment (no colour)."""
    return subprocess.run(
        [sys.executable, "-m", "scopelint", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        # this checkout's scopelint, not whichever one the interpreter has installed
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "PYTHONPATH": pythonpath()},
    )


def run_bash_script(script: Path, args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A shell script that calls scopelint (the action's steps, the organisation recipe),
    with this checkout's scopelint as $SCOPELINT and `env` on top of a minimal environment."""
    environment = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": pythonpath(),
        "NO_COLOR": "1",
        "SCOPELINT": f"{sys.executable} -m scopelint",
        **env,
    }
    return subprocess.run(
        ["bash", str(script), *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=120
    )
