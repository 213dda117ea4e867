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

from scopelint.config import Config
from scopelint.discovery import discover
from scopelint.fingerprint import assign_fingerprints
from scopelint.masking import mask, mask_secrets
from scopelint.model import FileError, Finding, RunResult
from scopelint.packs import Knowledge, load_knowledge
from scopelint.prefilter import Prefilter
from scopelint.rules import ALL_RULES, Rule, select_rules
from scopelint.source import SourceError, SourceFile, display_path, read_source
from scopelint.suppression import Suppressions, parse_suppressions

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
        for index, path in enumerate(files):
            if progress is not None:
                progress(index, len(files))
            shown = display_path(path, cwd)
            if sources is not None and shown in sources:
                source = sources[shown]
            else:
                try:
                    source = read_source(path, shown)
                except SourceError as exc:
                    result.errors.append(FileError(shown, str(exc)))
                    continue
                if sources is not None:
                    sources[shown] = source
            if overlay and shown in overlay:
                source = replace(source, text=overlay[shown])
            outcome = self.check_source(source, self._ignored_for(path, cwd))
            outcomes.append(outcome)
            result.files_checked += 1
            if not outcome.parsed and outcome.error is None:
                result.files_skipped_by_prefilter += 1
            if outcome.error is not None:
                result.errors.append(outcome.error)
        result.findings = self._finish(outcomes)
        result.errors.sort()
        return result

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
        ignored = frozenset(ignored)
        rules = [r for r in self.rules if r.code not in ignored and r.name not in ignored]
        if not rules or not self.prefilter.may_match(source.text):
            return FileOutcome([])
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
