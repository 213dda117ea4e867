"""The material of fixes, read off a file's text and its program's locations: where a new
entry goes in a dict, an object, a call or a list (in the code's own layout), how a string
is quoted, how the code names the tenant's domain.

Edits touch only what they change: the quote style, prefixes and layout around them stay as
the author wrote them. Line breaks in inserted text are "\\n"; the fixer writes the file's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scopelint.facts.program import Program
from scopelint.model import Edit, InsertionPoint, Span

_STRING_PREFIX = re.compile(r"^([a-zA-Z]*)('''|\"\"\"|'|\"|`)")


@dataclass
class FileText:
    """A file's text with its program: spans and source of its nodes."""

    program: Program
    text: str

    def __post_init__(self) -> None:
        self.starts = [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", self.text))]

    def span(self, node: int) -> Span | None:
        location = self.program.locations.get(node)
        return Span(*location[:4]) if location is not None else None

    def offset(self, line: int, column: int) -> int:
        return self.starts[line - 1] + column - 1 if 0 < line <= len(self.starts) else len(self.text)

    def source(self, node: int) -> str:
        span = self.span(node)
        if span is None:
            return ""
        return self.text[self.offset(span.line, span.column) : self.offset(span.end_line, span.end_column)]

    def line_text(self, line: int) -> str:
        if not 0 < line <= len(self.starts):
            return ""
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column), 1-based, of a character offset."""
        import bisect

        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def op(self, node: int) -> tuple:
        return self.program.nodes[node] if 0 <= node < len(self.program.nodes) else ("unknown",)


def point(line: int, column: int) -> Span:
    return Span(line, column, line, column)


# ---------------------------------------------------------------------------------------
# strings


def string_quote(file: FileText, node: int) -> str | None:
    """The prefix and quote of a plain one-line string literal (`'`, `"`, `r"`), for an edit
    that writes a new value into it; None for anything else (f-strings, triple quotes, bytes,
    template literals with substitutions, a string with escapes)."""
    op = file.op(node)
    source = file.source(node)
    if op[0] == "concat" and source.startswith("`") and "${" not in source:
        pass  # a template literal without substitutions is a plain string
    elif op[0] != "str":
        return None
    match = _STRING_PREFIX.match(source)
    if match is None or len(match.group(2)) == 3 or "b" in match.group(1).lower() or "f" in match.group(1).lower():
        return None
    if "\\" in source or not source.endswith(match.group(2)):
        return None
    return match.group(1) + match.group(2)


def retext(file: FileText, node: int, value: str) -> Edit | None:
    """The string literal `node` with its value replaced, keeping prefix and quotes."""
    source = file.source(node)
    match = _STRING_PREFIX.match(source)
    span = file.span(node)
    if match is None or span is None or "b" in match.group(1).lower():
        return None
    prefix, quote = match.groups()
    if quote in value or "\\" in value or ("\n" in value and len(quote) == 1):
        return None
    return Edit(span, f"{prefix}{quote}{value}{quote}")


def quote_char(file: FileText, node: int | None) -> str | None:
    """The quote character of a string literal node ('"' or "'"), None when it is none."""
    if node is None or file.op(node)[0] != "str":
        return None
    match = _STRING_PREFIX.match(file.source(node))
    return match.group(2)[0] if match and match.group(2) in ("'", '"') else None


# ---------------------------------------------------------------------------------------
# insertion points


def element_spans(file: FileText, container: int) -> list[Span]:
    """The spans of a dict's entries (key to value), an object's, a call's arguments
    (`keyword=value` whole), a list's items, as the code writes them."""
    op = file.op(container)
    spans: list[Span] = []
    if op[0] == "dict":
        for key, value in op[1]:
            end = _parenthesized(file, file.span(value))
            if end is None:
                return []
            start = file.span(key) if key is not None else None
            if start is None:  # a spread: back over `**` or `...`
                start = _back_over(file, end, ("**", "..."))
            spans.append(Span(start.line, start.column, end.end_line, end.end_column))
    elif op[0] in ("call", "new"):
        for kind, keyword, value in op[2]:
            end = _parenthesized(file, file.span(value))
            if end is None:
                return []
            start = end
            if kind == "kw" and keyword:
                start = _keyword_start(file, end, keyword)
            elif kind in ("star", "dstar"):
                start = _back_over(file, end, ("**", "*", "..."))
            spans.append(Span(start.line, start.column, end.end_line, end.end_column))
    elif op[0] in ("list", "tuple"):
        for item in op[1]:
            inner = file.op(item)
            end = _parenthesized(file, file.span(inner[1] if inner[0] == "spread" else item))
            if end is None:
                return []
            start = _back_over(file, end, ("*", "...")) if inner[0] == "spread" else end
            spans.append(Span(start.line, start.column, end.end_line, end.end_column))
    return spans


def _parenthesized(file: FileText, span: Span | None) -> Span | None:
    """`span` with the parentheses written around it (`"scope": ("openid", "email")`): an
    element ends at its last `)`. Only parentheses that follow the element's delimiter
    (`:`, `=`, `,`) count; a call's own are not the element's."""
    if span is None:
        return None
    text = file.text
    start = file.offset(span.line, span.column)
    before = start
    opened = 0
    while before > 0:
        char = text[before - 1]
        if char in " \t\r\n":
            before -= 1
        elif char == "(":
            opened += 1
            before -= 1
        else:
            break
    if not opened or before == 0 or text[before - 1] not in ":=,":
        return span
    end = file.offset(span.end_line, span.end_column)
    while opened and end < len(text):
        char = text[end]
        if char in " \t\r\n":
            end += 1
        elif char == ")":
            opened -= 1
            end += 1
        else:
            break
    if opened:
        return span
    line, column = file.position(end)
    return Span(span.line, span.column, line, column)


def _back_over(file: FileText, span: Span, tokens: tuple[str, ...]) -> Span:
    offset = file.offset(span.line, span.column)
    before = file.text[:offset].rstrip(" \t")
    for token in tokens:
        if before.endswith(token):
            line, column = file.position(len(before) - len(token))
            return Span(line, column, span.end_line, span.end_column)
    return span


def _keyword_start(file: FileText, span: Span, keyword: str) -> Span:
    offset = file.offset(span.line, span.column)
    match = re.search(re.escape(keyword) + r"\s*=\s*$", file.text[max(0, offset - len(keyword) - 200) : offset])
    if match is None:
        return span
    line, column = file.position(offset - (len(match.group(0))))
    return Span(line, column, span.end_line, span.end_column)


def _comma_after(file: FileText, span: Span) -> Span | None:
    """The comma right after an element (blanks and comments between), if any."""
    offset = file.offset(span.end_line, span.end_column)
    text = file.text
    while offset < len(text):
        char = text[offset]
        if char in " \t\r\n\f":
            offset += 1
        elif text.startswith("#", offset) and file.program.language == "python":
            offset = _line_end(text, offset)
        elif text.startswith("//", offset) and file.program.language != "python":
            offset = _line_end(text, offset)
        elif text.startswith("/*", offset) and file.program.language != "python":
            close = text.find("*/", offset + 2)
            offset = close + 2 if close >= 0 else len(text)
        elif char == ",":
            line, column = file.position(offset)
            return Span(line, column, line, column + 1)
        else:
            return None
    return None


def _line_end(text: str, offset: int) -> int:
    match = re.compile(r"\r\n|\r|\n").search(text, offset)
    return match.start() if match else len(text)


def insertion_point(file: FileText, container: int) -> InsertionPoint | None:
    """After the last element of a dict, object, call or list, in its layout: a new line with
    the same indentation (tabs included) when the elements stand one per line (after a
    trailing comma, keeping one), else on the same line."""
    spans = element_spans(file, container)
    whole = file.span(container)
    if whole is None:
        return None
    if not spans:
        if file.op(container)[0] == "dict" and file.program.language != "python":
            brace = file.text.find("{", file.offset(whole.line, whole.column))
            if brace < 0:
                return None
            line, column = file.position(brace + 1)
            return InsertionPoint(point(line, column), "", ", ", "")
        return None
    spread = _first_spread(file, container)
    if spread is not None:
        return _before(file, spans, spread)
    last = spans[-1]
    previous_end = spans[-2].end_line if len(spans) > 1 else whole.line
    lead_match = re.match(r"[ \t]*", file.line_text(last.line))
    lead = lead_match.group(0) if lead_match else ""
    one_per_line = last.line > previous_end and len(lead) == last.column - 1
    comma = _comma_after(file, last)
    if one_per_line:
        indent = "\n" + lead
        after = comma or last
        comment = _trailing_comment(file, after)
        if comment is not None:  # the comment stays on the line it is about
            line_end = Span(after.end_line, comment.end_column, after.end_line, comment.end_column)
            if comma is not None:
                return InsertionPoint(line_end, indent, "," + indent, ",")
            tail = file.line_text(after.end_line)[last.end_column - 1 : comment.end_column - 1]
            whole = Span(last.end_line, last.end_column, after.end_line, comment.end_column)
            return InsertionPoint(whole, "," + tail + indent, "," + indent, "")
        if comma is not None:
            return InsertionPoint(point(comma.end_line, comma.end_column), indent, "," + indent, ",")
        return InsertionPoint(point(last.end_line, last.end_column), "," + indent, "," + indent, "")
    if comma is not None and file.program.language != "python":
        return InsertionPoint(point(comma.end_line, comma.end_column), " ", ", ", ",")
    return InsertionPoint(point(last.end_line, last.end_column), ", ", ", ", "")


def _first_spread(file: FileText, container: int) -> int | None:
    """The index of the first spread element (`**extra`, `...options`, `*args`), if any."""
    op = file.op(container)
    if op[0] == "dict":
        kinds = [key is None for key, _ in op[1]]
    elif op[0] in ("call", "new"):
        kinds = [kind in ("star", "dstar") for kind, _, _ in op[2]]
    elif op[0] in ("list", "tuple"):
        kinds = [file.op(item)[0] == "spread" for item in op[1]]
    else:
        return None
    return kinds.index(True) if True in kinds else None


def _before(file: FileText, spans: list[Span], index: int) -> InsertionPoint:
    """Before a spread element, so that what the spread holds (a caller's values) wins over
    what a fix adds: `{"audience": ..., **extra}`, `{audience, ...options}`."""
    spread = spans[index]
    previous_end = spans[index - 1].end_line if index > 0 else 0
    lead_match = re.match(r"[ \t]*", file.line_text(spread.line))
    lead = lead_match.group(0) if lead_match else ""
    at = point(spread.line, spread.column)
    if spread.line > previous_end and len(lead) == spread.column - 1:  # one element per line
        return InsertionPoint(at, "", ",\n" + lead, ",\n" + lead)
    return InsertionPoint(at, "", ", ", ", ")


def _trailing_comment(file: FileText, span: Span) -> Span | None:
    """The line comment after `span` on its last line (`"scope": "openid",  # why`), if the rest
    of the line is only that."""
    rest = file.line_text(span.end_line)[span.end_column - 1 :].rstrip("\r\n")
    marker = "#" if file.program.language == "python" else "//"
    stripped = rest.lstrip(" \t")
    if not stripped.startswith(marker):
        return None
    start = span.end_column + len(rest) - len(stripped)
    end = span.end_column + len(rest.rstrip(" \t"))
    return Span(span.end_line, start, span.end_line, end)


def first_key_quote(file: FileText, container: int) -> str:
    """The quote the code uses for keys: a dict's first key's; for a JavaScript object, its
    first string, else the file's first string; '"' when there is none."""
    op = file.op(container)
    if file.program.language == "python":
        if op[0] == "dict" and op[1] and op[1][0][0] is not None:
            return quote_char(file, op[1][0][0]) or '"'
        return '"'
    span = file.span(container)
    nodes = sorted(
        (n for n, location in file.program.locations.items() if file.op(n)[0] == "str"),
        key=lambda n: file.program.locations[n][:2],
    )
    if span is not None:
        for node in nodes:
            location = file.program.locations[node]
            if (location[0], location[1]) >= (span.line, span.column) and (location[2], location[3]) <= (
                span.end_line,
                span.end_column,
            ):
                found = quote_char(file, node)
                if found:
                    return found
    for node in nodes:
        found = quote_char(file, node)
        if found:
            return found
    return '"'
