"""Baselines: accept today's findings so that CI fails only on new ones.

The file lists fingerprints (see scopelint.fingerprint), plus code, path and message so a
reviewer can read what was accepted. Matching uses the fingerprint only, so editing
code above an accepted finding does not make it "new".
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scopelint.atomic_write import write_atomically
from scopelint.model import Finding
from scopelint.source import read_regular_file

BASELINE_VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be read or is not a scopelint baseline (one-line message)."""


@dataclass(frozen=True, order=True)
class BaselineEntry:
    # Field order is the sort order of the file: grouped by file, then rule.
    path: str
    code: str
    fingerprint: str
    message: str

    @classmethod
    def from_finding(cls, finding: Finding) -> BaselineEntry:
        return cls(path=finding.path, code=finding.code, fingerprint=finding.fingerprint, message=finding.message)

    def to_dict(self) -> dict[str, str]:
        return {"fingerprint": self.fingerprint, "code": self.code, "path": self.path, "message": self.message}


@dataclass
class Baseline:
    entries: list[BaselineEntry] = field(default_factory=list)
    path: Path | None = None  # where it was loaded from: the default target of write()

    @property
    def fingerprints(self) -> frozenset[str]:
        return frozenset(entry.fingerprint for entry in self.entries)

    def filter_new(self, findings: Iterable[Finding]) -> list[Finding]:
        """The findings that the baseline does not accept, in their original order."""
        known = self.fingerprints
        return [finding for finding in findings if finding.fingerprint not in known]

    def prune(
        self,
        findings: Iterable[Finding],
        *,
        checked: Iterable[str] = (".",),
        failed: Iterable[str] = (),
        codes: Iterable[str] | None = None,
    ) -> Baseline:
        """A baseline without the entries whose finding is gone.

        Only entries the run could have seen again are candidates: of a file under the
        `checked` paths (display paths, "." for everything below the current directory) that
        did not fail to read or parse, for a rule that ran (`codes`; None: every rule). So a
        run on a few files (a pre-commit hook) never forgets the findings of the others.
        Never adds entries: new findings must be accepted deliberately (`scopelint baseline`).
        """
        present = {finding.fingerprint for finding in findings}
        scopes, broken = list(checked), set(failed)
        ran = set(codes) if codes is not None else None

        def could_see(entry: BaselineEntry) -> bool:
            if entry.path in broken or (ran is not None and entry.code not in ran):
                return False
            return any(_under(entry.path, scope) for scope in scopes)

        return Baseline([e for e in self.entries if e.fingerprint in present or not could_see(e)], self.path)

    def write(self, path: Path | None = None) -> None:
        target = path if path is not None else self.path
        if target is None:
            raise ValueError("Baseline.write needs a path: this baseline was not loaded from a file")
        write_atomically(target, _serialize(self.entries))


def _under(path: str, scope: str) -> bool:
    if scope == ".":
        return not os.path.isabs(path) and path != ".." and not path.startswith("../")
    return path == scope or path.startswith(scope.rstrip("/") + "/")


def write_baseline(findings: Iterable[Finding], path: Path) -> None:
    """Write a baseline accepting exactly `findings` (fingerprints must be assigned)."""
    findings = list(findings)
    missing = [f for f in findings if not f.fingerprint]
    if missing:
        # Programming error, not a user error: an empty fingerprint would match nothing.
        raise ValueError(f"{len(missing)} finding(s) have no fingerprint; call assign_fingerprints() first")
    write_atomically(path, _serialize(BaselineEntry.from_finding(f) for f in findings))


def load_baseline(path: Path) -> Baseline:
    """Read a baseline file; raise BaselineError naming the file on any problem."""
    try:
        text = read_regular_file(Path(path)).decode("utf-8")
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline file not found (create it with `scopelint baseline`)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: cannot read baseline: {_one_line(exc)}") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(
            f"{path}: not a valid baseline: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    return Baseline(_parse(document, path), Path(path))


def _serialize(entries: Iterable[BaselineEntry]) -> str:
    # Sorted and de-duplicated so the file is byte-identical for the same findings, and
    # diffs of a committed baseline show only real changes.
    unique = sorted(set(entries))
    document = {"version": BASELINE_VERSION, "findings": [entry.to_dict() for entry in unique]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _parse(document: Any, path: Path) -> list[BaselineEntry]:
    def fail(reason: str) -> BaselineError:
        return BaselineError(f"{path}: not a valid baseline: {reason}")

    if not isinstance(document, dict):
        raise fail("expected a JSON object with 'version' and 'findings'")
    version = document.get("version")
    if version != BASELINE_VERSION:
        raise fail(f"unsupported version {version!r} (this scopelint reads version {BASELINE_VERSION})")
    items = document.get("findings")
    if not isinstance(items, list):
        raise fail("'findings' must be a list")
    entries = []
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("fingerprint"), str) or not item["fingerprint"]:
            raise fail(f"findings[{index}] has no 'fingerprint' string")
        entries.append(
            BaselineEntry(
                path=str(item.get("path", "")),
                code=str(item.get("code", "")),
                fingerprint=item["fingerprint"],
                message=str(item.get("message", "")),
            )
        )
    return entries


def _one_line(exc: BaseException) -> str:
    text = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return " ".join(text.split())
