"""Suppression comments: `# scopelint: ignore[SL101]`, `# scopelint: ignore`, `# noqa: SL101`.

A comment silences a finding when it stands on any line of the reported statement (so a
multi-line call can carry it on the reported line or its last line), or alone on the line
directly above the statement.
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass

ALL = "*"
_DIRECTIVE = re.compile(
    r"#\s*(?:scopelint\s*:\s*ignore(?:\[(?P<codes>[^\]]*)\])?|noqa(?:\s*:\s*(?P<noqa>[A-Za-z0-9_\-, ]+))?)",
    re.IGNORECASE,
)


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


def parse_suppressions(text: str) -> Suppressions:
    by_line: dict[int, set[str]] = {}
    comment_only: set[int] = set()
    lowered = text.lower()
    if "scopelint" not in lowered and "noqa" not in lowered:
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
    if match is None:
        return None
    listed = match.group("codes") if match.group("codes") is not None else match.group("noqa")
    if listed is None or not listed.strip():
        return {ALL}
    found = set()
    for item in re.split(r"[,\s]+", listed.strip()):
        if item:
            found.add(item.upper() if re.fullmatch(r"[A-Za-z]+\d+", item) else item.lower())
    return found
