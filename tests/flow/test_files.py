"""Files as stores keyed by their path (scopelint.flow.files): a token response written into a
file is read back from the same path only, and a path with a piece the run cannot see (a
parameter, a new temporary directory) is joined with no other file."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from scopelint.config import Config
from scopelint.engine import Engine
from scopelint.flow.files import join

_LOGIN = """
import json
import os
import tempfile
from pathlib import Path

from auth0.authentication import GetToken
from platformdirs import user_config_dir


def login(username, password, where):
    get_token = GetToken(os.environ["AUTH0_DOMAIN"], os.environ["CLIENT_ID"])
    tokens = get_token.login(username=username, password=password, scope="openid read:current_user")
    {write}
"""

_PROFILE = """
import json
import os
import tempfile
from pathlib import Path

import requests
from platformdirs import user_config_dir


def show(user_id, where):
    tokens = {read}
    return requests.get(
        f"https://{{os.environ['AUTH0_DOMAIN']}}/api/v2/users/{{user_id}}",
        headers={{"Authorization": f"Bearer {{tokens['access_token']}}"}},
    )
"""


def _missing_audience(write: str, read: str, login: str = "login.py", profile: str = "profile.py") -> bool:
    files = {
        login: textwrap.dedent(_LOGIN).replace("{write}", write),
        profile: textwrap.dedent(_PROFILE).format(read=read),
    }
    findings = Engine(Config(root=Path("."))).check_texts(files).findings
    return any(f.code == "SL102" for f in findings)


@pytest.mark.parametrize(
    ("write", "read"),
    [
        (
            'Path.home().joinpath(".app", "token.json").write_text(json.dumps(tokens))',
            'json.loads((Path.home() / ".app" / "token.json").read_text())',
        ),
        (
            'Path("~/.app/token.json").expanduser().write_text(json.dumps(tokens))',
            'json.loads((Path.home() / ".app" / "./token.json").read_text())',
        ),
        (  # a piece the run cannot see, written the same way on both sides
            '(Path(user_config_dir("app")) / "token.json").write_text(json.dumps(tokens))',
            'json.loads((Path(user_config_dir("app")) / "token.json").read_text())',
        ),
        (
            'json.dump(tokens, open(os.path.join(os.path.expanduser("~"), ".app", "token.json"), "w"))',
            'json.load(open("~/.app/token.json"))',
        ),
        (
            'open(Path.home() / ".app.json", "w").write(json.dumps(tokens))',
            'json.loads((Path.home() / ".app.json").open().read())',
        ),
    ],
)
def test_a_token_file_is_read_back_from_the_same_path(write: str, read: str) -> None:
    assert _missing_audience(write, read)


@pytest.mark.parametrize(
    ("write", "read"),
    [
        (  # another file
            '(Path.home() / ".app" / "token.json").write_text(json.dumps(tokens))',
            'json.loads((Path.home() / ".app" / "session.json").read_text())',
        ),
        (  # a directory each caller chooses
            '(Path(where) / "token.json").write_text(json.dumps(tokens))',
            'json.loads((Path(where) / "token.json").read_text())',
        ),
        (  # a new directory at each call
            '(Path(tempfile.mkdtemp()) / "token.json").write_text(json.dumps(tokens))',
            'json.loads((Path(tempfile.mkdtemp()) / "token.json").read_text())',
        ),
        (  # another application's configuration directory
            '(Path(user_config_dir("app")) / "token.json").write_text(json.dumps(tokens))',
            'json.loads((Path(user_config_dir("other")) / "token.json").read_text())',
        ),
    ],
)
def test_a_file_is_not_joined_with_another_or_an_unknown_path(write: str, read: str) -> None:
    assert not _missing_audience(write, read)


def test_a_path_from_file_is_each_modules_own() -> None:
    """`__file__` differs by module: two modules' paths built on it are not taken as one file,
    even in one folder (a miss there, never a join of two folders' files)."""
    write = '(Path(__file__).parent / "token.json").write_text(json.dumps(tokens))'
    read = 'json.loads((Path(__file__).parent / "token.json").read_text())'
    assert not _missing_audience(write, read, "app/login.py", "app/profile.py")


def test_joining_follows_pathlib() -> None:
    assert join("~/.app", "token.json") == "~/.app/token.json"
    assert join("~/.app/", "/etc/token.json") == "/etc/token.json"
    assert join(".", "token.json") == "token.json"
    assert join("~/.app", None) is None
    assert join(None, "token.json") is None
