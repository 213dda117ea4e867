"""Suppression comments: `# scopelint: ignore[SL101]`, `# scopelint: ignore`, `# noqa: SL101`.

A comment silences a finding when it stands on any line of the reported statement (so a
multi-line call can carry it on the reported line or its last line), or alone on the line
directly above the statement.

JavaScript and TypeScript take the same directives in `//` and `/* */` comments; templates
also in `{# #}` and `<!-- -->`. They are found by a scan for a comment opener directly
followed by a directive, not by a tokenizer: such text inside a string literal counts as
a directive too (a rare false suppression, the price of not parsing the file for it).
"""

from __future__ import annotations

import bisect
import io
import re
import tokenize
from dataclasses import dataclass

ALL = "*"
_DIRECTIVE_BODY = r"(?:scopelint\s*:\s*ignore(?:\[(?P<codes>[^\]]*)\])?|noqa(?:\s*:\s*(?P<noqa>[A-Za-z0-9_\-, ]+))?)"
_DIRECTIVE = re.compile(r"#\s*" + _DIRECTIVE_BODY, re.IGNORECASE)
# A comment opener with a directive right after it, on the same line.
_JS_DIRECTIVE = re.compile(r"(?P<opener>//|/\*)[ \t]*" + _DIRECTIVE_BODY, re.IGNORECASE)
_TEMPLATE_DIRECTIVE = re.compile(r"(?P<opener>//|/\*|\{#|<!--)[ \t]*" + _DIRECTIVE_BODY, re.IGNORECASE)
# Where each kind of comment ends: a line comment at the end of its line.
_CLOSERS = {"/*": "*/", "{#": "#}", "<!--": "-->"}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class Suppressions:
    by_line: dict[int, set[str]]  # line -> codes or names (upper-cased codes, lower names), or {ALL}
    comment_only_lines: set[int]

    def silences(self, code: str, name: str, first_line: int, last_line: int) -> bool:
        lines = list(range(first_line, last_line + 1))
        if first_line - 1 in self.comment_only_lines:
            lines.append(first_line - 1)
        for line in lines:
            wanted = self.by_line.get(line)
            if wanted and (ALL in wanted or code.upper() in wanted or name.lower() in wanted):
                return True
        return False


def parse_script_suppressions(text: str, *, template: bool) -> Suppressions:
    """The suppressions of a JavaScript/TypeScript file, or of a template (`template`: its
    `{# #}` and `<!-- -->` comments count too)."""
    if not _may_have_directive(text):
        return Suppressions({}, set())
    return _scan_comments(text, _TEMPLATE_DIRECTIVE if template else _JS_DIRECTIVE)


def _may_have_directive(text: str) -> bool:
    lowered = text.lower()
    return "scopelint" in lowered or "noqa" in lowered


def _scan_comments(text: str, directive: re.Pattern[str]) -> Suppressions:
    """Directives in JavaScript or template comments: a comment counts for the line it
    opens on (and the line it closes on), and is comment-only when nothing but blanks
    stands before its opener and after its closer."""
    by_line: dict[int, set[str]] = {}
    comment_only: set[int] = set()
    line_starts = [0] + [match.end() for match in _LINE_BREAK.finditer(text)]
    for match in directive.finditer(text):
        start = match.start()
        closer = _CLOSERS.get(match.group("opener"))
        close_at = text.find(closer, match.end()) if closer else -1
        end = close_at + len(closer) if closer and close_at >= 0 else _line_end(text, start)
        first = bisect.bisect_right(line_starts, start)
        last = bisect.bisect_right(line_starts, end)
        alone = not text[line_starts[first - 1] : start].strip() and not text[end : _line_end(text, end)].strip()
        for line in {first, last}:
            by_line.setdefault(line, set()).update(_codes_of(match))
            if alone:
                comment_only.add(line)
    return Suppressions(by_line, comment_only)


def _line_end(text: str, offset: int) -> int:
    found = _LINE_BREAK.search(text, offset)
    return found.start() if found else len(text)


def parse_suppressions(text: str) -> Suppressions:
    by_line: dict[int, set[str]] = {}
    comment_only: set[int] = set()
    if not _may_have_directive(text):
        return Suppressions(by_line, comment_only)  # no directive: no need to tokenize
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        tokens = []
    previous_line_with_code = 0
    for token in tokens:
        if token.type == tokenize.COMMENT:
            line = token.start[0]
            codes = _codes(token.string)
            if codes is not None:
                by_line.setdefault(line, set()).update(codes)
                if previous_line_with_code != line:
                    comment_only.add(line)
        elif token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING):
            previous_line_with_code = token.end[0]
    return Suppressions(by_line, comment_only)


def _codes(comment: str) -> set[str] | None:
    match = _DIRECTIVE.search(comment)
    return None if match is None else _codes_of(match)


def _codes_of(match: re.Match[str]) -> set[str]:
    listed = match.group("codes") if match.group("codes") is not None else match.group("noqa")
    if listed is None or not listed.strip():
        return {ALL}
    found = set()
    for item in re.split(r"[,\s]+", listed.strip()):
        if item:
            found.add(item.upper() if re.fullmatch(r"[A-Za-z]+\d+", item) else item.lower())
    return found
