"""What a front end provides: the one interface through which the engine, the fixer and the
suppression code reach a file, whatever its language. Adding a language is adding a front
end: a package that implements this and a line in `scopelint.frontends`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from scopelint.facts.program import Program

if TYPE_CHECKING:
    from scopelint.packs.knowledge import Knowledge
    from scopelint.source import SourceFile
    from scopelint.suppression import Suppressions


class AnalysisFailure(Exception):
    """A file that cannot be analysed (a syntax error, nesting too deep, ...): the message is
    one line that says why; the run goes on with the other files."""


class Frontend(Protocol):
    # "python" or "script": the prefilter and the rules' needles are per kind of file
    kind: str

    def lower(self, source: SourceFile, knowledge: Knowledge) -> Program:
        """The file as a program for the run-level interpreter (raises AnalysisFailure)."""
        ...

    def suppressions(self, text: str, path: str) -> Suppressions:
        """The suppression comments of the file, in its own comment syntax."""
        ...

    def verify(self, text: str, path: str) -> str | None:
        """None when an edited text still parses as what `path` is, else the problem, one line."""
        ...
