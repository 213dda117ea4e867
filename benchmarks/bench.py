"""Benchmarks of scopelint (not tests): wall time and peak memory, ratios from the same run.

    python benchmarks/bench.py [--runs 5] [--only a,b,c,d,e]

(a) CPython's standard library: `scopelint check` (cold cache) vs `ruff check --select S --no-cache`
(b) an auth-heavy corpus built from the rule examples (every file has token code, so every
    file is parsed): `scopelint check --jobs 1` (cold) vs a bare `libcst.parse_module` loop
(c) 1 job vs 2 jobs on (b)
(d) warm cache vs cold on (a) and (b)
(e) one file as a pre-commit hook runs it (process start to exit): unrelated code, auth code;
    without the cache, and with the hook's own command line (cache on, after a first run)
(f) peak memory of a large tree analysed as one run (`--jobs 1`: every program and the whole
    interpretation in one process): the auth-heavy corpus of (b) grown to 3,000 files, every
    one of them analysed, and each `--tree DIR` given (e.g. an installed SDK's package folder)

Needs `ruff` on PATH for (a) (`pip install ruff`). Every figure is the median of --runs runs;
each command runs as its own process, its peak memory (max RSS) is read with wait4.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PYTHON = sys.executable
SCOPELINT = [PYTHON, "-m", "scopelint"]
BARE_PARSE = """
import sys, libcst
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.py")):
    libcst.parse_module(path.read_text(encoding="utf-8"))
"""


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """(seconds, peak MB, exit status) of one run of `command` as its own process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    return elapsed, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


@dataclass(frozen=True)
class Timing:
    median: float  # seconds: what the targets are stated in
    fastest: float  # seconds: noise on a shared machine only ever adds, so this moves less
    peak: float  # MB, the largest of the runs


def alternating(commands: list[tuple], runs: int, env=None) -> list[Timing]:
    """A Timing of each (command, cwd[, before]), the commands run in turn (A B A B ...) so
    that a drift of the machine's speed (seen here: up to 2x within minutes) weighs on all
    of them alike: ratios of these figures compare like with like. `before` runs untimed
    before each run of its command."""
    times: list[list[float]] = [[] for _ in commands]
    peaks: list[float] = [0.0 for _ in commands]
    for _ in range(runs):
        for index, (command, cwd, *before) in enumerate(commands):
            for prepare in before:
                prepare()
            seconds, peak, status = measure(command, cwd, env)
            if status not in (0, 1, 2):  # 2: unreadable files (the stdlib ships some on purpose)
                raise SystemExit(f"{' '.join(command)} failed with exit status {status}")
            times[index].append(seconds)
            peaks[index] = max(peaks[index], peak)
    return [Timing(statistics.median(t), min(t), p) for t, p in zip(times, peaks, strict=True)]


def once(command: list[str], cwd: Path, env=None) -> None:
    alternating([(command, cwd)], 1, env)


def rule_cases(rule: str | None = None, kind: str | None = None) -> list:
    """The rules' VALID and INVALID cases (tests/fixtures/rules/), read by the tests' loader."""
    tests = str(Path(__file__).resolve().parent.parent / "tests")
    if tests not in sys.path:
        sys.path.insert(0, tests)
    from rule_cases import load_cases

    return load_cases(rule, kind)


def auth_corpus(target: Path, minimum: int = 300) -> Path:
    """Every Python VALID and INVALID case (with its other modules), copied until
    `minimum` files. Python only: the baseline is a LibCST parse of the same files (the
    rules' JavaScript and template cases go through tree-sitter, not LibCST)."""
    from scopelint.languages import language_of

    examples = [case.files for case in rule_cases() if all(language_of(name) is None for name in case.files)]
    count = 0
    copy = 0
    while count < minimum:
        for index, files in enumerate(examples):
            folder = target / f"copy{copy}" / f"e{index}"
            for name, text in files.items():
                path = folder / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
                count += 1
        copy += 1
    return target


def clear_cache(root: Path) -> None:
    shutil.rmtree(root / ".scopelint_cache", ignore_errors=True)


def line(label: str, timing: Timing) -> None:
    print(f"  {label:<48} {timing.median * 1000:7.0f} ms (fastest {timing.fastest * 1000:5.0f}) {timing.peak:5.0f} MB")


def ratio(label: str, numerator: Timing, denominator: Timing, target: str) -> None:
    by_median = numerator.median / denominator.median
    by_fastest = numerator.fastest / denominator.fastest
    print(f"  {label}: {by_median:.2f} (fastest runs: {by_fastest:.2f}; target {target})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="a,b,c,d,e,f")
    parser.add_argument("--tree", action="append", default=[], type=Path, help="(f): another tree to measure")
    options = parser.parse_args()
    only = set(options.only.split(","))
    runs = options.runs
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    work = Path(tempfile.mkdtemp(prefix="scopelint-bench-"))
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("PRE_COMMIT", None)
    # as installed: an install compiles the bytecode once; without it every run would
    # compile scopelint's modules again (35-40 ms of each run)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    import scopelint

    subprocess.run([PYTHON, "-m", "compileall", "-q", str(Path(scopelint.__file__).parent)], env=env, check=False)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, medians of {runs} runs\n")

    if "a" in only or "d" in only:
        print(f"(a) standard library: {stdlib}")
        check = [*SCOPELINT, "check", "--format", "json", str(stdlib)]
        with_ruff = "a" in only and shutil.which("ruff") is not None
        commands = [([*check, "--no-cache"], work)]
        if with_ruff:
            commands.append((["ruff", "check", "--select", "S", "--no-cache", "--quiet", str(stdlib)], work))
        if "d" in only:
            warm_root = work / "stdlib-run"
            warm_root.mkdir()
            once(check, warm_root, env)  # fills the cache
            commands.append((check, warm_root))
        cold, *others = alternating(commands, runs, env)
        line("scopelint check (no cache)", cold)
        if with_ruff:
            ruff, *others = others
            line("ruff check --select S --no-cache", ruff)
            ratio("ratio scopelint / ruff", cold, ruff, "<= 0.5")
        elif "a" in only:
            print("  ruff not on PATH: pip install ruff")
        if "d" in only:
            (warm,) = others
            line("scopelint check (warm cache)", warm)
            ratio("(d) warm / cold on (a)", warm, cold, "<= 0.2")
        print()

    if only & {"b", "c", "d"}:
        corpus = auth_corpus(work / "auth")
        files = len(list(corpus.rglob("*.py")))
        print(f"(b) auth-heavy corpus: {files} files built from the rule examples")
        check = [*SCOPELINT, "check", "--format", "json", "."]
        commands = [([PYTHON, "-c", BARE_PARSE, str(corpus)], work), ([*check, "--no-cache", "--jobs", "1"], corpus)]
        if "c" in only:
            commands.append(([*check, "--no-cache", "--jobs", "2"], corpus))
        if "d" in only:
            clear_cache(corpus)
            once([*check, "--jobs", "1"], corpus, env)  # fills the cache
            commands.append(([*check, "--jobs", "1"], corpus))
        bare, one, *others = alternating(commands, runs, env)
        line("bare libcst.parse_module loop", bare)
        line("scopelint check --jobs 1 (no cache)", one)
        ratio("ratio scopelint / bare parse", one, bare, "<= 2.5")
        if "c" in only:
            two, *others = others
            line("scopelint check --jobs 2 (no cache)", two)
            print(
                f"  (c) speed-up 2 jobs vs 1: {one.median / two.median:.2f}x "
                f"(fastest runs: {one.fastest / two.fastest:.2f}x; target >= 1.7)"
            )
        if "d" in only:
            (warm,) = others
            line("scopelint check --jobs 1 (warm cache)", warm)
            ratio("(d) warm / cold on (b)", warm, one, "<= 0.2")
        print()

    if "e" in only:
        print("(e) one file, as a pre-commit hook runs it (PRE_COMMIT=1, process start to exit)")
        single = work / "single"
        single.mkdir()
        (single / "plain.py").write_text("def add(a, b):\n    return a + b\n", encoding="utf-8")
        first = rule_cases("SL101", "invalid")[0]
        auth_code = first.files[first.main_path]
        (single / "auth.py").write_text(auth_code, encoding="utf-8")
        hook_env = {**env, "PRE_COMMIT": "1"}
        hook = [*SCOPELINT, "check", "--force-exclude"]  # the hook's own command line: the cache on
        once([*hook, "plain.py", "auth.py"], single, hook_env)  # the first commit fills it
        edits = iter(range(1_000_000))

        def edit_auth_file() -> None:  # a commit stages a changed file: its result is not cached
            with open(single / "edited.py", "w", encoding="utf-8") as stream:
                stream.write(f"{auth_code}# edit {next(edits)}\n")

        edit_auth_file()
        once([*hook, "edited.py"], single, hook_env)
        plain, auth, hook_plain, hook_auth, hook_edited, floor, libcst_import = alternating(
            [
                ([*SCOPELINT, "check", "--no-cache", "plain.py"], single),
                ([*SCOPELINT, "check", "--no-cache", "auth.py"], single),
                ([*hook, "plain.py"], single),
                ([*hook, "auth.py"], single),
                ([*hook, "edited.py"], single, edit_auth_file),
                ([PYTHON, "-c", "import click, dataclasses"], single),  # floors, for scale
                ([PYTHON, "-c", "import libcst"], single),
            ],
            runs,
            hook_env,
        )
        line("unrelated file", plain)
        print(f"  target <= 150 ms: {'met' if plain.median <= 0.150 else 'not met'}")
        line("auth file", auth)
        print(f"  target <= 400 ms: {'met' if auth.median <= 0.400 else 'not met'}")
        line("unrelated file, hook command, cache on", hook_plain)
        line("auth file, hook command, cache on", hook_auth)
        line("auth file, hook command, file just edited", hook_edited)
        print(
            f"  (the hook's own runs) targets <= 150 / 400 ms: {'met' if hook_plain.median <= 0.150 else 'not met'}"
            f" / {'met' if hook_edited.median <= 0.400 else 'not met'}"
        )
        line("for scale: python -c 'import click, dataclasses'", floor)
        line("for scale: python -c 'import libcst'", libcst_import)
    if "f" in only:
        print("\n(f) peak memory, one process (--jobs 1, no cache); target < 300 MB on a 3,000-file tree")
        large = auth_corpus(work / "large", minimum=3000)
        for tree in [large, *options.tree]:
            files = sum(1 for _ in tree.rglob("*.py"))
            (timing,) = alternating(
                [([*SCOPELINT, "check", "--format", "json", "--no-cache", "--jobs", "1", "."], tree)], 1, env
            )
            name = "auth-heavy corpus" if tree == large else str(tree)
            line(f"{name} ({files} .py files)", timing)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
