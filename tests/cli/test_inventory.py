"""`scopelint inventory`: every Management API call with its endpoint, its token's source and
the scopes it needs, as text, JSON (validated against its schema) and Markdown; and
`--merge`, one report of several repositories' inventories.

Through the installed CLI, on the bundled example project and on a small project with one
call of each kind of token.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jsonschema
import pytest

from helpers import REPO, scopelint

SCHEMA = json.loads((REPO / "scopelint" / "inventory" / "inventory.schema.json").read_text())

# One call per kind of token: an ID token (password grant, no audience), a user's access
# token (password grant with the API audience), a machine-to-machine token, and a token from
# the environment that nothing follows.
APP = """\
import os

import requests

DOMAIN = os.environ["AUTH0_DOMAIN"]
API = f"https://{DOMAIN}/api/v2"


def login(username, password):
    return requests.post(f"https://{DOMAIN}/oauth/token", json={
        "grant_type": "password", "username": username, "password": password,
        "scope": "openid", "client_id": os.environ["CLIENT_ID"],
    }).json()


def migrated_login(username, password):
    return requests.post(f"https://{DOMAIN}/oauth/token", json={
        "grant_type": "password", "username": username, "password": password,
        "audience": f"{API}/", "scope": "openid update:current_user_metadata",
    }).json()


def machine_token():
    return requests.post(f"https://{DOMAIN}/oauth/token", json={
        "grant_type": "client_credentials", "client_id": os.environ["M2M_ID"],
        "client_secret": os.environ["M2M_SECRET"], "audience": f"{API}/",
    }).json()["access_token"]


def profile(username, password, user_id):
    tokens = login(username, password)
    return requests.get(f"{API}/users/{user_id}", headers={"Authorization": f"Bearer {tokens['id_token']}"})


def save(username, password, user_id, metadata):
    tokens = migrated_login(username, password)
    return requests.patch(
        f"{API}/users/{user_id}",
        json={"user_metadata": metadata},
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    )


def block(user_id):
    return requests.patch(
        f"{API}/users/{user_id}", json={"blocked": True}, headers={"Authorization": f"Bearer {machine_token()}"}
    )


def from_the_environment(user_id):
    # a token nobody follows: the inventory lists the call all the same
    return requests.get(f"{API}/users/{user_id}", headers={"Authorization": "Bearer " + os.environ["MGMT_TOKEN"]})
"""


def inventory(cwd: Path, *args: str) -> dict:
    run = scopelint(cwd, "inventory", "--format", "json", *args)
    assert run.returncode == 0, run.stderr
    document = json.loads(run.stdout)
    jsonschema.validate(document, SCHEMA)
    return document


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "billing-portal"
    folder.mkdir()
    (folder / "app.py").write_text(APP)
    return folder


def by_line(document: dict) -> dict[int, dict]:
    return {call["line"]: call for call in document["calls"]}


def test_one_call_of_each_kind_of_token(project: Path) -> None:
    document = inventory(project)
    assert document["repository"] == "billing-portal"  # no git work tree: the folder's name
    calls = by_line(document)
    assert sorted(calls) == [32, 37, 45, 52]
    assert [e["id"] for call in calls.values() for e in call["endpoints"]] == [
        "get-user", "update-user", "update-user", "get-user",
    ]  # fmt: skip
    id_call, user_call, machine_call, unknown_call = (calls[n] for n in (32, 37, 45, 52))

    (token,) = id_call["tokens"]
    assert (token["kind"], token["source"]) == ("id-token", "tokens['id_token'], line 32")
    assert token["requests"] == [{"path": "app.py", "line": 10, "flow": "password", "library": "http"}]
    assert id_call["scopes"] == {"current_user": ["read:current_user"], "any_user": None}
    assert id_call["findings"] == ["SL101"]

    (token,) = user_call["tokens"]
    assert token["kind"] == "user-access-token"
    assert [(r["path"], r["line"]) for r in token["requests"]] == [("app.py", 17)]
    assert user_call["scopes"] == {"current_user": ["update:current_user_metadata"], "any_user": None}
    assert user_call["findings"] == []

    (token,) = machine_call["tokens"]
    assert token["kind"] == "m2m-access-token"
    assert token["requests"][0]["flow"] == "client_credentials"
    assert machine_call["scopes"] == {"current_user": None, "any_user": ["update:users"]}

    assert [t["kind"] for t in unknown_call["tokens"]] == ["unknown"]
    assert unknown_call["scopes"] == {"current_user": ["read:current_user"], "any_user": ["read:users"]}
    assert unknown_call["call"] == "requests.get"


def test_token_requests_with_the_scopes_their_calls_need(project: Path) -> None:
    applications = {a["line"]: a for a in inventory(project)["applications"]}
    assert sorted(applications) == [10, 17, 24]
    legacy, migrated, machine = applications[10], applications[17], applications[24]
    assert (legacy["kind"], legacy["audience"], legacy["scope"]) == ("user", None, "openid")
    assert legacy["scopes_needed"] == legacy["scopes_missing"] == ["read:current_user"]
    assert legacy["findings"] == ["SL102", "SL104"]
    assert migrated["scopes_needed"] == ["update:current_user_metadata"]
    assert migrated["scopes_missing"] == []
    assert machine["kind"] == "machine"
    assert machine["scopes_needed"] == ["update:users"]
    assert machine["scopes_missing"] is None  # its grants are in the dashboard, not the code
    assert machine["calls"] == [{"path": "app.py", "line": 45}]


def test_findings_are_those_of_check(project: Path) -> None:
    document = inventory(project)
    checked = json.loads(scopelint(project, "check", "--format", "json").stdout)["findings"]
    assert [(f["code"], f["line"]) for f in document["findings"]] == [(f["code"], f["line"]) for f in checked]
    assert document["findings_per_rule"] == {"SL101": 1, "SL102": 1, "SL104": 1}


def test_text_and_markdown(project: Path) -> None:
    text = scopelint(project, "inventory")
    assert text.returncode == 0
    assert "app.py:32:12: GET /api/v2/users/{id} (requests.get)" in text.stdout
    assert "    token: ID token: tokens['id_token'], line 32; requested at app.py:10 (password, http)" in text.stdout
    assert "    scopes: update:users (machine)" in text.stdout
    markdown = scopelint(project, "inventory", "--output-format", "markdown", "--repository", "portal").stdout
    assert markdown.startswith("# Management API inventory: portal\n")
    row = next(line for line in markdown.splitlines() if line.startswith("| `app.py:45`"))
    assert "| PATCH /api/v2/users/{id} |" in row and "machine-to-machine token" in row


def test_repository_name_is_the_git_work_trees_folder(project: Path) -> None:
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    (project / "src").mkdir()
    (project / "app.py").rename(project / "src" / "app.py")
    assert inventory(project / "src")["repository"] == "billing-portal"
    assert inventory(project, "--repository", "acme/billing")["repository"] == "acme/billing"


def test_the_example_project(tmp_path: Path) -> None:
    document = inventory(REPO, "examples", "--no-cache")
    calls = document["calls"]
    kinds = [t["kind"] for call in calls for t in call["tokens"]]
    assert (kinds.count("id-token"), kinds.count("user-access-token"), kinds.count("m2m-access-token")) == (8, 1, 6)
    # every call of the machine-to-machine job is correct and listed; none of the web app's
    # calls is a machine's
    for call in calls:
        machine = call["path"].startswith("examples/scripts/")
        assert {t["kind"] == "m2m-access-token" for t in call["tokens"]} == {machine}
    # the correct link call (access token, link_with) is listed, without a finding
    link = next(c for c in calls if [e["id"] for e in c["endpoints"]] == ["link-identity"])
    assert (link["tokens"][0]["kind"], link["findings"]) == ("user-access-token", [])
    # the ID token sent to the app's own orders service is not a Management API call
    assert all(c["endpoints"] for c in calls)
    assert document["findings_per_rule"] == {"SL101": 6, "SL102": 2, "SL104": 2, "SL105": 1}
    reported = {(f["path"], f["line"]) for f in document["findings"] if f["code"] == "SL101"}
    assert len(reported) == 6
    login = next(a for a in document["applications"] if a["path"] == "examples/flask_app/auth.py")
    assert "update:current_user_identities" in login["scopes_needed"]


def test_merge_two_repositories(project: Path, tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps(inventory(project)))
    (tmp_path / "b.json").write_text(json.dumps(inventory(REPO, "examples", "--repository", "demo", "--no-cache")))
    run = scopelint(tmp_path, "inventory", "--merge", "a.json", "b.json")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "# Management API inventory of 2 repositories"
    header = next(line for line in lines if line.startswith("| Repository | POST /api/v2/device-credentials"))
    columns = [c.strip() for c in header.strip("|").split("|")]
    row = next(line for line in lines[lines.index(header) :] if line.startswith("| billing-portal |"))
    cells = dict(zip(columns, (c.strip() for c in row.strip("|").split("|")), strict=True))
    assert cells["GET /api/v2/users/{id}"] == "2 (ID 1, unknown 1)"
    assert cells["PATCH /api/v2/users/{id}"] == "2 (user 1, M2M 1)"
    assert cells["POST /api/v2/device-credentials"] == ""
    assert "| **total** | 7 | 3 | 3 | 1 | 14 |" in lines  # findings per rule: SL101 SL102 SL104 SL105
    assert any(line.startswith("| demo | `examples/scripts/block_users.py:32`") for line in lines)
    written = scopelint(tmp_path, "inventory", "--merge", "a.json", "b.json", "--output-file", "report.md")
    assert (written.returncode, written.stdout) == (0, "")
    assert (tmp_path / "report.md").read_text() == run.stdout


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "not a JSON document"),
        ('{"findings": []}', "not a scopelint inventory"),
        ('{"inventory_version": 99}', "inventory_version 99 is not supported"),
        ('{"inventory_version": 1, "repository": "x"}', "'calls' is missing"),
    ],
)
def test_merge_rejects_what_is_not_an_inventory(tmp_path: Path, content: str, reason: str) -> None:
    (tmp_path / "bad.json").write_text(content)
    run = scopelint(tmp_path, "inventory", "--merge", "bad.json")
    assert run.returncode == 2
    assert run.stderr.startswith("scopelint: error: bad.json: ")
    assert reason in run.stderr
    assert run.stdout == ""


def test_merge_writes_markdown_only(tmp_path: Path) -> None:
    assert scopelint(tmp_path, "inventory", "--merge", "--format", "json", "a.json").returncode == 2
