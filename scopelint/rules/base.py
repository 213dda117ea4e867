"""What a rule is: metadata, documentation, and a check. (Its VALID and INVALID cases are
test fixtures: tests/fixtures/rules/<code>/.)

Rules never parse or walk a file themselves: the engine parses each file once and the
analysis builds its facts in one traversal (`scopelint.analysis`); every rule reads those
facts and yields `Report`s, which the engine turns into `Finding`s.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Iterator

from scopelint.model import Fix, Severity

if TYPE_CHECKING:  # LibCST is imported only when a file has to be parsed
    import libcst as cst

    from scopelint.analysis.facts import ModuleFacts
    from scopelint.analysis.run import FileFacts, RunFacts, Site
    from scopelint.packs import Knowledge


@dataclass(frozen=True)
class Report:
    """A module rule's raw finding: the node to point at, the message, and maybe a fix."""

    node: "cst.CSTNode"
    message: str
    fix: Fix | None = None
    secrets: tuple[str, ...] = ()  # literals to mask wherever the finding is shown


@dataclass(frozen=True)
class RunReport:
    """A run rule's raw finding: the place (in any file of the run) and the message."""

    site: "Site"
    message: str
    fix: Fix | None = None
    secrets: tuple[str, ...] = ()  # literals to mask wherever the finding is shown


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

    # "module" rules read one module's facts; "run" rules read the facts of every file of
    # the run joined together (a token requested in auth.py and used in views.py).
    scope: ClassVar[str] = "module"

    @classmethod
    def needles(cls, knowledge: "Knowledge", language: str) -> list[set[str]]:
        """Texts without which the rule cannot fire in a file of `language` ("python" or
        "script": JavaScript, TypeScript, templates): every group must occur (any text of a
        group will do). The prefilter skips files that fail every selected rule. Run rules
        need a file that requests, stores or uses tokens."""
        from scopelint.prefilter import token_flow_texts

        return [token_flow_texts(knowledge, language)]

    def check(self, facts: "ModuleFacts") -> Iterator[Report]:
        raise NotImplementedError

    def check_run(self, run: "RunFacts") -> Iterator[RunReport]:
        raise NotImplementedError

    def check_file(self, facts: "FileFacts", knowledge: "Knowledge") -> Iterator[RunReport]:
        """A module rule on a file that is not Python (JavaScript, TypeScript, templates),
        from its plain facts. Rules without such a check report nothing there."""
        return iter(())

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
