"""The wheel: it ships the rule packs and the console script, and works installed elsewhere.

The wheel is built from this checkout without network (no build isolation, so hatchling
must be importable), installed with --no-deps into a fresh virtual environment, and run
from a directory outside the repository: a finding there proves the packs came from
inside the wheel, not from the checkout's rules/ folder.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from helpers import REPO

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("hatchling") is None,
    reason="hatchling is not importable: the wheel cannot be built without build isolation (no network)",
)

FINDING = """\
import requests


def get_user(tokens, uid):
    return requests.get(
        f"https://tenant.auth0.com/api/v2/users/{uid}",
        headers={"Authorization": f"Bearer {tokens['id_token']}"},
    )
"""


def _run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    # A PYTHONPATH naming a checkout would put it before the installed wheel being tested.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    return subprocess.run(
        [str(a) for a in args], check=False, cwd=cwd, capture_output=True, text=True, timeout=300, env=env
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = _run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", REPO, "-w", out
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    wheels = list(out.glob("scopelint-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_contains_the_rule_pack_and_the_console_script(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert "scopelint/rule_packs/apis/auth0-management-api-v2.yaml" in names
        assert "scopelint/rule_packs/libraries/python-http.yaml" in names
        assert "scopelint/__init__.py" in names
        assert "scopelint/cli.py" in names
        shipped = archive.read("scopelint/rule_packs/apis/auth0-management-api-v2.yaml")
        (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        entry_text = archive.read(entry_points).decode("utf-8")
    assert shipped == (REPO / "rules" / "apis" / "auth0-management-api-v2.yaml").read_bytes()
    section = entry_text.split("[console_scripts]", 1)[1].split("\n[", 1)[0]
    scripts = {
        name.strip(): target.strip()
        for name, _, target in (line.partition("=") for line in section.splitlines())
        if target
    }
    assert scripts.get("scopelint") == "scopelint.cli:main"


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    env_dir = tmp_path_factory.mktemp("venv") / "env"
    venv.create(env_dir, system_site_packages=True, with_pip=False)
    python = env_dir / "bin" / "python"
    proc = _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", wheel)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # The dependencies (libcst, click, pyyaml, pathspec) come from the environment running
    # the tests when the base interpreter lacks some of them: a .pth line appends that
    # site-packages *after* the new environment's own, so the wheel's scopelint wins (and
    # the .pth files in there, such as an editable install's, are not processed).
    target = _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip()
    Path(target, "zz_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return env_dir


def test_installed_package_is_the_wheel_not_the_checkout(installed: Path, tmp_path: Path) -> None:
    proc = _run(
        installed / "bin" / "python",
        "-c",
        "import pathlib, scopelint; print(pathlib.Path(scopelint.__file__).resolve())",
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    package = Path(proc.stdout.strip()).parent
    assert package.is_relative_to(installed.resolve()), package
    assert (package / "rule_packs" / "apis" / "auth0-management-api-v2.yaml").is_file()
    assert not (package.parent / "rules").exists()


def test_installed_console_script_finds_the_packs_from_another_directory(installed: Path, tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(FINDING, encoding="utf-8")
    proc = _run(installed / "bin" / "scopelint", "check", "--format", "json", "app.py", cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    document = json.loads(proc.stdout)
    assert document["errors"] == []
    assert [(f["path"], f["line"], f["column"], f["code"]) for f in document["findings"]] == [
        ("app.py", 7, 35, "SL101")
    ]
    assert "GET /api/v2/users/{id}" in document["findings"][0]["message"]


def test_installed_console_script_lists_rules(installed: Path, tmp_path: Path) -> None:
    proc = _run(installed / "bin" / "scopelint", "rules", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert any(line.startswith("SL101") and "id-token-bearer" in line for line in proc.stdout.splitlines())
