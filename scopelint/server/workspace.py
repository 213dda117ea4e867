"""What the language server analyses: one `Project` per workspace folder.

A project is the folder with its configuration (found as the CLI finds it from that
folder: `pyproject.toml` / `.scopelint.yaml`) and an engine. Every analysis is one engine
run over the whole folder with the editor's open buffers in place of the files on disk
(`Engine.check_paths(overlay=...)`), so findings that cross files follow an unsaved edit:
change the helper module in one buffer and the finding it causes in another file comes or
goes. The per-file lowered programs stay in memory between runs (and in the CLI's
`.scopelint_cache/`, shared with it), so a run after a keystroke lowers only the edited
file again and interprets the run as a whole.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from scopelint.cache import Cache
from scopelint.config import CONFIG_FILENAMES, ConfigError, load_config
from scopelint.engine import Engine
from scopelint.fix.fixer import Fixer
from scopelint.model import FileOutcome, Finding
from scopelint.packs.files import PackError
from scopelint.rules import UnknownRuleError
from scopelint.source import SourceFile, display_path


def may_configure(root: Path, path: Path) -> bool:
    """Whether `path` is a configuration file that `root` may find: in it or above it, where
    the CLI run from `root` looks."""
    return path.name in CONFIG_FILENAMES and root.is_relative_to(path.parent)


class ProjectError(Exception):
    """The folder's configuration or rule packs are wrong: one line that names the file."""


@dataclass
class Analysis:
    """One run's outcome, by display path (relative to the project's root)."""

    findings: dict[str, list[Finding]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # files that could not be analysed, and why
    texts: dict[str, str] = field(default_factory=dict)  # the texts the findings' positions refer to
    buffers: dict[str, str] = field(default_factory=dict)  # the open buffers the run read

    def is_current(self, shown: str, text: str) -> bool:
        """Whether the findings of `shown` were made from `text` (an editor's buffer)."""
        return self.buffers.get(shown) == text


class _RememberingCache(Cache):
    """The engine's disk cache with the most recent outcomes kept in memory: a run after a
    keystroke reads nothing back from disk. Outcomes of unsaved buffers stay in memory only
    (every keystroke would otherwise leave an entry in `.scopelint_cache/`)."""

    MAX_ENTRIES = 10_000

    def __init__(self, disk: Cache) -> None:
        super().__init__(disk.directory, disk.salt)
        self._disk = disk
        self._memory: OrderedDict[str, FileOutcome] = OrderedDict()
        self._memory_only: set[str] = set()
        self.unsaved: frozenset[str] = frozenset()  # display paths whose text is an editor's buffer

    def key(self, path: str, text: str, ignored: Iterable[str]) -> str:
        key = super().key(path, text, ignored)
        if path in self.unsaved:
            self._memory_only.add(key)
        return key

    def get(self, key: str) -> FileOutcome | None:
        outcome = self._memory.get(key)
        if outcome is not None:
            self._memory.move_to_end(key)
            return outcome
        outcome = self._disk.get(key)
        if outcome is not None:
            self._remember(key, outcome)
        return outcome

    def put(self, key: str, outcome: FileOutcome) -> None:
        self._remember(key, outcome)
        if key not in self._memory_only:
            self._disk.put(key, outcome)

    def _remember(self, key: str, outcome: FileOutcome) -> None:
        self._memory[key] = outcome
        self._memory.move_to_end(key)
        while len(self._memory) > self.MAX_ENTRIES:
            forgotten, _ = self._memory.popitem(last=False)
            self._memory_only.discard(forgotten)


class Project:
    """A workspace folder (`walk`: the whole folder is analysed), or the folder of files
    opened outside every workspace folder (only those files are)."""

    def __init__(self, root: Path, *, walk: bool = True) -> None:
        self.root = Path(os.path.abspath(root))
        self.walk = walk
        try:
            config = load_config(self.root)
            self.engine = Engine(config, use_cache=True, jobs=1)
        except (ConfigError, PackError, UnknownRuleError) as exc:
            raise ProjectError(str(exc)) from None
        self.config_file = config.source
        self._cache = _RememberingCache(self.engine.cache) if self.engine.cache is not None else None
        self.engine.cache = self._cache
        self.last = Analysis()

    def shown(self, path: Path) -> str:
        """A file's display path in this project (what findings name)."""
        return display_path(path, self.root)

    def owns(self, path: Path) -> bool:
        relative = os.path.relpath(os.path.abspath(path), self.root)
        return relative != ".." and not relative.startswith(".." + os.sep) and not os.path.isabs(relative)

    def is_configuration(self, path: Path) -> bool:
        """Whether a change to `path` may change this project's configuration or rule packs."""
        path = Path(os.path.abspath(path))
        named = [self.config_file, *self.engine.config.rule_packs]
        return may_configure(self.root, path) or any(p is not None and Path(os.path.abspath(p)) == path for p in named)

    def _paths(self, buffers: dict[str, str]) -> list[Path]:
        if self.walk:
            return [self.root]
        return [self.root / shown for shown in sorted(buffers)]

    def analyse(self, buffers: dict[str, str]) -> Analysis:
        """One run over the project with `buffers` (display path -> text) in place of the
        files on disk."""
        if self._cache is not None:
            self._cache.unsaved = frozenset(buffers)
        sources: dict[str, SourceFile] = {}
        result = self.engine.check_paths(self._paths(buffers), self.root, overlay=dict(buffers), sources=sources)
        analysis = Analysis(buffers=dict(buffers))
        for finding in result.findings:
            analysis.findings.setdefault(finding.path, []).append(finding)
            if finding.path not in analysis.texts:
                text = buffers.get(finding.path)
                if text is None and finding.path in sources:
                    text = sources[finding.path].text
                analysis.texts[finding.path] = text or ""
        for error in result.errors:
            analysis.errors.setdefault(error.path, error.message)
        self.last = analysis
        return analysis

    def fix_all(self, shown: str, buffers: dict[str, str], *, unsafe: bool = False) -> str | None:
        """The text of `shown` with every fix of its findings applied (the safe ones; also the
        unsafe ones with `unsafe`), until none is left, each verified to parse; None when there
        is nothing to fix. Other files are read, never changed."""
        if self._cache is not None:
            self._cache.unsaved = frozenset(buffers)
        outcome = Fixer(self.engine, unsafe=unsafe).fix(
            self._paths(buffers), self.root, edited=dict(buffers), only=frozenset({shown})
        )
        changed = outcome.changed.get(shown)
        if changed is None or changed[1] == buffers.get(shown, changed[0].text):
            return None
        return changed[1]
