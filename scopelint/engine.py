"""The engine: file -> read -> prefilter -> parse -> facts -> rules -> findings.

Two phases. Per file: read, prefilter, parse once, build the module's facts, run the
module rules, and keep the file's plain-data facts (`FileFacts`). Per run: join the files'
facts (tokens cross modules through the session and imports) and run the run rules.
Small and separate from the CLI: `Engine.check_paths` is what `scopelint check` runs;
`Engine.check_texts` is what the tests run on each rule example.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from scopelint.parallel import forked_screen
from scopelint.config import Config
from scopelint.discovery import discover_files
from scopelint.languages import language_of
from scopelint.model import FileError, Finding, RunResult
from scopelint.pack_files import builtin_pack_paths
from scopelint.prefilter import Prefilter
from scopelint.rules import ALL_RULES, Rule, select_rules
from scopelint.source import SourceError, SourceFile, read_source

if TYPE_CHECKING:
    from scopelint.facts.model import FileFacts, Site
    from scopelint.packs import Knowledge
    from scopelint.cache import Cache
    from scopelint.suppression import Suppressions

# What only some runs need (the cache, suppressions, fingerprints, masking) is imported
# where it is used: a pre-commit run over an unrelated file pays for none of it.


@dataclass
class FileOutcome:
    findings: list[Finding]
    error: FileError | None = None
    parsed: bool = False
    facts: "FileFacts | None" = None
    suppressions: "Suppressions | None" = None
    ignored: frozenset[str] = frozenset()


class Engine:
    def __init__(
        self,
        config: Config,
        *,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] = (),
        knowledge: Knowledge | None = None,
        force_exclude: bool = False,
        use_cache: bool = False,
        jobs: int = 1,
    ) -> None:
        self.config = config
        self.force_exclude = force_exclude
        self._real_root: str | None = None
        self._knowledge = knowledge  # loaded on first use: see `knowledge`
        self._compiled_packs = None
        chosen_select = select if select else config.select
        self.rules: list[Rule] = [rule() for rule in select_rules(ALL_RULES, chosen_select, [*config.ignore, *ignore])]
        self.module_rules = [r for r in self.rules if r.scope == "module"]
        self.run_rules = [r for r in self.rules if r.scope == "run"]
        self.jobs = max(1, jobs)
        self.cache: "Cache | None" = None
        if use_cache:
            pack_files = knowledge.pack_files if knowledge is not None else [*builtin_pack_paths(), *config.rule_packs]
            settings = repr((config.select, config.ignore, sorted(config.per_file_ignores.items()), config.custom_domains,
                             [r.code for r in self.rules]))
            from scopelint.cache import Cache, CompiledCache

            packs = [_read_pack(path) for path in pack_files]  # read once: both caches are keyed by them
            self.cache = Cache.for_run(config.root, packs, settings)
            if knowledge is None and None not in packs:
                self._compiled_packs = CompiledCache(config.root, "packs")
                self.prefilter = self._cached_prefilter(CompiledCache(config.root, "prefilter"), packs)  # type: ignore[arg-type]
                return
        self.prefilter = Prefilter.from_knowledge(self.knowledge, self.rules)

    @property
    def knowledge(self) -> Knowledge:
        """The merged rule packs, loaded when first needed: a cached run whose files all fail
        the prefilter never loads them."""
        if self._knowledge is None:
            from scopelint.packs import load_knowledge

            self._knowledge = load_knowledge(self.config.rule_packs, self._compiled_packs)
        return self._knowledge

    def _cached_prefilter(self, compiled, packs: list[bytes]) -> Prefilter:
        """The prefilter by the packs' bytes and the selected rules; built (which loads and
        validates the packs) only when they changed."""
        key = b"\0".join([*packs, ",".join(r.code for r in self.rules).encode()])
        data = compiled.get(key)
        if data is not None:
            try:
                return Prefilter.from_data(data)
            except (KeyError, TypeError, ValueError, IndexError):
                pass  # a broken entry is a miss
        prefilter = Prefilter.from_knowledge(self.knowledge, self.rules)
        compiled.put(key, prefilter.to_data())
        return prefilter

    # ------------------------------------------------------------------ runs
    def check_paths(
        self,
        paths: Sequence[Path],
        cwd: Path,
        *,
        overlay: dict[str, str] | None = None,
        sources: dict[str, SourceFile] | None = None,
        progress: "Callable[[int, int], None] | None" = None,
    ) -> RunResult:
        """Check files and directories. `overlay` replaces the text of files (by display path)
        with edited text (the fixer's passes); `sources` collects what was read from disk."""
        files, errors = discover_files(paths, self.config, cwd, self.force_exclude)
        result = RunResult(errors=list(errors))
        # Reading and the prefilter run here, in order; only the files that need analysing
        # go to the pool, and only once there are enough of them to pay for it.
        analysis = _Analysis(self, self._pool_allowed(overlay, sources, progress))

        def screen(index: int) -> "FileOutcome | FileError | _Pending":
            shown, path = files[index]
            return self._screen_file(path, shown, self._ignored_for(path, cwd), overlay, sources)

        # A big tree is read and prefiltered by two processes: a forked child takes every
        # second file (before the pool exists: fork only a single-threaded process).
        child = None
        if analysis.pool_allowed and len(files) >= forked_screen.MIN_FILES and forked_screen.available():
            try:
                child = forked_screen.ForkedScreen(lambda i: _portable(screen(i)), range(1, len(files), 2))
            except OSError:
                child = None  # no fork to be had: this process screens every file
        screened: list["FileOutcome | FileError | int | None"] = []
        try:
            for index in range(len(files)):
                if child is not None and index % 2:
                    screened.append(None)  # the child's
                    continue
                outcome = screen(index)
                screened.append(analysis.submit(outcome) if isinstance(outcome, _Pending) else outcome)
                if progress is not None:
                    progress(index, len(files))
            if child is not None:
                from_child = child.results() or {}
                for index in child.indexes:
                    outcome = from_child.get(index)
                    if outcome is None:  # to analyse (or the child failed): read again here
                        outcome = screen(index)
                    elif outcome == _DISMISSED:
                        outcome = FileOutcome([])
                    screened[index] = analysis.submit(outcome) if isinstance(outcome, _Pending) else outcome
            done = [analysis.result(item) if isinstance(item, int) else item for item in screened]
        finally:
            if child is not None:
                child.close()
            analysis.close()
        outcomes: list[FileOutcome] = []
        for outcome in done:
            if isinstance(outcome, FileError):
                result.errors.append(outcome)
                continue
            outcomes.append(outcome)
            result.files_checked += 1
            if not outcome.parsed and outcome.error is None:
                result.files_skipped_by_prefilter += 1
            if outcome.error is not None:
                result.errors.append(outcome.error)
        result.findings = self._finish(outcomes)
        result.errors.sort()
        return result

    def _pool_allowed(self, overlay, sources, progress) -> bool:
        # Pre-commit runs hooks in parallel itself, and the fixer's in-memory passes need
        # the sources of this process.
        return (
            self.jobs > 1
            and not os.environ.get("PRE_COMMIT")
            and overlay is None
            and sources is None
            and progress is None
        )

    def _screen_file(
        self,
        path: str,
        shown: str,
        ignored: frozenset[str],
        overlay: dict[str, str] | None = None,
        sources: dict[str, SourceFile] | None = None,
    ) -> "FileOutcome | FileError | _Pending":
        if sources is not None and shown in sources:
            source = sources[shown]
        else:
            try:
                source = read_source(path, shown)
            except SourceError as exc:
                return FileError(shown, str(exc))
            if sources is not None:
                sources[shown] = source
        if overlay and shown in overlay:
            source = replace(source, text=overlay[shown])
        return self._screen(source, frozenset(ignored))

    def check_texts(self, files: dict[str, str]) -> RunResult:
        """Check in-memory modules as one run (rule examples, tests)."""
        result = RunResult()
        outcomes = []
        for path, text in files.items():
            source = SourceFile(path=Path(path), display_path=path, raw=text.encode("utf-8"), text=text, encoding="utf-8", bom=False)
            outcome = self.check_source(source, self.config.ignored_for(path))
            outcomes.append(outcome)
            if outcome.error is not None:
                result.errors.append(outcome.error)
        result.findings = self._finish(outcomes)
        return result

    def check_text(self, text: str, path: str = "example.py") -> RunResult:
        return self.check_texts({path: text})

    def _finish(self, outcomes: list[FileOutcome]) -> list[Finding]:
        """The run phase: join the files' facts, run the run rules, fingerprint, sort."""
        findings = [f for outcome in outcomes for f in outcome.findings]
        by_path = {o.facts.path: o for o in outcomes if o.facts is not None}
        if self.run_rules and by_path:  # no file with facts: no flow to join
            from scopelint.facts.join import join

            run = join([o.facts for o in by_path.values()], self.knowledge)  # type: ignore[misc]
            for rule in self.run_rules:
                for report in rule.check_run(run):
                    outcome = by_path.get(report.site.path)
                    if outcome is None or _silenced(outcome, rule, report.site):
                        continue
                    findings.append(_finding(rule, report.site, report.message, report.fix, report.secrets))
        if not findings:
            return findings
        from scopelint.fingerprint import assign_fingerprints

        by_file: dict[str, list[Finding]] = {}
        for finding in findings:
            by_file.setdefault(finding.path, []).append(finding)
        for file_findings in by_file.values():
            file_findings.sort(key=Finding.sort_key)
            assign_fingerprints(file_findings)
        return sorted(findings, key=Finding.sort_key)

    def _ignored_for(self, path: str, cwd: Path) -> frozenset[str]:
        if not self.config.per_file_ignores:
            return frozenset()  # the common case costs nothing per file
        if self._real_root is None:
            self._real_root = os.path.realpath(self.config.root)
        relative = os.path.relpath(os.path.realpath(os.path.join(cwd, path)), self._real_root)
        if relative.startswith(".."):
            return frozenset()
        return self.config.ignored_for(relative.replace(os.sep, "/"))

    # ------------------------------------------------------------------ one file
    def check_source(self, source: SourceFile, ignored: Iterable[str] = ()) -> FileOutcome:
        """One file: prefilter, then the cached result or a fresh analysis."""
        screened = self._screen(source, frozenset(ignored))
        return self._complete(screened) if isinstance(screened, _Pending) else screened

    def _screen(self, source: SourceFile, ignored: frozenset[str]) -> "FileOutcome | _Pending":
        """The cheap part: the prefilter and the cache. What is left needs `_complete`."""
        rules = [r for r in self.rules if r.code not in ignored and r.name not in ignored] if ignored else self.rules
        language = "python" if language_of(source.display_path) is None else "script"
        if not rules or not self.prefilter.may_match(source.text, language):
            return FileOutcome([])
        key = None
        if self.cache is not None:
            key = self.cache.key(source.display_path, source.text, ignored)
            cached = self.cache.get(key)
            if cached is not None:
                return cached
        return _Pending(source, rules, ignored, key)

    def _complete(self, pending: "_Pending") -> FileOutcome:
        outcome = self._analyse(pending.source, pending.rules, pending.ignored)
        if self.cache is not None and pending.cache_key is not None:
            self.cache.put(pending.cache_key, outcome)
        return outcome

    def _analyse(self, source: SourceFile, rules: list[Rule], ignored: frozenset[str]) -> FileOutcome:
        if len(source.text) > MAX_ANALYSED_CHARACTERS:
            # LibCST needs a few hundred bytes of memory per byte of source: refuse, and say so
            size = len(source.text) / 1_000_000
            limit = MAX_ANALYSED_CHARACTERS // 1_000_000
            return FileOutcome([], FileError(source.display_path, f"too large to analyse ({size:.1f} MB; the limit is {limit} MB)"))
        if language_of(source.display_path) is not None:
            return self._analyse_script(source, rules, ignored)
        from scopelint.python.facts import to_file_facts
        from scopelint.python.parse import ParseFailure, parse

        try:
            parsed = parse(source.text)
            facts = parsed.facts(self.knowledge, self.config.custom_domains, source.display_path)
        except ParseFailure as exc:
            return FileOutcome([], FileError(source.display_path, str(exc)))
        from scopelint.suppression import parse_suppressions

        outcome = FileOutcome([], parsed=True, suppressions=parse_suppressions(source.text), ignored=ignored)

        def locate(node) -> "Site":
            return parsed.site(node, source.display_path, source.line_text)

        for rule in rules:
            if rule.scope != "module":
                continue
            for report in rule.check(facts):
                site = locate(report.node)
                if not _silenced(outcome, rule, site):
                    outcome.findings.append(_finding(rule, site, report.message, report.fix, report.secrets))
        if self.run_rules:
            outcome.facts = to_file_facts(facts, source.display_path, locate, source.line_text)
        if facts.evaluator.budget_exhausted:
            outcome.error = _analysed_in_part(source.display_path)
        return outcome

    def _analyse_script(self, source: SourceFile, rules: list[Rule], ignored: frozenset[str]) -> FileOutcome:
        """JavaScript, TypeScript and templates: the tree-sitter front end's plain facts; module
        rules read them through `check_file`, run rules through the join like Python's."""
        from scopelint.javascript.facts import analyse_script
        from scopelint.javascript.parse import ScriptSyntaxError, parse_script
        from scopelint.suppression import parse_suppressions_for

        path = source.display_path
        try:
            parsed = parse_script(source.text, path)
        except ScriptSyntaxError as exc:
            return FileOutcome([], FileError(path, str(exc)))
        facts, exhausted = analyse_script(parsed, self.knowledge, self.config.custom_domains, path, source.text)
        outcome = FileOutcome([], parsed=True, suppressions=parse_suppressions_for(source.text, path), ignored=ignored)
        for rule in rules:
            if rule.scope != "module":
                continue
            for report in rule.check_file(facts, self.knowledge):
                if not _silenced(outcome, rule, report.site):
                    outcome.findings.append(_finding(rule, report.site, report.message, report.fix, report.secrets))
        if self.run_rules:
            outcome.facts = facts
        if exhausted:
            outcome.error = _analysed_in_part(path)
        return outcome


PARALLEL_MIN_FILES = 24  # files to analyse: fewer are done faster than a pool starts
BATCH = 8  # files per pool task
MAX_ANALYSED_CHARACTERS = 4_000_000
_WORKER_ENGINE: Engine | None = None


@dataclass
class _Pending:
    """A file that passed the prefilter and has no cached result: it needs analysing."""

    source: SourceFile
    rules: list[Rule]
    ignored: frozenset[str]
    cache_key: str | None


class _Analysis:
    """Analyses pending files in this process, or in a process pool once
    PARALLEL_MIN_FILES of them are waiting. `submit` returns a ticket, `result` the
    outcome: a parallel run reports exactly what a serial one does, in the same order.
    Files go to the pool BATCH at a time: one round trip per batch, not per file."""

    def __init__(self, engine: Engine, pool_allowed: bool) -> None:
        self.engine = engine
        self.pool_allowed = pool_allowed
        self.waiting: list[_Pending] = []  # not yet sent: before the pool starts, or a batch filling
        self.tickets: list = []  # an outcome, or (batch future, index in it, path), or None while waiting
        self.pool = None

    def submit(self, pending: _Pending) -> int:
        ticket = len(self.tickets)
        if not self.pool_allowed:
            self.tickets.append(self.engine._complete(pending))  # in order, memory stays flat
            return ticket
        self.tickets.append(None)
        self.waiting.append(pending)
        if self.pool is None and len(self.waiting) >= PARALLEL_MIN_FILES:
            self._start_pool()
        if self.pool is not None and len(self.waiting) >= BATCH:
            self._send()
        return ticket

    def _start_pool(self) -> None:
        from concurrent.futures import ProcessPoolExecutor

        self.engine.knowledge  # noqa: B018 - loaded once here, not once per worker

        self.pool = ProcessPoolExecutor(
            max_workers=self.engine.jobs, initializer=_start_worker, initargs=(self.engine,)
        )

    def _send(self) -> None:
        """Everything waiting goes to the pool, BATCH files per task."""
        first = len(self.tickets) - len(self.waiting)
        for start in range(0, len(self.waiting), BATCH):
            batch = self.waiting[start : start + BATCH]
            try:
                future = self.pool.submit(_work, batch)  # type: ignore[union-attr]
            except OSError:
                # No process to spare (the pool starts its workers on the first task): the
                # rest is analysed here, as in a serial run.
                self.pool_allowed = False
                for offset, pending in enumerate(self.waiting[start:]):
                    self.tickets[first + start + offset] = self.engine._complete(pending)
                break
            for index, pending in enumerate(batch):
                self.tickets[first + start + index] = (future, index, pending.source.display_path)
        self.waiting = []

    def result(self, ticket: int) -> "FileOutcome":
        item = self.tickets[ticket]
        if item is None and self.pool is not None:  # in a batch still filling
            self._send()
            item = self.tickets[ticket]
        if item is None:  # never reached the pool: too few to pay for it
            first = len(self.tickets) - len(self.waiting)
            item = self.tickets[ticket] = self.engine._complete(self.waiting[ticket - first])
        elif not isinstance(item, FileOutcome):
            from concurrent.futures.process import BrokenProcessPool  # loaded with the pool

            future, index, path = item
            try:
                item = future.result()[index]
            except BrokenProcessPool:
                # A worker was killed (out of memory, a signal): every file it had not
                # finished is said to be unanalysed; the rest of the run is still reported.
                item = FileOutcome([], FileError(path, "not analysed: the process analysing it stopped (killed, or out of memory)"))
            self.tickets[ticket] = item
        return item

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def _start_worker(engine: Engine) -> None:
    global _WORKER_ENGINE
    _WORKER_ENGINE = engine


def _work(batch: list[_Pending]) -> "list[FileOutcome]":
    assert _WORKER_ENGINE is not None
    return [_WORKER_ENGINE._complete(pending) for pending in batch]


_DISMISSED = 0  # a file the prefilter dismissed, as a forked screening child says it


def _portable(outcome: "FileOutcome | FileError | _Pending") -> "FileOutcome | FileError | int | None":
    """What a forked screening child sends back: a file to analyse as None (its source and
    rules stay in the child; the parent reads it again), a dismissed file (nearly all of
    them) as _DISMISSED rather than a pickled outcome."""
    if isinstance(outcome, _Pending):
        return None
    if isinstance(outcome, FileOutcome) and outcome == FileOutcome([]):
        return _DISMISSED
    return outcome


def _read_pack(path: Path) -> bytes | None:
    """A pack's bytes for the cache keys; None when unreadable (loading the pack says why).
    A FIFO is refused, never opened."""
    from scopelint.source import read_regular_file

    try:
        return read_regular_file(path)
    except OSError:
        return None


def _analysed_in_part(path: str) -> FileError:
    # what was found is reported; that more may have been missed is said, not hidden
    return FileError(path, "analysed only in part: the analysis budget ran out; findings may be missing")


def _silenced(outcome: FileOutcome, rule: Rule, site: "Site") -> bool:
    if rule.code in outcome.ignored or rule.name in outcome.ignored:
        return True
    suppressions = outcome.suppressions
    return suppressions is not None and suppressions.silences(rule.code, rule.name, site.first_line, site.last_line)


def _finding(rule: Rule, site: "Site", message: str, fix, secrets: tuple[str, ...] = ()) -> Finding:
    # token-like literals never leave scopelint unmasked: not in messages, excerpts or fingerprints
    from scopelint.masking import mask, mask_secrets

    def hide(text: str) -> str:
        for secret in secrets:
            text = text.replace(secret, mask(secret))
        return mask_secrets(text)

    return Finding(
        code=rule.code,
        rule=rule.name,
        severity=rule.severity,
        path=site.path,
        span=site.span,
        message=hide(message),
        help=rule.help,
        snippet=hide(site.snippet),
        context=site.context,
        line_text=hide(site.line_text),
        fix=fix,
    )


__all__ = ["Engine", "FileOutcome"]
