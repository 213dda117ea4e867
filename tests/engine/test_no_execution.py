"""Safety promises (issue 7, SECURITY.md): scopelint never imports or executes the code it
scans, makes no network connection, cannot be made to run code by its configuration or rule
packs, writes only the files it fixes (never through a symlink out of the project, never
outside the given paths), and masks token-like literals in everything it prints.

How: the scanned tree is booby-trapped (import-time side effects that create marker files,
run `os.system`, open sockets), and the commands run in a subprocess under a Python audit
hook (PEP 578) that records every file opened for writing, every rename, removal, chmod and
mkdir, every socket, process and exec event and every import; the tests then read that log.

Not repeated here: python tags in packs and configuration files through the loaders
(tests/test_packs.py, tests/test_config.py) and through the CLI with !!python/object/apply
(tests/test_cli.py); the token masking of SL109 findings in every format and in baselines
(tests/test_masking.py); an in-process symlink refusal (tests/test_fixer.py).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from helpers import FINDING, pythonpath

needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")


# Runs `python -m scopelint ARGS` under an audit hook; the log is JSON written at exit.
AUDIT_RUNNER = r"""
import atexit, json, os, runpy, sys

LOG = os.environ["SCOPELINT_AUDIT_LOG"]
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
NETWORK = {"socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg", "socket.getaddrinfo",
           "socket.gethostbyname", "socket.gethostbyaddr", "http.client.connect", "urllib.Request",
           "ftplib.connect", "smtplib.connect", "webbrowser.open"}
PROCESSES = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.startfile",
             "pty.spawn", "os.fork", "os.forkpty"}
FILES = {"os.rename", "os.remove", "os.rmdir", "os.mkdir", "os.chmod", "os.symlink", "os.link",
         "os.truncate", "os.chown", "shutil.rmtree", "shutil.move", "shutil.copyfile", "os.utime"}
events = []
saving = []

def _path(value):
    try:
        return os.path.abspath(os.fsdecode(value))
    except TypeError:
        return repr(value)

def hook(event, args):
    if saving:
        return
    if event == "open":
        path, mode, flags = (tuple(args) + (None, None))[:3]
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & WRITE_FLAGS)
        if writing and not isinstance(path, int):
            events.append(["write", _path(path)])
    elif event in FILES:
        events.append(["fs", event, [_path(a) for a in args[:2] if isinstance(a, (str, bytes, os.PathLike))]])
    elif event in NETWORK:
        events.append(["network", event, repr(args)[:300]])
    elif event in PROCESSES:
        events.append(["process", event, repr(args)[:300]])
    elif event == "import":
        events.append(["import", str(args[0]), str(args[1])])
    elif event == "exec":
        events.append(["exec", str(getattr(args[0], "co_filename", repr(args[0])[:200]))])

def save():
    saving.append(True)
    with open(LOG, "w", encoding="utf-8") as handle:
        json.dump(list(events), handle)

sys.path[:] = [p for p in sys.path if p not in ("", os.getcwd())]  # no shadowing by the tree
atexit.register(save)
sys.addaudithook(hook)
sys.argv = ["scopelint", *sys.argv[1:]]
runpy.run_module(os.environ.get("SCOPELINT_AUDIT_MODULE", "scopelint"), run_name="__main__", alter_sys=True)
"""


def _env(**extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "PYTHONPATH": pythonpath(),
        "NO_COLOR": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        **extra,
    }
    env.pop("PRE_COMMIT", None)
    return env


def run(cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scopelint", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env=_env(),
        check=False,
    )


def audited(cwd: Path, log: Path, *args: str, **env: str) -> tuple[subprocess.CompletedProcess[str], list]:
    proc = subprocess.run(
        [sys.executable, "-c", AUDIT_RUNNER, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env=_env(SCOPELINT_AUDIT_LOG=str(log), **env),
        check=False,
    )
    assert log.exists(), f"no audit log: {proc.stderr}"
    return proc, json.loads(log.read_text(encoding="utf-8"))


def inside(path: str, directory: Path) -> bool:
    real = os.path.realpath(path)
    base = os.path.realpath(directory)
    return real == base or real.startswith(base + os.sep)


# --------------------------------------------------------------------------- a booby-trapped tree

TRAPPED_MODULES = ["side_effects", "pkg", "setup", "conftest", "__main__", "sitecustomize", "usercustomize", "manage"]


def trap(marker: Path) -> str:
    """Module-level code that leaves a trace if the module is ever imported or run."""
    return f"""\
import os
import socket
open({str(marker)!r}, "a").write(__name__ + "\\n")
os.system("echo system >> " + {str(marker)!r})
try:
    socket.create_connection(("127.0.0.1", 9), timeout=0.1)
except OSError:
    pass


@(lambda f: open({str(marker)!r}, "a").write("decorator\\n") and f)
def decorated():
    pass


class Meta(type):
    open({str(marker)!r}, "a").write("class body\\n")


if __name__ == "__main__":
    open({str(marker)!r}, "a").write("main\\n")
"""


def build_trapped_project(base: Path) -> tuple[Path, Path]:
    """(project, marker): every module of the project writes to `marker` when imported."""
    project = base / "project"
    markers = base / "markers"
    project.mkdir()
    markers.mkdir()
    marker = markers / "executed"
    files = {
        "side_effects.py": trap(marker) + "\n\n" + FINDING.replace("import requests\n", "import requests  # noqa\n"),
        "pkg/__init__.py": trap(marker) + "\nfrom pkg.client import get_user\n",
        "pkg/client.py": FINDING,
        "setup.py": trap(marker) + "\n# id_token /api/v2/\n",
        "conftest.py": trap(marker) + "\n# id_token /api/v2/\n",
        "__main__.py": trap(marker) + "\n# id_token /api/v2/\n",
        "sitecustomize.py": trap(marker) + "\n# id_token /api/v2/\n",
        "usercustomize.py": trap(marker) + "\n# id_token /api/v2/\n",
        "manage.py": "#!/usr/bin/env python\n" + trap(marker) + "\n# id_token /api/v2/\n",
    }
    for name, text in files.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (project / "manage.py").chmod(0o755)
    return project, marker


def assert_nothing_ran(events: list, project: Path) -> None:
    forbidden = [e for e in events if e[0] in ("network", "process")]
    assert forbidden == [], f"network or process events: {forbidden}"
    imported = [
        e for e in events if e[0] == "import" and (e[1].split(".")[0] in TRAPPED_MODULES or inside(e[2], project))
    ]
    assert imported == [], f"scanned modules imported: {imported}"
    executed = [e for e in events if e[0] == "exec" and inside(e[1], project)]
    assert executed == [], f"scanned code executed: {executed}"


def written_paths(events: list) -> list[str]:
    paths = []
    for event in events:
        if event[0] == "write":
            paths.append(event[1])
        elif event[0] == "fs":
            paths.extend(event[2])
    return paths


@pytest.fixture(scope="module")
def trapped(tmp_path_factory: pytest.TempPathFactory) -> dict:
    base = tmp_path_factory.mktemp("trapped")
    project, marker = build_trapped_project(base)
    logs = base / "logs"
    logs.mkdir()
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    commands = {
        "check": ("check", "--format", "json", "."),
        "check-no-cache": ("check", "--no-cache", "--format", "sarif", "."),
        "baseline": ("baseline", "--no-cache", "-o", str(base / "baseline.json"), "."),
        "fix-diff": ("fix", "--no-cache", "--diff", "."),
    }
    results = {}
    for name, args in commands.items():  # one after the other: the cache is shared
        results[name] = audited(project, logs / f"{name}.json", *args)
    results["fix"] = audited(project, logs / "fix.json", "fix", "--unsafe-fixes", ".")
    after = {p: p.read_bytes() for p in project.rglob("*") if p.is_file() and ".scopelint_cache" not in p.parts}
    return {"base": base, "project": project, "marker": marker, "results": results, "before": before, "after": after}


def test_the_audit_sees_an_import_and_its_side_effects(tmp_path: Path) -> None:
    """Control: the same hook, running the trapped module itself, reports it."""
    project = tmp_path / "control"
    project.mkdir()
    marker = tmp_path / "executed"
    (project / "side_effects.py").write_text(trap(marker), encoding="utf-8")
    proc, events = audited(
        tmp_path, tmp_path / "control.json", SCOPELINT_AUDIT_MODULE="side_effects", PYTHONPATH=str(project)
    )
    assert marker.exists(), proc.stderr
    with pytest.raises(AssertionError, match="network or process events"):
        assert_nothing_ran(events, project)
    kinds = {e[1] for e in events if e[0] in ("network", "process")}
    assert {"os.system", "socket.connect"} <= kinds, kinds
    assert any(e[0] == "write" and e[1] == str(marker) for e in events)
    assert any(e[0] == "exec" and inside(e[1], project) for e in events) or any(
        e[0] == "import" and e[1] == "side_effects" for e in events
    )


@pytest.mark.parametrize("command", ["check", "check-no-cache", "baseline", "fix-diff", "fix"])
def test_scanned_code_is_never_imported_or_run(trapped: dict, command: str) -> None:
    proc, events = trapped["results"][command]
    assert "Traceback" not in proc.stderr, proc.stderr
    assert not trapped["marker"].exists(), trapped["marker"].read_text()
    assert_nothing_ran(events, trapped["project"])


def test_the_trapped_tree_was_analysed(trapped: dict) -> None:
    # the traps must have been read and parsed, not skipped: the findings prove it
    proc, _ = trapped["results"]["check"]
    document = json.loads(proc.stdout)
    assert {f["path"] for f in document["findings"]} >= {"side_effects.py", "pkg/client.py"}
    assert document["errors"] == []
    assert proc.returncode == 1


@pytest.mark.parametrize("command", ["check-no-cache", "fix-diff"])
def test_check_and_diff_write_nothing(trapped: dict, command: str) -> None:
    _, events = trapped["results"][command]
    assert written_paths(events) == []


def test_check_writes_only_its_cache(trapped: dict) -> None:
    _, events = trapped["results"]["check"]
    cache = trapped["project"] / ".scopelint_cache"
    assert all(inside(path, cache) for path in written_paths(events)), written_paths(events)


def test_baseline_writes_only_the_baseline_file(trapped: dict) -> None:
    _, events = trapped["results"]["baseline"]
    target = trapped["base"] / "baseline.json"
    for path in written_paths(events):
        assert os.path.dirname(path) == str(target.parent) and os.path.basename(path).startswith(
            (".baseline.json.", "baseline.json")
        ), path


def test_fix_writes_only_the_fixed_files(trapped: dict) -> None:
    proc, events = trapped["results"]["fix"]
    project = trapped["project"]
    before, after = trapped["before"], trapped["after"]
    changed = {p for p in before if before[p] != after.get(p)}
    assert changed == {project / "side_effects.py", project / "pkg" / "client.py"}, proc.stderr
    assert set(after) == set(before)  # no file created, none removed (temporary files are gone)
    allowed_dirs = {str(p.parent) for p in changed}
    cache = project / ".scopelint_cache"
    for path in written_paths(events):
        assert inside(path, cache) or os.path.dirname(path) in allowed_dirs, path
    renamed_to = {e[2][1] for e in events if e[:2] == ["fs", "os.rename"] and not inside(e[2][1], cache)}
    assert renamed_to == {str(p) for p in changed}


# --------------------------------------------------------------------------- shadowing modules

SHADOWS = ["yaml", "click", "difflib", "tomllib", "pathspec", "libcst", "hashlib"]


def build_shadowing_project(base: Path) -> tuple[Path, Path]:
    project = base / "project"
    project.mkdir()
    marker = base / "shadow-imported"
    for name in SHADOWS:
        (project / f"{name}.py").write_text(f"open({str(marker)!r}, 'a').write({name!r} + '\\n')\n", encoding="utf-8")
    (project / "app.py").write_text(FINDING, encoding="utf-8")
    return project, marker


def test_installed_command_never_imports_modules_of_the_scanned_tree(tmp_path: Path) -> None:
    """Files named like scopelint's own dependencies (yaml.py, click.py, ...) stay data."""
    script = Path(sys.executable).parent / ("scopelint.exe" if os.name == "nt" else "scopelint")
    if not script.exists():
        pytest.skip("the scopelint console script is not installed next to this interpreter")
    project, marker = build_shadowing_project(tmp_path)
    for args in (
        ("check", "--no-cache", "."),
        ("fix", "--no-cache", "--diff", "."),
        ("fix", "--no-cache", "--unsafe-fixes", "."),
    ):
        proc = subprocess.run(
            [str(script), *args], cwd=project, capture_output=True, text=True, timeout=120, env=_env(), check=False
        )
        assert "Traceback" not in proc.stderr, proc.stderr
        assert not marker.exists(), (args, marker.read_text())
    assert "access_token" in (project / "app.py").read_text(encoding="utf-8")  # the real run did fix it


def test_python_m_scopelint_never_imports_modules_of_the_scanned_tree(tmp_path: Path) -> None:
    project, marker = build_shadowing_project(tmp_path)
    for name in ("click",):  # click is imported first and would end the run: check the others too
        (project / f"{name}.py").unlink()
    for args in (("check", "--no-cache", "."), ("fix", "--no-cache", "--diff", ".")):
        proc = run(project, *args)
        assert "Traceback" not in proc.stderr, proc.stderr
        assert not marker.exists(), (args, sorted(set(marker.read_text().split())))


# --------------------------------------------------------------------------- configuration and packs

UNSAFE_TAGS = {
    "python-name": "!!python/name:os.system",
    "python-module": "!!python/module:os",
    "python-object-new": '!!python/object/new:os.system ["touch {marker}"]',
    "python-object": "!!python/object:os.system {{}}",
    "python-apply-subprocess": '!!python/object/apply:subprocess.check_call [["touch", "{marker}"]]',
}


@pytest.fixture(scope="module")
def unsafe_yaml_runs(tmp_path_factory: pytest.TempPathFactory) -> dict:
    jobs = {}
    for name, tag in UNSAFE_TAGS.items():
        for kind in ("config", "pack"):
            root = tmp_path_factory.mktemp(f"{kind}-{name}")
            marker = root / "PWNED"
            value = tag.format(marker=marker)
            (root / "app.py").write_text(FINDING, encoding="utf-8")
            if kind == "config":
                (root / ".scopelint.yaml").write_text(f"select: {value}\n", encoding="utf-8")
            else:
                (root / ".scopelint.yaml").write_text("rule-packs: [team.yaml]\n", encoding="utf-8")
                (root / "team.yaml").write_text(f"pack: team\nversion: 1\ndescription: {value}\n", encoding="utf-8")
            jobs[(kind, name)] = (root, marker)
    # a rule pack that is a Python file with side effects: read as YAML, never imported
    root = tmp_path_factory.mktemp("pack-python-file")
    marker = root / "PWNED"
    (root / "plugin.py").write_text(f"open({str(marker)!r}, 'w').write('ran')\n", encoding="utf-8")
    (root / "pyproject.toml").write_text('[tool.scopelint]\nrule-packs = ["plugin.py"]\n', encoding="utf-8")
    (root / "app.py").write_text(FINDING, encoding="utf-8")
    jobs[("pack", "python-file")] = (root, marker)

    def check(key):
        root, marker = jobs[key]
        return key, (audited(root, root.parent / f"{root.name}.log", "check", "--no-cache", "app.py"), marker, root)

    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(pool.map(check, jobs))


@pytest.mark.parametrize(
    "kind,name", [(k, n) for n in UNSAFE_TAGS for k in ("config", "pack")] + [("pack", "python-file")]
)
def test_configuration_and_packs_cannot_run_code(unsafe_yaml_runs: dict, kind: str, name: str) -> None:
    (proc, events), marker, root = unsafe_yaml_runs[(kind, name)]
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("scopelint: error: ") and "Traceback" not in proc.stderr, proc.stderr
    assert (
        ".scopelint.yaml" if kind == "config" else ("team.yaml" if name != "python-file" else "plugin.py")
    ) in lines[0]
    if name in UNSAFE_TAGS:  # the refused tag is named
        assert UNSAFE_TAGS[name].split()[0].lstrip("!") in lines[0], lines[0]
    assert not marker.exists()
    assert_nothing_ran(events, root)
    assert not any(e[0] == "import" and e[1] == "plugin" for e in events)


# --------------------------------------------------------------------------- symlinks when fixing


@needs_symlinks
def test_fix_never_writes_through_a_symlink_out_of_the_project(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    project = tmp_path / "project"
    outside.mkdir()
    project.mkdir()
    (outside / "real.py").write_text(FINDING, encoding="utf-8")
    (outside / "sub").mkdir()
    (outside / "sub" / "deep.py").write_text(FINDING, encoding="utf-8")
    (project / "link.py").symlink_to(outside / "real.py")
    (project / "vendor").symlink_to(outside / "sub", target_is_directory=True)
    (project / "own.py").write_text(FINDING, encoding="utf-8")
    snapshot = {p: p.read_bytes() for p in outside.rglob("*.py")}
    for args in (("fix", "--unsafe-fixes", "."), ("fix", "--unsafe-fixes", "link.py")):
        proc = run(project, *args)
        assert "Traceback" not in proc.stderr, proc.stderr
        assert "link.py" in proc.stderr and "symbolic link" in proc.stderr, proc.stderr
    assert {p: p.read_bytes() for p in outside.rglob("*.py")} == snapshot
    assert (project / "link.py").is_symlink()
    assert "access_token" in (project / "own.py").read_text(encoding="utf-8")  # the project's own file is fixed


@needs_symlinks
def test_fix_never_writes_through_a_symlinked_directory_out_of_the_project(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    project = tmp_path / "project"
    (outside / "sub").mkdir(parents=True)
    project.mkdir()
    (outside / "sub" / "deep.py").write_text(FINDING, encoding="utf-8")
    (project / "vendor").symlink_to(outside / "sub", target_is_directory=True)
    proc = run(project, "fix", "--unsafe-fixes", "vendor/deep.py")
    assert "Traceback" not in proc.stderr, proc.stderr
    assert (outside / "sub" / "deep.py").read_text(encoding="utf-8") == FINDING


@needs_symlinks
def test_fix_never_writes_outside_the_given_paths_through_a_symlink(tmp_path: Path) -> None:
    (tmp_path / "proj").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "real.py").write_text(FINDING, encoding="utf-8")
    (tmp_path / "proj" / "link.py").symlink_to(Path("..") / "other" / "real.py")
    proc = run(tmp_path, "fix", "--unsafe-fixes", "proj")
    assert "Traceback" not in proc.stderr, proc.stderr
    assert (tmp_path / "other" / "real.py").read_text(encoding="utf-8") == FINDING


# --------------------------------------------------------------------------- masking beyond SL109


def _b64(data: dict | bytes) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def fake_jwt(subject: str) -> str:
    header = _b64({"alg": "RS256", "typ": "JWT"})
    claims = _b64(
        {
            "iss": "https://masking-test.us.auth0.com/",
            "sub": subject,
            "aud": "https://masking-test.us.auth0.com/api/v2/",
        }
    )
    return f"{header}.{claims}.{_b64(b'fake-signature-' + subject.encode())}"


JWT_A = fake_jwt("fake-a@clients")
JWT_B = fake_jwt("fake-b@clients")
BEARER = "Tq7Vn2Lx9Rc4Wb6Zd1Hm8Kp3Fs5Gj0Ya"
CLIENT_SECRET = "Zx81kLmNq2Rs7TuV3wXyZ4aBcD5eFgH6iJkL9mNoP0qR"

# An SL101 finding (fixable) on a line that also carries a JWT and a long bearer string,
# and a JWT in the lines around it (the context a diff shows).
SHARED_LINE = f"""\
import requests

DEBUG_TOKEN = "{JWT_A}"


def get_user(tokens, uid):
    return requests.get(f"https://tenant.auth0.com/api/v2/users/{{uid}}", headers={{"Authorization": "Bearer " + tokens["id_token"], "X-Debug": "{JWT_A}", "X-Other": "Bearer {BEARER}"}})
"""  # noqa: E501 - the finding and the secrets must share one line

# A token request with a literal client secret whose result reaches the Management API
# without an audience: SL102 is reported on the line that holds the secret.
CLIENT_SECRET_APP = f"""\
import requests

DOMAIN = "tenant.auth0.com"


def management_token():
    return requests.post(f"https://{{DOMAIN}}/oauth/token", json={{"client_id": "abc", "client_secret": "{CLIENT_SECRET}", "grant_type": "client_credentials"}}).json()["access_token"]


def read_user(uid):
    token = management_token()
    return requests.get(f"https://{{DOMAIN}}/api/v2/users/{{uid}}", headers={{"Authorization": f"Bearer {{token}}"}})
"""  # noqa: E501 - the secret is on the line of the token request

FORMATS = ["json", "sarif", "text", "github", "gitlab"]


def leaks(text: str, secrets: list[str]) -> list[str]:
    """12-character pieces of what masking must hide, found in `text`: of a JWT its claims
    and signature (every RS256 JWT starts with the same header), of other secrets all but the
    six characters masking keeps."""
    found = []
    text = text.replace("\\/", "/")
    for secret in secrets:
        hidden = secret.split(".", 1)[1] if secret.count(".") == 2 else secret[6:]
        found.extend(hidden[i : i + 12] for i in range(len(hidden) - 11) if hidden[i : i + 12] in text)
    return found


@pytest.fixture(scope="module")
def masking_runs(tmp_path_factory: pytest.TempPathFactory) -> dict:
    jobs = {}
    for label, text in (("shared", SHARED_LINE), ("secret", CLIENT_SECRET_APP)):
        root = tmp_path_factory.mktemp(f"mask-{label}")
        (root / "app.py").write_text(text, encoding="utf-8")
        for fmt in FORMATS:
            jobs[(label, fmt)] = (root, ("check", "--no-cache", "--format", fmt, "."))
        jobs[(label, "baseline")] = (root, ("baseline", "--no-cache", "-o", f"{root}.baseline.json", "."))
    results = {}
    with ThreadPoolExecutor(max_workers=6) as pool:
        futures = {key: pool.submit(run, root, *args) for key, (root, args) in jobs.items()}
        for key, future in futures.items():
            proc = future.result()
            written = Path(f"{jobs[key][0]}.baseline.json")
            results[key] = (
                proc,
                written.read_text(encoding="utf-8") if key[1] == "baseline" and written.exists() else "",
            )
    return results


@pytest.mark.parametrize("fmt", [*FORMATS, "baseline"])
def test_tokens_on_the_line_of_another_rules_finding_are_masked(masking_runs: dict, fmt: str) -> None:
    proc, written = masking_runs[("shared", fmt)]
    assert proc.returncode in (0, 1), proc.stderr
    assert "SL101" in proc.stdout + written or fmt == "baseline"
    for text in (proc.stdout, proc.stderr, written):
        assert leaks(text, [JWT_A, BEARER]) == []


@pytest.mark.parametrize(
    "fmt",
    [fmt for fmt in [*FORMATS, "baseline"]],
)
def test_client_secret_literals_are_masked(masking_runs: dict, fmt: str) -> None:
    proc, written = masking_runs[("secret", fmt)]
    assert proc.returncode in (0, 1), proc.stderr
    assert "SL102" in proc.stdout + written or fmt == "baseline"
    for text in (proc.stdout, proc.stderr, written):
        assert leaks(text, [CLIENT_SECRET]) == []


def _fingerprints(root: Path, text: str) -> list[str]:
    (root / "app.py").write_text(text, encoding="utf-8")
    proc = run(root, "check", "--no-cache", "--format", "json", ".")
    return [f["fingerprint"] for f in json.loads(proc.stdout)["findings"]]


def test_fingerprints_do_not_depend_on_the_hidden_part_of_a_token(tmp_path: Path) -> None:
    """A fingerprint (SARIF, GitLab, baselines) is a hash of the masked excerpt: no offline
    test of a guessed token against it. Two tokens with the same shown prefix, same print."""
    shared = _fingerprints(tmp_path, SHARED_LINE.replace(JWT_A, JWT_B))
    assert shared and shared == _fingerprints(tmp_path, SHARED_LINE)
    sl109 = FINDING.replace("f\"Bearer {tokens['id_token']}\"", f'"Bearer {JWT_A}"')
    first = _fingerprints(tmp_path, sl109)
    assert first and first == _fingerprints(tmp_path, sl109.replace(JWT_A, JWT_B))


def test_fingerprints_do_not_depend_on_a_client_secret(tmp_path: Path) -> None:
    other = CLIENT_SECRET[:6] + CLIENT_SECRET[6:][::-1]
    first = _fingerprints(tmp_path, CLIENT_SECRET_APP)
    assert first and first == _fingerprints(tmp_path, CLIENT_SECRET_APP.replace(CLIENT_SECRET, other))


def test_fix_reports_mask_tokens_and_the_diff_is_the_exact_patch(tmp_path: Path) -> None:
    """`fix` prints file names, rule codes and counts, never source. `fix --diff` prints a
    patch: its lines are the file's own lines, byte for byte (masked, it would not apply), so
    it can show a token written within three lines of a fix, exactly as `git diff` would."""
    if shutil.which("patch") is None and shutil.which("git") is None:
        pytest.skip("neither patch nor git to apply the diff")
    diff_root = tmp_path / "diff"
    fix_root = tmp_path / "fix"
    for root in (diff_root, fix_root):
        root.mkdir()
        (root / "app.py").write_text(SHARED_LINE, encoding="utf-8")
    diff = run(diff_root, "fix", "--no-cache", "--unsafe-fixes", "--diff", ".")
    fixed = run(fix_root, "fix", "--no-cache", "--unsafe-fixes", ".")
    interactive = run(tmp_path / "diff", "fix", "--no-cache", "--unsafe-fixes", "--interactive", ".", stdin="n\n" * 10)
    assert "Traceback" not in diff.stderr + fixed.stderr + interactive.stderr
    assert (diff_root / "app.py").read_text(encoding="utf-8") == SHARED_LINE  # --diff writes nothing
    assert fixed.stdout.strip() == "fixed app.py (SL101)", fixed.stdout
    for text in (fixed.stdout, fixed.stderr, diff.stderr, interactive.stdout, interactive.stderr):
        assert leaks(text, [JWT_A, BEARER]) == [], text
    # the diff applies to the original and gives what `fix` wrote
    if shutil.which("git"):
        applied = subprocess.run(
            ["git", "apply", "-p1", "-"], cwd=diff_root, input=diff.stdout, capture_output=True, text=True, check=False
        )
    else:
        applied = subprocess.run(
            ["patch", "-p1"], cwd=diff_root, input=diff.stdout, capture_output=True, text=True, check=False
        )
    assert applied.returncode == 0, applied.stderr + diff.stdout
    assert (diff_root / "app.py").read_bytes() == (fix_root / "app.py").read_bytes()


def test_error_messages_carry_no_source_text(tmp_path: Path) -> None:
    """A file that fails to parse on a line holding a token: the reason names the problem, not the line."""
    (tmp_path / "broken.py").write_text(
        f'TOKEN = "{JWT_A}"\nHEADERS = {{"Authorization": "Bearer {BEARER}"\n'
        'x = tokens["id_token"]  # /api/v2/users/\n',
        encoding="utf-8",
    )
    (tmp_path / "unterminated.py").write_text(
        f'# tokens["id_token"] /api/v2/users/\nT = "Bearer {BEARER}\n', encoding="utf-8"
    )
    for fmt in FORMATS:
        proc = run(tmp_path, "check", "--no-cache", "--format", fmt, ".")
        assert proc.returncode == 2, proc.stdout + proc.stderr
        assert leaks(proc.stdout + proc.stderr, [JWT_A, BEARER]) == [], proc.stdout
