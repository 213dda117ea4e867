"""The JavaScript inside HTML and Jinja/Django templates, at its original positions.

Auth0 calls are often written in inline <script> blocks of server-rendered pages, with the
domain or the audience filled in by the template engine. The JavaScript analysis wants plain
JavaScript; findings want line/column positions of the template file. So instead of cutting
the scripts out, `script_text` blanks everything that is not script: the result has the same
length and the same newlines as the template, and parses as JavaScript.

Template syntax is taken out before the HTML is looked at, as the template engine does: a
`<script>` written inside `{# ... #}` or `{{ "..." }}` is not a script, and
`<script nonce="{{ nonce }}">` is a script tag like any other. An end tag `</script>` always ends
a block, even inside a template tag, so a broken template cannot hide the rest of the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TEMPLATE_SUFFIXES: frozenset[str] = frozenset({".html", ".htm", ".jinja", ".jinja2", ".j2", ".djhtml"})


@dataclass(frozen=True)
class ScriptBlock:
    """The content of one JavaScript <script> element, as offsets into the template."""

    start: int  # offset of the first character after the start tag's ">"
    end: int  # offset of the "</script" end tag, or the end of the file (exclusive)
    language: str  # "javascript" or "typescript"


# the MIME types HTML runs as JavaScript (the legacy ones too), plus the in-browser JSX compilers'
_JS_TYPES = frozenset(
    {
        "",
        "module",
        "text/javascript",
        "application/javascript",
        "text/ecmascript",
        "application/ecmascript",
        "application/x-javascript",
        "application/x-ecmascript",
        "text/x-javascript",
        "text/x-ecmascript",
        "text/jscript",
        "text/livescript",
        "text/javascript1.0",
        "text/javascript1.1",
        "text/javascript1.2",
        "text/javascript1.3",
        "text/javascript1.4",
        "text/javascript1.5",
        "text/babel",
        "text/jsx",
    }
)
_TS_TYPES = frozenset({"text/typescript", "application/typescript", "application/x-typescript"})
_TS_LANGS = frozenset({"ts", "typescript"})

# template tag openers and the closer each one needs
_TAG_OPEN = re.compile(r"\{[{%#]")
_CLOSERS = {"{": "}}", "%": "%}", "#": "#}"}
# {% raw %} (Jinja) and {% verbatim [name] %} (Django): their content is literal output
_RAW_OPEN = re.compile(r"\{%[-+]?\s*(raw|verbatim)(?:\s+([^\s%]+))?\s*[-+]?%\}")

# what the HTML scan stops at outside scripts: a comment, or a script start tag
_HTML_EVENT = re.compile(r"<!--|<script(?=[\s/>])", re.IGNORECASE)
_MARKUP_EVENT = re.compile(r"<!--|<[a-zA-Z][^\s/>]*")  # a comment, or an element's start tag
_TAG_STOP = re.compile(r"""[>"']""")  # in a start tag: its end, or an attribute value's quote
_END_TAG = re.compile(r"</script(?=[\s/>])", re.IGNORECASE)
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]*)))?""")
_NOT_NEWLINE = re.compile(r"[^\r\n]+")


def script_text(template: str) -> tuple[str, list[ScriptBlock]]:
    """Return `template` with everything but its JavaScript blanked, and the script blocks.

    The text has the length and every "\\n"/"\\r" of `template`, so positions in it are
    positions in the template. Inside a block the characters are the template's, except
    template tags: `{{ ... }}` becomes "_" and spaces (an identifier where an expression was,
    still a valid string inside a string literal), `{% ... %}` and `{# ... #}` become spaces.
    """
    masked = _mask_template_tags(template)
    blocks = _script_blocks(template, masked)
    pieces: list[str] = []
    pos = 0
    for block in blocks:
        pieces.append(_blank(template[pos : block.start]))
        pieces.append(masked[block.start : block.end])
        pos = block.end
    pieces.append(_blank(template[pos:]))
    return "".join(pieces), blocks


def attribute_values(template: str) -> list[tuple[int, int]]:
    """The spans (offsets into `template`) of the attribute values of the page's own elements,
    outside scripts and HTML comments: `<a href="https://{{ domain }}/authorize?...">`. Template
    tags are taken out first, so a quote inside `{{ "..." }}` does not end a value."""
    masked = _mask_template_tags(template)
    skipped = [(block.start, block.end) for block in _script_blocks(template, masked)]
    spans: list[tuple[int, int]] = []
    pos = 0
    while (tag := _MARKUP_EVENT.search(masked, pos)) is not None:
        inside = next((end for start, end in skipped if start <= tag.start() < end), None)
        if inside is not None:
            pos = inside
            continue
        if tag.group() == "<!--":
            close = masked.find("-->", tag.end())
            if close < 0:
                break
            pos = close + 3
            continue
        end = _start_tag_end(masked, tag.end())
        if end < 0:
            break
        for attribute in _ATTR.finditer(masked, tag.end(), end - 1):
            group = next((g for g in (2, 3, 4) if attribute.group(g) is not None), None)
            if group is not None and attribute.end(group) > attribute.start(group):
                spans.append(attribute.span(group))
        pos = end
    return spans


def _blank(text: str) -> str:
    """Spaces in place of every character but line breaks (CRLF files keep their positions)."""
    if "\n" not in text and "\r" not in text:
        return " " * len(text)  # most template tags: no per-line work
    return _NOT_NEWLINE.sub(lambda m: " " * len(m.group()), text)


def _mask_template_tags(template: str) -> str:
    """`template` with every Jinja/Django tag blanked (see `script_text`), everywhere.

    An opener without a closer anywhere after it is not a tag: the template engine would reject
    the file, so it is plain text (a JavaScript class body `{#private = 1}` in a plain HTML page).
    """
    # each closer's first occurrence at or after the last search; searches start at increasing
    # positions, so an answer stays right until passed and each closer is looked for once per
    # occurrence (-1, none left, stays right for good): no rescanning for unclosed openers
    found = {closer: -2 for closer in _CLOSERS.values()}
    pieces: list[str] = []
    copied = 0  # template[:copied] is in pieces
    scan = 0
    while (opener := _TAG_OPEN.search(template, scan)) is not None:
        start = opener.start()
        kind = template[start + 1]
        closer = _CLOSERS[kind]
        close = found[closer]
        if close < start + 2 and close != -1:
            close = found[closer] = template.find(closer, start + 2)
        if close < 0:
            scan = start + 1
            continue
        end = close + 2
        pieces.append(template[copied:start])
        if kind == "{":
            pieces.append("_" + _blank(template[start + 1 : end]))
            copied = scan = end
            continue
        pieces.append(_blank(template[start:end]))
        copied = scan = end
        raw = _RAW_OPEN.match(template, start) if kind == "%" else None
        if raw is not None:
            # literal content up to the matching end tag (all of the rest if there is none)
            name = raw.group(2)
            end_tag = re.compile(
                r"\{%[-+]?\s*end" + raw.group(1) + (r"\s+" + re.escape(name) if name else "") + r"\s*[-+]?%\}"
            ).search(template, end)
            if end_tag is None:
                break
            pieces.append(template[end : end_tag.start()])
            pieces.append(_blank(end_tag.group()))
            copied = scan = end_tag.end()
    pieces.append(template[copied:])
    return "".join(pieces)


def _script_blocks(template: str, masked: str) -> list[ScriptBlock]:
    """The JavaScript <script> elements of the page, found in `masked` (template tags blanked).

    End tags are looked for in `template` itself: `</script>` ends a block wherever it stands.
    """
    blocks: list[ScriptBlock] = []
    pos = 0
    while (event := _HTML_EVENT.search(masked, pos)) is not None:
        if event.group() == "<!--":
            close = masked.find("-->", event.end())
            if close < 0:
                break  # the rest of the file is a comment
            pos = close + 3
            continue
        start = _start_tag_end(masked, event.end())
        if start < 0:
            break  # no ">" (or an unclosed quote): the rest of the file is inside the tag
        end_tag = _END_TAG.search(template, start)
        end = end_tag.start() if end_tag else len(template)
        attrs = _attributes(masked[event.end() : start - 1])
        language = _language(attrs)
        # an external script's element content is ignored by browsers, but may still hold code
        if language is not None and not ("src" in attrs and not masked[start:end].strip()):
            blocks.append(ScriptBlock(start, end, language))
        pos = end_tag.end() if end_tag else len(template)
    return blocks


def _start_tag_end(html: str, pos: int) -> int:
    """The offset after the ">" closing the start tag whose attributes begin at `pos`, or -1.

    A quoted attribute value may hold ">". One search per quote: a regex over the whole tag
    would backtrack through the rest of the file when the tag is never closed.
    """
    while (stop := _TAG_STOP.search(html, pos)) is not None:
        if stop.group() == ">":
            return stop.end()
        close = html.find(stop.group(), stop.end())
        if close < 0:
            return -1
        pos = close + 1
    return -1


def _attributes(text: str) -> dict[str, str]:
    """Attribute names (lower case) to values (stripped, lower case); the first of a name wins, as in HTML."""
    attrs: dict[str, str] = {}
    if not text or text.isspace():
        return attrs  # <script>, the common case
    for m in _ATTR.finditer(text):
        value = m.group(2) if m.group(2) is not None else m.group(3) if m.group(3) is not None else m.group(4)
        attrs.setdefault(m.group(1).lower(), (value or "").strip().lower())
    return attrs


def _language(attrs: dict[str, str]) -> str | None:
    """The block's language, or None for a data or template block that browsers do not run."""
    mime = attrs.get("type", "").split(";")[0].strip()
    if mime in _TS_TYPES or (mime in _JS_TYPES and attrs.get("lang") in _TS_LANGS):
        return "typescript"
    return "javascript" if mime in _JS_TYPES else None
