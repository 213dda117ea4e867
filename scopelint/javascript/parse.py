"""Parsing JavaScript, TypeScript and the script blocks of templates with tree-sitter.

The JavaScript counterpart of `scopelint.python.parse`: one parse per file (per script
block for a template), positions as the rest of scopelint counts them (1-based lines ended
by "\\n", "\\r\\n" or "\\r"; columns in characters, end exclusive), and `walk`, the
iterative traversal every later stage uses, so no walk recurses on deeply nested code.

tree-sitter is imported on the first parse only: a run over Python code never loads it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from scopelint.facts.frontend import AnalysisFailure
from scopelint.languages import JS_SUFFIXES, TEMPLATE_SUFFIXES, language_of
from scopelint.model import Span

if TYPE_CHECKING:
    from tree_sitter import Node, Parser, Tree

__all__ = [
    "JS_SUFFIXES",
    "TEMPLATE_SUFFIXES",
    "ParsedScript",
    "ScriptSyntaxError",
    "language_of",
    "parse_script",
    "walk",
]

# What a syntax error message calls each grammar.
_DISPLAY_NAMES = {"javascript": "JavaScript", "typescript": "TypeScript", "tsx": "TypeScript"}
# The same line breaks as fixer.apply_edits and SourceFile.line_text (the bytes pattern is
# safe on UTF-8: these bytes never occur inside a multi-byte character).
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LINE_BREAK_BYTES = re.compile(rb"\r\n|\r|\n")

_languages: dict[str, Any] = {}  # grammar name -> tree_sitter.Language, created on first use
_parsers: dict[str, Parser] = {}  # grammar name -> a Parser over the whole input


class ScriptSyntaxError(AnalysisFailure):
    """A file tree-sitter cannot parse without error recovery; str(exc) is one line naming
    the line and column (1-based, in characters) of the first ERROR or MISSING node."""


def walk(node: Node) -> Iterator[Node]:
    """`node` and every node below it, in pre-order (document order), without recursion:
    one TreeCursor, so a 100,000-deep expression costs no Python stack."""
    return _preorder(node, lambda _: True)


def _preorder(node: Node, enter: Callable[[Node], bool]) -> Iterator[Node]:
    """Pre-order from `node`, going below a node only when `enter(node)`. A cursor made
    from `node` never moves above it or to its siblings."""
    cursor = node.walk()
    while True:
        # a cursor made from a node is always on one (tree-sitter's types allow None)
        current: Node = cursor.node  # type: ignore[assignment]
        yield current
        if enter(current) and cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return


@dataclass
class ParsedScript:
    """One parsed file. For a template, `text` is the blanked text of `templates.script_text`
    (same length and lines as the file) and `trees` holds one tree per script block, each
    with positions in the whole file; `tree` is the first (an empty program when the
    template has no script). For a JavaScript or TypeScript file `trees` is `(tree,)`."""

    text: str
    tree: Tree
    language: str  # "javascript", "typescript", "tsx" or "template"
    source: bytes  # text.encode("utf-8"): what the node byte offsets index
    trees: tuple[Tree, ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.trees:
            self.trees = (self.tree,)

    @property
    def roots(self) -> list[Node]:
        """The root node of every tree, in document order: walk each one."""
        return [tree.root_node for tree in self.trees]

    def node_text(self, node: Node) -> str:
        return self.source[node.start_byte : node.end_byte].decode("utf-8", "surrogatepass")

    def span(self, node: Node) -> Span:
        line, column = self.position(node.start_byte)
        end_line, end_column = self.position(node.end_byte)
        return Span(line, column, end_line, end_column)

    def position(self, byte_offset: int) -> tuple[int, int]:
        """(line, column) of a byte offset, 1-based, the column counted in characters.

        tree-sitter's own points count bytes and end lines at "\\n" only; this counts as
        apply_edits does, so a lone "\\r" line ending or a non-ASCII line cannot shift a fix.
        """
        byte_starts = self._byte_line_starts
        index = bisect.bisect_right(byte_starts, byte_offset) - 1
        line_start = byte_starts[index]
        if self._ascii:
            column = byte_offset - line_start
        else:
            column = len(self.source[line_start:byte_offset].decode("utf-8", "surrogatepass"))
        return index + 1, column + 1

    def line_text(self, line: int) -> str:
        """The text of 1-based `line` without its line ending; "" when out of range."""
        starts = self._char_line_starts
        if line < 1 or line > len(starts):
            return ""
        end = starts[line] if line < len(starts) else len(self.text)
        return self.text[starts[line - 1] : end].rstrip("\r\n")

    @cached_property
    def _ascii(self) -> bool:
        return len(self.source) == len(self.text)

    @cached_property
    def _byte_line_starts(self) -> list[int]:
        return [0] + [match.end() for match in _LINE_BREAK_BYTES.finditer(self.source)]

    @cached_property
    def _char_line_starts(self) -> list[int]:
        return [0] + [match.end() for match in _LINE_BREAK.finditer(self.text)]


def parse_script(text: str, path: str) -> ParsedScript:
    """Parse `text`, the content of `path`, with the grammar its name calls for.

    Raises ScriptSyntaxError for a file with a syntax error (tree-sitter recovers from
    errors; scopelint does not analyse a recovered tree, as it does not analyse a Python
    file that does not parse) and ValueError for a path that is not JavaScript,
    TypeScript or a template.
    """
    language = language_of(path)
    if language is None:
        raise ValueError(f"{path}: not a JavaScript, TypeScript or template file")
    if language == "template":
        return _parse_template(text)
    source = text.encode("utf-8", "surrogatepass")
    tree = _parser(language).parse(source)
    parsed = ParsedScript(text, tree, language, source)
    _raise_first_error(parsed, tree, language)
    return parsed


def _parse_template(template: str) -> ParsedScript:
    """Each script block parsed on its own (as browsers run them: a block's unclosed
    comment or brace does not reach into the next), over the whole blanked text through
    `included_ranges`, so every node's offsets and points are those of the template."""
    from tree_sitter import Parser, Point, Range

    from scopelint.javascript.templates import script_text

    text, blocks = script_text(template)
    source = text.encode("utf-8", "surrogatepass")
    if not blocks:
        tree = _parser("javascript").parse(source)  # blanks only: an empty program
        return ParsedScript(text, tree, "template", source)
    trees: list[tuple[Tree, str]] = []
    byte_offset = char_offset = 0
    row = column_bytes = 0
    points: list[tuple[int, Point]] = []
    for block in blocks:
        for char_position in (block.start, block.end):
            # Walk forward from the previous position: each character is encoded once.
            chunk = text[char_offset:char_position].encode("utf-8", "surrogatepass")
            newlines = chunk.count(b"\n")
            row += newlines
            column_bytes = len(chunk) - chunk.rfind(b"\n") - 1 if newlines else column_bytes + len(chunk)
            byte_offset += len(chunk)
            char_offset = char_position
            points.append((byte_offset, Point(row, column_bytes)))
        (start_byte, start_point), (end_byte, end_point) = points[-2:]
        grammar = "typescript" if block.language == "typescript" else "javascript"
        parser = Parser(_language(grammar), included_ranges=[Range(start_point, end_point, start_byte, end_byte)])
        tree = parser.parse(source)
        trees.append((tree, grammar))
    parsed = ParsedScript(text, trees[0][0], "template", source, tuple(tree for tree, _ in trees))
    for tree, grammar in trees:  # in document order: the first block's error first
        _raise_first_error(parsed, tree, grammar)
    return parsed


def _raise_first_error(parsed: ParsedScript, tree: Tree, grammar: str) -> None:
    root = tree.root_node
    if not root.has_error:
        return
    # Entering only subtrees that contain an error, the first ERROR or MISSING node met is
    # the first in document order (the root itself if tree-sitter marks none below it).
    first = next((n for n in _preorder(root, lambda n: n.has_error) if n.is_error or n.is_missing), root)
    line, column = parsed.position(first.start_byte)
    raise ScriptSyntaxError(f"{_DISPLAY_NAMES[grammar]} syntax error at line {line}, column {column}")


def _language(grammar: str) -> Any:
    if grammar not in _languages:
        from tree_sitter import Language

        if grammar == "javascript":
            import tree_sitter_javascript

            pointer = tree_sitter_javascript.language()
        else:
            import tree_sitter_typescript

            pointer = (
                tree_sitter_typescript.language_tsx()
                if grammar == "tsx"
                else tree_sitter_typescript.language_typescript()
            )
        _languages[grammar] = Language(pointer)
    return _languages[grammar]


def _parser(grammar: str) -> Parser:
    if grammar not in _parsers:
        from tree_sitter import Parser

        _parsers[grammar] = Parser(_language(grammar))
    return _parsers[grammar]
