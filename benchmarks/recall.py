"""Recall and precision of scopelint on the realistic apps of tests/fixtures/apps/ (a measure, not a test).

    python benchmarks/recall.py [--apps tests/fixtures/apps] [--language python|javascript|all]
                                [--monorepo] [--json] [--details]

Each app is `<apps>/<language>/<app>/` with two projects: `vulnerable/` (the app before its
migration to access tokens, every expected finding annotated in a comment on its own line
right above the line where the finding starts, as in tests/fixtures/README.md: `# ruleid:
SL101`, `// ruleid: SL101`, `{/* ruleid: SL101 */}`, `<!-- ruleid: SL101 -->`, `{# ruleid:
SL101 #}`, optionally `(+N)`) and `correct/` (the same app after a correct migration: no
finding expected). scopelint runs on each project with the project as its working
directory (the library API, the default configuration, no cache); findings and expectations
are compared per (file, line, code):

- true positive: an annotated (file, line, code) that is reported;
- miss: an annotated one that is not;
- false finding: a finding of vulnerable/ that is not annotated, and every finding of correct/.

Printed: a table per app and per
rule, then the totals (recall = TP / (TP + misses), precision = TP / (TP + false)).
`--details` lists every miss and false finding. `--monorepo` also lays every app of each
language side by side in one temporary tree (`apps/<app>/vulnerable/...`,
`apps/<app>/correct/...`), runs once over it, and says whether that run equals the union of
the per-app runs (paths re-prefixed), with its own recall and precision. `--json` prints
all of it as one JSON document instead. The exit status is always 0.

Stdlib only, besides scopelint itself (import it from the checkout: `PYTHONPATH=. python
benchmarks/recall.py`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_APPS = ROOT / "tests" / "fixtures" / "apps"
LANGUAGES = ("python", "javascript")
TWINS = ("vulnerable", "correct")

Key = tuple[str, int, str]  # (path relative to the project, "/"-separated; line; code)

# ---------------------------------------------------------------------------------------------
# Annotations (the conventions of tests/fixtures/README.md)

_PYTHON = (".py", ".pyi")
_SCRIPT = (
    ".js",
    ".mjs",
    ".cjs",
    ".jsx",
    ".ts",
    ".mts",
    ".cts",
    ".tsx",
    ".vue",
    ".svelte",
)
_TEMPLATE = (".html", ".htm", ".jinja", ".jinja2", ".j2", ".djhtml")
_FORMS = {
    "python": (("#", ""),),
    "script": (("//", ""), ("{/*", "*/}")),
    "template": (("//", ""), ("<!--", "-->"), ("{#", "#}")),
}
_BODY = re.compile(
    r"ruleid:[ \t]*(?P<codes>[A-Z]+[0-9]+(?:[ \t]*,[ \t]*[A-Z]+[0-9]+)*)(?:[ \t]+\(\+(?P<offset>[1-9][0-9]*)\))?"
)
_LOOKS_LIKE = re.compile(r"^[ \t]*(?:#|//|/\*|\{/\*|<!--|\{#)[ \t]*(?:todo)?rule[-_ ]?id\b", re.IGNORECASE)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class AnnotationError(Exception):
    pass


def kind_of(path: str) -> str | None:
    suffix = os.path.splitext(path)[1].lower()
    if suffix in _PYTHON:
        return "python"
    if suffix in _SCRIPT:
        return "script"
    if suffix in _TEMPLATE:
        return "template"
    return None


def _parse(line: str, kind: str, where: str) -> tuple[tuple[str, ...], int] | None:
    if not _LOOKS_LIKE.match(line):
        return None
    stripped = line.strip()
    for opener, closer in _FORMS[kind]:
        if stripped.startswith(opener) and stripped.endswith(closer):
            match = _BODY.fullmatch(stripped[len(opener) : len(stripped) - len(closer)].strip())
            if match:
                codes = tuple(code.strip() for code in match["codes"].split(","))
                return codes, int(match["offset"] or 0)
    raise AnnotationError(f"{where}: malformed annotation {stripped!r}")


def annotations(text: str, path: str) -> set[Key]:
    """(path, line, code) of every `ruleid:` annotation of one file."""
    kind = kind_of(path)
    if kind is None:
        return set()
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    parsed = [_parse(line, kind, f"{path}:{number}") for number, line in enumerate(lines, 1)]
    found: set[Key] = set()
    for index, item in enumerate(parsed):
        if item is None:
            continue
        codes, offset = item
        below = index + 1
        while below < len(parsed) and parsed[below] is not None:
            below += 1
        target = below + 1 + offset
        if below >= len(lines) or target > len(lines):
            raise AnnotationError(f"{path}:{index + 1}: the annotation points past the end of the file")
        found.update((path, target, code) for code in codes)
    return found


def project_files(directory: Path) -> dict[str, str]:
    files = {}
    for path in sorted(directory.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and kind_of(path.name):
            with open(path, encoding="utf-8", newline="") as stream:
                files[path.relative_to(directory).as_posix()] = stream.read()
    return files


def expected_of(directory: Path) -> set[Key]:
    expected: set[Key] = set()
    for path, text in project_files(directory).items():
        expected |= annotations(text, path)
    return expected


# ---------------------------------------------------------------------------------------------
# Running scopelint


@contextmanager
def _working_directory(directory: Path):
    before = os.getcwd()
    os.chdir(directory)
    try:
        yield
    finally:
        os.chdir(before)


@dataclass
class Run:
    found: set[Key]
    messages: dict[Key, str]
    errors: list[str]
    seconds: float


def run_scopelint(directory: Path) -> Run:
    from scopelint.config import load_config
    from scopelint.engine import Engine

    start = time.perf_counter()
    with _working_directory(directory):
        engine = Engine(load_config(Path(".")))
        result = engine.check_paths([Path(".")], Path("."))
    seconds = time.perf_counter() - start
    found: set[Key] = set()
    messages: dict[Key, str] = {}
    for finding in result.findings:
        path = finding.path.removeprefix("./")
        key = (path, finding.span.line, finding.code)
        found.add(key)
        messages.setdefault(key, finding.message)
    errors = [f"{e.path}: {e.message}" for e in result.errors]
    return Run(found, messages, errors, seconds)


# ---------------------------------------------------------------------------------------------
# Scoring


@dataclass
class Score:
    tp: int = 0
    misses: int = 0
    false_vulnerable: int = 0
    false_correct: int = 0

    @property
    def false(self) -> int:
        return self.false_vulnerable + self.false_correct

    @property
    def expected(self) -> int:
        return self.tp + self.misses

    @property
    def recall(self) -> float | None:
        return self.tp / self.expected if self.expected else None

    @property
    def precision(self) -> float | None:
        reported = self.tp + self.false
        return self.tp / reported if reported else None

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.misses += other.misses
        self.false_vulnerable += other.false_vulnerable
        self.false_correct += other.false_correct

    def to_dict(self) -> dict:
        return {
            "expected": self.expected,
            "tp": self.tp,
            "misses": self.misses,
            "false_vulnerable": self.false_vulnerable,
            "false_correct": self.false_correct,
            "recall": self.recall,
            "precision": self.precision,
        }


@dataclass
class AppResult:
    language: str
    name: str
    expected: set[Key]
    vulnerable: set[Key]
    correct: set[Key]
    messages: dict[tuple[str, Key], str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def tp(self) -> set[Key]:
        return self.expected & self.vulnerable

    @property
    def misses(self) -> set[Key]:
        return self.expected - self.vulnerable

    @property
    def false_vulnerable(self) -> set[Key]:
        return self.vulnerable - self.expected

    def score(self, code: str | None = None) -> Score:
        def count(keys: set[Key]) -> int:
            return sum(1 for key in keys if code is None or key[2] == code)

        return Score(
            count(self.tp),
            count(self.misses),
            count(self.false_vulnerable),
            count(self.correct),
        )

    def codes(self) -> set[str]:
        return {key[2] for key in self.expected | self.vulnerable | self.correct}


def score_apps(language: str, name: str, expected: set[Key], vulnerable: Run, correct: Run) -> AppResult:
    result = AppResult(language, name, expected, vulnerable.found, correct.found)
    result.messages = {
        **{("vulnerable", k): m for k, m in vulnerable.messages.items()},
        **{("correct", k): m for k, m in correct.messages.items()},
    }
    result.errors = [f"vulnerable/{e}" for e in vulnerable.errors] + [f"correct/{e}" for e in correct.errors]
    result.seconds = vulnerable.seconds + correct.seconds
    return result


def discover(apps_root: Path, languages: list[str]) -> list[tuple[str, str, Path]]:
    found = []
    for language in languages:
        directory = apps_root / language
        if not directory.is_dir():
            continue
        for app in sorted(p for p in directory.iterdir() if p.is_dir()):
            if all((app / twin).is_dir() for twin in TWINS):
                found.append((language, app.name, app))
    return found


def check_app(language: str, name: str, app: Path) -> AppResult:
    expected = expected_of(app / "vulnerable")
    stray = expected_of(app / "correct")
    result = score_apps(
        language,
        name,
        expected,
        run_scopelint(app / "vulnerable"),
        run_scopelint(app / "correct"),
    )
    if stray:
        result.errors.append(f"correct/ carries {len(stray)} ruleid annotation(s): a correct twin has none")
    return result


# ---------------------------------------------------------------------------------------------
# The monorepo run


@dataclass
class MonorepoResult:
    language: str
    equal: bool
    only_monorepo: list[Key]
    only_per_app: list[Key]
    score: Score
    seconds: float
    errors: list[str]


def monorepo(language: str, apps: list[tuple[str, str, Path]], results: list[AppResult]) -> MonorepoResult | None:
    chosen = [(name, path) for lang, name, path in apps if lang == language]
    if not chosen:
        return None
    with tempfile.TemporaryDirectory(prefix="scopelint-recall-") as temporary:
        tree = Path(temporary) / "monorepo"
        for name, path in chosen:
            for twin in TWINS:
                shutil.copytree(
                    path / twin,
                    tree / "apps" / name / twin,
                    ignore=shutil.ignore_patterns("__pycache__"),
                )
        run = run_scopelint(tree)
    union: set[Key] = set()
    expected: set[Key] = set()
    for result in results:
        if result.language != language:
            continue
        for twin, keys in (
            ("vulnerable", result.vulnerable),
            ("correct", result.correct),
        ):
            union |= {(f"apps/{result.name}/{twin}/{p}", line, code) for p, line, code in keys}
        expected |= {(f"apps/{result.name}/vulnerable/{p}", line, code) for p, line, code in result.expected}
    score = Score()
    score.tp = len(expected & run.found)
    score.misses = len(expected - run.found)
    for path, _line, _code in run.found - expected:
        if "/correct/" in path:
            score.false_correct += 1
        else:
            score.false_vulnerable += 1
    return MonorepoResult(
        language,
        run.found == union,
        sorted(run.found - union),
        sorted(union - run.found),
        score,
        run.seconds,
        run.errors,
    )


# ---------------------------------------------------------------------------------------------
# Output


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:5.1f}%"


def _row(label: str, score: Score, width: int) -> str:
    return (
        f"{label:<{width}} {score.expected:>4} {score.tp:>4} {score.misses:>5} {score.false_vulnerable:>6} "
        f"{score.false_correct:>6} {_pct(score.recall):>7} {_pct(score.precision):>7}"
    )


def _header(label: str, width: int) -> str:
    return f"{label:<{width}} {'exp':>4} {'tp':>4} {'miss':>5} {'fp-vul':>6} {'fp-cor':>6} {'recall':>7} {'prec':>7}"


def print_text(results: list[AppResult], mono: list[MonorepoResult], details: bool) -> None:
    if not results:
        print("no apps found")
        return
    width = max(len(f"{r.language}/{r.name}") for r in results) + 1
    width = max(width, 12)
    print(_header("app", width))
    total = Score()
    for result in results:
        score = result.score()
        total.add(score)
        print(_row(f"{result.language}/{result.name}", score, width))
    print(_row("TOTAL", total, width))
    print()
    codes = sorted({code for r in results for code in r.codes()})
    print(_header("rule", width))
    for code in codes:
        score = Score()
        for result in results:
            score.add(result.score(code))
        print(_row(code, score, width))
    print()
    seconds = sum(r.seconds for r in results)
    print(
        f"apps: {len(results)}; expected findings: {total.expected}; true positives: {total.tp}; "
        f"misses: {total.misses}; false findings: {total.false} ({total.false_vulnerable} in vulnerable/, "
        f"{total.false_correct} in correct/)"
    )
    recall, precision = _pct(total.recall).strip(), _pct(total.precision).strip()
    print(f"recall: {recall}  precision: {precision}  ({seconds:.1f} s of analysis)")
    for result in results:
        for error in result.errors:
            print(f"error: {result.language}/{result.name}/{error}")
    if details:
        print()
        for result in results:
            prefix = f"{result.language}/{result.name}"
            for key in sorted(result.misses):
                print(f"miss   {prefix}/vulnerable/{key[0]}:{key[1]}: {key[2]}")
            for key in sorted(result.false_vulnerable):
                message = result.messages.get(("vulnerable", key), "")
                print(f"false  {prefix}/vulnerable/{key[0]}:{key[1]}: {key[2]} {message}")
            for key in sorted(result.correct):
                message = result.messages.get(("correct", key), "")
                print(f"false  {prefix}/correct/{key[0]}:{key[1]}: {key[2]} {message}")
    for item in mono:
        print()
        print(
            f"monorepo ({item.language}, one run, {item.seconds:.1f} s): "
            f"{'equal to' if item.equal else 'DIFFERS from'} the union of the per-app runs"
            + (
                ""
                if item.equal
                else f" ({len(item.only_monorepo)} only in the monorepo run, {len(item.only_per_app)} only per app)"
            )
        )
        print(
            f"  recall: {_pct(item.score.recall).strip()}  precision: {_pct(item.score.precision).strip()}  "
            f"(tp {item.score.tp}, misses {item.score.misses}, false {item.score.false})"
        )
        if details:
            for key in item.only_monorepo:
                print(f"  only in the monorepo run: {key[0]}:{key[1]}: {key[2]}")
            for key in item.only_per_app:
                print(f"  only per app: {key[0]}:{key[1]}: {key[2]}")
        for error in item.errors:
            print(f"  error: {error}")


def to_json(results: list[AppResult], mono: list[MonorepoResult]) -> dict:
    total = Score()
    by_rule: dict[str, Score] = defaultdict(Score)
    for result in results:
        total.add(result.score())
        for code in result.codes():
            by_rule[code].add(result.score(code))

    def keys(items) -> list[dict]:
        return [{"path": p, "line": line, "code": c} for p, line, c in sorted(items)]

    return {
        "apps": [
            {
                "language": r.language,
                "app": r.name,
                **r.score().to_dict(),
                "missed": keys(r.misses),
                "false_in_vulnerable": keys(r.false_vulnerable),
                "false_in_correct": keys(r.correct),
                "errors": r.errors,
            }
            for r in results
        ],
        "rules": {code: by_rule[code].to_dict() for code in sorted(by_rule)},
        "total": total.to_dict(),
        "monorepo": [
            {
                "language": m.language,
                "equal_to_union": m.equal,
                "only_monorepo": keys(m.only_monorepo),
                "only_per_app": keys(m.only_per_app),
                **m.score.to_dict(),
                "errors": m.errors,
            }
            for m in mono
        ],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--apps",
        type=Path,
        default=DEFAULT_APPS,
        help="the apps' root (default: tests/fixtures/apps)",
    )
    parser.add_argument("--language", choices=[*LANGUAGES, "all"], default="all")
    parser.add_argument(
        "--monorepo",
        action="store_true",
        help="also run once over all apps of a language side by side",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument("--details", action="store_true", help="list every miss and false finding")
    args = parser.parse_args(argv)
    languages = list(LANGUAGES) if args.language == "all" else [args.language]
    apps = discover(args.apps.resolve(), languages)
    results: list[AppResult] = []
    for language, name, path in apps:
        try:
            results.append(check_app(language, name, path))
        except AnnotationError as exc:
            result = AppResult(language, name, set(), set(), set())
            result.errors.append(f"annotations: {exc}")
            results.append(result)
    mono: list[MonorepoResult] = []
    if args.monorepo:
        for language in languages:
            item = monorepo(language, apps, results)
            if item is not None:
                mono.append(item)
    if args.json:
        json.dump(to_json(results, mono), sys.stdout, indent=2)
        print()
    else:
        print_text(results, mono, args.details)
    return 0


if __name__ == "__main__":
    sys.exit(main())
