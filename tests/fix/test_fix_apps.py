"""`fix` over realistic apps, as a company would run it unattended (issue 17).

Every twin of tests/fixtures/apps/{python,javascript}/*/ and tests/fixtures/fixapps/*/ is copied
to a temporary folder and fixed, once with safe fixes only and once with unsafe ones too. Then:
(a) a correct twin is byte-identical; (b) every changed file still parses; (c) no added line
brings an identifier that neither its file, the rule packs nor OpenID Connect's standard scopes
spell; (d) re-analysis finds nothing that was not there before without a fix this run could
apply; (e) a second run changes nothing; (f) a fixapp's files equal the expected
`*.fixed.*` (safe run) / `*.unsafe-fixed.*` (unsafe run) files, an absent one meaning
unchanged (tests/fixtures/fixapps/README.md).
"""

from __future__ import annotations

import difflib
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from scopelint.engine import Engine
from scopelint.fix import MAX_PASSES, Fixer, verify
from scopelint.model import Applicability, Finding

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
FIXAPPS = FIXTURES / "fixapps"
PACKS = sorted((REPO / "rules").glob("**/*.yaml"))
OIDC_SCOPES = frozenset({"openid", "profile", "email", "address", "phone", "offline_access"})
# An identifier, unless it is a string prefix (f"...", r'...') or a tagged template (html`...`).
IDENTIFIER = re.compile(r"""[A-Za-z_][A-Za-z0-9_]*(?![A-Za-z0-9_'"`])""")
EXPECTED = re.compile(r"\.(?:unsafe-)?fixed\.[^/]+$")


def _twins() -> list[tuple[str, Path]]:
    twins: list[tuple[str, Path]] = []
    for app in sorted(FIXTURES.glob("apps/*/*/")) + sorted(FIXAPPS.glob("*/")):
        for twin in ("vulnerable", "correct"):
            if (app / twin).is_dir():
                twins.append((f"{app.relative_to(FIXTURES).as_posix()}/{twin}", app / twin))
    return twins


TWINS = _twins()
PARAMS = [
    pytest.param(twin, unsafe, id=f"{name}-{'unsafe' if unsafe else 'safe'}")
    for name, twin in TWINS
    for unsafe in (False, True)
]


def _project_files(twin: Path) -> list[Path]:
    """The app's files: everything in the twin except the expected results."""
    return sorted(p for p in twin.rglob("*") if p.is_file() and not EXPECTED.search(p.name))


def _expected_file(twin: Path, relative: Path, unsafe: bool) -> Path:
    marker = "unsafe-fixed" if unsafe else "fixed"
    name = relative.name
    stem, dot, suffix = name.rpartition(".")
    return twin / relative.parent / (f"{stem}.{marker}.{suffix}" if dot else f"{name}.{marker}")


def _words(text: str) -> set[str]:
    return set(IDENTIFIER.findall(text))


def _allowed_words() -> set[str]:
    words = set(OIDC_SCOPES)
    for pack in PACKS:
        words |= _words(pack.read_text(encoding="utf-8"))
    return words


ALLOWED = _allowed_words()


def _foreign_words(before: str, after: str) -> set[str]:
    added = [
        line[1:]
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line.startswith("+") and not line.startswith("+++")
    ]
    # every word of the file counts as known, wherever it stands (`read:devices"` too)
    known = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", before))
    return {word for line in added for word in _words(line)} - known - ALLOWED


def _key(finding: Finding) -> tuple[str, str]:
    return (finding.path, finding.code)


@pytest.mark.parametrize("twin, unsafe", PARAMS)
def test_fix_app(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, twin: Path, unsafe: bool) -> None:
    root = tmp_path / "app"
    originals: dict[Path, bytes] = {}
    for source in _project_files(twin):
        relative = source.relative_to(twin)
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, root / relative)
        originals[relative] = source.read_bytes()
    monkeypatch.chdir(root)
    before = engine.check_paths([root], root).findings

    fixer = Fixer(engine, unsafe=unsafe)
    outcome = fixer.fix([root], root)
    assert outcome.passes < MAX_PASSES, "fixes did not converge"
    fixer.write(outcome, root)
    assert outcome.skipped == []
    after = {relative: (root / relative).read_bytes() for relative in originals}
    changed = {relative for relative in originals if after[relative] != originals[relative]}
    problems: list[str] = []

    # (a) a correct twin is left alone
    if twin.name == "correct" and changed:
        problems.append(f"(a) correct twin changed: {sorted(map(str, changed))}\n{outcome.diff()}")
    for relative in sorted(changed):
        old, new = originals[relative].decode("utf-8"), after[relative].decode("utf-8")
        # (b) still parses
        problem = verify(new, relative.as_posix())
        if problem is not None:
            problems.append(f"(b) {relative} does not parse: {problem}")
        # (c) nothing foreign to the file, the packs and the protocol
        foreign = _foreign_words(old, new)
        if foreign:
            problems.append(f"(c) {relative}: introduced {sorted(foreign)}")

    # (d) what is left had no fix this run could apply; nothing new
    applicable = (Applicability.SAFE, Applicability.UNSAFE) if unsafe else (Applicability.SAFE,)
    unfixable = Counter(_key(f) for f in before if f.fix is None or f.fix.applicability not in applicable)
    remaining = engine.check_paths([root], root).findings
    introduced = Counter(_key(f) for f in remaining) - unfixable
    if introduced:
        left = [f"{f.path}:{f.span.line}: {f.code} {f.message[:90]}" for f in remaining if _key(f) in introduced]
        problems.append(f"(d) findings left or new: {dict(introduced)} {left}")

    # (e) idempotent
    again = Fixer(engine, unsafe=unsafe).fix([root], root)
    if again.changed:
        problems.append(f"(e) a second run changes {sorted(again.changed)}\n{again.diff()}")

    # (f) a fixapp ends up as written by hand
    if FIXAPPS in twin.parents:
        for relative, data in sorted(after.items()):
            expected_path = _expected_file(twin, relative, unsafe)
            expected = expected_path.read_bytes() if expected_path.exists() else originals[relative]
            if data != expected:
                diff = difflib.unified_diff(
                    expected.decode("utf-8").splitlines(),
                    data.decode("utf-8").splitlines(),
                    f"expected/{relative}",
                    f"actual/{relative}",
                    lineterm="",
                    n=1,
                )
                ending = " (line endings differ)" if expected.replace(b"\r", b"") == data.replace(b"\r", b"") else ""
                problems.append(f"(f) {relative} differs from {expected_path.name}{ending}:\n" + "\n".join(diff))

    assert not problems, "\n".join(problems)


def test_every_expected_file_belongs_to_a_project_file() -> None:
    """A misnamed `*.fixed.*` file would silently expect nothing."""
    for app in sorted(FIXAPPS.glob("*/")):
        for twin in (app / "vulnerable", app / "correct"):
            sources = {p.relative_to(twin) for p in _project_files(twin)} if twin.is_dir() else set()
            for expected in (p for p in twin.rglob("*") if EXPECTED.search(p.name)):
                assert any(
                    _expected_file(twin, source, unsafe) == expected for source in sources for unsafe in (False, True)
                ), f"{expected}: no project file it is the fixed form of"
        assert (app / "vulnerable").is_dir() and (app / "README.md").is_file(), app
