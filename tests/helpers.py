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
