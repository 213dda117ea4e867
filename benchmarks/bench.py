"""Benchmarks of scopelint (not tests): wall time and peak memory, ratios from the same run.

    python benchmarks/bench.py [--runs 5] [--only a,b,c,d,e]

(a) CPython's standard library: `scopelint check` (cold cache) vs `ruff check --select S --no-cache`
(b) an auth-heavy corpus built from the rule examples (every file has token code, so every
    file is parsed): `scopelint check --jobs 1` (cold) vs a bare `libcst.parse_module` loop
(c) 1 job vs 2 jobs on (b)
(d) warm cache vs cold on (a) and (b)
(e) one file as a pre-commit hook runs it (process start to exit): unrelated code, auth code;
    without the cache, and with the hook's own command line (cache on, after a first run)

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


def median(command: list[str], cwd: Path, runs: int, env=None) -> tuple[float, float]:
    (seconds, peak), = alternating([(command, cwd)], runs, env)
    return seconds, peak


def alternating(commands: list[tuple[list[str], Path]], runs: int, env=None) -> list[tuple[float, float]]:
    """(median seconds, max peak MB) of each (command, cwd), the commands run in turn
    (A B A B ...) so that a drift of the machine's speed (seen here: up to 2x within
    minutes) weighs on all of them alike: ratios of these medians compare like with like."""
    times: list[list[float]] = [[] for _ in commands]
    peaks: list[float] = [0.0 for _ in commands]
    for _ in range(runs):
        for index, (command, cwd) in enumerate(commands):
            seconds, peak, status = measure(command, cwd, env)
            if status not in (0, 1, 2):  # 2: unreadable files (the stdlib ships some on purpose)
                raise SystemExit(f"{' '.join(command)} failed with exit status {status}")
            times[index].append(seconds)
            peaks[index] = max(peaks[index], peak)
    return [(statistics.median(t), p) for t, p in zip(times, peaks)]


def auth_corpus(target: Path, minimum: int = 300) -> Path:
    """Every VALID and INVALID example (with its other modules), copied until `minimum` files."""
    from scopelint.rules import ALL_RULES

    examples = [e for rule in ALL_RULES for e in (*rule.INVALID, *rule.VALID)]
    count = 0
    copy = 0
    while count < minimum:
        for index, example in enumerate(examples):
            folder = target / f"copy{copy}" / f"e{index}"
            for name, text in {example.path: example.code, **example.extra_files}.items():
                path = folder / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
                count += 1
        copy += 1
    return target


def clear_cache(root: Path) -> None:
    shutil.rmtree(root / ".scopelint_cache", ignore_errors=True)


def line(label: str, seconds: float, peak: float) -> None:
    print(f"  {label:<44} {seconds * 1000:9.0f} ms {peak:8.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="a,b,c,d,e")
    options = parser.parse_args()
    only = set(options.only.split(","))
    runs = options.runs
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    work = Path(tempfile.mkdtemp(prefix="scopelint-bench-"))
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("PRE_COMMIT", None)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, medians of {runs} runs\n")

    if "a" in only or "d" in only:
        print(f"(a) standard library: {stdlib}")
        check = [*SCOPELINT, "check", "--format", "json", str(stdlib)]
        commands = [([*check, "--no-cache"], work)]
        ruff = ["ruff", "check", "--select", "S", "--no-cache", "--quiet", str(stdlib)]
        if "a" in only and shutil.which("ruff"):
            commands.append((ruff, work))
        if "d" in only:
            warm_root = work / "stdlib-run"
            warm_root.mkdir()
            median(check, warm_root, 1, env=env)  # fills the cache
            commands.append((check, warm_root))
        (cold, cold_peak), *others = alternating(commands, runs, env)
        line("scopelint check (no cache)", cold, cold_peak)
        if "a" in only and shutil.which("ruff"):
            (ruff_time, ruff_peak), *others = others
            line("ruff check --select S --no-cache", ruff_time, ruff_peak)
            print(f"  ratio scopelint / ruff: {cold / ruff_time:.2f} (target <= 0.5)")
        elif "a" in only:
            print("  ruff not on PATH: pip install ruff")
        if "d" in only:
            (warm, warm_peak), = others
            line("scopelint check (warm cache)", warm, warm_peak)
            print(f"  (d) warm / cold on (a): {warm / cold:.2f} (target <= 0.2)")
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
            median([*check, "--jobs", "1"], corpus, 1, env=env)  # fills the cache
            commands.append(([*check, "--jobs", "1"], corpus))
        (bare, bare_peak), (one, one_peak), *others = alternating(commands, runs, env)
        line("bare libcst.parse_module loop", bare, bare_peak)
        line("scopelint check --jobs 1 (no cache)", one, one_peak)
        print(f"  ratio scopelint / bare parse: {one / bare:.2f} (target <= 1.3)")
        if "c" in only:
            (two, two_peak), *others = others
            line("scopelint check --jobs 2 (no cache)", two, two_peak)
            print(f"  (c) speed-up 2 jobs vs 1: {one / two:.2f}x (target >= 1.7)")
        if "d" in only:
            (warm, warm_peak), = others
            line("scopelint check --jobs 1 (warm cache)", warm, warm_peak)
            print(f"  (d) warm / cold on (b): {warm / one:.2f} (target <= 0.2)")
        print()

    if "e" in only:
        print("(e) one file, as a pre-commit hook runs it (PRE_COMMIT=1, process start to exit)")
        single = work / "single"
        single.mkdir()
        (single / "plain.py").write_text("def add(a, b):\n    return a + b\n", encoding="utf-8")
        from scopelint.rules.examples_sl101 import INVALID_EXAMPLES

        (single / "auth.py").write_text(INVALID_EXAMPLES[0].code, encoding="utf-8")
        hook_env = {**env, "PRE_COMMIT": "1"}
        hook = [*SCOPELINT, "check", "--force-exclude"]  # the hook's own command line: the cache on
        median([*hook, "plain.py", "auth.py"], single, 1, env=hook_env)  # the first commit fills it
        commands = [
            ([*SCOPELINT, "check", "--no-cache", "plain.py"], single),
            ([*SCOPELINT, "check", "--no-cache", "auth.py"], single),
            ([*hook, "plain.py"], single),
            ([*hook, "auth.py"], single),
            ([PYTHON, "-c", "import click, dataclasses"], single),  # floors, for scale
            ([PYTHON, "-c", "import libcst"], single),
        ]
        (plain, plain_peak), (auth, auth_peak), (hook_plain, hp_peak), (hook_auth, ha_peak), (floor, floor_peak), (
            libcst_import,
            libcst_peak,
        ) = alternating(commands, runs, hook_env)
        line("unrelated file", plain, plain_peak)
        print(f"  target <= 150 ms: {'met' if plain <= 0.150 else 'not met'}")
        line("auth file", auth, auth_peak)
        print(f"  target <= 400 ms: {'met' if auth <= 0.400 else 'not met'}")
        line("unrelated file, hook command, cache on", hook_plain, hp_peak)
        line("auth file, hook command, cache on", hook_auth, ha_peak)
        line("for scale: python -c 'import click, dataclasses'", floor, floor_peak)
        line("for scale: python -c 'import libcst'", libcst_import, libcst_peak)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
