"""The finding model: what every rule produces and every output format prints, and the
outcome of the per-file phase that findings are made from.

One model, many formats (text, json, sarif, github, gitlab): formats never compute
anything about a finding, they only render these fields.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scopelint.facts.model import RunFacts
    from scopelint.facts.program import Program
    from scopelint.suppression import Suppressions


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Applicability(str, Enum):
    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True, order=True)
class Span:
    """A region of a file. Lines and columns are 1-based; end_column is exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class Edit:
    """Replace the text of `span` by `content`."""

    span: Span
    content: str


@dataclass(frozen=True)
class InsertionPoint:
    """Where and how new elements go at the end of a dict, call, list or tuple: the material
    of a fix that adds parameters, kept as plain data so facts can carry it between files."""

    at: Span  # zero-width
    prefix: str
    joiner: str
    suffix: str

    def edit(self, items: list[str]) -> Edit:
        return Edit(self.at, self.prefix + self.joiner.join(items) + self.suffix)


@dataclass(frozen=True)
class Fix:
    applicability: Applicability
    description: str
    edits: tuple[Edit, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "applicability": self.applicability.value,
            "description": self.description,
            "edits": [{**asdict(edit.span), "content": edit.content} for edit in self.edits],
        }


@dataclass(frozen=True)
class Related:
    """Another place a finding is about: where its token came from, a call its token reaches."""

    path: str
    span: Span
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, **asdict(self.span), "message": self.message}


@dataclass
class Finding:
    code: str  # "SL101"
    rule: str  # "id-token-bearer"
    severity: Severity
    path: str  # relative to the current directory, "/"-separated
    span: Span
    message: str
    help: str  # one line: what to do about it
    # What fingerprints are made of (never the line number): the normalised source of the
    # reported expression and the enclosing function/class ("" at module level).
    snippet: str = ""
    context: str = ""
    # The text of the first reported line (no newline), for text output and SARIF snippets.
    line_text: str = ""
    fix: Fix | None = None
    fingerprint: str = ""  # set by the engine once all findings of a file are known
    related: tuple[Related, ...] = ()

    def sort_key(self) -> tuple[str, Span, str]:
        return (self.path, self.span, self.code)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity.value,
            "path": self.path,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "message": self.message,
            "help": self.help,
            "fingerprint": self.fingerprint,
            "fix": self.fix.to_dict() if self.fix else None,
            "related": [related.to_dict() for related in self.related],
        }


@dataclass(frozen=True, order=True)
class FileError:
    """A file that could not be read or parsed; the run goes on with the others."""

    path: str
    message: str  # one line, names the reason

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message}


@dataclass
class FileOutcome:
    """What the per-file phase gives for one file, as the cache keeps it: its program (for
    the run phase, which interprets every file's together), its suppression comments, the
    rules its per-file ignores turn off, and an error when it could not be analysed."""

    error: FileError | None = None
    parsed: bool = False  # False: dismissed by the prefilter (or not readable)
    suppressions: Suppressions | None = None
    ignored: frozenset[str] = frozenset()
    program: Program | None = None  # the file as its front end lowered it
    text: str | None = None  # the file's text (not cached: read again to make a finding's site)


@dataclass
class RunResult:
    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    files_checked: int = 0
    files_skipped_by_prefilter: int = 0
    # one-line notices that change nothing reported (a suppression naming a retired rule);
    # the engine's own (`Engine.notices`) are about its configuration
    notices: list[str] = field(default_factory=list)
    # the run's flows the findings were made from (the inventory lists its calls); None
    # when no file was analysed
    facts: RunFacts | None = field(default=None, repr=False, compare=False)
