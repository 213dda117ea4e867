"""`scopelint fix` through the library: convergence, byte preservation, safety."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from scopelint.config import load_config
from scopelint.engine import Engine
from scopelint.fix import Fixer, apply_edits, verify, write_source
from scopelint.model import Applicability, Edit, Finding, Fix, Severity, Span
from scopelint.source import read_source

APP = """\
import os
import requests

DOMAIN = os.environ["AUTH0_DOMAIN"]


def login(username, password):
\tresponse = requests.post(
\t\tf"https://{DOMAIN}/oauth/token",
\t\tjson={
\t\t\t"grant_type": "password",
\t\t\t"username": username,
\t\t\t"password": password,
\t\t\t"client_id": "abc",
\t\t\t"scope": "profile",
\t\t},
\t)
\treturn response.json()


def profile(user_id):   
    tokens = login("u", "p")  # keep this comment   
    return requests.get(
        f"https://{DOMAIN}/api/v2/users/{user_id}",
        headers={"Authorization": f"Bearer {tokens['id_token']}"},
    )
"""

FIXED = """\
import os
import requests

DOMAIN = os.environ["AUTH0_DOMAIN"]


def login(username, password):
\tresponse = requests.post(
\t\tf"https://{DOMAIN}/oauth/token",
\t\tjson={
\t\t\t"grant_type": "password",
\t\t\t"username": username,
\t\t\t"password": password,
\t\t\t"client_id": "abc",
\t\t\t"scope": "profile read:current_user",
\t\t\t"audience": f"https://{DOMAIN}/api/v2/",
\t\t},
\t)
\treturn response.json()


def profile(user_id):   
    tokens = login("u", "p")  # keep this comment   
    return requests.get(
        f"https://{DOMAIN}/api/v2/users/{user_id}",
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    )
"""


@pytest.fixture()
def fixer(tmp_path: Path) -> Fixer:
    return Fixer(Engine(load_config(tmp_path)), unsafe=False)


def _run(fixer: Fixer, root: Path):
    outcome = fixer.fix([root], root)
    fixer.write(outcome, root)
    return outcome


@pytest.mark.parametrize(
    "encoding, bom, newline, header",
    [
        ("utf-8", False, "\n", ""),
        ("utf-8", False, "\r\n", ""),
        ("utf-8", True, "\n", ""),
        ("latin-1", False, "\n", "# -*- coding: latin-1 -*-\n# caf\u00e9 \u00e0 la cr\u00e8me\n"),
        ("latin-1", False, "\r\n", "# -*- coding: latin-1 -*-\n# caf\u00e9\n"),
    ],
)
def test_fix_changes_only_the_edited_regions(
    fixer: Fixer, tmp_path: Path, monkeypatch, encoding, bom, newline, header
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "app.py"
    original = (b"\xef\xbb\xbf" if bom else b"") + (header + APP).replace("\n", newline).encode(encoding)
    path.write_bytes(original)
    os.chmod(path, 0o640)
    outcome = _run(fixer, tmp_path)
    expected = (b"\xef\xbb\xbf" if bom else b"") + (header + FIXED).replace("\n", newline).encode(encoding)
    assert path.read_bytes() == expected
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert outcome.written == ["app.py"]
    assert {code: stats.applied for code, stats in outcome.stats.items() if stats.applied} == {
        "SL101": 1,
        "SL102": 1,
        "SL104": 1,
    }
    assert outcome.remaining.findings == []
    # idempotent: a second run finds nothing to change
    again = _run(fixer, tmp_path)
    assert again.changed == {} and path.read_bytes() == expected
    assert not list(tmp_path.glob("*.scopelint-tmp"))


def test_unsafe_fix_is_not_applied_without_the_flag(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code = (
        "import requests\nfrom flask import request\n\n"
        "def me(uid):\n"
        "    token = request.form['id_token']\n"
        "    return requests.get(f'https://acme.auth0.com/api/v2/users/{uid}',"
        " headers={'Authorization': 'Bearer ' + token})\n"
    )
    (tmp_path / "views.py").write_text(code)
    engine = Engine(load_config(tmp_path))
    safe_only = Fixer(engine).fix([tmp_path], tmp_path)
    assert safe_only.changed == {}
    assert safe_only.stats["SL101"].left == 1
    unsafe = Fixer(engine, unsafe=True).fix([tmp_path], tmp_path)
    (original, text) = unsafe.changed["views.py"]
    assert "request.form['access_token']" in text and original.text == code


def test_file_changed_on_disk_is_not_written(fixer: Fixer, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "app.py"
    path.write_text(APP)
    outcome = fixer.fix([tmp_path], tmp_path)
    path.write_text(APP + "# edited meanwhile\n")
    fixer.write(outcome, tmp_path)
    assert path.read_text() == APP + "# edited meanwhile\n"
    assert [e.message for e in outcome.skipped] == ["changed on disk since it was read; not written"]


def test_a_fix_that_would_break_the_file_is_dropped_and_named(fixer: Fixer, tmp_path: Path) -> None:
    text = "x = {'a': 1}\n"
    bad = Finding(
        "SL102",
        "missing-audience",
        Severity.ERROR,
        "a.py",
        Span(1, 1, 1, 2),
        "m",
        "h",
        fix=Fix(Applicability.SAFE, "break it", (Edit(Span(1, 12, 1, 12), ", 'audience':"),)),
        fingerprint="f",
    )
    from scopelint.fix import FixOutcome
    from scopelint.model import RunResult

    outcome = FixOutcome(remaining=RunResult())
    declined: set = set()
    new_text, applied = fixer.apply_verified("a.py", text, [bad], outcome, declined)
    assert new_text == text and applied == []
    assert ("a.py", "f") in declined
    assert outcome.skipped[0].message.startswith("fix of SL102 missing-audience at line 1 would break the file")


def test_apply_edits_uses_the_file_line_ending_and_character_columns() -> None:
    text = "a = ['é', 'x']\r\nb = 1\r\n"
    edited = apply_edits(text, [Edit(Span(1, 14, 1, 14), "\n    'y',"), Edit(Span(2, 5, 2, 6), "2")])
    assert edited == "a = ['é', 'x'\r\n    'y',]\r\nb = 2\r\n"


def test_verify_rejects_what_libcst_or_cpython_rejects() -> None:
    assert verify("x = 1\n", "a.py") is None
    assert verify("x = (\n", "a.py") is not None
    assert verify("def f():\n    return\n    yield from\n", "a.py") is not None


def test_symlink_out_of_the_project_is_not_written(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    project = tmp_path / "project"
    outside.mkdir()
    project.mkdir()
    target = outside / "real.py"
    target.write_text("x = 1\n")
    link = project / "link.py"
    link.symlink_to(target)
    source = read_source(link, "link.py")
    assert write_source(source, "x = 2\n", project) == "is a symbolic link out of the project; not written"
    assert target.read_text() == "x = 1\n"
