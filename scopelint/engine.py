"""The engine: file -> read -> prefilter -> parse -> facts -> rules -> findings.

Small and separate from the CLI: `Engine.check_paths` is what `scopelint check` runs, and
`Engine.check_text` is what the tests run on each rule example.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from scopelint.config import Config
from scopelint.discovery import discover
from scopelint.fingerprint import assign_fingerprints
from scopelint.model import FileError, Finding, RunResult, Span
from scopelint.packs import Knowledge, load_knowledge
from scopelint.prefilter import Prefilter
from scopelint.rules import ALL_RULES, Rule, select_rules
from scopelint.source import SourceError, SourceFile, display_path, read_source
from scopelint.suppression import parse_suppressions


@dataclass
class FileOutcome:
    findings: list[Finding]
    error: FileError | None = None
    parsed: bool = False


class Engine:
    def __init__(
        self,
        config: Config,
        *,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] = (),
        knowledge: Knowledge | None = None,
    ) -> None:
        self.config = config
        self.knowledge = knowledge or load_knowledge(config.rule_packs)
        chosen_select = select if select else config.select
        self.rules: list[Rule] = [rule() for rule in select_rules(ALL_RULES, chosen_select, [*config.ignore, *ignore])]
        self.prefilter = Prefilter.from_knowledge(self.knowledge)

    # ------------------------------------------------------------------ runs
    def check_paths(self, paths: Sequence[Path], cwd: Path) -> RunResult:
        files, errors = discover(paths, self.config, cwd)
        result = RunResult(errors=list(errors))
        for path in files:
            shown = display_path(path, cwd)
            try:
                source = read_source(path, shown)
            except SourceError as exc:
                result.errors.append(FileError(shown, str(exc)))
                continue
            outcome = self.check_source(source, self._ignored_for(path, cwd))
            result.files_checked += 1
            if not outcome.parsed and outcome.error is None:
                result.files_skipped_by_prefilter += 1
            if outcome.error is not None:
                result.errors.append(outcome.error)
            result.findings.extend(outcome.findings)
        result.findings.sort(key=Finding.sort_key)
        result.errors.sort()
        return result

    def _ignored_for(self, path: Path, cwd: Path) -> frozenset[str]:
        try:
            relative = (cwd / path).resolve().relative_to(self.config.root.resolve()).as_posix()
        except ValueError:
            return frozenset()
        return self.config.ignored_for(relative)

    def check_text(self, text: str, path: str = "example.py") -> FileOutcome:
        raw = text.encode("utf-8")
        source = SourceFile(path=Path(path), display_path=path, raw=raw, text=text, encoding="utf-8", bom=False)
        return self.check_source(source)

    def check_source(self, source: SourceFile, ignored: Iterable[str] = ()) -> FileOutcome:
        rules = [r for r in self.rules if r.code not in ignored and r.name not in ignored]
        if not rules or not self.prefilter.may_match(source.text):
            return FileOutcome([])
        from scopelint.analysis.parse import ParseFailure, parse

        try:
            parsed = parse(source.text)
        except ParseFailure as exc:
            return FileOutcome([], FileError(source.display_path, str(exc)))
        facts = parsed.facts(self.knowledge, self.config.custom_domains)
        findings: list[Finding] = []
        suppressions = None
        for rule in rules:
            for report in rule.check(facts):
                span = parsed.span(report.node)
                if suppressions is None:
                    suppressions = parse_suppressions(source.text)
                first, last = parsed.statement_lines(report.node)
                if suppressions.silences(rule.code, rule.name, first, last):
                    continue
                findings.append(
                    Finding(
                        code=rule.code,
                        rule=rule.name,
                        severity=rule.severity,
                        path=source.display_path,
                        span=span,
                        message=report.message,
                        help=rule.help,
                        snippet=_normalise(parsed.code_for(report.node)),
                        context=parsed.context_name(report.node),
                        line_text=source.line_text(span.line),
                        fix=report.fix,
                    )
                )
        findings.sort(key=Finding.sort_key)
        assign_fingerprints(findings)
        return FileOutcome(findings, parsed=True)


def _normalise(code: str) -> str:
    return re.sub(r"\s+", " ", code).strip()


__all__ = ["Engine", "FileOutcome", "Span"]
