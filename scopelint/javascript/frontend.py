"""The JavaScript/TypeScript/template front end as the engine, the fixer and suppressions see it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scopelint.facts.program import Program
from scopelint.javascript.lower import LoweringHints, lower_script
from scopelint.javascript.parse import ScriptSyntaxError, parse_script
from scopelint.languages import language_of
from scopelint.suppression import Suppressions, parse_script_suppressions

if TYPE_CHECKING:
    from scopelint.packs.knowledge import Knowledge
    from scopelint.source import SourceFile


class ScriptFrontend:
    kind = "script"

    def lower(self, source: SourceFile, knowledge: Knowledge) -> Program:
        """The script as a program for the run-level interpreter."""
        parsed = parse_script(source.text, source.display_path)
        hints = LoweringHints(url_needles=(knowledge.token_endpoints.authorize_path,))
        try:
            return lower_script(parsed, source.display_path, source.text, hints)
        except RecursionError:
            raise ScriptSyntaxError("too deeply nested to analyse (recursion limit reached)") from None

    def suppressions(self, text: str, path: str) -> Suppressions:
        return parse_script_suppressions(text, template=language_of(path) == "template")

    def verify(self, text: str, path: str) -> str | None:
        """The edited script must parse with tree-sitter without an error node."""
        try:
            parse_script(text, path)
        except ScriptSyntaxError as exc:
            return str(exc)
        return None


SCRIPTS = ScriptFrontend()
