"""The driver of compare_versions.py: runs inside ONE version of scopelint and dumps what it does.

    PYTHONPATH=<version root> python _compare_driver.py run SPEC.json DUMP.json
    PYTHONPATH=<version root> python _compare_driver.py examples TARGET_DIR

`run`: SPEC is {"root": <version root>, "projects": [{"name", "dir"}, ...]}. For each project
(and once for the rules' documentation, the project "docs") it records named text artifacts
(reports, fixed texts, diffs, ...); DUMP is {"scopelint": <module file>, "projects":
{name: {"artifacts": {key: text}, "tracebacks": {stage: text}, "seconds": float}}}.
An exception in a stage is recorded as the artifact "<stage>.exception" (the exception's
class name and message; the traceback is kept apart, for reading, not for comparing) and
the run goes on.

`examples`: writes every rule's VALID/INVALID examples as case folders
TARGET_DIR/<code>/<valid|invalid>/<NNN>/ (the fallback when the tree has no fixture files).

Stdlib only (besides the scopelint under test and what it imports itself).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
import traceback
from pathlib import Path

# This file's folder must not shadow anything: only PYTHONPATH says which scopelint runs.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _HERE]

FORMATS = ("json", "sarif", "text", "github", "gitlab")
FIXER_LOCATIONS = ("scopelint.fix", "scopelint.fix.fixer", "scopelint.fixer")


def _exception_text(exc: BaseException) -> str:
    # The class name, not its module: a module that moves is not a change of behaviour.
    return f"{type(exc).__qualname__}: {exc}"


class Recorder:
    """The artifacts of one project; `stage` runs a piece and records an exception instead."""

    def __init__(self) -> None:
        self.artifacts: dict[str, str] = {}
        self.tracebacks: dict[str, str] = {}

    def put(self, key: str, text: str) -> None:
        self.artifacts[key] = text

    def stage(self, name: str, function, *args):
        try:
            return function(*args)
        except BaseException as exc:  # everything is a result here
            if isinstance(exc, KeyboardInterrupt):
                raise
            self.artifacts[f"{name}.exception"] = _exception_text(exc)
            self.tracebacks[name] = traceback.format_exc()
            return None


def _fixer_class():
    import importlib

    problems = []
    for module_name in FIXER_LOCATIONS:
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            problems.append(f"{module_name}: {exc}")
            continue
        fixer = getattr(module, "Fixer", None)
        if isinstance(fixer, type):
            return fixer
        problems.append(f"{module_name} has no Fixer class")
    raise ImportError("no Fixer class found (" + "; ".join(problems) + ")")


def _json(value) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _record_fix(rec: Recorder, engine, render, rules, unsafe: bool) -> None:
    mode = "unsafe" if unsafe else "safe"
    prefix = f"fix.{mode}"
    fixer = _fixer_class()(engine, unsafe=unsafe)
    outcome = (fixer.fix if hasattr(fixer, "fix") else fixer.run)([Path(".")], Path("."))
    rec.put(f"{prefix}.passes", f"{outcome.passes}\n")
    rec.put(
        f"{prefix}.stats",
        _json(
            {
                code: {"applied": stats.applied, "left": stats.left, "files": sorted(stats.files)}
                for code, stats in outcome.stats.items()
            }
        ),
    )
    rec.put(f"{prefix}.skipped", _json([[error.path, error.message] for error in outcome.skipped]))
    rec.put(f"{prefix}.changed-paths", "".join(f"{path}\n" for path in sorted(outcome.changed)))
    for path, (original, text) in sorted(outcome.changed.items()):
        rec.put(f"{prefix}.text:{path}", text)
        # What `fix` would write: the new text in the file's own encoding, BOM kept.
        encoding = getattr(original, "encoding", None)
        bom = getattr(original, "bom", None)
        try:
            data = (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding or "utf-8")
            digest = hashlib.sha256(data).hexdigest()
        except (LookupError, UnicodeError) as exc:
            digest = f"not encodable: {exc}"
        rec.put(f"{prefix}.bytes:{path}", f"encoding={encoding} bom={bom} sha256={digest}\n")
    rec.put(f"{prefix}.diff", outcome.diff())
    rec.put(f"{prefix}.remaining.json", render(outcome.remaining, "json", rules=rules))


def run_project(directory: str) -> Recorder:
    rec = Recorder()
    here = os.getcwd()
    try:
        os.chdir(directory)
        setup = rec.stage("setup", _setup, directory)
        if setup is None:
            return rec
        engine, render = setup
        rules = [type(rule) for rule in engine.rules]
        rec.put("rules-of-run", "".join(f"{rule.code}\n" for rule in rules))
        result = rec.stage("check", engine.check_paths, [Path(".")], Path("."))
        if result is not None:
            for fmt in FORMATS:
                rendered = rec.stage(f"report.{fmt}", lambda f=fmt: render(result, f, rules=rules))
                if rendered is not None:
                    rec.put(f"report.{fmt}", rendered)
        for unsafe in (False, True):
            rec.stage(f"fix.{'unsafe' if unsafe else 'safe'}", _record_fix, rec, engine, render, rules, unsafe)
    finally:
        os.chdir(here)
    return rec


def _setup(directory: str):
    from scopelint.config import load_config
    from scopelint.engine import Engine
    from scopelint.report import render

    config = load_config(Path(directory))
    return Engine(config), render


def run_docs() -> Recorder:
    """The rules' documentation and `scopelint rules` / `--version`: docs must not change."""
    rec = Recorder()

    def rules_list() -> None:
        from scopelint.rules import ALL_RULES

        rec.put(
            "rules",
            _json(
                [
                    {
                        "code": rule.code,
                        "name": rule.name,
                        "severity": getattr(rule.severity, "value", str(rule.severity)),
                        "fixable": rule.fixable,
                        "summary": rule.summary,
                        "help": rule.help,
                    }
                    for rule in ALL_RULES
                ]
            ),
        )
        for rule in ALL_RULES:
            rec.stage(
                f"explanation:{rule.code}", lambda r=rule: rec.put(f"explanation:{r.code}", r.explanation() + "\n")
            )

    def cli() -> None:
        from click.testing import CliRunner

        from scopelint.cli import main

        for args in (["rules"], ["rules", "--format", "json"], ["--version"]):
            result = CliRunner().invoke(main, args)
            rec.put(f"cli:{' '.join(args)}", f"exit {result.exit_code}\n{result.output}")
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                rec.tracebacks[f"cli:{' '.join(args)}"] = "".join(traceback.format_exception(*result.exc_info))

    rec.stage("rules", rules_list)
    rec.stage("cli", cli)
    return rec


def command_run(spec_path: str, dump_path: str) -> int:
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    import scopelint

    root = os.path.realpath(spec["root"])
    where = os.path.realpath(scopelint.__file__)
    if not where.startswith(root + os.sep):
        print(f"driver: `import scopelint` gave {where}, not the version under {root}", file=sys.stderr)
        return 2
    projects: dict[str, dict] = {}
    started = time.perf_counter()
    t = time.perf_counter()
    docs = run_docs()
    projects["docs"] = {"artifacts": docs.artifacts, "tracebacks": docs.tracebacks, "seconds": time.perf_counter() - t}
    total = len(spec["projects"])
    for number, project in enumerate(spec["projects"], 1):
        t = time.perf_counter()
        rec = run_project(project["dir"])
        projects[project["name"]] = {
            "artifacts": rec.artifacts,
            "tracebacks": rec.tracebacks,
            "seconds": time.perf_counter() - t,
        }
        if number % 100 == 0:
            print(f"driver: {number}/{total} projects, {time.perf_counter() - started:.1f}s", file=sys.stderr)
    dump = {"scopelint": where, "python": sys.version, "projects": projects, "seconds": time.perf_counter() - started}
    tmp = dump_path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(dump, handle, ensure_ascii=False)
    os.replace(tmp, dump_path)
    return 0


def command_examples(target: str) -> int:
    """Every rule example as a case folder: the example's file and its extra files."""
    from scopelint.rules import ALL_RULES

    count = 0
    for rule in ALL_RULES:
        for kind, examples in (("invalid", rule.INVALID), ("valid", rule.VALID)):
            for index, example in enumerate(examples):
                case = Path(target, rule.code, kind, f"{index:03d}")
                case.mkdir(parents=True)
                for path, code in {example.path: example.code, **example.extra_files}.items():
                    file = case / path
                    file.parent.mkdir(parents=True, exist_ok=True)
                    with open(file, "w", encoding="utf-8", newline="") as handle:  # newlines as written
                        handle.write(code)
                count += 1
    print(count)
    return 0


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "run":
        return command_run(argv[1], argv[2])
    if len(argv) == 2 and argv[0] == "examples":
        return command_examples(argv[1])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
