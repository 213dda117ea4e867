"""The result cache: per-file programs and suppressions, so a warm run parses only changed files.

An entry is keyed by everything its content depends on: the scopelint version, the rule
packs' bytes, the configuration, the selected rules, the file's path and its text. Entries
are JSON files under `.scopelint_cache/` (which ignores itself for git), written
atomically, so concurrent runs can share the folder: the worst case is two runs computing
the same entry. A broken or unreadable entry is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from scopelint import __version__
from scopelint.atomic_write import write_atomically
from scopelint.model import FileError, FileOutcome

CACHE_DIR = ".scopelint_cache"
# 4: per-file outcomes hold the lowered program (the run interprets them together); 5: `/` lowered;
# 6: module-level reads marked
_FORMAT = 7


class Cache:
    def __init__(self, directory: Path, salt: str) -> None:
        self.directory = directory
        self.salt = salt
        self._ready = False

    @classmethod
    def for_run(cls, root: Path, packs: Iterable[bytes | None], settings: str) -> Cache:
        """`packs`: the bytes of each rule pack (None: unreadable)."""
        digest = hashlib.sha256(f"{_FORMAT}\0{__version__}\0{settings}".encode())
        for raw in packs:
            digest.update(b"missing" if raw is None else raw)
        return cls(root / CACHE_DIR, digest.hexdigest())

    def key(self, path: str, text: str, ignored: Iterable[str]) -> str:
        digest = hashlib.sha256(self.salt.encode())
        digest.update(f"\0{path}\0{','.join(sorted(ignored))}\0".encode())
        digest.update(text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def _file(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> FileOutcome | None:
        try:
            data = json.loads(self._file(key).read_text(encoding="utf-8"))
            return _outcome(data)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, outcome: FileOutcome) -> None:
        try:
            if not self._ready:
                _prepare(self.directory)
                self._ready = True
            target = self._file(key)
            target.parent.mkdir(exist_ok=True)
            write_atomically(target, json.dumps(_data(outcome), separators=(",", ":")), durable=False)
        except OSError:
            pass  # a cache that cannot be written only costs time


class CompiledCache:
    """Data derived from inputs' bytes alone, as JSON that names the scopelint version and
    those bytes' digest: the rule packs as validated documents (no YAML parser on a cached
    run) and the prefilter (no pack loaded when nothing needs parsing). In the project's
    cache (`.scopelint_cache/<kind>/<digest>.json`), or, for a built-in pack, beside it
    (`beside`). A broken or stale entry is a miss: the data is derived again."""

    def __init__(self, root: Path, kind: str) -> None:
        self.root: Path | None = root / CACHE_DIR  # the folder that ignores itself for git
        self.directory = root / CACHE_DIR / kind
        self.name: str | None = None  # one file per input (else one per digest)

    @classmethod
    def beside(cls, pack: Path) -> CompiledCache:
        """`<pack's folder>/__pycache__/<pack's name>.json`, as Python keeps bytecode: the
        built-in packs are read on every run, cache or not. One file per pack, replaced
        when the pack changes; a failed write (a read-only installation) only costs time."""
        cache = cls.__new__(cls)
        cache.root, cache.directory, cache.name = None, pack.parent / "__pycache__", pack.stem
        return cache

    def _digest(self, raw: bytes) -> str:
        digest = hashlib.sha256(f"{_FORMAT}\0{__version__}\0".encode())
        digest.update(raw)
        return digest.hexdigest()

    def _file(self, digest: str) -> Path:
        return self.directory / f"{self.name or digest}.json"

    def get(self, raw: bytes) -> dict[str, Any] | None:
        digest = self._digest(raw)
        try:
            entry = json.loads(self._file(digest).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("digest") != digest or not isinstance(entry.get("data"), dict):
            return None
        return entry["data"]

    def put(self, raw: bytes, document: dict[str, Any]) -> None:
        digest = self._digest(raw)
        try:
            text = json.dumps({"digest": digest, "data": document}, separators=(",", ":"))
        except (TypeError, ValueError):  # a value JSON cannot hold: derive it each time
            return
        if json.loads(text)["data"] != document:  # e.g. a number as a mapping key: not kept as it was
            return
        try:
            if self.root is not None:
                _prepare(self.root)
            self.directory.mkdir(exist_ok=True)
            write_atomically(self._file(digest), text, durable=False)
        except OSError:
            pass


def _prepare(directory: Path) -> None:
    """The cache folder, ignored by git (it says so itself)."""
    directory.mkdir(parents=True, exist_ok=True)
    ignore = directory / ".gitignore"
    if not ignore.exists():
        write_atomically(ignore, "# written by scopelint: this folder is a cache\n*\n")


def _data(outcome: FileOutcome) -> dict[str, Any]:
    suppressions = outcome.suppressions
    return {
        "error": outcome.error.to_dict() if outcome.error else None,
        "parsed": outcome.parsed,
        "program": outcome.program.to_data() if outcome.program else None,
        "suppressions": None
        if suppressions is None
        else {
            "by_line": {str(line): sorted(codes) for line, codes in suppressions.by_line.items()},
            "comment_only_lines": sorted(suppressions.comment_only_lines),
        },
        "ignored": sorted(outcome.ignored),
    }


def _outcome(data: dict[str, Any]) -> FileOutcome:
    from scopelint.facts.program import Program  # only a cached analysis needs it
    from scopelint.suppression import Suppressions

    suppressions = data["suppressions"]
    return FileOutcome(
        error=FileError(**data["error"]) if data["error"] else None,
        parsed=data["parsed"],
        program=Program.from_data(data["program"]) if data.get("program") else None,
        suppressions=None
        if suppressions is None
        else Suppressions(
            {int(line): set(codes) for line, codes in suppressions["by_line"].items()},
            set(suppressions["comment_only_lines"]),
        ),
        ignored=frozenset(data["ignored"]),
    )
