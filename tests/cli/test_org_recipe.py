"""The organisation recipe of examples/org-scale/: its per-repository script on two scratch
git repositories, as a job matrix and a multi-repository change tool run it, then the merge."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import FINDING, REPO, run_bash_script, scopelint

SCRIPT = REPO / "examples" / "org-scale" / "per-repository.sh"
MACHINE = """\
import os
import requests

DOMAIN = os.environ["AUTH0_DOMAIN"]


def block(user_id):
    token = requests.post(f"https://{DOMAIN}/oauth/token", json={
        "grant_type": "client_credentials", "client_id": os.environ["ID"],
        "client_secret": os.environ["SECRET"], "audience": f"https://{DOMAIN}/api/v2/",
    }).json()["access_token"]
    return requests.patch(
        f"https://{DOMAIN}/api/v2/users/{user_id}", json={"blocked": True},
        headers={"Authorization": f"Bearer {token}"},
    )
"""

pytestmark = pytest.mark.skipif(
    shutil.which("bash") is None or shutil.which("git") is None, reason="the recipe is bash on git checkouts"
)


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.test", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def repository(root: Path, name: str, files: dict[str, str]) -> Path:
    folder = root / name
    (folder / "src").mkdir(parents=True)
    for path, text in files.items():
        (folder / path).write_text(text)
    git(folder, "init", "-q")
    git(folder, "add", ".")
    git(folder, "commit", "-qm", "start")
    return folder


def per_repository(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run_bash_script(SCRIPT, list(args), cwd, env)


@pytest.fixture()
def repositories(tmp_path: Path) -> tuple[Path, Path]:
    web = repository(tmp_path / "work", "web-portal", {"src/profile.py": FINDING})
    jobs = repository(tmp_path / "work", "admin-jobs", {"src/block.py": MACHINE})
    return web, jobs


def test_inventory_per_repository_then_merge(repositories: tuple[Path, Path], tmp_path: Path) -> None:
    web, jobs = repositories
    out = tmp_path / "inventories"
    first = per_repository(web, "inventory", str(out), REPOSITORY="acme/web-portal")  # as multi-gitter names it
    second = per_repository(jobs / "src", "inventory", str(out))  # the git work tree's name
    assert (first.returncode, second.returncode) == (0, 0), first.stderr + second.stderr
    assert sorted(p.name for p in out.iterdir()) == ["acme__web-portal.json", "admin-jobs.json"]
    web_inventory = json.loads((out / "acme__web-portal.json").read_text())
    assert web_inventory["repository"] == "acme/web-portal"
    assert [t["kind"] for c in web_inventory["calls"] for t in c["tokens"]] == ["id-token"]
    merged = scopelint(tmp_path, "inventory", "--merge", *sorted(str(p) for p in out.iterdir()))
    assert merged.returncode == 0, merged.stderr
    assert "| acme/web-portal | 1 | 1 | 0 | 0 | 0 | 0 | 1 |" in merged.stdout
    assert "| admin-jobs | 1 | 0 | 0 | 1 | 0 | 0 | 0 |" in merged.stdout


def test_fix_per_repository_changes_only_what_needs_it(repositories: tuple[Path, Path]) -> None:
    web, jobs = repositories
    fixed = per_repository(web, "fix", SCOPELINT_ARGS="--unsafe-fixes")
    untouched = per_repository(jobs, "fix")
    assert (fixed.returncode, untouched.returncode) == (0, 0), fixed.stderr + untouched.stderr
    assert "Fixed 1 finding:" in fixed.stdout
    diff = git(web, "diff")
    assert '-        headers={"Authorization": f"Bearer {tokens[\'id_token\']}"},' in diff
    assert '+        headers={"Authorization": f"Bearer {tokens[\'access_token\']}"},' in diff
    assert git(jobs, "status", "--porcelain", "--untracked-files=no") == ""  # no pull request to open


def test_fix_fails_the_repository_when_scopelint_cannot_analyse(repositories: tuple[Path, Path]) -> None:
    web, _ = repositories
    (web / "src" / "broken.py").write_text(FINDING.replace("uid):", "uid:"))
    assert per_repository(web, "fix").returncode == 2


def test_usage(tmp_path: Path) -> None:
    assert per_repository(tmp_path, "deploy").returncode == 2
