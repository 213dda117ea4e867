"""Prove that two versions of scopelint behave the same: same findings, positions, messages,
fixes (to the byte), reports (JSON, SARIF, text, GitHub, GitLab) and rule documentation.

    python benchmarks/compare_versions.py --old REV [--new PATH] [--stdlib PATH] [--skip-stdlib]
                                          [--only fixtures,apps,demo,stdlib] [--keep]

REV is checked out as a detached git worktree in a temporary folder; PATH (default: this
repository's root) is the new version, used as it is on disk. Both versions run over the
same projects:

  fixtures  each case folder tests/fixtures/rules/<code>/<valid|invalid>/<case>/ of the new
            tree (without its *.fixed.* files and snapshot.txt), or, when the new tree has
            none, each rule's VALID/INVALID example as written by the OLD version
  apps      each folder of tests/apps/ of the new tree
  demo      examples/ of the new tree
  stdlib    CPython's standard library (sysconfig's "stdlib" path), one project
  docs      (always) every rule's explanation(), `scopelint rules` (text, json), --version

benchmarks/_compare_driver.py runs once per version, in parallel, with PYTHONPATH set to that
version's root; each writes a JSON dump of named text artifacts per project, and this script
compares them. Exit status: 0 identical, 1 something differs, 2 an error.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DRIVER = HERE / "_compare_driver.py"
KINDS = ("fixtures", "apps", "demo", "stdlib")
FIXTURE_SUBDIR = Path("tests", "fixtures", "rules")
PLACEHOLDER = "<ROOT>"
WIDTH = 160  # characters of a diff line shown
ONE_SIDED = 8  # lines shown of an output only one version has
MAX_NAMES = 20  # projects listed by name only, past the detailed ones


class CompareError(Exception):
    """Something kept the comparison from running (exit status 2)."""


# ---------------------------------------------------------------------------- helpers
def git(repo: Path, *args: str) -> str:
    process = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)
    if process.returncode != 0:
        raise CompareError(f"git {' '.join(args)} failed: {process.stderr.strip() or process.stdout.strip()}")
    return process.stdout.strip()


def version_env(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(root)  # only this: `import scopelint` is that version
    env["PYTHONHASHSEED"] = "0"  # the same set and dict orders in both processes
    env.pop("PYTHONSTARTUP", None)
    return env


def _excluded(_folder: str, names: list[str]) -> set[str]:
    """What a fixture case holds but is not part of the project: expectations, not inputs."""
    return {name for name in names if ".fixed." in name or name == "snapshot.txt"}


# ---------------------------------------------------------------------------- projects
def fixture_projects(new: Path, old: Path, work: Path) -> tuple[list[dict], str]:
    """Copies (or, failing fixtures in the new tree, materialises) the rule cases once, in a
    folder both versions read."""
    target = work / "fixtures"
    source = new / FIXTURE_SUBDIR
    if source.is_dir():
        cases = sorted(p for p in source.glob("*/*/*") if p.is_dir() and p.parent.name in ("valid", "invalid"))
        for case in cases:
            shutil.copytree(case, target / case.relative_to(source), symlinks=True, ignore=_excluded)
        how = f"{len(cases)} case folders from {FIXTURE_SUBDIR} of the new tree"
    else:
        target.mkdir()
        process = subprocess.run(
            [sys.executable, str(DRIVER), "examples", str(target)],
            cwd=work,
            env=version_env(old),
            capture_output=True,
            text=True,
        )
        if process.returncode != 0:
            raise CompareError(f"materialising the old version's rule examples failed:\n{process.stderr[-3000:]}")
        how = f"{process.stdout.strip()} rule examples of the old version (no {FIXTURE_SUBDIR} in the new tree)"
    projects = [
        {"name": f"fixtures/{case.relative_to(target).as_posix()}", "dir": str(case), "kind": "fixtures"}
        for case in sorted(p for p in target.glob("*/*/*") if p.is_dir())
    ]
    return projects, how


def collect_projects(args: argparse.Namespace, new: Path, old: Path, work: Path) -> tuple[list[dict], list[str]]:
    projects: list[dict] = []
    notes: list[str] = []
    if "fixtures" in args.only:
        found, how = fixture_projects(new, old, work)
        projects += found
        notes.append(f"fixtures: {how}")
    if "apps" in args.only:
        apps = new / "tests" / "apps"
        folders = sorted(p for p in apps.iterdir() if p.is_dir() and p.name != "__pycache__") if apps.is_dir() else []
        projects += [{"name": f"apps/{p.name}", "dir": str(p), "kind": "apps"} for p in folders]
        notes.append(f"apps: {len(folders)} folders of {apps}")
    if "demo" in args.only:
        demo = new / "examples"
        if demo.is_dir():
            projects.append({"name": "demo", "dir": str(demo), "kind": "demo"})
        notes.append(f"demo: {demo}" + ("" if demo.is_dir() else " (missing: skipped)"))
    if "stdlib" in args.only and not args.skip_stdlib:
        stdlib = Path(args.stdlib or sysconfig.get_paths()["stdlib"]).resolve()
        if not stdlib.is_dir():
            raise CompareError(f"--stdlib {stdlib}: not a folder")
        projects.append({"name": "stdlib", "dir": str(stdlib), "kind": "stdlib"})
        notes.append(f"stdlib: {stdlib}")
    return projects, notes


# ---------------------------------------------------------------------------- running
class DriverRun(threading.Thread):
    def __init__(self, label: str, root: Path, projects: list[dict], work: Path, timeout: float) -> None:
        super().__init__(name=f"driver-{label}", daemon=True)
        self.label, self.root, self.work, self.timeout = label, root, work, timeout
        self.spec = work / f"spec-{label}.json"
        self.dump = work / f"dump-{label}.json"
        self.spec.write_text(json.dumps({"root": str(root), "projects": projects}), encoding="utf-8")
        self.process: subprocess.Popen | None = None
        self.seconds = 0.0
        self.stderr = ""
        self.returncode: int | None = None

    def run(self) -> None:
        started = time.perf_counter()
        with open(self.work / f"driver-{self.label}.log", "w+", encoding="utf-8") as log:
            self.process = subprocess.Popen(
                [sys.executable, str(DRIVER), "run", str(self.spec), str(self.dump)],
                cwd=self.work,
                env=version_env(self.root),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                self.returncode = self.process.wait(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                log.seek(0, os.SEEK_END)
                print(f"driver: stopped after {self.timeout:.0f}s (--timeout)", file=log, flush=True)
                self.returncode = -9
            log.seek(0)
            self.stderr = log.read()
        self.seconds = time.perf_counter() - started

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def load(self) -> dict:
        if self.returncode != 0 or not self.dump.is_file():
            tail = "\n".join(self.stderr.splitlines()[-30:])
            raise CompareError(f"the {self.label} version's driver failed (exit status {self.returncode}):\n{tail}")
        return json.loads(self.dump.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------- comparing
def root_pattern(roots: list[Path]) -> re.Pattern[str]:
    """Where a version's root shows in an output: the tool's own files (a traceback, a pack's
    path) and, for the new tree, the sample projects. Both roots are replaced in both dumps,
    so `<ROOT>/x` matches whichever checkout printed it; nothing else is normalised."""
    forms: set[str] = set()
    for root in roots:
        for variant in {str(root), os.path.abspath(root), os.path.realpath(root)}:
            forms.add(variant.rstrip("/"))
            forms.add(Path(variant).as_uri().rstrip("/"))
    alternatives = sorted(forms, key=len, reverse=True)
    # not followed by a character that would continue the folder's name
    return re.compile("(?:" + "|".join(map(re.escape, alternatives)) + r")(?![\w.-])")


def normalise(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: ("file://" if m.group(0).startswith("file:") else "") + PLACEHOLDER, text)


def show_lines(old: str | None, new: str | None, key: str, max_lines: int) -> list[str]:
    if old is None or new is None:  # one side has no such output (an exception took its place, say)
        side, sign, text = ("new", "+", new) if old is None else ("old", "-", old)
        lines = [sign + line for line in (text or "").splitlines()]
        return [f"only in {side}: {key}"] + _capped(_narrowed(lines), min(max_lines, ONE_SIDED))
    old_lines, new_lines = old.splitlines(), new.splitlines()
    if old_lines == new_lines:  # line endings or the final newline: show them
        for number, (a, b) in enumerate(zip(old.splitlines(True), new.splitlines(True), strict=True), 1):
            if a != b:
                return [f"{key}: line {number} differs in its line ending", f"-{a!r}", f"+{b!r}"]
        return [f"{key}: differs at the end: old ends {old[-20:]!r}, new ends {new[-20:]!r}"]
    diff = list(difflib.unified_diff(old_lines, new_lines, f"old {key}", f"new {key}", lineterm="", n=2))
    return _capped(_narrowed(diff), max_lines)


def _narrowed(diff: list[str]) -> list[str]:
    """Long lines cut to WIDTH characters; a changed line (a "-" line and its "+" line)
    around its first difference, so that the cut never hides what changed."""
    out: list[str] = []
    index = 0
    while index < len(diff):
        removed = index
        while removed < len(diff) and diff[removed].startswith("-") and not diff[removed].startswith("---"):
            removed += 1
        added = removed
        while added < len(diff) and diff[added].startswith("+") and not diff[added].startswith("+++"):
            added += 1
        block = diff[index:added]
        if removed > index and added - removed == removed - index and any(len(line) > WIDTH for line in block):
            for a, b in zip(diff[index:removed], diff[removed:added], strict=True):  # each pair side by side
                out.extend(_window(a, b))
            index = added
            continue
        line = diff[index]
        out.append(line if len(line) <= WIDTH else line[:WIDTH] + " …")
        index += 1
    return out


def _window(a: str, b: str) -> list[str]:
    if len(a) <= WIDTH and len(b) <= WIDTH:
        return [a, b]
    common = 1  # the "-"/"+" sign
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    start = max(1, common - WIDTH // 3)

    def cut(line: str) -> str:
        part = line[start : start + WIDTH]
        return line[0] + ("…" if start > 1 else "") + part + ("…" if start + WIDTH < len(line) else "")

    return [cut(a), cut(b)]


def _capped(lines: list[str], max_lines: int) -> list[str]:
    if len(lines) <= max_lines:
        return lines
    return lines[:max_lines] + [f"... {len(lines) - max_lines} more lines"]


def compare(old_dump: dict, new_dump: dict, order: list[str], pattern: re.Pattern[str]) -> list[dict]:
    """One entry per project: its name and the keys that differ, with both texts."""
    results = []
    names = order + [n for n in {**old_dump["projects"], **new_dump["projects"]} if n not in order]
    for name in names:
        old_project = old_dump["projects"].get(name)
        new_project = new_dump["projects"].get(name)
        entry = {
            "name": name,
            "differences": [],
            "tracebacks": {},
            "exceptions": [],
            "seconds": ((old_project or {}).get("seconds", 0.0), (new_project or {}).get("seconds", 0.0)),
        }
        if old_project is None or new_project is None:
            entry["differences"].append(("(project)", "ran" if old_project else None, "ran" if new_project else None))
            results.append(entry)
            continue
        old_artifacts = {k: normalise(v, pattern) for k, v in old_project["artifacts"].items()}
        new_artifacts = {k: normalise(v, pattern) for k, v in new_project["artifacts"].items()}
        keys = list(new_artifacts) + [k for k in old_artifacts if k not in new_artifacts]
        for key in keys:
            a, b = old_artifacts.get(key), new_artifacts.get(key)
            if a != b:
                entry["differences"].append((key, a, b))
            elif key.endswith(".exception"):
                entry["exceptions"].append(f"{key}: {a.strip()}")
        entry["tracebacks"] = {"old": old_project["tracebacks"], "new": new_project["tracebacks"]}
        results.append(entry)
    return results


def _kind_of(key: str) -> str:
    """An output's kind: `fix.safe.text:app.py` -> `fix.safe.text`."""
    return key.split(":", 1)[0]


def print_report(results: list[dict], max_lines: int, max_projects: int, max_outputs: int) -> int:
    different = [r for r in results if r["differences"]]
    if different:
        counts: dict[str, int] = {}
        for entry in different:
            for kind in dict.fromkeys(_kind_of(key) for key, _, _ in entry["differences"]):
                counts[kind] = counts.get(kind, 0) + 1
        print("\noutputs that differ (in how many projects):")
        print("  " + ", ".join(f"{kind} ({count})" for kind, count in counts.items()))
    # In detail: every project that shows a kind of difference no earlier one showed (so
    # that each change is seen once, however many projects it touches), then the first
    # others up to max_projects.
    shown: set[str] = set()
    detailed: list[tuple[dict, list[tuple[str, str | None, str | None]]]] = []
    for entry in different:
        fresh = [d for d in entry["differences"] if _kind_of(d[0]) not in shown]
        if fresh or len(detailed) < max_projects:
            others = [d for d in entry["differences"] if d not in fresh]
            detailed.append((entry, (fresh + others)[: max(max_outputs, len(fresh))]))
            shown.update(_kind_of(d[0]) for d in fresh)
    for entry, outputs in detailed:
        keys = [key for key, _, _ in entry["differences"]]
        print(
            f"\n== {entry['name']}: {len(keys)} output(s) differ: "
            f"{', '.join(keys[:8])}{' ...' if len(keys) > 8 else ''}"
        )
        for key, old, new in outputs:
            for line in show_lines(old, new, key, max_lines):
                print("   " + line)
            if key.endswith(".exception"):
                stage = key[: -len(".exception")]
                for side in ("old", "new"):
                    trace = entry["tracebacks"].get(side, {}).get(stage)
                    if trace:
                        print(f"   {side} traceback (last lines):")
                        print("\n".join("     " + line for line in trace.rstrip().splitlines()[-6:]))
        if len(keys) > len(outputs):
            print(f"   ... and {len(keys) - len(outputs)} more outputs (--max-outputs)")
    rest = [entry for entry in different if all(entry is not e for e, _ in detailed)]
    if rest:
        print(f"\n{len(rest)} more projects differ (--max-projects to see them):")
        for entry in rest[:MAX_NAMES]:
            kinds = ", ".join(dict.fromkeys(_kind_of(key) for key, _, _ in entry["differences"]))
            print(f"   {entry['name']}: {kinds}")
        if len(rest) > MAX_NAMES:
            print(f"   ... and {len(rest) - MAX_NAMES} more")
    same_exceptions = [(r["name"], e) for r in results if not r["differences"] for e in r["exceptions"]]
    if same_exceptions:
        print(f"\nnote: the same exception in both versions ({len(same_exceptions)}), identical but worth a look:")
        for name, text in same_exceptions[:MAX_NAMES]:
            print(f"   {name}: {text}")
    return len(different)


# ---------------------------------------------------------------------------- main
def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old", required=True, metavar="REV", help="git revision of the old version")
    parser.add_argument("--new", type=Path, metavar="PATH", help="root of the new version (default: this repository)")
    parser.add_argument("--stdlib", metavar="PATH", help="standard library folder (default: sysconfig's stdlib)")
    parser.add_argument("--skip-stdlib", action="store_true", help="leave the standard library out")
    parser.add_argument("--only", default=",".join(KINDS), help=f"projects to run, comma-separated: {','.join(KINDS)}")
    parser.add_argument("--keep", action="store_true", help="keep the worktree, the inputs and the dumps")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds a driver may take (default 1800)")
    parser.add_argument("--max-lines", type=int, default=30, help="diff lines shown per output (default 30)")
    parser.add_argument("--max-projects", type=int, default=5, help="projects shown in detail (default 5)")
    parser.add_argument("--max-outputs", type=int, default=4, help="outputs shown per project in detail (default 4)")
    args = parser.parse_args(argv)
    args.only = [k.strip() for k in args.only.split(",") if k.strip()]
    unknown = [k for k in args.only if k not in KINDS]
    if unknown:
        parser.error(f"--only: unknown {', '.join(unknown)} (choose from {', '.join(KINDS)})")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    timings: list[tuple[str, float]] = []
    work: Path | None = None
    old_root: Path | None = None
    repo: Path | None = None
    drivers: list[DriverRun] = []
    try:
        repo = Path(git(HERE, "rev-parse", "--show-toplevel"))
        new_root = (args.new or repo).resolve()
        if not new_root.is_dir():
            raise CompareError(f"--new {new_root}: not a folder")
        commit = git(repo, "rev-parse", "--verify", f"{args.old}^{{commit}}")
        work = Path(tempfile.mkdtemp(prefix="scopelint-compare-"))
        old_root = work / "old"

        t = time.perf_counter()
        git(repo, "worktree", "add", "--detach", str(old_root), commit)
        timings.append(("worktree of the old revision", time.perf_counter() - t))
        print(f"old: {args.old} = {commit[:12]} (worktree {old_root})")
        print(
            f"new: {new_root}"
            + (
                f" (HEAD {git(new_root, 'rev-parse', '--short=12', 'HEAD')}, "
                f"{'with' if git(new_root, 'status', '--porcelain') else 'no'} uncommitted changes)"
                if (new_root / ".git").exists()
                else ""
            )
        )

        t = time.perf_counter()
        projects, notes = collect_projects(args, new_root, old_root, work)
        timings.append(("inputs", time.perf_counter() - t))
        for note in notes:
            print(f"  {note}")

        drivers = [
            DriverRun(label, root, projects, work, args.timeout)
            for label, root in (("old", old_root), ("new", new_root))
        ]
        t = time.perf_counter()
        for driver in drivers:
            driver.start()
        for driver in drivers:
            driver.join()
        timings.append(("both drivers, in parallel", time.perf_counter() - t))
        old_dump, new_dump = (driver.load() for driver in drivers)
        for driver in drivers:
            timings.append((f"  {driver.label} driver", driver.seconds))
            by_kind: dict[str, float] = {}
            dump = old_dump if driver.label == "old" else new_dump
            kinds = {p["name"]: p["kind"] for p in projects}
            for name, project in dump["projects"].items():
                kind = kinds.get(name, name)
                by_kind[kind] = by_kind.get(kind, 0.0) + project["seconds"]
            for kind, seconds in by_kind.items():
                timings.append((f"    {kind}", seconds))

        t = time.perf_counter()
        pattern = root_pattern([old_root, new_root])
        results = compare(old_dump, new_dump, ["docs", *(p["name"] for p in projects)], pattern)
        different = print_report(results, args.max_lines, args.max_projects, args.max_outputs)
        timings.append(("comparison", time.perf_counter() - t))
    except CompareError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 2
    finally:
        for driver in drivers:
            driver.stop()
        if work is not None:
            if args.keep:
                print(f"\nkept: {work} (old worktree: {old_root}; dumps: dump-old.json, dump-new.json)")
            else:
                if repo is not None and old_root is not None and old_root.exists():
                    subprocess.run(
                        ["git", "-C", str(repo), "worktree", "remove", "--force", str(old_root)], capture_output=True
                    )
                shutil.rmtree(work, ignore_errors=True)
                if repo is not None:
                    subprocess.run(["git", "-C", str(repo), "worktree", "prune"], capture_output=True)

    timings.append(("total", time.perf_counter() - started))
    print("\ntimings:")
    for label, seconds in timings:
        print(f"  {label:<32} {seconds:7.1f}s")
    identical = len(results) - different
    print(f"\n{len(results)} projects, {identical} identical, {different} different")
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
