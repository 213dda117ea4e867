"""The engine: orchestration of a run, and nothing else.

Two phases. Per file (cached): read, prefilter, and hand the file to its front end
(`scopelint.frontends`), which parses it once and lowers it into a program (plain data,
`scopelint.facts.program`). Per run: interpret every program together along the module
graph (`scopelint.flow`: tokens cross modules through imports, shared objects, sessions and
storage) and run every rule over the flows that gives. `Engine.check_paths` is what `scopelint check`
runs; `Engine.check_texts` runs in-memory files (tests).
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal, cast

from scopelint.config import Config
from scopelint.discovery import discover_files
from scopelint.frontends import frontend_for
from scopelint.languages import kind_of, language_of
from scopelint.model import FileError, FileOutcome, Finding, Related, RunResult
from scopelint.packs.files import builtin_pack_paths
from scopelint.parallel import forked_screen
from scopelint.parallel.pool import Analysis
from scopelint.prefilter import Prefilter
from scopelint.rules import ALL_RULES, Rule, select_rules
from scopelint.rules.retired import retired_rule, retirement_notice, without_retired
from scopelint.source import SourceError, SourceFile, read_source

if TYPE_CHECKING:
    from scopelint.cache import Cache
    from scopelint.facts.model import RunFacts, Site
    from scopelint.packs.knowledge import Knowledge
    from scopelint.rules.base import Report

# What only some runs need (the cache, suppressions, fingerprints, masking, the join) is
# imported where it is used: a pre-commit run over an unrelated file pays for none of it.


# How far the files analysed files need are followed (a view's helper, the helper's client
# module, its settings): deeper chains are a library's own internals (a tree that holds the
# libraries it imports would otherwise be analysed whole).
NEEDED_DEPTH = 3


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
        prefilter: bool = True,
    ) -> None:
        self.config = config
        self.force_exclude = force_exclude
        self._real_root: str | None = None
        self._knowledge = knowledge  # loaded on first use: see `knowledge`
        self._compiled_packs = None
        # a retired rule named anywhere is said once (`notices`) and the run goes on without it
        self.notices: list[str] = []
        chosen_select = without_retired(select, "--select", self.notices) if select else None
        if chosen_select is None and config.select is not None:
            chosen_select = without_retired(config.select, f"{config.source_name} select", self.notices)
        ignored = [
            *without_retired(config.ignore, f"{config.source_name} ignore", self.notices),
            *without_retired(ignore, "--ignore", self.notices),
        ]
        for pattern, codes in config.per_file_ignores.items():
            without_retired(codes, f"{config.source_name} per-file-ignores '{pattern}'", self.notices)
        self.rules: list[Rule] = [rule() for rule in select_rules(ALL_RULES, chosen_select, ignored)]
        self.jobs = max(1, jobs)
        self.cache: Cache | None = None
        self.prefilter: Prefilter | None = None
        if not prefilter:  # every file analysed: what the prefilter must never change
            return
        from scopelint.cache import Cache, CompiledCache

        builtin = builtin_pack_paths()
        pack_files = knowledge.pack_files if knowledge is not None else [*builtin, *config.rule_packs]
        packs = [_read_pack(path) for path in pack_files]  # read once: the caches are keyed by them
        if use_cache:
            settings = repr(
                (
                    config.select,
                    config.ignore,
                    sorted(config.per_file_ignores.items()),
                    config.custom_domains,
                    [r.code for r in self.rules],
                )
            )
            self.cache = Cache.for_run(config.root, packs, settings)
        if knowledge is None and None not in packs:
            readable = cast("list[bytes]", packs)  # None is not in packs
            if use_cache:
                self._compiled_packs = CompiledCache(config.root, "packs")
                compiled = CompiledCache(config.root, "prefilter")
            else:  # nothing is written into the project: kept beside the built-in packs
                compiled = CompiledCache.beside(builtin[0].parent.parent / "prefilter")
            self.prefilter = self._cached_prefilter(compiled, readable)
            return
        self.prefilter = Prefilter.from_knowledge(self.knowledge, self.rules, across_files=True)

    @property
    def knowledge(self) -> Knowledge:
        """The merged rule packs, loaded when first needed: a cached run whose files all fail
        the prefilter never loads them."""
        if self._knowledge is None:
            from scopelint.cache import CompiledCache
            from scopelint.packs.knowledge import load_knowledge

            self._knowledge = load_knowledge(self.config.rule_packs, self._compiled_packs, CompiledCache.beside)
        return self._knowledge

    def _cached_prefilter(self, compiled, packs: list[bytes]) -> Prefilter:
        """The prefilter by the packs' bytes, the selected rules and the code that derives it
        (`_prefilter_code`); built (which loads and validates the packs) only when they changed."""
        key = b"\0".join([*packs, ",".join(r.code for r in self.rules).encode(), _prefilter_code(self.rules)])
        data = compiled.get(key)
        if data is not None:
            try:
                return Prefilter.from_data(data)
            except (KeyError, TypeError, ValueError, IndexError):
                pass  # a broken entry is a miss
        prefilter = Prefilter.from_knowledge(self.knowledge, self.rules, across_files=True)
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
        progress: Callable[[int, int], None] | None = None,
    ) -> RunResult:
        """Check files and directories. `overlay` replaces the text of files (by display path)
        with edited text (the fixer's passes); `sources` collects what was read from disk."""
        files, errors = discover_files(paths, self.config, cwd, self.force_exclude)
        result = RunResult(errors=list(errors))
        # Reading and the prefilter run here, in order; only the files that need analysing
        # go to the pool, and only once there are enough of them to pay for it.
        analysis: Analysis[_Pending] = Analysis(
            self._complete,
            _Pending.path,
            self.jobs,
            self._pool_allowed(overlay, sources, progress),
            lambda: self.knowledge,
        )

        def screen(index: int) -> FileOutcome | FileError | _Pending:
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
        screened: list[FileOutcome | FileError | int | None] = []
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
                    returned = from_child.get(index)
                    if returned is None:  # to analyse (or the child failed): read again here
                        outcome = screen(index)
                    elif returned == _DISMISSED:
                        outcome = FileOutcome()
                    else:
                        outcome = returned
                    screened[index] = analysis.submit(outcome) if isinstance(outcome, _Pending) else outcome
            done: list[FileOutcome | FileError] = []
            for item in screened:
                assert item is not None  # the child's files were all filled in above
                done.append(analysis.result(item) if isinstance(item, int) else item)
        finally:
            if child is not None:
                child.close()
            analysis.close()
        dismissed = {
            files[index][0]: index
            for index, outcome in enumerate(done)
            if isinstance(outcome, FileOutcome) and not outcome.parsed and outcome.error is None
        }

        def unfiltered(shown: str) -> FileOutcome | FileError:
            index = dismissed[shown]
            path = files[index][1]
            outcome = self._screen_file(path, shown, self._ignored_for(path, cwd), overlay, sources, prefilter=False)
            return self._complete(outcome) if isinstance(outcome, _Pending) else outcome

        def text_of(shown: str) -> str | None:
            if overlay and shown in overlay:
                return overlay[shown]
            try:
                return read_source(files[dismissed[shown]][1], shown).text
            except SourceError:
                return None  # reported when the file is analysed, if it ever is

        for shown, outcome in self._needed_files(done, list(dismissed), unfiltered, text_of).items():
            done[dismissed[shown]] = outcome
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
        # the markers only matter to the analysis: a run that analysed nothing stats none of them
        analysed = any(outcome.program is not None for outcome in outcomes)
        markers = _markers(cwd, [shown for shown, _ in files]) if analysed else []
        result.findings, partial, result.facts = self._finish(outcomes, markers)
        result.notices = _retired_suppressions(outcomes)
        result.errors.extend(partial)
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
        prefilter: bool = True,
    ) -> FileOutcome | FileError | _Pending:
        if sources is not None and shown in sources:
            source = sources[shown]
        else:
            try:
                source = read_source(path, shown)
            except SourceError as exc:
                return FileError(shown, str(exc))
            if sources is not None:
                sources[shown] = source
        # the bytes read are the text's UTF-8: the prefilter scans them, encoding nothing
        encoded = source.raw if source.encoding == "utf-8" and not source.bom else None
        if overlay and shown in overlay:
            source = replace(source, text=overlay[shown])
            encoded = None
        return self._screen(source, frozenset(ignored), prefilter, encoded)

    def check_texts(self, files: dict[str, str]) -> RunResult:
        """Check in-memory modules as one run (rule examples, tests)."""
        result = RunResult()
        sources = {
            path: SourceFile(
                path=Path(path), display_path=path, raw=text.encode("utf-8"), text=text, encoding="utf-8", bom=False
            )
            for path, text in files.items()
        }
        screened = {path: self.check_source(source, self.config.ignored_for(path)) for path, source in sources.items()}

        def unfiltered(path: str) -> FileOutcome:
            outcome = self._screen(sources[path], frozenset(self.config.ignored_for(path)), prefilter=False)
            return self._complete(outcome) if isinstance(outcome, _Pending) else outcome

        dismissed = [path for path, outcome in screened.items() if not outcome.parsed and outcome.error is None]
        screened.update(self._needed_files(list(screened.values()), dismissed, unfiltered, files.get))  # type: ignore[arg-type]
        outcomes = list(screened.values())
        for outcome in outcomes:
            if outcome.error is not None:
                result.errors.append(outcome.error)
        # the project markers among the modules (a package.json says which files are one app)
        from scopelint.flow.modules import PROJECT_MARKERS  # lazy: start-up time

        markers = [path for path in files if posixpath.basename(path) in PROJECT_MARKERS]
        result.findings, partial, result.facts = self._finish(outcomes, markers)
        result.notices = _retired_suppressions(outcomes)
        result.errors.extend(partial)
        return result

    def check_text(self, text: str, path: str = "example.py") -> RunResult:
        return self.check_texts({path: text})

    def _needed_files(
        self,
        done: Sequence[FileOutcome | FileError],
        dismissed: list[str],
        analyse: Callable[[str], FileOutcome | FileError],
        text_of: Callable[[str], str | None],
    ) -> dict[str, FileOutcome | FileError]:
        """The files the prefilter dismissed that analysed files need (a helper module they
        import, a template they render, their settings), analysed after all, and what those
        need in turn: a token passed to a helper with nothing to match in its own text still
        reaches the request the helper sends. Also the dismissed files that import an analysed
        one (a component calling an API helper, the server that mounts a router): they decide
        what the analysed code is called with. One step only that way (importers of importers
        are the rest of the code base), and the files needed are followed `NEEDED_DEPTH` steps."""
        programs = [o.program for o in done if isinstance(o, FileOutcome) and o.program is not None]
        if not programs:  # nothing analysed needs anything (most large runs): no module graph
            return {}
        from scopelint.flow.modules import ModuleGraph, imports_in

        waiting = set(dismissed)
        frontier = [p.path for p in programs]
        added: dict[str, FileOutcome | FileError] = {}
        if not waiting:
            return added
        # one graph of every file of the run: the dismissed files analysed below join it
        graph = ModuleGraph(programs, others=waiting)

        def analyse_now(shown: str) -> None:
            waiting.discard(shown)
            outcome = added[shown] = analyse(shown)
            if isinstance(outcome, FileOutcome) and outcome.program is not None:
                graph.add_program(outcome.program)
                frontier.append(shown)

        seeds = set(frontier)
        importers = [
            shown
            for shown in sorted(waiting)
            if language_of(shown) != "template"  # a page names scripts, it imports none
            if any(
                (target := graph.resolve_import(shown, imported)) is not None and target[0] in seeds
                for imported in imports_in(shown, text_of(shown) or "")
            )
        ]
        for shown in importers:
            analyse_now(shown)
        for _ in range(NEEDED_DEPTH):
            if not frontier or not waiting:
                break
            wanted = sorted({f for path in frontier for f in graph.needed_files(path) if f in waiting})
            frontier = []
            for shown in wanted:
                analyse_now(shown)
        return added

    def _finish(
        self, outcomes: list[FileOutcome], markers: Sequence[str] = ()
    ) -> tuple[list[Finding], list[FileError], RunFacts | None]:
        """The run phase: the files' programs interpreted together along the module graph
        (`scopelint.flow`), every rule over the flows, fingerprints, order. Also the files
        whose analysis ran out of budget: what was found is reported, that more may have
        been missed is said, not hidden. And the flows themselves (None: nothing analysed)."""
        findings: list[Finding] = []
        partial: list[FileError] = []
        facts: RunFacts | None = None
        by_path = {o.program.path: o for o in outcomes if o.program is not None}
        if by_path:  # no file analysed: nothing any rule can report
            from scopelint.flow.run import analyse_run

            try:
                analysis = analyse_run(
                    [o.program for o in by_path.values() if o.program is not None],
                    {path: o.text or "" for path, o in by_path.items()},
                    self.knowledge,
                    tuple(self.config.custom_domains),
                    markers,
                )
            except RecursionError:  # the last resort: said per file, never a crash of the run
                reason = "not analysed: its values nest deeper than the analysis can follow"
                return [], [FileError(path, reason) for path in sorted(by_path)], None
            partial = [
                FileError(path, "analysed only in part: the analysis budget ran out; findings may be missing")
                for path in analysis.exhausted
            ]
            facts = analysis.run
            for rule in self.rules:
                for report in rule.check(analysis.run):
                    outcome = by_path.get(report.site.path)
                    if outcome is None or _silenced(outcome, rule, report.site):
                        continue
                    findings.append(_finding(rule, report))
        return _ordered(findings), partial, facts

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

    def _screen(
        self, source: SourceFile, ignored: frozenset[str], prefilter: bool = True, encoded: bytes | None = None
    ) -> FileOutcome | _Pending:
        """The cheap part: the prefilter and the cache. What is left needs `_complete`.
        `encoded`: the text's UTF-8 bytes, when at hand."""
        rules = [r for r in self.rules if r.code not in ignored and r.name not in ignored] if ignored else self.rules
        if not rules or (
            prefilter
            and self.prefilter is not None
            and not self.prefilter.may_match(source.text, kind_of(source.display_path), encoded)
        ):
            return FileOutcome()
        key = None
        if self.cache is not None:
            key = self.cache.key(source.display_path, source.text, ignored)
            cached = self.cache.get(key)
            if cached is not None:
                cached.text = source.text  # the run phase reads sites off it; never cached
                return cached
        return _Pending(source, ignored, key)

    def _complete(self, pending: _Pending) -> FileOutcome:
        outcome = self._analyse(pending.source, pending.ignored)
        if self.cache is not None and pending.cache_key is not None:
            self.cache.put(pending.cache_key, outcome)
        return outcome

    def _analyse(self, source: SourceFile, ignored: frozenset[str]) -> FileOutcome:
        path = source.display_path
        if len(source.text) > MAX_ANALYSED_CHARACTERS:
            # LibCST needs a few hundred bytes of memory per byte of source: refuse, and say so
            size = len(source.text) / 1_000_000
            limit = MAX_ANALYSED_CHARACTERS // 1_000_000
            return FileOutcome(FileError(path, f"too large to analyse ({size:.1f} MB; the limit is {limit} MB)"))
        # here: a run whose files all fail the prefilter never loads the program model
        from scopelint.facts.frontend import AnalysisFailure

        frontend = frontend_for(path)
        try:
            program = frontend.lower(source, self.knowledge)
        except AnalysisFailure as exc:
            return FileOutcome(FileError(path, str(exc)))
        return FileOutcome(
            parsed=True,
            program=program,
            suppressions=frontend.suppressions(source.text, path),
            ignored=ignored,
            text=source.text,
        )


MAX_ANALYSED_CHARACTERS = 4_000_000


def _markers(cwd: Path, paths: list[str]) -> list[str]:
    """The project markers (package.json, pyproject.toml, ...) in the folders of the files
    checked and above them: they say which files are one app (`scopelint.flow.modules`)."""
    from scopelint.flow.modules import PROJECT_MARKERS

    found: list[str] = []
    seen: set[str] = set()
    for path in paths:
        folder = os.path.dirname(path)
        while folder not in seen:
            seen.add(folder)
            for marker in PROJECT_MARKERS:
                candidate = os.path.join(folder, marker) if folder else marker
                if os.path.isfile(os.path.join(cwd, candidate)):
                    found.append(candidate.replace(os.sep, "/"))
            if not folder or folder in (".", "/"):
                break
            folder = os.path.dirname(folder)
    return found


def _retired_suppressions(outcomes: Iterable[FileOutcome]) -> list[str]:
    """A notice for each suppression comment that names a retired rule (it silences nothing)."""
    notices = []
    for outcome in outcomes:
        if outcome.suppressions is None or outcome.program is None:
            continue
        for line, codes in sorted(outcome.suppressions.by_line.items()):
            for rule in filter(None, map(retired_rule, sorted(codes))):
                notices.append(retirement_notice(rule, f"{outcome.program.path}:{line}: a suppression comment"))
    return notices


def _ordered(findings: list[Finding]) -> list[Finding]:
    """Fingerprints (per file, in order), then the run's order: by path, place, code."""
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


@dataclass
class _Pending:
    """A file that passed the prefilter and has no cached result: it needs analysing."""

    source: SourceFile
    ignored: frozenset[str]
    cache_key: str | None

    def path(self) -> str:
        return self.source.display_path


_DISMISSED: Final = 0  # a file the prefilter dismissed, as a forked screening child says it


def _portable(outcome: FileOutcome | FileError | _Pending) -> FileOutcome | FileError | Literal[0] | None:
    """What a forked screening child sends back: a file to analyse as None (its source and
    rules stay in the child; the parent reads it again), a dismissed file (nearly all of
    them) as _DISMISSED rather than a pickled outcome."""
    if isinstance(outcome, _Pending):
        return None
    if isinstance(outcome, FileOutcome) and outcome == FileOutcome():
        return _DISMISSED
    return outcome


def _prefilter_code(rules: Sequence[Rule]) -> bytes:
    """The size and time of change of the modules whose code says what the prefilter looks
    for (the rules', their needles', the prefilter's own): an installed scopelint never
    changes them, an edited checkout does without a new version."""
    import sys

    from scopelint import prefilter
    from scopelint.rules import needles

    modules = {sys.modules[type(rule).__module__] for rule in rules} | {needles, prefilter}
    files = sorted(file for file in (getattr(module, "__file__", None) for module in modules) if file)
    stamps = []
    for file in files:
        try:
            found = os.stat(file)
        except OSError:
            continue
        stamps.append(f"{file}:{found.st_size}:{found.st_mtime_ns}")
    return "\0".join(stamps).encode()


def _read_pack(path: Path) -> bytes | None:
    """A pack's bytes for the cache keys; None when unreadable (loading the pack says why).
    A FIFO is refused, never opened."""
    from scopelint.source import read_regular_file

    try:
        return read_regular_file(path)
    except OSError:
        return None


def _silenced(outcome: FileOutcome, rule: Rule, site: Site) -> bool:
    if rule.code in outcome.ignored or rule.name in outcome.ignored:
        return True
    suppressions = outcome.suppressions
    return suppressions is not None and suppressions.silences(rule.code, rule.name, site.first_line, site.last_line)


def _finding(rule: Rule, report: Report) -> Finding:
    # token-like literals never leave scopelint unmasked: not in messages, excerpts or fingerprints
    from scopelint.masking import mask, mask_secrets

    site = report.site

    def hide(text: str) -> str:
        for secret in report.secrets:
            text = text.replace(secret, mask(secret))
        return mask_secrets(text)

    return Finding(
        code=rule.code,
        rule=rule.name,
        severity=rule.severity,
        path=site.path,
        span=site.span,
        message=hide(report.message),
        help=rule.help,
        snippet=hide(site.snippet),
        context=site.context,
        line_text=hide(site.line_text),
        fix=report.fix,
        related=tuple(Related(where.path, where.span, hide(why)) for where, why in report.related),
    )


__all__ = ["Engine"]
