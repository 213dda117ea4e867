"""The Python front end as the engine, the fixer and suppressions see it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from scopelint.facts.program import Program
from scopelint.python.lower import LoweringHints, lower_module
from scopelint.python.parse import ParseFailure, parse
from scopelint.suppression import Suppressions, parse_suppressions

if TYPE_CHECKING:
    from scopelint.packs.knowledge import Knowledge
    from scopelint.source import SourceFile


class PythonFrontend:
    kind = "python"

    def lower(self, source: SourceFile, knowledge: Knowledge) -> Program:
        """The module as a program for the run-level interpreter."""
        parsed = parse(source.text)
        hints = LoweringHints(
            url_needles=(knowledge.token_endpoints.authorize_path,),
            url_joiners=tuple(sorted({name.rsplit(".", 1)[-1] for name in knowledge.url_joiners})),
        )
        try:
            return lower_module(parsed, source.display_path, hints)
        except RecursionError:
            raise ParseFailure("too deeply nested to analyse (recursion limit reached)") from None

    def suppressions(self, text: str, path: str) -> Suppressions:
        return parse_suppressions(text)

    def verify(self, text: str, path: str) -> str | None:
        """The edited module must parse with LibCST and compile."""
        try:
            cst.parse_module(text)
        except Exception as exc:  # ParserSyntaxError and friends
            return f"LibCST: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
        try:
            compile(text, path, "exec", dont_inherit=True)
        except (SyntaxError, ValueError) as exc:
            return f"compile: {exc.msg if isinstance(exc, SyntaxError) else exc}"
        return None


PYTHON = PythonFrontend()
