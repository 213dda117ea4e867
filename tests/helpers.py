"""What several test modules share: the repository, a PYTHONPATH for scopelint subprocesses,
and a module with one finding."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# An ID token sent as the Bearer credential of GET /api/v2/users/{id}: SL101 at 7:35.
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
