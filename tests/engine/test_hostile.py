"""Hostile input through the installed command line (issue 7, "Robustness and safety").

Every bad file of a run gets exactly one entry in `errors`: its path and a one-line reason;
the other files of the same run are still checked (a file with a real finding sits beside
the hostile ones and must be reported), the JSON report stays one valid document, nothing
prints a traceback, and the exit status is 2.

Documented behaviour these tests respect (and do not test against):
- a file that fails the prefilter (none of the packs' texts: `id_token`, `/api/v2`, ...) is
  never parsed, so hostile files that must reach the parser mention `tokens["id_token"]`
  and `/api/v2/users/`; reading errors are reported for every file;
- a directory named `x.py` is a directory: it is walked, never read as a file
  (tests/test_discovery.py); a FIFO, named on the command line or met while walking, is
  an error ("not a regular file"), reported without blocking.

All runs are subprocesses (`python -m scopelint`); independent runs go side by side.
When the tests run as root (who may read a mode-000 file), the runs that need an
unreadable file drop the capabilities that let root ignore file permissions (`setpriv`).
"""

from __future__ import annotations

import codecs
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import pytest

from helpers import FINDING, pythonpath

needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")

FINDING_AT = (7, 35)
# Text that lets a file through the prefilter, so that it is parsed.
TOKEN_TEXT = 'URL = "https://tenant.auth0.com/api/v2/users/"  # tokens["id_token"]\n'
BROKEN = FINDING.replace("def get_user(tokens, uid):", "def get_user(tokens, uid:")


def _drop_dac_prefix() -> list[str] | None:
    """A command prefix under which a mode-000 file is unreadable, or None if impossible."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search"]
    try:
        probe = subprocess.run([*prefix, "true"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return prefix if probe.returncode == 0 else None


DROP_DAC = _drop_dac_prefix()


def run(
    cwd: Path, *args: str, timeout: float = 120, prefix: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": pythonpath(),
        "NO_COLOR": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("PRE_COMMIT", None)
    return subprocess.run(
        [*(prefix or []), sys.executable, "-m", "scopelint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        env=env,
        check=False,
    )


def document(proc: subprocess.CompletedProcess[str]) -> dict:
    assert "Traceback" not in proc.stderr, proc.stderr
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise AssertionError(
            f"not one JSON document ({exc}); exit status {proc.returncode}\n"
            f"stdout={proc.stdout[-2000:]!r}\nstderr={proc.stderr[-2000:]!r}"
        ) from None


def errors_by_path(doc: dict) -> dict[str, str]:
    """{path: message}, checking that each path has exactly one one-line entry."""
    paths = [e["path"] for e in doc["errors"]]
    assert len(paths) == len(set(paths)), f"a path listed twice: {paths}"
    for error in doc["errors"]:
        assert set(error) == {"path", "message"}, error
        message = error["message"]
        assert message.strip() and "\n" not in message and "\r" not in message, error
        assert "Traceback" not in message, error
    return {e["path"]: e["message"] for e in doc["errors"]}


def findings_at(doc: dict) -> set[tuple[str, int, int]]:
    return {(f["path"], f["line"], f["column"]) for f in doc["findings"] if f["code"] == "SL101"}


def timed_out(process: subprocess.TimeoutExpired) -> str:
    return f"no answer within {process.timeout:.0f} s"


# --------------------------------------------------------------------------- the battery

BOM = codecs.BOM_UTF8

# path -> (bytes, fragment of the reason, or None: the file is analysed without error)
HOSTILE_FILES: dict[str, tuple[bytes, str | None]] = {
    "finding.py": (FINDING.encode(), None),
    # binary content
    "nul.py": (b"x = 1\n\0\n" + TOKEN_TEXT.encode(), "NUL byte"),
    "binary.py": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "NUL byte"),
    "binary_no_nul.py": (bytes(range(0x80, 0x100)) * 8 + b"\n" + TOKEN_TEXT.encode(), "not valid UTF-8"),
    # encodings
    "latin1_undeclared.py": ('x = "caf\u00e9"\n'.encode("latin-1") + TOKEN_TEXT.encode(), "not valid UTF-8"),
    "latin1_declared.py": (("# -*- coding: latin-1 -*-\n# caf\u00e9\n" + FINDING).encode("latin-1"), None),
    "utf8_declared_invalid.py": (b"# coding: utf-8\n" + b'x = "caf\xe9"\n' + TOKEN_TEXT.encode(), "not valid UTF-8"),
    "unknown_coding.py": (b"# -*- coding: klingon -*-\n" + TOKEN_TEXT.encode(), "unknown encoding"),
    "bom_and_latin1_cookie.py": (BOM + b"# coding: latin-1\n" + TOKEN_TEXT.encode(), "byte order mark"),
    "bom.py": (BOM + FINDING.encode(), None),
    # line endings
    "crlf.py": (FINDING.replace("\n", "\r\n").encode(), None),
    "cr_only.py": (FINDING.replace("\n", "\r").encode(), None),
    "mixed_endings.py": (
        "".join(line + ("\r\n" if i % 2 else "\n") for i, line in enumerate(FINDING.splitlines())).encode(),
        None,
    ),
    # empty and blank
    "empty.py": (b"", None),
    "blank.py": (b"\n\n   \n\t\n", None),
    # syntax errors, Python 2 included (each mentions the packs' texts, so it is parsed)
    "py2_print.py": (b'print "hello"\n' + TOKEN_TEXT.encode(), "syntax error"),
    "py2_raise.py": (b'raise ValueError, "bad"\n' + TOKEN_TEXT.encode(), "syntax error"),
    "py2_octal.py": (b"x = 0777\n" + TOKEN_TEXT.encode(), "syntax error"),
    "py2_backticks.py": (b"x = `1`\n" + TOKEN_TEXT.encode(), "syntax error"),
    "py3_syntax.py": (BROKEN.encode(), "syntax error"),
    "tabs_and_spaces.py": (b"def f():\n\tif x:\n\t\tpass\n        pass\n" + TOKEN_TEXT.encode(), "syntax error"),
    "unterminated.py": (TOKEN_TEXT.encode() + b'x = """never closed\n', "syntax error"),
    # names with spaces and non-ASCII characters
    "name with spaces \u00e9.py": (FINDING.encode(), None),
    "\u00fcn\u00efc\u00f8d\u00e9/m\u00f3dulo.py": (FINDING.encode(), None),
    "r\u00e9pertoire/cass\u00e9 \u00e9.py": (BROKEN.encode(), "syntax error"),
    # a directory named like a module is walked (documented), its files are checked
    "dir.py/inner.py": (FINDING.encode(), None),
    # nested 100 levels: parsed and analysed
    "nested_100.py": (("x = " + "(" * 100 + 'tokens["id_token"]' + ")" * 100 + "\n" + TOKEN_TEXT).encode(), None),
}
ANALYSED_WITH_FINDING = {
    "finding.py": FINDING_AT,
    "latin1_declared.py": (FINDING_AT[0] + 2, FINDING_AT[1]),
    "bom.py": FINDING_AT,
    "crlf.py": FINDING_AT,
    "cr_only.py": FINDING_AT,
    "mixed_endings.py": FINDING_AT,
    "name with spaces \u00e9.py": FINDING_AT,
    "\u00fcn\u00efc\u00f8d\u00e9/m\u00f3dulo.py": FINDING_AT,
    "dir.py/inner.py": FINDING_AT,
}


def build_battery(root: Path) -> tuple[list[str], dict[str, str]]:
    """The hostile tree; returns (arguments naming paths, {path: expected reason fragment})."""
    expected: dict[str, str] = {}
    for name, (data, reason) in HOSTILE_FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if reason is not None:
            expected[name] = reason
    arguments = [".", "missing.py", "missing_dir/"]
    expected["missing.py"] = "no such file"
    expected["missing_dir"] = "no such file"
    if hasattr(os, "symlink"):
        (root / "loop_a.py").symlink_to("loop_b.py")
        (root / "loop_b.py").symlink_to("loop_a.py")
        (root / "broken.py").symlink_to("gone.py")
        (root / "dir_loop").symlink_to(".", target_is_directory=True)  # never descended
        expected.update(
            {"loop_a.py": "symbolic link loop", "loop_b.py": "symbolic link loop", "broken.py": "broken symbolic link"}
        )
    if hasattr(os, "mkfifo"):
        (root / "pipes").mkdir()
        os.mkfifo(root / "pipes" / "walked.py")  # met by the walk: an error, without blocking
        os.mkfifo(root / "pipes" / "named.py")
        arguments.append("pipes/named.py")
        expected["pipes/named.py"] = "not a regular file"
        expected["pipes/walked.py"] = "not a regular file"
    if DROP_DAC is not None:
        unreadable = root / "unreadable.py"
        unreadable.write_text(FINDING, encoding="utf-8")
        unreadable.chmod(0)
        expected["unreadable.py"] = "permission denied"
    return arguments, expected


@pytest.fixture(scope="module")
def battery(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The battery checked in every format (cold cache), then in JSON again (warm cache)."""
    root = tmp_path_factory.mktemp("hostile")
    arguments, expected = build_battery(root)
    prefix = DROP_DAC or []
    jobs = {fmt: ("check", "--format", fmt, *arguments) for fmt in ("json", "text", "sarif", "gitlab", "github")}
    jobs["json-no-cache"] = ("check", "--no-cache", "--format", "json", *arguments)
    jobs["json-debug"] = ("check", "--no-cache", "--debug", "--format", "json", *arguments)
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        futures = {key: pool.submit(run, root, *args, timeout=180, prefix=prefix) for key, args in jobs.items()}
        results = {key: future.result() for key, future in futures.items()}
    results["json-warm"] = run(root, "check", "--format", "json", *arguments, timeout=180, prefix=prefix)
    return {"root": root, "expected": expected, "results": results}


def test_every_bad_file_is_one_error_and_the_others_are_still_checked(battery: dict) -> None:
    proc = battery["results"]["json"]
    doc = document(proc)
    errors = errors_by_path(doc)
    expected: dict[str, str] = battery["expected"]
    assert sorted(errors) == sorted(expected), doc["errors"]
    for path, fragment in expected.items():
        assert fragment in errors[path], (path, errors[path])
    assert findings_at(doc) == {(path, *at) for path, at in ANALYSED_WITH_FINDING.items()}
    assert proc.returncode == 2


def test_debug_shows_no_traceback_for_bad_files(battery: dict) -> None:
    # --debug shows tracebacks of internal errors only; a bad file is not one
    proc = battery["results"]["json-debug"]
    doc = document(proc)
    assert sorted(errors_by_path(doc)) == sorted(battery["expected"])
    assert proc.returncode == 2


@pytest.mark.parametrize("key", ["json-no-cache", "json-warm"])
def test_without_cache_and_warm_the_report_is_the_same(battery: dict, key: str) -> None:
    cold = document(battery["results"]["json"])
    other = document(battery["results"][key])
    assert other == cold
    assert battery["results"][key].returncode == 2


def test_text_format_gives_one_line_per_bad_file(battery: dict) -> None:
    proc = battery["results"]["text"]
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stdout.splitlines()
    for path, fragment in battery["expected"].items():
        matching = [line for line in lines if line.startswith(f"{path}: error: ")]
        assert len(matching) == 1, (path, lines)
        assert fragment in matching[0]
    for path in ANALYSED_WITH_FINDING:
        assert any(line.startswith(f"{path}:") and "SL101" in line for line in lines), path


def test_sarif_stays_valid_with_one_notification_per_bad_file(battery: dict) -> None:
    proc = battery["results"]["sarif"]
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    (run_,) = json.loads(proc.stdout)["runs"]
    notifications = [n for i in run_["invocations"] for n in i.get("toolExecutionNotifications", [])]
    texts = [n["message"]["text"] for n in notifications]
    assert len(texts) == len(battery["expected"]) and all("\n" not in t for t in texts), texts
    for path in battery["expected"]:
        assert sum(1 for t in texts if t.startswith(f"{path}: ")) == 1, (path, texts)
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"] for r in run_["results"] for loc in r["locations"]}
    assert uris == {quote(path) for path in ANALYSED_WITH_FINDING}


def test_gitlab_stays_valid_json(battery: dict) -> None:
    proc = battery["results"]["gitlab"]
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    issues = json.loads(proc.stdout)
    assert isinstance(issues, list)
    assert set(ANALYSED_WITH_FINDING) <= {issue["location"]["path"] for issue in issues}


def test_github_format_is_one_workflow_command_per_line(battery: dict) -> None:
    proc = battery["results"]["github"]
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines and all(line.startswith("::") for line in lines), lines
    for path in battery["expected"]:  # no ":" or "," in these names: nothing to escape
        assert sum(1 for line in lines if line.startswith(f"::error file={path}::")) == 1, (path, lines)


# --------------------------------------------------------------------------- parallel runs


@pytest.fixture(scope="module")
def parallel(tmp_path_factory: pytest.TempPathFactory, battery: dict) -> tuple[subprocess.CompletedProcess[str], dict]:
    """The battery plus enough clean files for the process pool, checked with --jobs 2."""
    root = tmp_path_factory.mktemp("hostile-parallel")
    arguments, expected = build_battery(root)
    for index in range(80):
        (root / "clean" / f"m{index:02d}.py").parent.mkdir(exist_ok=True)
        (root / "clean" / f"m{index:02d}.py").write_text(FINDING.replace("id_token", "access_token"), encoding="utf-8")
    proc = run(
        root, "check", "--no-cache", "--jobs", "2", "--format", "json", *arguments, timeout=180, prefix=DROP_DAC or []
    )
    return proc, expected


def test_process_pool_reports_bad_files_like_a_serial_run(parallel) -> None:
    proc, expected = parallel
    doc = document(proc)
    errors = errors_by_path(doc)
    assert sorted(errors) == sorted(expected)
    for path, fragment in expected.items():
        assert fragment in errors[path], (path, errors[path])
    assert findings_at(doc) == {(path, *at) for path, at in ANALYSED_WITH_FINDING.items()}
    assert proc.returncode == 2


# --------------------------------------------------------------------------- single cases


@pytest.mark.skipif(DROP_DAC is None, reason="running as root without setpriv: cannot make a file unreadable")
def test_unreadable_file_found_while_walking(tmp_path: Path) -> None:
    (tmp_path / "finding.py").write_text(FINDING, encoding="utf-8")
    locked = tmp_path / "locked.py"
    locked.write_text(FINDING, encoding="utf-8")
    locked.chmod(0)
    proc = run(tmp_path, "check", "--format", "json", ".", prefix=DROP_DAC)
    doc = document(proc)
    assert errors_by_path(doc) == {"locked.py": "permission denied"}
    assert findings_at(doc) == {("finding.py", *FINDING_AT)}
    assert proc.returncode == 2


@pytest.mark.skipif(DROP_DAC is None, reason="running as root without setpriv: cannot make a file unreadable")
def test_unreadable_file_named_on_the_command_line(tmp_path: Path) -> None:
    # click.Path() checks readability by default: that was a usage error ending the whole run
    (tmp_path / "finding.py").write_text(FINDING, encoding="utf-8")
    locked = tmp_path / "locked.py"
    locked.write_text(FINDING, encoding="utf-8")
    locked.chmod(0)
    proc = run(tmp_path, "check", "--format", "json", "finding.py", "locked.py", prefix=DROP_DAC)
    doc = document(proc)
    assert errors_by_path(doc) == {"locked.py": "permission denied"}
    assert findings_at(doc) == {("finding.py", *FINDING_AT)}
    assert proc.returncode == 2


@needs_symlinks
def test_symlinked_directory_loop_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "finding.py").write_text(FINDING, encoding="utf-8")
    (tmp_path / "pkg" / "again").symlink_to("..", target_is_directory=True)
    (tmp_path / "pkg" / "self").symlink_to(".", target_is_directory=True)
    proc = run(tmp_path, "check", "--format", "json", ".", timeout=60)
    doc = document(proc)
    assert doc["errors"] == []
    assert findings_at(doc) == {("pkg/finding.py", *FINDING_AT)}
    assert proc.returncode == 1


def test_file_name_with_a_newline_cannot_forge_lines(tmp_path: Path) -> None:
    """A path is data: in JSON it is escaped, in GitHub workflow commands %0A-encoded, so a
    crafted file name cannot start a workflow command of its own."""
    if sys.platform == "win32":
        pytest.skip("no newlines in Windows file names")
    evil = "x.py\n::error file=forged.py::forged\n.py"
    (tmp_path / evil).write_text(BROKEN, encoding="utf-8")
    (tmp_path / "finding.py").write_text(FINDING, encoding="utf-8")
    as_json = run(tmp_path, "check", "--format", "json", ".")
    doc = document(as_json)
    assert list(errors_by_path(doc)) == [evil]
    assert findings_at(doc) == {("finding.py", *FINDING_AT)}
    github = run(tmp_path, "check", "--format", "github", ".")
    assert github.returncode == 2 and "Traceback" not in github.stderr
    lines = github.stdout.splitlines()
    assert len(lines) == 2 and all(
        line.startswith(("::error file=finding.py,", "::error file=x.py%0A")) for line in lines
    ), lines


# --------------------------------------------------------------------------- big and deep files

TWENTY_MB = 20 * 1024 * 1024


def _dense_code(size: int) -> str:
    """Generated code with the packs' texts on every line, `size` characters or more."""
    line = 'value_{i} = {{"key": "id_token", "url": "/api/v2/users/{i}", "n": {i}}}\n'
    parts: list[str] = []
    total = 0
    index = 0
    while total < size:
        part = line.format(i=index)
        parts.append(part)
        total += len(part)
        index += 1
    return "".join(parts)


BIG_FILES = {
    # dense code that passes the prefilter on every line
    "dense": lambda: _dense_code(TWENTY_MB),
    # one line: a 20 MB string literal (an embedded blob) next to token text
    "blob": lambda: TOKEN_TEXT + 'BLOB = "' + "QUJD" * (TWENTY_MB // 4) + '"\n',
    # 20 MB without the packs' texts: read, prefiltered, never parsed
    "unrelated": lambda: "# nothing to see\nx = 1\n" * (TWENTY_MB // 22 + 1),
}


def _prepare_big(base: Path) -> dict[str, tuple[Path, tuple[str, ...], float]]:
    """Each 20 MB file checked beside a real finding, with a generous timeout."""
    jobs = {}
    for name, make in BIG_FILES.items():
        root = base / f"big-{name}"
        root.mkdir()
        (root / "big.py").write_text(make(), encoding="utf-8")
        (root / "finding.py").write_text(FINDING, encoding="utf-8")
        jobs[f"big/{name}"] = (root, ("check", "--no-cache", "--format", "json", "big.py", "finding.py"), 600)
    return jobs


@pytest.mark.parametrize("name", list(BIG_FILES))
def test_twenty_megabyte_file_is_analysed_or_refused_with_a_reason(slow_runs: dict, name: str) -> None:
    proc = slow_runs[f"big/{name}"]
    assert not isinstance(proc, subprocess.TimeoutExpired), timed_out(proc)
    doc = document(proc)
    errors = errors_by_path(doc)
    assert set(errors) <= {"big.py"}
    assert findings_at(doc) == {("finding.py", *FINDING_AT)}
    assert proc.returncode == (2 if errors else 1)
    if name == "unrelated":
        assert errors == {}  # never parsed, so nothing can go wrong


DEEP = {
    # name: source; each mentions the packs' texts, so it reaches the parser
    "parens_1000": "x = " + "(" * 1000 + 'tokens["id_token"]' + ")" * 1000 + "\n" + TOKEN_TEXT,
    "chain_1000": "x = " + " + ".join(['tokens["id_token"]'] * 1000) + "\n" + TOKEN_TEXT,
    "parens_10000": "x = " + "(" * 10000 + 'tokens["id_token"]' + ")" * 10000 + "\n" + TOKEN_TEXT,
    "brackets_10000": "x = " + "[" * 10000 + 'tokens["id_token"]' + "]" * 10000 + "\n" + TOKEN_TEXT,
    "chain_10000": "x = " + " + ".join(['tokens["id_token"]'] * 10000) + "\n" + TOKEN_TEXT,
}
DEEP_TIMEOUT = 30  # seconds: generous; CPython's own parser answers each of these in < 0.1 s


def _linked_list_pushes(count: int) -> str:
    """A class that appends to a linked list (`self.last[1] = [x, None]; self.last = self.last[1]`)
    in `count` methods, as xml/dom/pulldom.py does: small, valid, common code."""
    methods = "".join(
        f"\n    def push{i}(self, x):\n        self.last[1] = [(x, {i}), None]\n        self.last = self.last[1]\n"
        for i in range(count)
    )
    return (
        TOKEN_TEXT + "\n\nclass Events:\n    def __init__(self):\n"
        "        self.first = [None, None]\n        self.last = self.first\n" + methods
    )


DEEP["linked_list_8"] = _linked_list_pushes(8)


def _prepare_deep(base: Path) -> dict[str, tuple[Path, tuple[str, ...], float]]:
    jobs = {}
    for name, text in DEEP.items():
        root = base / f"deep-{name}"
        root.mkdir()
        (root / "deep.py").write_text(text, encoding="utf-8")
        (root / "finding.py").write_text(FINDING, encoding="utf-8")
        jobs[f"deep/{name}"] = (root, ("check", "--no-cache", "--format", "json", "."), DEEP_TIMEOUT)
    return jobs


def _assert_deep_handled(proc) -> None:
    assert not isinstance(proc, subprocess.TimeoutExpired), timed_out(proc)
    assert proc.returncode in (1, 2), (
        f"exit status {proc.returncode} (a negative one is a signal), stderr={proc.stderr[-500:]!r}"
    )
    assert "RecursionError" not in proc.stderr + proc.stdout
    doc = document(proc)
    errors = errors_by_path(doc)
    assert set(errors) <= {"deep.py"}
    assert findings_at(doc) == {("finding.py", *FINDING_AT)}


@pytest.mark.parametrize("name", ["parens_1000", "chain_1000"])
def test_deep_expression_is_analysed_or_refused_in_one_line(slow_runs: dict, name: str) -> None:
    _assert_deep_handled(slow_runs[f"deep/{name}"])


@pytest.mark.parametrize("name", ["parens_10000", "brackets_10000"])
def test_ten_thousand_nested_brackets(slow_runs: dict, name: str) -> None:
    # LibCST's native parser overflows its stack between 1,000 and 2,000 levels (SIGSEGV)
    _assert_deep_handled(slow_runs[f"deep/{name}"])


def test_ten_thousand_term_chain(slow_runs: dict) -> None:
    # LibCST parses long chains super-quadratically (1,000 terms 2 s, 2,000 terms 14 s)
    _assert_deep_handled(slow_runs["deep/chain_10000"])


def test_self_referential_attribute_updates_finish(slow_runs: dict) -> None:
    # once exponential in the number of such methods: 4 took 0.4 s, 6 took 19 s, 8 never ended
    _assert_deep_handled(slow_runs["deep/linked_list_8"])


# --------------------------------------------------------------------------- error positions


def test_syntax_error_names_the_line_of_the_error(tmp_path: Path) -> None:
    # LibCST's ParserSyntaxError.raw_line is where its parser gave up, or 1 for tokenizer errors
    cases = {
        "py2.py": ('print "hello"\nx = tokens["id_token"]\nurl = "/api/v2/users/"\n', 1),
        "unterminated.py": (TOKEN_TEXT + "y = 1\nx = 'never closed\n", 3),
        "tabs.py": (TOKEN_TEXT + "def f():\n\tif x:\n\t\tpass\n        pass\n", 5),
    }
    for name, (text, _) in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    doc = document(run(tmp_path, "check", "--no-cache", "--format", "json", "."))
    errors = errors_by_path(doc)
    for name, (_, line) in cases.items():
        assert f"line {line}," in errors[name], (name, errors[name])


def test_valid_python_is_never_called_a_syntax_error(tmp_path: Path) -> None:
    # CPython accepts a parenthesised annotated target, LibCST does not: LibCST's limit, not the user's error
    text = TOKEN_TEXT + "def f():\n    (name): int = 1\n    return name\n"
    compile(text, "valid.py", "exec")  # CPython accepts it
    (tmp_path / "valid.py").write_text(text, encoding="utf-8")
    (tmp_path / "finding.py").write_text(FINDING, encoding="utf-8")
    doc = document(run(tmp_path, "check", "--no-cache", "--format", "json", "."))
    errors = errors_by_path(doc)
    assert findings_at(doc) == {("finding.py", *FINDING_AT)}
    assert not errors.get("valid.py", "").startswith("syntax error"), errors["valid.py"]


# --------------------------------------------------------------------------- configuration and packs

FIFO_TIMEOUT = 20  # seconds; a run of one small file answers in about one


FIFO_CASES = {
    # name: (config file name, its text, arguments)
    "rule-pack": (".scopelint.yaml", "rule-packs: [pipe.yaml]\n", ()),
    "--config": (None, None, ("--config", "pipe.yaml")),
    "--baseline": (None, None, ("--baseline", "pipe.yaml")),
}


def _prepare_fifos(base: Path) -> dict[str, tuple[Path, tuple[str, ...], float]]:
    jobs: dict[str, tuple[Path, tuple[str, ...], float]] = {}
    if not hasattr(os, "mkfifo"):
        return jobs
    for name, (config_name, config_text, arguments) in FIFO_CASES.items():
        root = base / ("fifo-" + name.strip("-"))
        root.mkdir()
        os.mkfifo(root / "pipe.yaml")
        (root / "finding.py").write_text(FINDING, encoding="utf-8")
        if config_name:
            (root / config_name).write_text(config_text, encoding="utf-8")
        jobs[f"fifo/{name}"] = (root, ("check", *arguments, "finding.py"), FIFO_TIMEOUT)
    return jobs


@pytest.fixture(scope="module")
def slow_runs(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The runs that may take long or never answer, side by side: 20 MB files, deep
    expressions, FIFOs as configuration. {key: CompletedProcess or TimeoutExpired}"""
    base = tmp_path_factory.mktemp("slow")
    jobs = {**_prepare_big(base), **_prepare_deep(base), **_prepare_fifos(base)}

    def check(key: str):
        root, arguments, timeout = jobs[key]
        try:
            return key, run(root, *arguments, timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            return key, exc

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        results = dict(pool.map(check, jobs))
    for big in base.glob("big-*/big.py"):
        big.unlink()  # 60 MB that pytest would keep in its last three temporary folders
    return results


@needs_fifo
@pytest.mark.parametrize("case", list(FIFO_CASES))
def test_fifo_as_configuration_pack_or_baseline_is_a_one_line_error(slow_runs: dict, case: str) -> None:
    # opening a FIFO for reading blocks until a writer comes: forever
    proc = slow_runs[f"fifo/{case}"]
    assert not isinstance(proc, subprocess.TimeoutExpired), timed_out(proc)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "pipe.yaml" in lines[0] and "Traceback" not in proc.stderr, proc.stderr


def _alias_bomb(levels: int = 9) -> str:
    """A YAML flow list of nine lists of nine ... of "lol": 9**9 strings once expanded."""
    items = ['&a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        items.append(f"&a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "[" + ", ".join(items) + "]"


CONFIG_CASES = {
    # name: (files, arguments, fragments of the one-line error); tests/test_cli.py and
    # tests/test_config.py cover wrong types, unknown keys, malformed YAML and python tags
    "config-undecodable": ({".scopelint.yaml": b"select: [SL101]\n\xff\xfe\n"}, (), [".scopelint.yaml"]),
    "config-nul": ({".scopelint.yaml": b"select: [SL101]\n\0\n"}, (), [".scopelint.yaml"]),
    "config-is-a-directory": ({"conf.yaml/x": b""}, ("--config", "conf.yaml"), ["conf.yaml"]),
    "config-binary-toml": (
        {"pyproject.toml": b"\x89PNG\r\n\x1a\n\x00[tool.scopelint]\n"},
        ("--config", "pyproject.toml"),
        ["pyproject.toml"],
    ),
    "config-alias-bomb": ({".scopelint.yaml": f"exclude: {_alias_bomb()}\n".encode()}, (), [".scopelint.yaml"]),
    "pack-alias-bomb": (
        {
            ".scopelint.yaml": b"rule-packs: [bomb.yaml]\n",
            "bomb.yaml": f"pack: bomb\nversion: 1\nhttp:\n  functions: {_alias_bomb()}\n".encode(),
        },
        (),
        ["bomb.yaml"],
    ),
    "pack-missing": ({".scopelint.yaml": b"rule-packs: [nowhere.yaml]\n"}, (), ["nowhere.yaml"]),
    "pack-is-a-directory": (
        {".scopelint.yaml": b"rule-packs: [packdir]\n", "packdir/x.yaml": b"pack: x\n"},
        (),
        ["packdir"],
    ),
    "pack-binary": ({".scopelint.yaml": b"rule-packs: [p.yaml]\n", "p.yaml": b"\x00\x01\x02\xff"}, (), ["p.yaml"]),
}


@pytest.fixture(scope="module")
def config_runs(tmp_path_factory: pytest.TempPathFactory) -> dict:
    roots = {}
    for name, (files, _, _) in CONFIG_CASES.items():
        root = tmp_path_factory.mktemp(name)
        for relative, data in files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        (root / "finding.py").write_text(FINDING, encoding="utf-8")
        roots[name] = root

    def check(name: str):
        return name, run(roots[name], "check", *CONFIG_CASES[name][1], "--format", "json", "finding.py", timeout=60)

    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(pool.map(check, CONFIG_CASES))


@pytest.mark.parametrize("case", list(CONFIG_CASES))
def test_bad_configuration_or_pack_is_one_line_exit_2(config_runs: dict, case: str) -> None:
    proc = config_runs[case]
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("scopelint: error: "), proc.stderr
    for fragment in CONFIG_CASES[case][2]:
        assert fragment in lines[0], lines[0]
    assert proc.stdout == ""  # no half report: the run did not start


# --------------------------------------------------------------------------- internal errors


def _run_with_broken_engine(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The CLI with an analysis that raises (an internal error, as a bug would)."""
    program = (
        "import sys\n"
        "import scopelint.engine as engine\n"
        "def boom(*a, **k):\n"
        "    raise KeyError('simulated internal error')\n"
        "engine.frontend_for = boom\n"
        "from scopelint.cli import main\n"
        "sys.argv = ['scopelint', *sys.argv[1:]]\n"
        "main()\n"
    )
    env = {**os.environ, "PYTHONPATH": pythonpath(), "NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-c", program, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def test_internal_error_is_one_line_and_debug_shows_the_traceback(tmp_path: Path) -> None:
    (tmp_path / "finding.py").write_text(FINDING, encoding="utf-8")
    quiet = _run_with_broken_engine(tmp_path, "check", "--no-cache", "--format", "json", "finding.py")
    assert quiet.returncode == 2
    assert "Traceback" not in quiet.stderr
    lines = quiet.stderr.strip().splitlines()
    assert len(lines) == 1 and "internal error" in lines[0] and "--debug" in lines[0], quiet.stderr
    loud = _run_with_broken_engine(tmp_path, "check", "--no-cache", "--debug", "--format", "json", "finding.py")
    assert loud.returncode != 0
    assert "Traceback" in loud.stderr and "simulated internal error" in loud.stderr


# --------------------------------------------------------------------------- analysis budget


def test_a_module_past_the_analysis_budget_is_reported_as_analysed_in_part(monkeypatch) -> None:
    from scopelint.config import Config
    from scopelint.engine import Engine
    from scopelint.flow import interpreter

    engine = Engine(Config(root=Path(".")))
    assert engine.check_text(FINDING, "app.py").errors == []
    monkeypatch.setattr(interpreter, "STEPS_PER_FILE", 3)
    monkeypatch.setattr(interpreter, "STEPS_PER_NODE", 0)
    result = engine.check_text(FINDING, "app.py")
    assert [e.path for e in result.errors] == ["app.py"]
    assert "analysed only in part" in result.errors[0].message and "findings may be missing" in result.errors[0].message


def test_a_script_past_the_analysis_budget_is_reported_as_analysed_in_part(monkeypatch) -> None:
    from scopelint.config import Config
    from scopelint.engine import Engine
    from scopelint.flow import interpreter

    script = (
        "webAuth.parseHash((err, r) => {\n"
        "  fetch(`https://acme.auth0.com/api/v2/users/${r.idTokenPayload.sub}`,\n"
        "    {headers: {Authorization: `Bearer ${r.idToken}`}});\n"
        "});\n"
    )
    engine = Engine(Config(root=Path(".")))
    clean = engine.check_text(script, "app.js")
    assert clean.errors == [] and [f.code for f in clean.findings] == ["SL101"]
    monkeypatch.setattr(interpreter, "STEPS_PER_FILE", 3)
    monkeypatch.setattr(interpreter, "STEPS_PER_NODE", 0)
    result = engine.check_text(script, "app.js")
    assert [e.path for e in result.errors] == ["app.js"]
    assert "analysed only in part" in result.errors[0].message
