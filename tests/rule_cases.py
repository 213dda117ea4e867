"""The rules' VALID and INVALID cases, read from tests/fixtures/rules/ (see tests/fixtures/README.md).

One directory per case: tests/fixtures/rules/<code>/<valid|invalid>/<NNN-slug>/ holds the
case's project files at their relative paths, `snapshot.txt` (every finding the engine
reports on them), and for a fixable case `<main>.fixed.<ext>` (the main file after
`scopelint fix --unsafe-fixes`). The main file is the one file carrying annotations:

    # ruleid: SL101            a finding of SL101 starts on the next line that is not an annotation
    # ruleid: SL101, SL104     several codes; annotations may also stack on consecutive lines
    # ruleid: SL104 (+3)       ... starts 3 lines below that line (where no comment can stand above it)
    # ok: SL101                (line 1) no finding of SL101 anywhere in the file

written `# ...` in Python, `// ...` (or `{/* ... */}` among JSX children) in JavaScript and
TypeScript, `// ...` inside a template's <script> and `<!-- ... -->` or `{# ... #}` outside it.

Plain Python, without pytest: the tests and benchmarks/bench.py import it (the latter with
the tests folder put on sys.path).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

__all__ = [
    "CASES_ROOT",
    "Case",
    "CaseError",
    "SnapshotUpdated",
    "annotations_of",
    "load_cases",
    "snapshot_text",
]

CASES_ROOT = Path(__file__).resolve().parent / "fixtures" / "rules"
SNAPSHOT = "snapshot.txt"
KINDS = ("invalid", "valid")

_PYTHON = (".py", ".pyi")
_SCRIPT = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx")
_TEMPLATE = (".html", ".htm", ".jinja", ".jinja2", ".j2", ".djhtml")

# The comment forms an annotation may take, by kind of file: (opener, closer).
_FORMS = {
    "python": (("#", ""),),
    "script": (("//", ""), ("{/*", "*/}")),
    "template": (("//", ""), ("<!--", "-->"), ("{#", "#}")),
}
_BODY = re.compile(
    r"(?P<kind>ruleid|ok):[ \t]*(?P<codes>[A-Z]+[0-9]+(?:[ \t]*,[ \t]*[A-Z]+[0-9]+)*)"
    r"(?:[ \t]+\(\+(?P<offset>[1-9][0-9]*)\))?"
)
# Anything that looks like an annotation (any comment opener, any case, a near-miss
# spelling) must parse as one: a typo fails loudly instead of silently testing nothing.
_LOOKS_LIKE = re.compile(r"^[ \t]*(?:#|//|/\*|\{/\*|<!--|\{#)[ \t]*(?:todo)?(?:rule[-_ ]?id|ok)\b", re.IGNORECASE)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SHEBANG_OR_CODING = re.compile(r"^(?:#!|[ \t\f]*#.*?coding[:=])")


class CaseError(Exception):
    """A case directory or an annotation that does not follow the conventions."""


class SnapshotUpdated(UserWarning):
    """A snapshot rewritten under SCOPELINT_UPDATE_SNAPSHOTS=1: review its diff. (Defined here,
    not in the test module: pytest-xdist's controller imports a warning's class by name.)"""


@dataclass(frozen=True)
class Annotation:
    kind: str  # "ruleid" or "ok"
    codes: tuple[str, ...]
    line: int  # the annotation's own line (1-based)
    target: int  # for ruleid: the line where the findings start; for ok: 0


@dataclass(frozen=True)
class Case:
    rule: str  # "SL101"
    kind: str  # "valid" or "invalid"
    name: str  # "001-authlib-authorize-access-token"
    main_path: str  # "example.py", relative to the case directory, "/"-separated
    files: dict[str, str]  # the project: main file first, then the others by path
    fixed: str | None  # the main file after `fix --unsafe-fixes`, when the case has one
    expected: list[tuple[str, int]]  # (code, line) of every ruleid annotation of the main file
    ok: list[str]  # the codes of the main file's ok annotations
    snapshot_path: Path
    directory: Path = field(compare=False)

    @property
    def id(self) -> str:
        return f"{self.rule}-{self.kind}-{self.name}"

    @property
    def fixed_path(self) -> str:
        return fixed_name(self.main_path)


def fixed_name(path: str) -> str:
    """`static/app.js` -> `static/app.fixed.js`."""
    stem, suffix = os.path.splitext(path)
    return f"{stem}.fixed{suffix}"


def file_kind(path: str) -> str:
    suffix = os.path.splitext(path)[1].lower()
    if suffix in _SCRIPT:
        return "script"
    if suffix in _TEMPLATE:
        return "template"
    return "python"


def _is_fixed_file(path: str) -> bool:
    return ".fixed." in os.path.basename(path)


def _parse_line(line: str, kind: str) -> tuple[str, tuple[str, ...], int] | None:
    """(kind, codes, offset) when `line` is an annotation of a file of `kind`; None when it is
    no annotation; CaseError when it looks like one but is malformed."""
    if not _LOOKS_LIKE.match(line):
        return None
    stripped = line.strip()
    for opener, closer in _FORMS[kind]:
        if stripped.startswith(opener) and stripped.endswith(closer):
            inner = stripped[len(opener) : len(stripped) - len(closer)].strip()
            match = _BODY.fullmatch(inner)
            if match:
                offset = int(match["offset"]) if match["offset"] else 0
                if match["kind"] == "ok" and offset:
                    break
                codes = tuple(code.strip() for code in match["codes"].split(","))
                return match["kind"], codes, offset
    forms = ", ".join(f"{o} ruleid: CODE {c}".strip() for o, c in _FORMS[kind])
    raise CaseError(f"malformed annotation {stripped!r} (a {kind} file takes: {forms}; ok: only on line 1)")


def annotations_of(text: str, path: str) -> list[Annotation]:
    """The annotations of one file; CaseError for a malformed or misplaced one."""
    kind = file_kind(path)
    lines = _LINE_BREAK.split(text)  # the engine's lines (str.splitlines also breaks at \f, \x1c, ...)
    if lines[-1] == "":
        lines.pop()
    parsed = [_parse_line(line, kind) for line in lines]
    # an ok annotation stands on line 1, after a shebang or a coding line if there are any
    header = 1
    while header <= min(2, len(lines)) and _SHEBANG_OR_CODING.match(lines[header - 1]) and parsed[header - 1] is None:
        header += 1
    found = []
    for index, item in enumerate(parsed):
        if item is None:
            continue
        what, codes, offset = item
        number = index + 1
        if what == "ok":
            if not all(parsed[i] is not None and parsed[i][0] == "ok" for i in range(header - 1, index)):
                raise CaseError(
                    f"{path}:{number}: an ok annotation belongs on line {header} (or right below other ok lines)"
                )
            found.append(Annotation("ok", codes, number, 0))
            continue
        below = index + 1
        while below < len(parsed) and parsed[below] is not None:
            below += 1
        target = below + 1 + offset
        if below >= len(lines) or target > len(lines):
            raise CaseError(f"{path}:{number}: the annotation points past the end of the file")
        found.append(Annotation("ruleid", codes, number, target))
    return found


def _read(path: Path) -> str:
    # newline="" keeps "\r\n" and "\r" as written: the engine sees the bytes of the file
    with open(path, encoding="utf-8", newline="") as stream:
        return stream.read()


def load_case(directory: Path) -> Case:
    kind_dir = directory.parent
    rule = kind_dir.parent.name.upper()
    kind = kind_dir.name
    if kind not in KINDS:
        raise CaseError(f"{directory}: a case lives in valid/ or invalid/")
    files: dict[str, str] = {}
    fixed_files: dict[str, str] = {}
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        relative = path.relative_to(directory).as_posix()
        if relative == SNAPSHOT:
            continue
        if "__pycache__" in path.parts or relative.endswith(".pyc"):
            continue
        (fixed_files if _is_fixed_file(relative) else files)[relative] = _read(path)
    annotated = {path: annotations_of(text, path) for path, text in files.items()}
    mains = [path for path, found in annotated.items() if found]
    if len(mains) != 1:
        raise CaseError(
            f"{directory}: exactly one file must carry annotations (the main file), found {mains or 'none'}"
        )
    (main,) = mains
    extra = set(fixed_files) - {fixed_name(main)}
    if extra:
        raise CaseError(f"{directory}: {sorted(extra)} fix no file of the case (only {fixed_name(main)} may)")
    found = annotated[main]
    return Case(
        rule=rule,
        kind=kind,
        name=directory.name,
        main_path=main,
        files={main: files[main], **{p: t for p, t in files.items() if p != main}},
        fixed=fixed_files.get(fixed_name(main)),
        expected=[(code, a.target) for a in found if a.kind == "ruleid" for code in a.codes],
        ok=[code for a in found if a.kind == "ok" for code in a.codes],
        snapshot_path=directory / SNAPSHOT,
        directory=directory,
    )


@cache
def _load_all(root: str) -> tuple[Case, ...]:
    cases = []
    for rule_dir in sorted(p for p in Path(root).iterdir() if p.is_dir()):
        for kind in KINDS:
            kind_dir = rule_dir / kind
            if kind_dir.is_dir():
                cases.extend(load_case(d) for d in sorted(p for p in kind_dir.iterdir() if p.is_dir()))
    return tuple(cases)


def load_cases(rule: str | None = None, kind: str | None = None, root: Path = CASES_ROOT) -> list[Case]:
    """Every case (of `rule`, of `kind`), by rule, invalid before valid, by number."""
    return [c for c in _load_all(str(root)) if (rule is None or c.rule == rule) and (kind is None or c.kind == kind)]


def case_directories(root: Path = CASES_ROOT) -> list[Path]:
    """Every directory at the depth of a case, whatever it is called (for the layout test)."""
    return sorted(
        d
        for rule_dir in root.iterdir()
        if rule_dir.is_dir()
        for kind_dir in rule_dir.iterdir()
        if kind_dir.is_dir()
        for d in kind_dir.iterdir()
    )


def snapshot_text(result) -> str:
    """A RunResult as snapshot.txt holds it: one finding a line, `path:line:column: CODE message`,
    sorted by path, line, column, code and message; then `error: path: message` lines."""
    findings = sorted(result.findings, key=lambda f: (f.path, f.span.line, f.span.column, f.code, f.message))
    lines = [f"{f.path}:{f.span.line}:{f.span.column}: {f.code} {f.message}" for f in findings]
    lines += [f"error: {e.path}: {e.message}" for e in sorted(result.errors, key=lambda e: (e.path, e.message))]
    return "".join(line + "\n" for line in lines)
