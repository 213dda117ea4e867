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

from scopelint.cache import Cache
from scopelint.config import Config
from scopelint.discovery import discover
from scopelint.fingerprint import assign_fingerprints
from scopelint.masking import mask, mask_secrets
from scopelint.model import FileError, Finding, RunResult
from scopelint.packs import Knowledge, load_knowledge
from scopelint.prefilter import Prefilter
from scopelint.rules import ALL_RULES, Rule, select_rules
from scopelint.source import SourceError, SourceFile, display_path, read_source
from scopelint.languages import language_of
from scopelint.suppression import Suppressions, parse_suppressions, parse_suppressions_for

if TYPE_CHECKING:
    from scopelint.analysis.run import FileFacts, Site


@dataclass
class FileOutcome:
    findings: list[Finding]
    error: FileError | None = None
    parsed: bool = False
    facts: "FileFacts | None" = None
    suppressions: Suppressions | None = None
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
        self.knowledge = knowledge or load_knowledge(config.rule_packs)
        chosen_select = select if select else config.select
        self.rules: list[Rule] = [rule() for rule in select_rules(ALL_RULES, chosen_select, [*config.ignore, *ignore])]
        self.module_rules = [r for r in self.rules if r.scope == "module"]
        self.run_rules = [r for r in self.rules if r.scope == "run"]
        self.prefilter = Prefilter.from_knowledge(self.knowledge, self.rules)
        self.jobs = max(1, jobs)
        self.cache: Cache | None = None
        if use_cache:
            settings = repr((config.select, config.ignore, sorted(config.per_file_ignores.items()), config.custom_domains,
                             [r.code for r in self.rules]))
            self.cache = Cache.for_run(config.root, self.knowledge.pack_files, settings)

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
        files, errors = discover(paths, self.config, cwd, self.force_exclude)
        result = RunResult(errors=list(errors))
        outcomes: list[FileOutcome] = []
        tasks = [(path, display_path(path, cwd), self._ignored_for(path, cwd)) for path in files]
        if self._parallel(tasks, overlay, sources, progress):
            done = _in_processes(self, tasks, self.jobs)
        else:
            done = (self._check_file(path, shown, ignored, overlay, sources) for path, shown, ignored in tasks)
        for index, outcome in enumerate(done):
            if progress is not None:
                progress(index, len(tasks))
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

    def _parallel(self, tasks: list, overlay, sources, progress) -> bool:
        # A pool pays off only on big runs; pre-commit runs hooks in parallel itself, and the
        # fixer's in-memory passes need the sources of this process.
        return (
            self.jobs > 1
            and len(tasks) >= PARALLEL_MIN_FILES
            and not os.environ.get("PRE_COMMIT")
            and overlay is None
            and sources is None
            and progress is None
        )

    def _check_file(
        self,
        path: Path,
        shown: str,
        ignored: frozenset[str],
        overlay: dict[str, str] | None = None,
        sources: dict[str, SourceFile] | None = None,
    ) -> "FileOutcome | FileError":
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
        return self.check_source(source, ignored)

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
        if self.run_rules:
            from scopelint.analysis.run import join

            by_path = {o.facts.path: o for o in outcomes if o.facts is not None}
            run = join([o.facts for o in by_path.values()], self.knowledge)  # type: ignore[misc]
            for rule in self.run_rules:
                for report in rule.check_run(run):
                    outcome = by_path.get(report.site.path)
                    if outcome is None or _silenced(outcome, rule, report.site):
                        continue
                    findings.append(_finding(rule, report.site, report.message, report.fix))
        by_file: dict[str, list[Finding]] = {}
        for finding in findings:
            by_file.setdefault(finding.path, []).append(finding)
        for file_findings in by_file.values():
            file_findings.sort(key=Finding.sort_key)
            assign_fingerprints(file_findings)
        return sorted(findings, key=Finding.sort_key)

    def _ignored_for(self, path: Path, cwd: Path) -> frozenset[str]:
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
        ignored = frozenset(ignored)
        rules = [r for r in self.rules if r.code not in ignored and r.name not in ignored]
        if not rules or not self.prefilter.may_match(source.text):
            return FileOutcome([])
        if self.cache is None:
            return self._analyse(source, rules, ignored)
        key = self.cache.key(source.display_path, source.text, ignored)
        outcome = self.cache.get(key)
        if outcome is None:
            outcome = self._analyse(source, rules, ignored)
            self.cache.put(key, outcome)
        return outcome

    def _analyse(self, source: SourceFile, rules: list[Rule], ignored: frozenset[str]) -> FileOutcome:
        if len(source.text) > MAX_ANALYSED_CHARACTERS:
            # LibCST needs a few hundred bytes of memory per byte of source: refuse, and say so
            size = len(source.text) / 1_000_000
            limit = MAX_ANALYSED_CHARACTERS // 1_000_000
            return FileOutcome([], FileError(source.display_path, f"too large to analyse ({size:.1f} MB; the limit is {limit} MB)"))
        if language_of(source.display_path) is not None:
            return self._analyse_script(source, rules, ignored)
        from scopelint.analysis.facts import to_file_facts
        from scopelint.analysis.parse import ParseFailure, parse

        try:
            parsed = parse(source.text)
            facts = parsed.facts(self.knowledge, self.config.custom_domains, source.display_path)
        except ParseFailure as exc:
            return FileOutcome([], FileError(source.display_path, str(exc)))
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
        return outcome

    def _analyse_script(self, source: SourceFile, rules: list[Rule], ignored: frozenset[str]) -> FileOutcome:
        """JavaScript, TypeScript and templates: the tree-sitter front end's plain facts; module
        rules read them through `check_file`, run rules through the join like Python's."""
        from scopelint.javascript.facts import script_facts
        from scopelint.javascript.parse import ScriptSyntaxError, parse_script

        path = source.display_path
        try:
            parsed = parse_script(source.text, path)
        except ScriptSyntaxError as exc:
            return FileOutcome([], FileError(path, str(exc)))
        facts = script_facts(parsed, self.knowledge, self.config.custom_domains, path, source.text)
        outcome = FileOutcome([], parsed=True, suppressions=parse_suppressions_for(source.text, path), ignored=ignored)
        for rule in rules:
            if rule.scope != "module":
                continue
            for report in rule.check_file(facts, self.knowledge):
                if not _silenced(outcome, rule, report.site):
                    outcome.findings.append(_finding(rule, report.site, report.message, report.fix, report.secrets))
        if self.run_rules:
            outcome.facts = facts
        return outcome


PARALLEL_MIN_FILES = 64
MAX_ANALYSED_CHARACTERS = 4_000_000
_WORKER_ENGINE: Engine | None = None


def _start_worker(engine: Engine) -> None:
    global _WORKER_ENGINE
    _WORKER_ENGINE = engine


def _work(task: tuple[Path, str, frozenset[str]]) -> "FileOutcome | FileError":
    assert _WORKER_ENGINE is not None
    return _WORKER_ENGINE._check_file(*task)


def _in_processes(engine: Engine, tasks: list, jobs: int):
    """The per-file phase in a process pool; results come back in the order of `tasks`, so
    a parallel run reports exactly what a serial one does."""
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, min(32, len(tasks) // (jobs * 8)))
    with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(engine,)) as pool:
        yield from pool.map(_work, tasks, chunksize=chunk)


def _silenced(outcome: FileOutcome, rule: Rule, site: "Site") -> bool:
    if rule.code in outcome.ignored or rule.name in outcome.ignored:
        return True
    suppressions = outcome.suppressions
    return suppressions is not None and suppressions.silences(rule.code, rule.name, site.first_line, site.last_line)


def _finding(rule: Rule, site: "Site", message: str, fix, secrets: tuple[str, ...] = ()) -> Finding:
    # token-like literals never leave scopelint unmasked: not in messages, excerpts or fingerprints
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
