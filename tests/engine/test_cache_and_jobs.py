"""The result cache and the process pool: the same findings as a serial, uncached run."""

from __future__ import annotations

import os
import sys
from dataclasses import asdict
from pathlib import Path

import pytest

from rule_cases import load_cases
from scopelint.config import load_config
from scopelint.discovery import discover_files
from scopelint.engine import Engine
from scopelint.packs.files import builtin_pack_paths
from scopelint.parallel import forked_screen, pool
from scopelint.parallel.pool import PARALLEL_MIN_FILES
from scopelint.rules import ALL_RULES


def _project(root: Path, copies: int = 1) -> Path:
    cases = [case for rule in ALL_RULES for case in load_cases(rule.code, "invalid")[:6]]
    for copy in range(copies):
        for index, case in enumerate(cases):
            for name, text in case.files.items():
                path = root / f"c{copy}" / f"e{index}" / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    return root


def _report(result) -> list[dict]:
    return [asdict(f) for f in result.findings] + [asdict(e) for e in result.errors]


def test_warm_run_parses_nothing_and_reports_the_same(tmp_path: Path, monkeypatch) -> None:
    root = _project(tmp_path)
    config = load_config(root)
    cold = Engine(config, use_cache=True).check_paths([root], root)
    assert cold.findings
    assert (root / ".scopelint_cache" / ".gitignore").read_text().splitlines()[-1] == "*"

    def no_parsing(*args: object) -> None:
        raise AssertionError("a warm run must not parse")

    from scopelint.javascript.frontend import ScriptFrontend
    from scopelint.python.frontend import PythonFrontend

    monkeypatch.setattr(PythonFrontend, "lower", no_parsing)
    monkeypatch.setattr(ScriptFrontend, "lower", no_parsing)
    warm = Engine(config, use_cache=True).check_paths([root], root)
    assert _report(warm) == _report(cold)


def test_changed_file_is_analysed_again(tmp_path: Path) -> None:
    root = _project(tmp_path)
    config = load_config(root)
    Engine(config, use_cache=True).check_paths([root], root)
    target = next(p for p in sorted(root.rglob("*.py")))
    target.write_text("print('no tokens here, api/v2 id_token')\n", encoding="utf-8")
    cached = Engine(config, use_cache=True).check_paths([root], root)
    fresh = Engine(config).check_paths([root], root)
    assert _report(cached) == _report(fresh)


def test_broken_cache_entries_are_misses(tmp_path: Path) -> None:
    root = _project(tmp_path)
    config = load_config(root)
    cold = Engine(config, use_cache=True).check_paths([root], root)
    for entry in (root / ".scopelint_cache").rglob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    again = Engine(config, use_cache=True).check_paths([root], root)
    assert _report(again) == _report(cold)


def test_selection_is_part_of_the_key(tmp_path: Path) -> None:
    root = _project(tmp_path)
    config = load_config(root)
    Engine(config, use_cache=True).check_paths([root], root)
    only = Engine(config, select=["SL109"], use_cache=True).check_paths([root], root)
    assert {f.code for f in only.findings} == {"SL109"}


def _count_pools(monkeypatch) -> list[int]:
    started: list[int] = []
    original = pool.Analysis.start_pool

    def counting(self) -> None:
        started.append(len(self.waiting))
        original(self)

    monkeypatch.setattr(pool.Analysis, "start_pool", counting)
    return started


@pytest.mark.parametrize("jobs", [2, 3])
def test_parallel_run_reports_exactly_what_a_serial_run_does(tmp_path: Path, monkeypatch, jobs: int) -> None:
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    root = _project(tmp_path, copies=2)
    (root / "unrelated.py").write_text("x = 1\n", encoding="utf-8")  # skipped between analysed files
    config = load_config(root)
    started = _count_pools(monkeypatch)
    serial = Engine(config, jobs=1).check_paths([root], root)
    assert started == []
    parallel = Engine(config, jobs=jobs).check_paths([root], root)
    assert started == [PARALLEL_MIN_FILES], "the pool must have analysed this run"
    assert _report(parallel) == _report(serial)
    assert parallel.files_checked == serial.files_checked
    assert parallel.files_skipped_by_prefilter == serial.files_skipped_by_prefilter >= 1


def test_no_pool_under_pre_commit_or_for_a_few_files(tmp_path: Path, monkeypatch) -> None:
    root = _project(tmp_path, copies=2)
    config = load_config(root)
    started = _count_pools(monkeypatch)
    monkeypatch.setenv("PRE_COMMIT", "1")
    Engine(config, jobs=4).check_paths([root], root)
    assert started == []
    monkeypatch.delenv("PRE_COMMIT")
    few = sorted(root.rglob("*.py"))[: PARALLEL_MIN_FILES - 1]
    Engine(config, jobs=4).check_paths(few, root)
    assert started == []


def _mixed_tree(root: Path) -> Path:
    """Analysed files, skipped files, unreadable files and cached-or-not files interleaved."""
    _project(root, copies=2)
    for index in range(40):
        (root / "plain" / f"m{index:02}.py").parent.mkdir(exist_ok=True)
        (root / "plain" / f"m{index:02}.py").write_text(f"x = {index}\n", encoding="utf-8")
    (root / "plain" / "binary.py").write_bytes(b"x = 1\0\n")
    (root / "plain" / "latin.py").write_bytes(b"s = '\xe9'\n")
    return root


def _count_forks(monkeypatch, minimum: int) -> list[int]:
    forks: list[int] = []
    original = forked_screen.ForkedScreen.__init__

    def counting(self, screen, indexes) -> None:
        forks.append(len(indexes))
        original(self, screen, indexes)

    monkeypatch.setattr(forked_screen.ForkedScreen, "__init__", counting)
    monkeypatch.setattr(forked_screen, "MIN_FILES", minimum)
    return forks


@pytest.mark.skipif(not forked_screen.available(), reason="the forked screen is Linux-only")
@pytest.mark.parametrize("use_cache", [False, True])
def test_forked_screening_reports_exactly_what_one_process_does(tmp_path: Path, monkeypatch, use_cache: bool) -> None:
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    root = _mixed_tree(tmp_path)
    config = load_config(root)
    serial = Engine(config, jobs=1).check_paths([root], root)
    forks = _count_forks(monkeypatch, minimum=10)
    if use_cache:  # half of the files cached: the child sends back cached outcomes too
        Engine(config, use_cache=True).check_paths(sorted(root.rglob("*.py"))[::2], root)
    forked = Engine(config, jobs=2, use_cache=use_cache).check_paths([root], root)
    discovered = len(discover_files([root], config, root)[0])
    assert forks == [discovered // 2], "the child must have screened every second file"
    assert _report(forked) == _report(serial)
    assert (forked.files_checked, forked.files_skipped_by_prefilter) == (
        serial.files_checked,
        serial.files_skipped_by_prefilter,
    )
    assert any("NUL" in e.message for e in forked.errors) and any("not valid UTF-8" in e.message for e in forked.errors)


@pytest.mark.skipif(not forked_screen.available(), reason="the forked screen is Linux-only")
def test_a_failed_screening_child_costs_time_not_results(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    root = _mixed_tree(tmp_path)
    config = load_config(root)
    serial = Engine(config, jobs=1).check_paths([root], root)
    forks = _count_forks(monkeypatch, minimum=10)
    parent = os.getpid()
    import scopelint.engine as engine_module

    original = engine_module.read_source

    def failing_in_the_child(*args, **kwargs):
        if os.getpid() != parent:
            raise RuntimeError("the child breaks")
        return original(*args, **kwargs)

    monkeypatch.setattr(engine_module, "read_source", failing_in_the_child)
    forked = Engine(config, jobs=2).check_paths([root], root)
    assert forks, "the child must have been forked"
    assert _report(forked) == _report(serial)


@pytest.mark.skipif(not forked_screen.available(), reason="the forked screen is Linux-only")
def test_a_run_that_cannot_fork_screens_alone(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    root = _mixed_tree(tmp_path)
    config = load_config(root)
    serial = Engine(config, jobs=1).check_paths([root], root)
    forks = _count_forks(monkeypatch, minimum=10)

    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    open_before = len(os.listdir("/proc/self/fd"))
    with pytest.raises(OSError):
        forked_screen.ForkedScreen(lambda index: index, range(3))
    assert len(os.listdir("/proc/self/fd")) == open_before, "its pipe is closed again"
    # the screening child and the pool's workers both fail to start: analysed here instead
    alone = Engine(config, jobs=2).check_paths([root], root)
    assert len(forks) == 2, "a fork must have been tried"
    assert _report(alone) == _report(serial)


_VICTIM = ""
_real_work = pool.work_batch


def _dying_work(batch):
    """A pool task whose worker is killed when the batch holds _VICTIM (by reference: picklable)."""
    if any(pending.source.display_path == _VICTIM for pending in batch):
        os._exit(9)
    return _real_work(batch)


def test_a_killed_worker_costs_its_files_not_the_run(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    root = _project(tmp_path, copies=2)
    config = load_config(root)
    serial = Engine(config, jobs=1).check_paths([root], root)
    victim = serial.findings[-1].path  # analysed late: the pool is running by then
    monkeypatch.setattr(pool, "work_batch", _dying_work)
    monkeypatch.setattr(sys.modules[__name__], "_VICTIM", victim)  # the forked workers inherit it
    broken = Engine(config, jobs=2).check_paths([root], root)
    lost = {e.path for e in broken.errors if "the process analysing it stopped" in e.message}
    assert victim in lost
    # every file is either reported as before or said to be unanalysed
    assert {f.path for f in broken.findings} | lost >= {f.path for f in serial.findings}
    assert [f for f in broken.findings if f.path not in lost] == [f for f in serial.findings if f.path not in lost]


def test_no_fork_for_small_runs_or_under_pre_commit(tmp_path: Path, monkeypatch) -> None:
    root = _mixed_tree(tmp_path)
    config = load_config(root)
    forks = _count_forks(monkeypatch, minimum=10_000)
    Engine(config, jobs=2).check_paths([root], root)
    assert forks == []
    monkeypatch.setattr(forked_screen, "MIN_FILES", 10)
    monkeypatch.setenv("PRE_COMMIT", "1")
    Engine(config, jobs=2).check_paths([root], root)
    Engine(config, jobs=1).check_paths([root], root)
    assert forks == []


def _packs_cached(root: Path) -> list[Path]:
    return sorted((root / ".scopelint_cache" / "packs").glob("*.json"))


def test_a_cached_run_reads_its_packs_without_yaml(tmp_path: Path) -> None:
    import subprocess
    import sys

    (tmp_path / "plain.py").write_text("x = 1\n", encoding="utf-8")
    program = (
        "import sys\n"
        "from scopelint.cli import main\n"
        "sys.argv = ['scopelint', 'check', 'plain.py']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('yaml' in sys.modules, 'scopelint.packs.knowledge' in sys.modules)\n"
    )
    runs = [
        subprocess.run([sys.executable, "-c", program], cwd=tmp_path, capture_output=True, text=True, check=True)
        for _ in range(2)
    ]
    # the second run takes the prefilter from the cache: nothing to parse, so no pack is loaded
    assert runs[0].stdout.split()[-1] == "True" and runs[1].stdout.split()[-2:] == ["False", "False"]
    assert not _packs_cached(tmp_path)  # the built-in packs are compiled beside themselves
    assert all((path.parent / "__pycache__" / f"{path.stem}.json").is_file() for path in builtin_pack_paths())
    assert len(list((tmp_path / ".scopelint_cache" / "prefilter").glob("*.json"))) == 1
    # a file that needs parsing loads the packs, from their cached JSON: still no YAML parser
    (tmp_path / "plain.py").write_text("token = response['id_token']\n", encoding="utf-8")
    third = subprocess.run([sys.executable, "-c", program], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert third.stdout.split()[-2:] == ["False", "True"]


def test_a_broken_cached_prefilter_is_built_again(tmp_path: Path) -> None:
    root = _project(tmp_path)
    config = load_config(root)
    fresh = Engine(config, use_cache=True).check_paths([root], root)
    entries = list((root / ".scopelint_cache" / "prefilter").glob("*.json"))
    assert len(entries) == 1
    for broken in ('{"python": {"requirements": 1}}', '{"python": {"requirements": [], "anchors": []}}', "[]"):
        entries[0].write_text(broken, encoding="utf-8")
        again = Engine(config, use_cache=True)
        assert again.prefilter == Engine(config).prefilter
        assert _report(again.check_paths([root], root)) == _report(fresh)


def test_without_a_cache_the_built_in_packs_are_read_compiled(tmp_path: Path) -> None:
    """`--no-cache` writes nothing into the project, yet the built-in packs are not parsed as
    YAML on every run: they and the prefilter are compiled beside the packs, as Python's
    bytecode is; a run with nothing to parse loads no pack at all."""
    import subprocess
    import sys

    (tmp_path / "auth.py").write_text("token = response['id_token']\n", encoding="utf-8")
    (tmp_path / "plain.py").write_text("x = 1\n", encoding="utf-8")

    def run(path: str) -> list[str]:
        program = (
            "import sys\n"
            "from scopelint.cli import main\n"
            f"sys.argv = ['scopelint', 'check', '--no-cache', {path!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('yaml' in sys.modules, 'scopelint.packs.knowledge' in sys.modules)\n"
        )
        done = subprocess.run([sys.executable, "-c", program], cwd=tmp_path, capture_output=True, text=True, check=True)
        return done.stdout.split()[-2:]

    run("auth.py")
    assert run("auth.py") == ["False", "True"]
    assert run("plain.py") == ["False", "False"]
    assert not (tmp_path / ".scopelint_cache").exists()


def test_a_broken_or_stale_compiled_pack_is_read_from_yaml_again(tmp_path: Path) -> None:
    from scopelint.cache import CompiledCache
    from scopelint.packs.knowledge import builtin_pack_paths, load_pack

    root = _project(tmp_path)
    config = load_config(root)
    fresh = Engine(config, use_cache=True).check_paths([root], root)
    # a pack compiled beside itself (a copy of a built-in one: the installed ones are shared)
    pack = tmp_path / "packs" / "copy.yaml"
    pack.parent.mkdir()
    pack.write_bytes(builtin_pack_paths()[0].read_bytes())
    expected = asdict(load_pack(pack))
    assert asdict(load_pack(pack, CompiledCache.beside(pack))) == expected
    entry = pack.parent / "__pycache__" / "copy.json"
    assert entry.is_file()
    entry.write_text("{not json", encoding="utf-8")
    assert asdict(load_pack(pack, CompiledCache.beside(pack))) == expected
    # an edited pack is never read stale: its one entry is replaced
    pack.write_bytes(pack.read_bytes() + b"\n# edited\n")
    assert asdict(load_pack(pack, CompiledCache.beside(pack))) == expected
    assert [p.name for p in entry.parent.iterdir()] == ["copy.json"]
    assert CompiledCache.beside(pack).get(pack.read_bytes()) is not None
    # the project's cache of an extra pack: a broken entry is a miss
    extra = root / "extra.yaml"
    extra.write_bytes(builtin_pack_paths()[0].read_bytes() + b"\n# edited\n")
    load_pack(extra, CompiledCache(root, "packs"))
    assert len(_packs_cached(root)) == 1
    for cached in _packs_cached(root):
        cached.write_text("{not json", encoding="utf-8")
    assert asdict(load_pack(extra, CompiledCache(root, "packs"))) == expected
    again = Engine(config, use_cache=True)
    assert asdict(again.knowledge) == asdict(Engine(config).knowledge)
    assert _report(again.check_paths([root], root)) == _report(fresh)
