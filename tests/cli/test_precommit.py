"""The pre-commit hook, run by the real `pre-commit` tool in a scratch git repository.

`.pre-commit-hooks.yaml` declares `language: python`, which makes pre-commit build a
virtual environment and install scopelint from a package index. The tests stay offline:
they mirror the declared hook as a `repo: local` hook with `language: system` and
`entry: <this python> -m scopelint check`, copying every other field from the manifest,
so a change to the manifest's file types or serial setting is exercised here too.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

try:
    import pre_commit  # noqa: F401
except ImportError:  # pragma: no cover - depends on the environment
    pytest.skip("pre-commit is not installed (pip install '.[test]')", allow_module_level=True)

from helpers import REPO

MANIFEST = REPO / ".pre-commit-hooks.yaml"

BAD = """\
import os
import requests

DOMAIN = os.environ["AUTH0_DOMAIN"]

def profile(tokens, user_id):
    return requests.get(
        f"https://{DOMAIN}/api/v2/users/{user_id}",
        headers={"Authorization": f"Bearer {tokens['id_token']}"},
    )
"""

# The same call with the access token of the token response: nothing to report.
CLEAN = BAD.replace("tokens['id_token']", "tokens['access_token']")

# The fields a hook of this repository must declare, and what they must say.
DOCUMENTED = {
    "scopelint": {
        "entry": "scopelint check --force-exclude",
        "language": "python",
        "types_or": ["python", "pyi", "javascript", "jsx", "ts", "tsx", "html", "jinja"],
        "require_serial": True,
    },
    "scopelint-fix": {
        "entry": "scopelint fix --force-exclude",
        "language": "python",
        "types_or": ["python", "pyi", "javascript", "jsx", "ts", "tsx", "html", "jinja"],
        "require_serial": True,
    },
}

# A password login with the Management API audience and scope, whose ID token is sent by
# mistake: the fix (use the access token of the same response) is safe.
FIXABLE = """\
import os
import requests

DOMAIN = os.environ["AUTH0_DOMAIN"]

def profile(username, password, user_id):
    tokens = requests.post(f"https://{DOMAIN}/oauth/token", json={
        "grant_type": "password", "username": username, "password": password,
        "audience": f"https://{DOMAIN}/api/v2/", "scope": "read:current_user",
    }).json()
    return requests.get(
        f"https://{DOMAIN}/api/v2/users/{user_id}",
        headers={"Authorization": f"Bearer {tokens['id_token']}"},
    )
"""


def load_manifest() -> list[dict]:
    hooks = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(hooks, list), "a pre-commit manifest is a list of hooks"
    return hooks


# --------------------------------------------------------------------------- manifest


def test_manifest_is_valid_for_pre_commit() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(MANIFEST)],
        capture_output=True,
        text=True,
        env=_env(REPO.parent),
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_manifest_declares_the_documented_hooks() -> None:
    hooks = {hook["id"]: hook for hook in load_manifest()}
    assert set(hooks) == set(DOCUMENTED)
    for hook_id, fields in DOCUMENTED.items():
        for key, value in fields.items():
            assert hooks[hook_id].get(key) == value, f"{hook_id}: {key}"


def test_every_hook_entry_is_a_real_command() -> None:
    # A hook whose subcommand does not exist (e.g. a fix hook before `scopelint fix`)
    # would fail for every user; `scopelint <subcommand> --help` must work.
    for hook in load_manifest():
        program, *args = shlex.split(hook["entry"])
        assert program == "scopelint"
        proc = subprocess.run([sys.executable, "-m", "scopelint", *args, "--help"], capture_output=True, text=True)
        assert proc.returncode == 0, f"{hook['id']}: `{hook['entry']}` is not a scopelint command: {proc.stderr}"


# --------------------------------------------------------------------------- running it


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") and k not in ("PRE_COMMIT", "NO_COLOR")}
    env["PRE_COMMIT_HOME"] = str(home / "pre-commit-home")
    env["NO_COLOR"] = "1"
    # Never read the developer's git configuration (hooks paths, signing, templates).
    env["GIT_CONFIG_GLOBAL"] = os.devnull
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    return env


def _git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=_env(repo.parent))
    if check:
        assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stdout}{proc.stderr}"
    return proc


def _pre_commit(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args, "--color", "never"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=_env(repo.parent),
        timeout=120,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose .pre-commit-config.yaml runs this checkout's scopelint hook."""
    root = tmp_path / "project"
    root.mkdir()
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "user.name", "scopelint tests")
    _git(root, "config", "user.email", "tests@example.invalid")
    _git(root, "config", "commit.gpgsign", "false")
    hooks = []
    for hook in load_manifest():
        local = dict(hook)
        program, *args = shlex.split(hook["entry"])
        local["entry"] = shlex.join([sys.executable, "-m", program, *args])
        local["language"] = "system"  # no virtual environment, no download
        local.setdefault("name", hook["id"])
        hooks.append(local)
    config = {"repos": [{"repo": "local", "hooks": hooks}]}
    (root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    # Only SL101: the samples below are about the hook, not about every rule.
    (root / "pyproject.toml").write_text('[tool.scopelint]\nselect = ["SL101"]\n', encoding="utf-8")
    _git(root, "add", ".pre-commit-config.yaml", "pyproject.toml")
    _git(root, "commit", "-q", "-m", "pre-commit configuration")
    return root


def test_staged_file_with_a_finding_fails_the_hook(repo: Path) -> None:
    (repo / "profile.py").write_text(BAD, encoding="utf-8")
    _git(repo, "add", "profile.py")
    proc = _pre_commit(repo, "run")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "scopelint" in out and "Failed" in out, out
    assert "profile.py:9:35: SL101 id-token-bearer" in out, out


def test_staged_clean_file_passes(repo: Path) -> None:
    (repo / "profile.py").write_text(CLEAN, encoding="utf-8")
    _git(repo, "add", "profile.py")
    proc = _pre_commit(repo, "run")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "Passed" in out, out


def test_only_staged_python_files_are_checked(repo: Path) -> None:
    # An untracked file with a finding, and a staged non-Python file that contains the
    # same code: neither is passed to the hook, so a clean staged stub passes.
    (repo / "untracked.py").write_text(BAD, encoding="utf-8")
    (repo / "notes.txt").write_text(BAD, encoding="utf-8")
    (repo / "api.pyi").write_text("def profile(tokens: dict, user_id: str) -> object: ...\n", encoding="utf-8")
    _git(repo, "add", "notes.txt", "api.pyi")
    proc = _pre_commit(repo, "run")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "Passed" in out, out  # it ran (on api.pyi), it was not skipped


def test_staged_stub_file_is_checked(repo: Path) -> None:
    # types_or includes pyi: a finding in a staged .pyi file fails the hook.
    (repo / "profile.pyi").write_text(BAD, encoding="utf-8")
    _git(repo, "add", "profile.pyi")
    proc = _pre_commit(repo, "run")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "profile.pyi:9:35: SL101" in out, out


BAD_SCRIPT = """\
const DOMAIN = "acme.eu.auth0.com";
webAuth.parseHash((err, authResult) => {
  fetch(`https://${DOMAIN}/api/v2/users/${authResult.idTokenPayload.sub}`, {
    headers: { Authorization: `Bearer ${authResult.idToken}` },
  });
});
"""


@pytest.mark.parametrize("name", ["static/profile.js", "src/profile.ts", "templates/profile.html"])
def test_staged_script_and_template_files_are_checked(repo: Path, name: str) -> None:
    target = repo / name
    target.parent.mkdir(parents=True, exist_ok=True)
    code = BAD_SCRIPT if not name.endswith(".html") else f"<html><script>\n{BAD_SCRIPT}</script></html>\n"
    target.write_text(code, encoding="utf-8")
    _git(repo, "add", name)
    proc = _pre_commit(repo, "run")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert f"{name}:" in out and "SL101" in out, out


def test_installed_hook_blocks_the_commit_until_fixed(repo: Path) -> None:
    installed = _pre_commit(repo, "install")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    (repo / "profile.py").write_text(BAD, encoding="utf-8")
    _git(repo, "add", "profile.py")
    blocked = _git(repo, "commit", "-m", "profile view", check=False)
    assert blocked.returncode != 0, blocked.stdout + blocked.stderr
    assert "SL101" in blocked.stdout + blocked.stderr
    assert _git(repo, "rev-list", "--count", "HEAD").stdout.strip() == "1"

    (repo / "profile.py").write_text(CLEAN, encoding="utf-8")
    _git(repo, "add", "profile.py")
    _git(repo, "commit", "-q", "-m", "profile view with the access token")
    assert _git(repo, "rev-list", "--count", "HEAD").stdout.strip() == "2"


def test_readme_snippet_uses_the_declared_hooks() -> None:
    import scopelint

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("\n## pre-commit\n") :]
    snippet = yaml.safe_load(section.split("```yaml\n", 1)[1].split("```", 1)[0])
    [entry] = snippet["repos"]
    assert entry["repo"] == "https://github.com/scopelint/scopelint"
    assert entry["rev"] == f"v{scopelint.__version__}"
    declared = {hook["id"] for hook in load_manifest()}
    assert {hook["id"] for hook in entry["hooks"]} <= declared


def test_fix_hook_rewrites_the_file_and_fails_the_commit(repo: Path) -> None:
    (repo / "profile.py").write_text(FIXABLE, encoding="utf-8")
    _git(repo, "add", "profile.py")
    proc = _pre_commit(repo, "run", "scopelint-fix")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out  # files were modified by this hook
    assert "fixed profile.py (SL101)" in out, out
    fixed = (repo / "profile.py").read_text(encoding="utf-8")
    assert fixed == FIXABLE.replace("tokens['id_token']", "tokens['access_token']")
    # once the fixed file is staged, both hooks pass
    _git(repo, "add", "profile.py")
    again = _pre_commit(repo, "run")
    assert again.returncode == 0, again.stdout + again.stderr


def test_files_excluded_by_the_configuration_are_skipped_by_the_hooks(repo: Path) -> None:
    (repo / "pyproject.toml").write_text(
        '[tool.scopelint]\nselect = ["SL101"]\nexclude = ["legacy/"]\n', encoding="utf-8"
    )
    (repo / "legacy").mkdir()
    (repo / "legacy" / "profile.py").write_text(BAD, encoding="utf-8")
    _git(repo, "add", "pyproject.toml", "legacy/profile.py")
    proc = _pre_commit(repo, "run")
    assert proc.returncode == 0, proc.stdout + proc.stderr
