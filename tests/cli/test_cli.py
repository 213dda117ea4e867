"""End-to-end tests of the installed command line.

Every test runs `python -m scopelint ...` in a subprocess with a temporary directory as the
current directory, and checks only what a user sees: the exit status, stdout and stderr.
Nothing here imports scopelint to decide what is right.

Speed: starting the CLI and importing LibCST costs most of a second, so the scenarios
below only *prepare* their trees and command lines (functions marked `@scenario`); one
module fixture (`cli`) then runs every prepared command side by side, and the tests read
the results.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from helpers import FINDING, REPO

FINDING_LINE, FINDING_COLUMN = 7, 35
FINDING_VALUE = "f\"Bearer {tokens['id_token']}\""

# The same call, migrated: the access token of the same token response.
CLEAN = FINDING.replace("tokens['id_token']", "tokens['access_token']")

# A file that mentions an ID token and the Management API, but does not parse.
BROKEN = FINDING.replace("def get_user(tokens, uid):", "def get_user(tokens, uid:")

# The same call to other hosts: a custom domain (Auth0 only if configured), another
# vendor's /api/v2/users, and a look-alike host that merely starts with an Auth0 name.
CUSTOM_DOMAIN = FINDING.replace("tenant.auth0.com", "login.acme-corp.com")
ZENDESK = FINDING.replace('f"https://tenant.auth0.com/api/v2/users/{uid}"', '"https://acme.zendesk.com/api/v2/users/1"')
LOOKALIKE = FINDING.replace("tenant.auth0.com", "tenant.auth0.com.evil.test")

# An ID token sent to a team's own API (described by ACME_PACK below).
OWN_API = """\
import requests


def get_profile(tokens, uid):
    return requests.get(
        f"https://api.acme.test/v1/profile/{uid}",
        headers={"Authorization": f"Bearer {tokens['id_token']}"},
    )
"""

DOCUMENTED_FINDING_KEYS = {
    "code", "rule", "severity", "path", "line", "column",
    "end_line", "end_column", "message", "fix",
}  # fmt: skip


def at(path: str) -> tuple[str, int, int, str]:
    """Where FINDING is reported in `path`."""
    return (path, FINDING_LINE, FINDING_COLUMN, "SL101")


def run(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **(env or {})}
    environment.pop("NO_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "scopelint", *args],
        cwd=cwd,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
    )


def parse_json(proc: subprocess.CompletedProcess[str]) -> tuple[int, dict]:
    try:
        document = json.loads(proc.stdout)  # one document and nothing else
    except json.JSONDecodeError as exc:  # pragma: no cover - a failure message
        raise AssertionError(f"not one JSON document: {exc}\nstdout={proc.stdout!r}\nstderr={proc.stderr!r}") from exc
    return proc.returncode, document


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def located(document: dict) -> list[tuple[str, int, int, str]]:
    return [(f["path"], f["line"], f["column"], f["code"]) for f in document["findings"]]


def paths_of(document: dict) -> list[str]:
    return [f["path"] for f in document["findings"]]


def repo_version() -> str:
    text = (REPO / "scopelint" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.MULTILINE)
    assert match, "scopelint/__init__.py has no __version__"
    return match.group(1)


# --------------------------------------------------------------------------- the batch


class Batch:
    """Command lines prepared by the scenarios, run side by side, results by key."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.jobs: dict[str, tuple[Path, list[str], dict[str, str] | None]] = {}
        self.results: dict[str, subprocess.CompletedProcess[str]] = {}

    def tree(self, name: str) -> Path:
        root = self.base / name
        root.mkdir(parents=True)
        return root

    def add(self, key: str, cwd: Path, *args: str, env: dict[str, str] | None = None) -> None:
        assert key not in self.jobs, key
        self.jobs[key] = (cwd, list(args), env)

    def check_json(self, key: str, cwd: Path, *args: str) -> None:
        self.add(key, cwd, "check", "--format", "json", *args)

    def run_all(self) -> None:
        with ThreadPoolExecutor(max_workers=(os.cpu_count() or 2) + 1) as pool:
            futures = {key: pool.submit(run, cwd, *args, env=env) for key, (cwd, args, env) in self.jobs.items()}
            self.results = {key: future.result() for key, future in futures.items()}

    def __getitem__(self, key: str) -> subprocess.CompletedProcess[str]:
        return self.results[key]

    def json(self, key: str) -> tuple[int, dict]:
        return parse_json(self.results[key])


SCENARIOS: list[Callable[[Batch], None]] = []


def scenario(setup: Callable[[Batch], None]) -> Callable[[Batch], None]:
    SCENARIOS.append(setup)
    return setup


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    batch = Batch(tmp_path_factory.mktemp("cli"))
    for setup in SCENARIOS:
        setup(batch)
    batch.run_all()
    return batch


# --------------------------------------------------------------------------- version, exit codes


def test_python_m_scopelint_version(tmp_path: Path) -> None:
    proc = run(tmp_path, "--version")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"scopelint, version {repo_version()}"


@scenario
def _clean_tree(b: Batch) -> None:
    root = b.tree("clean")
    write(root / "app" / "views.py", CLEAN)
    write(root / "notes.txt", FINDING)  # not Python: never read
    write(root / "README.md", FINDING)
    b.add("clean", root, "check")


def test_clean_tree_exits_0(cli: Batch) -> None:
    proc = cli["clean"]
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "SL101" not in proc.stdout
    assert proc.stdout.strip().splitlines()[-1] == "No findings."


@scenario
def _default_tree(b: Batch) -> None:
    """One tree without configuration for every scenario that needs none (one run)."""
    root = b.tree("default")
    write(root / "pkg" / "sub" / "user.py", FINDING)
    write(root / "stubs" / "api.pyi", FINDING)  # .pyi files are read too
    write(root / "clean.py", CLEAN)
    write(root / "notes.txt", FINDING)  # not Python: never read
    write(root / "bin" / "tool", "#!/usr/bin/env python3\n" + FINDING)  # no suffix: checked only when named
    # .gitignore files, at the top and in a subdirectory
    write(root / ".gitignore", "out/\nsecret_*.py\n")
    write(root / "secret_keys.py", FINDING)
    write(root / "out" / "gen.py", FINDING)
    write(root / "pkg" / ".gitignore", "local.py\n")
    write(root / "pkg" / "local.py", FINDING)
    write(root / "pkg" / "shared.py", FINDING)
    # hosts that are not Auth0 (without custom-domains), a team's own API (without its pack)
    write(root / "hosts" / "custom.py", CUSTOM_DOMAIN)
    write(root / "hosts" / "zendesk.py", ZENDESK)
    write(root / "hosts" / "lookalike.py", LOOKALIKE)
    write(root / "own" / "own.py", OWN_API)
    # suppression comments
    for name, (source, _) in SUPPRESSION_CASES.items():
        write(root / "suppression" / _suppression_file(name), source)
    # Two statements in one file: a comment silences its own statement only.
    second = _statement().split("\n\n\n", 1)[1].replace("def get_user", "def get_other")
    write(
        root / "suppression" / "two_statements.py",
        _statement(reported="  # scopelint: ignore[SL101]") + "\n\n" + second,
    )
    b.check_json("default", root, ".")
    b.check_json("explicit", root, "secret_keys.py", "out/gen.py", "pkg/local.py", "bin/tool")
    for key, (cwd, args, _) in PATH_CASES.items():
        b.check_json(f"paths/{key}", root / cwd, *[a.replace("<abs>", str(root)) for a in args])


def test_findings_exit_1_and_json_document(cli: Batch) -> None:
    code, document = cli.json("default")
    assert code == 1
    assert set(document) == {"version", "findings", "errors", "files"}
    files = document["files"]
    assert files["checked"] == files["skipped_by_prefilter"] + files["analysed"]
    assert files["analysed"] >= 3
    assert document["version"] == repo_version()
    assert document["errors"] == []
    outside_suppression = [f for f in located(document) if not f[0].startswith("suppression/")]
    assert outside_suppression == [at("pkg/shared.py"), at("pkg/sub/user.py"), at("stubs/api.pyi")]
    for finding in document["findings"]:
        assert DOCUMENTED_FINDING_KEYS <= set(finding), set(finding)
        assert finding["code"] == "SL101"
        assert finding["rule"] == "id-token-bearer"
        assert finding["severity"] == "error"
        assert finding["fix"] is None or isinstance(finding["fix"], dict)  # null when there is no fix
        assert "ID token" in finding["message"]
        assert "GET /api/v2/users/{id}" in finding["message"]
    user = next(f for f in document["findings"] if f["path"] == "pkg/sub/user.py")
    assert (user["line"], user["end_line"]) == (FINDING_LINE, FINDING_LINE)
    # 1-based columns, end exclusive: the span is exactly the Authorization value.
    source_line = FINDING.splitlines()[user["line"] - 1]
    assert source_line[user["column"] - 1 : user["end_column"] - 1] == FINDING_VALUE


PATH_CASES = {
    # id: (cwd relative to the tree, arguments, the paths reported)
    "absolute-dir-and-normalised-file": (
        ".",
        ["<abs>/stubs", "./pkg/sub/../sub/user.py"],
        ["pkg/sub/user.py", "stubs/api.pyi"],
    ),
    "default-path-from-subdir": ("pkg/sub", [], ["user.py"]),
}


@pytest.mark.parametrize("case", list(PATH_CASES))
def test_json_paths_are_relative_to_cwd_and_slash_separated(cli: Batch, case: str) -> None:
    code, document = cli.json(f"paths/{case}")
    assert code == 1
    assert paths_of(document) == PATH_CASES[case][2]


@scenario
def _usage_errors(b: Batch) -> None:
    root = b.tree("usage")
    write(root / "a.py", FINDING)
    b.add("format-xml", root, "check", "--format", "xml", "a.py")


def test_unknown_format_exits_2(cli: Batch) -> None:
    proc = cli["format-xml"]
    assert proc.returncode == 2
    assert "unknown format 'xml'" in proc.stderr
    assert proc.stdout == ""


UNKNOWN_RULE_CASES = {
    # id: (option, value, the name the error must mention)
    "select-comma-name": ("--select", "SL101,no-such-rule", "no-such-rule"),
    "ignore-name": ("--ignore", "bogus-rule", "bogus-rule"),
}


@scenario
def _unknown_rules(b: Batch) -> None:
    root = b.tree("unknown-rule")
    write(root / "a.py", FINDING)
    for key, (option, value, _) in UNKNOWN_RULE_CASES.items():
        b.add(f"unknown-rule/{key}", root, "check", option, value, "a.py")


@pytest.mark.parametrize("case", list(UNKNOWN_RULE_CASES))
def test_unknown_rule_exits_2(cli: Batch, case: str) -> None:
    proc = cli[f"unknown-rule/{case}"]
    assert proc.returncode == 2
    assert f"unknown rule '{UNKNOWN_RULE_CASES[case][2]}'" in proc.stderr
    assert "SL101 id-token-bearer" not in proc.stdout


@scenario
def _syntax_errors(b: Batch) -> None:
    root = b.tree("syntax")
    write(root / "a_finding.py", FINDING)
    write(root / "broken.py", BROKEN)
    write(root / "z_finding.py", FINDING)
    write(root / "ok.py", CLEAN)
    (root / "latin1.py").write_bytes("x = 'caf\u00e9'\n".encode("latin-1"))  # not UTF-8, no coding cookie
    (root / "declared.py").write_bytes("# -*- coding: latin-1 -*-\nx = 'caf\u00e9'\n".encode("latin-1"))
    b.check_json("syntax", root, "missing.py", ".")
    root = b.tree("syntax-plain")
    write(root / "broken.py", "import os\n\ndef f(:\n    pass\n")
    write(root / "ok.py", CLEAN)
    b.check_json("syntax/plain", root, ".")


def test_unparsable_unreadable_and_missing_files_are_listed_and_others_still_checked(cli: Batch) -> None:
    code, document = cli.json("syntax")
    assert code == 2
    assert [e["path"] for e in document["errors"]] == ["broken.py", "latin1.py", "missing.py"]
    for error in document["errors"]:
        assert set(error) == {"path", "message"}
        assert error["message"].strip()
    assert "UTF-8" in document["errors"][1]["message"]
    assert "no such file" in document["errors"][2]["message"]
    assert located(document) == [at("a_finding.py"), at("z_finding.py")]


def test_syntax_error_in_a_file_that_cannot_match_is_not_parsed(cli: Batch) -> None:
    # Documented: the prefilter skips files without the packs' texts before parsing them
    # (that is what keeps scopelint cheap on large trees), so their syntax is never looked at.
    # A broken file that can match is parsed and listed (see the test above).
    code, document = cli.json("syntax/plain")
    assert document["errors"] == [] and document["findings"] == []
    assert code == 0


# --------------------------------------------------------------------------- configuration errors

CONFIG_ERROR_CASES = {
    # id: (file, content, fragments the error must contain); tests/test_config.py has more.
    "toml-unknown-key": (
        "pyproject.toml", '[tool.scopelint]\nselct = ["SL101"]\n', ["pyproject.toml", "selct", "unknown key"],
    ),
    "toml-select-not-a-list": (
        "pyproject.toml", '[tool.scopelint]\nselect = "SL101"\n', ["pyproject.toml", "select", "expected a list"],
    ),
    "yaml-exclude-int": (".scopelint.yaml", "exclude: 3\n", [".scopelint.yaml", "exclude", "expected a list"]),
    "yaml-unknown-key": (".scopelint.yaml", "rule_packs: []\n", [".scopelint.yaml", "rule_packs", "unknown key"]),
    "yaml-select-unknown-rule": (".scopelint.yaml", "select: [SL9]\n", ["unknown rule 'SL9'"]),
}  # fmt: skip


@scenario
def _config_errors(b: Batch) -> None:
    for key, (name, text, _) in CONFIG_ERROR_CASES.items():
        root = b.tree(f"config-error-{key}")
        write(root / name, text)
        write(root / "src" / "a.py", FINDING)
        b.add(f"config-error/{key}", root / "src", "check", "a.py")  # the config is found upward


@pytest.mark.parametrize("case", list(CONFIG_ERROR_CASES))
def test_bad_configuration_exits_2_naming_the_key(cli: Batch, case: str) -> None:
    proc = cli[f"config-error/{case}"]
    assert proc.returncode == 2, proc.stdout + proc.stderr
    for fragment in CONFIG_ERROR_CASES[case][2]:
        assert fragment in proc.stderr, (fragment, proc.stderr)
    assert "SL101 id-token-bearer" not in proc.stdout


# --------------------------------------------------------------------------- rule pack errors

# A minimal valid pack describing a team's own API.
ACME_PACK = """\
pack: acme-profile-api
version: 1
description: Acme's own profile service.
api:
  name: Acme Profile API
  audience: "https://api.acme.test/"
  path_prefix: /v1/
  hosts: ['api\\.acme\\.test']
  endpoints:
    - id: acme-get-profile
      method: GET
      path: /v1/profile/{id}
      current_user_scopes: [read:own_profile]
      any_user_scopes: [read:profiles]
"""

PACK_ERROR_CASES = {
    # id: (pack text, fragments the error must contain besides the file name);
    # tests/test_packs.py checks many more malformations in-process.
    "yaml-syntax": ("pack: x\nversion: 1\napi: [unclosed\n", ["malformed YAML", "line 4"]),
    "missing-api-endpoints": (ACME_PACK.split("  endpoints:")[0], ["api.endpoints", "required key is missing"]),
    "version-str": (ACME_PACK.replace("version: 1", 'version: "1"'), ["version", "expected an integer", "string"]),
    "unknown-top-key": (ACME_PACK + "colour: red\n", ["colour", "unknown key"]),
    "python-tag": (
        ACME_PACK.replace(
            "description: Acme's own profile service.",
            'description: !!python/object/apply:os.system ["touch PWNED"]',
        ),
        ["python/object/apply", "line 3"],
    ),
}


@scenario
def _pack_errors(b: Batch) -> None:
    for key, (text, _) in PACK_ERROR_CASES.items():
        root = b.tree(f"pack-error-{key}")
        write(root / "packs" / "team-pack.yaml", text)
        write(root / ".scopelint.yaml", "rule-packs: [packs/team-pack.yaml]\n")
        write(root / "a.py", FINDING)
        b.add(f"pack-error/{key}", root, "check", "a.py")


@pytest.mark.parametrize("case", list(PACK_ERROR_CASES))
def test_malformed_rule_pack_exits_2_naming_file_key_problem(cli: Batch, case: str) -> None:
    proc = cli[f"pack-error/{case}"]
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "team-pack.yaml" in proc.stderr
    for fragment in PACK_ERROR_CASES[case][1]:
        assert fragment in proc.stderr, (fragment, proc.stderr)
    assert "SL101 id-token-bearer" not in proc.stdout


def test_rule_pack_with_python_tag_never_runs_code(cli: Batch) -> None:
    assert cli["pack-error/python-tag"].returncode == 2
    root = cli.base / "pack-error-python-tag"
    assert (root / "packs" / "team-pack.yaml").is_file()
    assert not (root / "PWNED").exists()
    assert not (root / "packs" / "PWNED").exists()


# --------------------------------------------------------------------------- --select / --ignore

SELECT_CASES = {
    # id: (arguments, reported?)
    "select-code": (["--select", "SL101"], True),
    "select-name": (["--select", "id-token-bearer"], True),
    "ignore-code": (["--ignore", "SL101"], False),
    "ignore-name": (["--ignore", "id-token-bearer"], False),
    "ignore-comma": (["--ignore", "SL101,id-token-bearer"], False),
    "select-name-ignore-code": (["--select", "id-token-bearer", "--ignore", "SL101"], False),
}


@scenario
def _select_cases(b: Batch) -> None:
    root = b.tree("select")
    write(root / "a.py", FINDING)
    for key, (args, _) in SELECT_CASES.items():
        b.check_json(f"select/{key}", root, *args, "a.py")


@pytest.mark.parametrize("case", list(SELECT_CASES))
def test_select_and_ignore(cli: Batch, case: str) -> None:
    code, document = cli.json(f"select/{case}")
    reported = SELECT_CASES[case][1]
    assert code == (1 if reported else 0)
    assert located(document) == ([at("a.py")] if reported else [])
    assert document["errors"] == []


# --------------------------------------------------------------------------- suppression comments


def _statement(*, reported: str = "", first: str = "", last: str = "", above: list[str] | None = None) -> str:
    lines = ["import requests", "", "", "def get_user(tokens, uid):"]
    lines += [f"    {line}" if line else "" for line in above or []]
    lines += [
        f"    return requests.get({first}",
        '        f"https://tenant.auth0.com/api/v2/users/{uid}",',
        f'        headers={{"Authorization": f"Bearer {{tokens[\'id_token\']}}"}},{reported}',
        f"    ){last}",
    ]
    return "\n".join(lines) + "\n"


SUPPRESSION_CASES: dict[str, tuple[str, bool]] = {
    # name: (source, still reported?)
    "none": (_statement(), True),
    "line-code": (_statement(reported="  # scopelint: ignore[SL101]"), False),
    "line-name": (_statement(reported="  # scopelint: ignore[id-token-bearer]"), False),
    "line-several-codes": (_statement(reported="  # scopelint: ignore[SL102, SL101]"), False),
    "line-several-mixed": (_statement(reported="  # scopelint: ignore[SL999,id-token-bearer]"), False),
    "line-bare": (_statement(reported="  # scopelint: ignore"), False),
    "line-noqa": (_statement(reported="  # noqa: SL101"), False),
    "line-noqa-several": (_statement(reported="  # noqa: E501, SL101"), False),
    "line-after-type-ignore": (_statement(reported="  # type: ignore  # scopelint: ignore[SL101]"), False),
    "above-code": (_statement(above=["# scopelint: ignore[SL101]"]), False),
    "above-name": (_statement(above=["# scopelint: ignore[id-token-bearer]"]), False),
    "above-several": (_statement(above=["# scopelint: ignore[SL102,id-token-bearer]"]), False),
    "above-bare": (_statement(above=["# scopelint: ignore"]), False),
    "above-noqa": (_statement(above=["# noqa: SL101"]), False),
    "first-line-of-statement": (_statement(first="  # scopelint: ignore[SL101]"), False),
    "last-line-of-statement": (_statement(last="  # scopelint: ignore[SL101]"), False),
    "last-line-noqa": (_statement(last="  # noqa: SL101"), False),
    # must NOT silence:
    "line-other-code": (_statement(reported="  # scopelint: ignore[SL102]"), True),
    "line-other-name": (_statement(reported="  # scopelint: ignore[other-rule]"), True),
    "line-noqa-other": (_statement(reported="  # noqa: E501"), True),
    "line-noqa-longer-code": (_statement(reported="  # noqa: SL1011"), True),
    "above-other-code": (_statement(above=["# scopelint: ignore[SL102]"]), True),
    "two-lines-above": (_statement(above=["# scopelint: ignore[SL101]", ""]), True),
    "two-lines-above-comment-between": (
        _statement(above=["# scopelint: ignore[SL101]", "# an unrelated comment"]),
        True,
    ),
    "above-but-trailing-another-statement": (_statement(above=["x = 1  # scopelint: ignore[SL101]"]), True),
    "in-a-string-above": (_statement(above=['note = "# scopelint: ignore[SL101]"']), True),
    "in-a-string-on-the-line": (
        _statement().replace("'id_token']}\"},", '\'id_token\']}", "X-Note": "# scopelint: ignore"},'),
        True,
    ),
}


# A finding in the header of a compound statement (`with ...:`); the statement is the header.
WITH_HEADER = """\
import httpx


def get_user(tokens, uid):
    with httpx.Client(
        base_url="https://tenant.auth0.com/api/v2",
        headers={"Authorization": f"Bearer {tokens['id_token']}"},
    ) as client:<HEADER_END>
        return client.get(f"/users/{uid}")<BODY>
"""


def _with_header(header_end: str = "", body: str = "") -> str:
    return WITH_HEADER.replace("<HEADER_END>", header_end).replace("<BODY>", body)


SUPPRESSION_CASES["compound-header-last-line"] = (
    _with_header(header_end="  # scopelint: ignore[SL101]"),
    False,
)
# A comment on the first statement of the body belongs to that statement, not to the header.
SUPPRESSION_CASES["compound-first-body-line"] = (_with_header(body="  # scopelint: ignore[SL101]"), True)
SUPPRESSION_CASES["compound-none"] = (_with_header(), True)
SUPPRESSION_BUGS: dict[str, str] = {}


def _suppression_file(name: str) -> str:
    return name.replace("-", "_") + ".py"


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=SUPPRESSION_BUGS[name]))
        if name in SUPPRESSION_BUGS
        else name
        for name in SUPPRESSION_CASES
    ],
)
def test_suppression_comment(cli: Batch, name: str) -> None:
    _, document = cli.json("default")
    source, reported = SUPPRESSION_CASES[name]
    path = "suppression/" + _suppression_file(name)
    found = [(f["line"], f["column"]) for f in document["findings"] if f["path"] == path]
    if reported:
        expected_line = next(i for i, line in enumerate(source.splitlines(), 1) if "Authorization" in line)
        assert found == [(expected_line, FINDING_COLUMN)]
    else:
        assert found == []


def test_suppression_silences_only_its_own_statement(cli: Batch) -> None:
    _, document = cli.json("default")
    found = [f["line"] for f in document["findings"] if f["path"] == "suppression/two_statements.py"]
    assert found == [14]  # the second function's call, not the suppressed first one


# --------------------------------------------------------------------------- configuration files


@scenario
def _upward(b: Batch) -> None:
    # The same tree twice: pyproject.toml two levels up, then also a nearer .scopelint.yaml.
    for variant in ("pyproject", "nearer-yaml"):
        proj = b.tree(f"upward-{variant}")
        deep = proj / "src" / "deep"
        write(deep / "main.py", FINDING)
        write(proj / "pyproject.toml", '[project]\nname = "demo"\n\n[tool.scopelint]\nignore = ["id-token-bearer"]\n')
        if variant == "nearer-yaml":
            write(proj / "src" / ".scopelint.yaml", "select: [SL101]\n")
        b.check_json(f"upward/{variant}", deep, ".")
    root = b.tree("yaml-ignore")
    write(root / ".scopelint.yaml", "ignore: [SL101]\n")
    write(root / "sub" / "a.py", FINDING)
    b.check_json("yaml-ignore", root / "sub", ".")


@pytest.mark.parametrize(
    ("variant", "expected"),
    [("pyproject", (0, [])), ("nearer-yaml", (1, ["main.py"]))],
)
def test_configuration_found_upward_nearest_wins(cli: Batch, variant: str, expected: tuple) -> None:
    code, document = cli.json(f"upward/{variant}")
    assert (code, paths_of(document)) == expected


def test_config_ignore_by_code_in_yaml(cli: Batch) -> None:
    code, document = cli.json("yaml-ignore")
    assert (code, document["findings"]) == (0, [])


@scenario
def _excludes(b: Batch) -> None:
    root = b.tree("excludes")
    write(
        root / "pyproject.toml",
        "[tool.scopelint]\n"
        'exclude = ["generated/"]\n'
        "\n[tool.scopelint.per-file-ignores]\n"
        '"legacy/*.py" = ["SL101"]\n'
        '"old/*.py" = ["id-token-bearer"]\n',
    )
    for rel in ("app/main.py", "generated/gen.py", "legacy/l.py", "old/o.py"):
        write(root / rel, FINDING)
    b.check_json("excludes/walk", root, ".")
    b.check_json("excludes/explicit", root, "generated/gen.py", "legacy/l.py", "old/o.py")
    b.check_json("excludes/from-subdir", root / "legacy", ".")


def test_config_exclude_and_per_file_ignores(cli: Batch) -> None:
    code, document = cli.json("excludes/walk")
    assert (code, paths_of(document)) == (1, ["app/main.py"])


def test_explicit_file_ignores_exclude_but_keeps_per_file_ignores(cli: Batch) -> None:
    code, document = cli.json("excludes/explicit")
    assert (code, paths_of(document)) == (1, ["generated/gen.py"])


def test_per_file_ignores_are_relative_to_the_config_not_the_cwd(cli: Batch) -> None:
    code, document = cli.json("excludes/from-subdir")
    assert (code, document["findings"]) == (0, [])


@scenario
def _custom_domains(b: Batch) -> None:
    root = b.tree("domains")
    write(root / "custom.py", CUSTOM_DOMAIN)
    write(root / "zendesk.py", ZENDESK)
    write(root / "lookalike.py", LOOKALIKE)
    write(root / "tenant.py", FINDING)
    write(root / "pyproject.toml", '[tool.scopelint]\ncustom-domains = ["login.acme-corp.com"]\n')
    b.check_json("domains", root, ".")


def test_non_auth0_hosts_not_reported_without_configuration(cli: Batch) -> None:
    _, document = cli.json("default")
    assert [f for f in paths_of(document) if f.startswith(("hosts/", "own/"))] == []


def test_custom_domain_reported_when_configured_other_hosts_never(cli: Batch) -> None:
    code, document = cli.json("domains")
    assert (code, located(document)) == (1, [at("custom.py"), at("tenant.py")])


@scenario
def _extra_pack(b: Batch) -> None:
    root = b.tree("extra-pack")
    write(root / "src" / "own.py", OWN_API)
    write(root / "src" / "mgmt.py", FINDING)
    # The pack path is relative to the configuration file, not to the cwd.
    write(root / "packs" / "acme.yaml", ACME_PACK)
    write(root / ".scopelint.yaml", "rule-packs: [packs/acme.yaml]\n")
    b.check_json("extra-pack", root / "src", ".")


def test_valid_extra_rule_pack_describes_a_teams_own_api(cli: Batch) -> None:
    code, document = cli.json("extra-pack")
    assert document["errors"] == []
    assert (code, located(document)) == (1, [at("mgmt.py"), at("own.py")])
    own = document["findings"][1]
    assert own["rule"] == "id-token-bearer"
    assert "GET /v1/profile/{id}" in own["message"]


# --------------------------------------------------------------------------- .gitignore


def test_gitignore_honoured_when_walking(cli: Batch) -> None:
    _, document = cli.json("default")
    found = paths_of(document)
    assert "pkg/shared.py" in found
    for ignored in ("secret_keys.py", "out/gen.py", "pkg/local.py"):
        assert ignored not in found


def test_files_named_explicitly_are_checked_even_gitignored_or_without_suffix(cli: Batch) -> None:
    code, document = cli.json("explicit")
    assert code == 1
    assert [(path, line - 1 if path == "bin/tool" else line) for path, line, *_ in located(document)] == [
        ("bin/tool", FINDING_LINE),  # one line lower: the shebang
        ("out/gen.py", FINDING_LINE),
        ("pkg/local.py", FINDING_LINE),
        ("secret_keys.py", FINDING_LINE),
    ]


# --------------------------------------------------------------------------- rules / explain


@scenario
def _rules_and_explain(b: Batch) -> None:
    root = b.tree("rules")
    b.add("rules/text", root, "rules")
    b.add("rules/json", root, "rules", "--format", "json")
    b.add("explain/code", root, "explain", "SL101")
    b.add("explain/name", root, "explain", "id-token-bearer")
    b.add("explain/unknown", root, "explain", "SL999")


def test_rules_text(cli: Batch) -> None:
    proc = cli["rules/text"]
    assert proc.returncode == 0, proc.stderr
    rows = [line for line in proc.stdout.splitlines() if line.startswith("SL101")]
    assert len(rows) == 1
    assert re.match(r"^SL101\s+id-token-bearer\s+error\s+(-|fixable)\s+\S", rows[0]), rows[0]


def test_rules_json(cli: Batch) -> None:
    proc = cli["rules/json"]
    assert proc.returncode == 0, proc.stderr
    rules = json.loads(proc.stdout)
    sl101 = [r for r in rules if r["code"] == "SL101"]
    assert len(sl101) == 1
    assert sl101[0]["name"] == "id-token-bearer"
    assert sl101[0]["severity"] == "error"
    assert isinstance(sl101[0]["fixable"], bool)
    assert "ID token" in sl101[0]["summary"]


def test_explain_by_code_has_sections(cli: Batch) -> None:
    proc = cli["explain/code"]
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    assert text.startswith("SL101 id-token-bearer")
    for section in ("What it does", "Why it matters", "Example", "How to suppress"):
        assert re.search(rf"^{section}$", text, re.MULTILINE), section
    assert "tokens['id_token']" in text
    assert "# scopelint: ignore[SL101]" in text


def test_explain_by_name_is_the_same(cli: Batch) -> None:
    proc = cli["explain/name"]
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == cli["explain/code"].stdout


def test_explain_unknown_rule_exits_2(cli: Batch) -> None:
    proc = cli["explain/unknown"]
    assert proc.returncode == 2
    assert "SL999" in proc.stderr
    assert proc.stdout == ""


# --------------------------------------------------------------------------- text format


@scenario
def _text(b: Batch) -> None:
    root = b.tree("text")
    write(root / "pkg" / "b.py", FINDING)
    b.add("text", root, "check", env={"TERM": "xterm-256color"})


def test_text_format(cli: Batch) -> None:
    proc = cli["text"]
    assert proc.returncode == 1, proc.stderr
    assert "\x1b[" not in proc.stdout + proc.stderr  # not a terminal: no colour
    lines = proc.stdout.splitlines()
    assert re.match(
        rf"^pkg/b\.py:{FINDING_LINE}:{FINDING_COLUMN}: SL101 id-token-bearer ID token .*GET /api/v2/users/\{{id\}}",
        lines[0],
    ), lines[0]
    assert lines[1] == FINDING.splitlines()[FINDING_LINE - 1]
    assert lines[2] == " " * (FINDING_COLUMN - 1) + "^" * len(FINDING_VALUE)
    helps = [line for line in lines if line.lstrip().startswith("help:")]
    assert len(helps) == 1
    assert "access token" in helps[0]
    assert lines[-1] == "Found 1 finding (1 error) in 1 file."


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_text_format_is_coloured_on_a_terminal(tmp_path: Path) -> None:
    import pty

    write(tmp_path / "b.py", FINDING)
    controller, terminal = pty.openpty()
    try:
        env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
        proc = subprocess.run(
            [sys.executable, "-m", "scopelint", "check", "b.py"],
            check=False,
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            stdout=terminal,
            stderr=terminal,
            env=env,
            timeout=120,
        )
    finally:
        os.close(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the terminal side is closed and drained
            break
        if not chunk:
            break
        output += chunk
    os.close(controller)
    assert proc.returncode == 1
    assert b"\x1b[" in output
    assert b"SL101" in output
