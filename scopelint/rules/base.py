"""What a rule is: metadata, documentation, its prefilter needles, and a check. (Its VALID
and INVALID cases are test fixtures: tests/fixtures/rules/<code>/.)

Rules never parse or walk a file: a front end lowers each file into a program, the run's
analysis (`scopelint.flow`) interprets them together and derives plain facts
(`scopelint.facts.model.RunFacts`), and every rule reads only those and yields `Report`s,
which the engine turns into `Finding`s. The same `check` serves every language.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from scopelint.model import Fix, Severity
from scopelint.rules.needles import token_flow_texts

if TYPE_CHECKING:
    from scopelint.facts.model import RunFacts, Site
    from scopelint.packs.knowledge import Knowledge


@dataclass(frozen=True)
class Report:
    """A rule's raw finding: the place (in any file of the run), the message, maybe a fix."""

    site: Site
    message: str
    fix: Fix | None = None
    secrets: tuple[str, ...] = ()  # literals to mask wherever the finding is shown
    related: tuple[tuple[Site, str], ...] = ()  # other places it is about, each with a word on why


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[str]  # one line, used by `scopelint rules` and SARIF shortDescription
    what_it_does: ClassVar[str]
    why_it_matters: ClassVar[str]
    example: ClassVar[str]  # code that triggers the rule
    fixed_example: ClassVar[str]  # the same code, migrated
    help: ClassVar[str]  # one line: what to do (printed under each finding)
    fixable: ClassVar[bool] = False

    @classmethod
    def needles(cls, knowledge: Knowledge, kind: str) -> list[set[str]]:
        """Texts without which the rule cannot fire in a file of `kind` ("python" or
        "script": JavaScript, TypeScript, templates): every group must occur (any text of a
        group will do). The prefilter skips files that fail every selected rule. By default
        a file must request, store or use tokens."""
        return [token_flow_texts(knowledge, kind)]

    def check(self, run: RunFacts) -> Iterator[Report]:
        """The rule's findings in the run: the facts of every file, joined."""
        raise NotImplementedError

    @classmethod
    def explanation(cls) -> str:
        """The full documentation (`scopelint explain`, README table, SARIF fullDescription)."""
        return (
            f"{cls.code} {cls.name} ({cls.severity.value}{', fixable' if cls.fixable else ''})\n\n"
            f"What it does\n  {_indent(cls.what_it_does)}\n\n"
            f"Why it matters\n  {_indent(cls.why_it_matters)}\n\n"
            f"Example\n{_block(cls.example)}\n\n"
            f"Use instead\n{_block(cls.fixed_example)}\n\n"
            f"How to suppress\n  # scopelint: ignore[{cls.code}]   (or ignore[{cls.name}], or # noqa: {cls.code})\n"
            f"  on the reported line or on its own line directly above the statement."
        )


def _indent(text: str) -> str:
    return "\n  ".join(text.strip().splitlines())


def _block(code: str) -> str:
    return "\n".join("    " + line if line else "" for line in code.strip("\n").splitlines())
