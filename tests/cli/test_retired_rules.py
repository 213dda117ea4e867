"""SL110 (multi-audience) is retired: naming it anywhere is a one-line notice, never an error,
and the run goes on without it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import scopelint

# openid with the Management API audience: what SL110 used to report, the documented shape
APP = """\
import requests

DOMAIN = "example.eu.auth0.com"


def login(username, password):
    return requests.post(
        f"https://{DOMAIN}/oauth/token",
        data={
            "grant_type": "password",
            "username": username,
            "password": password,
            "audience": f"https://{DOMAIN}/api/v2/",
            "scope": "openid read:current_user",  # scopelint: ignore[SL110]
        },
    ).json()


def profile(username, password, user_id):
    tokens = login(username, password)
    return requests.get(
        f"https://{DOMAIN}/api/v2/users/{user_id}",
        headers={"Authorization": f"Bearer {tokens['id_token']}"},
    ).json()
"""


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "app.py").write_text(APP)
    return tmp_path


def _codes(run) -> list[str]:
    return [f["code"] for f in json.loads(run.stdout)["findings"]]


def _notices(run) -> list[str]:
    return [line for line in run.stderr.splitlines() if "retired rule" in line]


def test_the_documented_shape_is_not_reported(project: Path) -> None:
    run = scopelint(project, "check", "--format", "json", "--no-cache")
    assert _codes(run) == ["SL101"]  # the ID token only; openid with the API audience is fine
    assert run.returncode == 1


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_naming_it_on_the_command_line_is_a_notice(project: Path, option: str) -> None:
    selected = "SL101,SL110" if option == "--select" else "SL110"
    run = scopelint(project, "check", "--format", "json", "--no-cache", option, selected)
    assert run.returncode == 1 and _codes(run) == ["SL101"]  # the run went on
    notices = _notices(run)
    assert len(notices) == 2  # the option's, and the suppression comment's
    assert notices[0] == (
        f"scopelint: {option} names SL110 (multi-audience), a retired rule: the Management API accepts an access "
        "token whose aud also holds /userinfo (what Auth0 issues when openid is requested with an API audience, "
        "as every SPA SDK does): it flagged the documented approach"
    )
    assert notices[1].startswith("scopelint: app.py:14: a suppression comment names SL110 (multi-audience)")


def test_selecting_only_it_runs_no_rule(project: Path) -> None:
    run = scopelint(project, "check", "--format", "json", "--no-cache", "--select", "multi-audience")
    assert run.returncode == 0 and _codes(run) == []
    assert len(_notices(run)) == 1  # no rule ran: the suppression comment is not read either


def test_naming_it_in_the_configuration_is_a_notice(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.scopelint]\nignore = ["SL110"]\n\n[tool.scopelint.per-file-ignores]\n"tests/*" = ["SL110", "SL109"]\n'
    )
    run = scopelint(project, "check", "--format", "json", "--no-cache")
    assert run.returncode == 1 and _codes(run) == ["SL101"]
    notices = _notices(run)
    assert notices[0].startswith("scopelint: pyproject.toml ignore names SL110")
    assert notices[1].startswith("scopelint: pyproject.toml per-file-ignores 'tests/*' names SL110")


def test_a_prefix_selects_only_live_rules(project: Path) -> None:
    run = scopelint(project, "check", "--no-cache", "--select", "SL11")
    assert run.returncode == 2 and "unknown rule 'SL11'" in run.stderr


def test_explain_and_rules(project: Path) -> None:
    explained = scopelint(project, "explain", "SL110")
    assert explained.returncode == 0
    assert explained.stdout.startswith("SL110 multi-audience (retired)")
    assert "aud also holds /userinfo" in explained.stdout
    listed = scopelint(project, "rules", "--format", "json")
    assert "SL110" not in {rule["code"] for rule in json.loads(listed.stdout)}
