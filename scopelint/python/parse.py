"""Parsing a module once with LibCST, and the metadata every later stage shares.

This is the only module that imports LibCST at run time for the engine, so a run whose
files all fail the prefilter never pays for importing it.
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from typing import cast

import libcst as cst

from scopelint.facts.frontend import AnalysisFailure
from scopelint.facts.model import Site
from scopelint.model import Span
from scopelint.python.positions import (
    LINE_BREAK,
    STATEMENTS,
    Position,
    PositionState,
    Unit,
    all_positions,
    is_text_at,
    statement_units,
)
from scopelint.python.tree_positions import (
    DEFINITION_NAME,
    SAME_RANGE,
    Counterpart,
    ast_range,
    first_token,
    own_range,
    step,
)


class ParseFailure(AnalysisFailure):
    """One line: why the file could not be analysed."""


MAX_NESTING = 250  # LibCST's native parser overflows its stack between 1,000 and 2,000 levels


def _precheck(text: str) -> ast.Module:
    """CPython's parser first: its syntax errors name the right line, and its limits on
    nesting protect LibCST, whose native parser crashes on very deep nesting and slows
    down super-quadratically on very long expressions."""
    try:
        tree = ast.parse(text)
    except SyntaxError as exc:
        line = f"line {exc.lineno}, column {exc.offset}: " if exc.lineno else ""
        raise ParseFailure(f"syntax error at {line}{' '.join(str(exc.msg).split())}") from None
    except (RecursionError, MemoryError):
        raise ParseFailure("too deeply nested to analyse") from None
    except ValueError as exc:  # e.g. source code string cannot contain null bytes
        raise ParseFailure(f"could not be parsed: {exc}") from None
    # level by level, reading the fields directly: ast.iter_child_nodes costs two
    # generators a node, more than CPython's parse itself
    level: list[ast.AST] = [tree]
    for _ in range(MAX_NESTING + 1):
        below: list[ast.AST] = []
        for node in level:
            for name in node._fields:
                value = getattr(node, name, None)
                if isinstance(value, ast.AST):
                    below.append(value)
                elif isinstance(value, list):
                    below.extend([item for item in value if isinstance(item, ast.AST)])
        if not below:
            return tree
        level = below
    raise ParseFailure(f"too deeply nested to analyse (more than {MAX_NESTING} levels)")


def parse(text: str) -> ParsedModule:
    tree = _precheck(text)
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        message = str(exc.message).strip().splitlines()[0] if exc.message else "invalid syntax"
        # CPython accepted the file just before: this is a LibCST limitation, not the user's error
        raise ParseFailure(f"valid Python that LibCST cannot parse (near line {exc.raw_line}): {message}") from None
    except RecursionError:
        raise ParseFailure("too deeply nested to analyse (recursion limit reached)") from None
    except Exception as exc:  # the parser's own failures must not end the run
        raise ParseFailure(
            f"could not be parsed: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        ) from None
    return ParsedModule(module, text, tree)


class ParsedModule:
    def __init__(self, module: cst.Module, text: str, tree: ast.Module | None = None) -> None:
        self.module = module
        self.text = text
        self._line_starts: list[int] | None = None
        self._parents: Mapping[int, cst.CSTNode] | None = None
        # Positions are computed for the nodes asked about: read from CPython's tree (`tree`)
        # where it has them, else generated per expression or per statement (`position`).
        self._tree = tree
        self._units: dict[int, Unit] | None = None
        self.positions: dict[int, Position] = {}
        self.whole_module_done = False
        self._ancestry: dict[int, tuple[cst.BaseStatement | None, str]] = {}
        # LibCST node -> its counterpart in CPython's tree (None: it has none)
        self._counterparts: dict[int, Counterpart | None] = {}
        self._ascii = text.isascii()
        self._encoded_lines: dict[int, bytes | None] = {}

    def attach_parents(self, parents: Mapping[int, cst.CSTNode]) -> None:
        """The parents of the module's nodes by id, as the one traversal recorded them:
        positions and sites walk up from a node to its statement."""
        self._parents = parents

    def site(self, node: cst.CSTNode, path: str, line_text: Callable[[int], str]) -> Site:
        """Where `node` is, with what findings, fingerprints and suppressions need."""
        span = self.span(node)
        first, last = self.statement_lines(node)
        return Site(
            path=path,
            span=span,
            first_line=first,
            last_line=last,
            snippet=re.sub(r"\s+", " ", self.code_for(node)).strip(),
            context=self.context_name(node),
            line_text=line_text(span.line),
        )

    def position(self, node: cst.CSTNode) -> Position | None:
        """LibCST's syntactic range of `node` (None: it has none): from CPython's tree, else
        its statement's code generated alone, else the whole module's."""
        found = self.positions.get(id(node))
        if found is not None or self.whole_module_done:
            return found
        found = self._from_tree(node)
        if found is not None:
            return found
        unit = self.statement_unit(node)
        if unit is None or not self.place_statement(unit):
            self.positions.update(all_positions(self.module))
            self.whole_module_done = True
        return self.positions.get(id(node))

    def _from_tree(self, node: cst.CSTNode) -> Position | None:
        """`node`'s position read from CPython's tree (`tree_positions`), or generated from
        its nearest expression whose start CPython's tree gives (None: neither)."""
        parents = self._parents
        if parents is None or self._tree is None:
            return None
        units = self._statement_units()
        counterparts = self._counterparts
        chain: list[cst.CSTNode] = []
        current = node
        key = id(current)
        while key not in counterparts:  # up to a node already paired, or to the statement
            unit = units.get(key)
            if unit is not None:
                counterparts[key] = unit[2] if self._starts_as_paired(current, unit) else None
                break
            chain.append(current)
            above = parents.get(key)
            if above is None:
                return None
            current, key = above, id(above)
        counterpart = counterparts[key]
        for child in reversed(chain):  # and down again, one field at a time
            if counterpart is not None:
                counterpart = step(current, counterpart, child)
            counterparts[id(child)] = counterpart
            current = child
        expected = SAME_RANGE.get(type(node))
        if self._ascii and expected is not None and isinstance(counterpart, expected):  # the common case, inline
            found: Position | None = ast_range(counterpart)
        else:
            found = self._own_position(node)
        if found is None:
            return self._generate_from_ancestor(node)
        self.positions[id(node)] = found
        return found

    def _starts_as_paired(self, statement: cst.CSTNode, unit: Unit) -> bool:
        """A cheap proof that CPython's statement is this one: the text at its start is the
        statement's first token (else its nodes' positions are generated and proven)."""
        token = first_token(statement)
        counterpart = unit[2]
        first = counterpart[0] if isinstance(counterpart, list) else counterpart
        if token is None or first is None:
            return False
        line = first.lineno
        starts = self.line_starts()
        return 0 < line <= len(starts) and self.text.startswith(
            token, starts[line - 1] + self._column(line, first.col_offset)
        )

    def _own_position(self, node: cst.CSTNode) -> Position | None:
        counterpart = self._counterparts.get(id(node))
        if counterpart is None:
            return None
        if isinstance(counterpart, tuple) and counterpart and counterpart[0] == "definition name":
            return self._definition_name(node, counterpart[1])
        found = own_range(node, counterpart)
        if found is None or self._ascii:  # then bytes are characters
            return found
        line, column, end_line, end_column = found
        return line, self._column(line, column), end_line, self._column(end_line, end_column)

    def _definition_name(self, name: cst.CSTNode, definition: ast.stmt) -> Position | None:
        """A function's or class's name: after `def`/`class` in the text (CPython's tree has no node for it)."""
        assert isinstance(name, cst.Name)
        starts = self.line_starts()
        start = starts[definition.lineno - 1] + self._column(definition.lineno, definition.col_offset)
        match = DEFINITION_NAME.match(self.text, start)
        if match is None or not self.text.startswith(name.value, match.end()):
            return None
        line, column = self._line_column(match.end())
        return line, column, line, column + len(name.value)

    def _column(self, line: int, byte_column: int) -> int:
        """A column in characters, from CPython's column in UTF-8 bytes."""
        if self._ascii or byte_column == 0:
            return byte_column
        encoded = self._encoded_lines.get(line)
        if encoded is None:
            starts = self.line_starts()
            end = starts[line] if line < len(starts) else len(self.text)
            text = self.text[starts[line - 1] : end]
            encoded = self._encoded_lines[line] = None if text.isascii() else text.encode("utf-8")
        return byte_column if encoded is None else len(encoded[:byte_column].decode("utf-8", "replace"))

    def _generate_from_ancestor(self, node: cst.CSTNode) -> Position | None:
        """Generate the code of `node`'s nearest expression whose start CPython's tree gives,
        from that start: the positions of everything inside it."""
        current: cst.CSTNode | None = node
        while current is not None and id(current) in self._counterparts:
            if isinstance(current, cst.BaseExpression):
                start = self._own_position(current)
                if start is not None:
                    placed = isinstance(current, cst.FormattedString) and self.place_fstring(current, *start[:2])
                    if not placed and not self.place_expression(current, start[0], start[1]):
                        return None
                    return self.positions.get(id(node))
            current = self.parent(current)
        return None

    def place_fstring(self, fstring: cst.FormattedString, line: int, column: int) -> bool:
        """An f-string's parts read off the text from its start, the common case without code
        generation: a text part is its own source text, and so is a name; any other
        expression inside is generated alone (False: a part's text is not the file's there,
        or a layout the reading leaves to the code generation)."""
        offset = self.line_starts()[line - 1] + column
        if not self.text.startswith(fstring.start, offset):
            return False
        found: dict[int, Position] = {}
        end = self._fstring_parts(fstring.parts, offset + len(fstring.start), found)
        if end is None or not self.text.startswith(fstring.end, end):
            return False
        found[id(fstring)] = (line, column, *self._line_column(end + len(fstring.end)))
        self.positions.update(found)
        return True

    def _fstring_parts(
        self, parts: Sequence[cst.BaseFormattedStringContent], offset: int, found: dict[int, Position]
    ) -> int | None:
        """Where `parts` end in the text, from `offset` (None: see `place_fstring`)."""
        text = self.text
        for part in parts:
            start = offset
            if isinstance(part, cst.FormattedStringText):
                if not text.startswith(part.value, offset):
                    return None
                offset += len(part.value)
            elif isinstance(part, cst.FormattedStringExpression):
                equal = part.equal
                layout = [part.whitespace_before_expression, part.whitespace_after_expression]
                if equal is not None:
                    layout += [equal.whitespace_before, equal.whitespace_after]
                spaces = [space.value for space in layout if isinstance(space, cst.SimpleWhitespace)]
                if len(spaces) != len(layout) or text[offset] != "{":
                    return None  # a line break inside the braces: left to the code generation
                inside = self._fstring_expression(part.expression, offset + 1 + len(spaces[0]), found)
                if inside is None:
                    return None
                rest = (
                    (f"{spaces[2]}={spaces[3]}" if equal is not None else "")
                    + spaces[1]
                    + (f"!{part.conversion}" if part.conversion is not None else "")
                )
                if not text.startswith(rest, inside):
                    return None
                offset = inside + len(rest)
                if part.format_spec is not None:
                    if text[offset] != ":":
                        return None
                    after = self._fstring_parts(part.format_spec, offset + 1, found)
                    if after is None:
                        return None
                    offset = after
                if text[offset] != "}":
                    return None
                offset += 1
            else:
                return None
            found[id(part)] = (*self._line_column(start), *self._line_column(offset))
        return offset

    def _fstring_expression(
        self, expression: cst.BaseExpression, offset: int, found: dict[int, Position]
    ) -> int | None:
        """Where an f-string's expression ends (a name read off the text, else generated alone)."""
        if isinstance(expression, cst.Name) and not expression.lpar:
            if not self.text.startswith(expression.value, offset):
                return None
            end = offset + len(expression.value)
            found[id(expression)] = (*self._line_column(offset), *self._line_column(end))
            return end
        generated = self._generated(expression, expression, offset)
        if generated is None:
            return None
        computed, length = generated
        found.update(computed)
        return offset + length

    def _line_column(self, offset: int) -> tuple[int, int]:
        starts = self.line_starts()
        line = bisect_right(starts, offset)
        return line, offset - starts[line - 1]

    def place_expression(self, expression: cst.BaseExpression, line: int, column: int) -> bool:
        """The positions of `expression`'s nodes, from its code generated alone, given where its
        syntactic range starts (False: the code is not the file's text there). Its own
        parentheses are outside that range: a copy without them is generated."""
        alone = expression.with_changes(lpar=(), rpar=()) if getattr(expression, "lpar", ()) else expression
        starts = self.line_starts()
        if not 0 < line <= len(starts):
            return False
        generated = self._generated(alone, expression, starts[line - 1] + column)
        if generated is None:
            return False
        computed = generated[0]
        if alone is not expression:
            computed[id(expression)] = computed.pop(id(alone))
        self.positions.update(computed)
        return True

    def _generated(self, code: cst.CSTNode, within: cst.CSTNode, offset: int) -> tuple[dict[int, Position], int] | None:
        """The positions of `code`'s nodes generated alone from `offset`, and the length of its
        code (None: that code is not the file's text there). `within` is the node of the
        module it stands for: a line break inside brackets is followed by its block's indentation."""
        unit = self.statement_unit(within)
        if unit is None:
            return None
        line, column = self._line_column(offset)
        state = PositionState(self.module, line, self._statement_units()[id(unit)][1])
        state.column = column
        code._codegen(state)
        text = "".join(state.tokens)
        if not self.text.startswith(text, offset):
            return None
        return state.computed, len(text)

    def _statement_units(self) -> dict[int, Unit]:
        if self._units is None:
            self._units = statement_units(self.module, self._tree) if self._tree is not None else {}
        return self._units

    def statement_unit(self, node: cst.CSTNode) -> cst.BaseStatement | None:
        """The innermost statement of a block (or of the module) that holds `node` (None: unknown)."""
        if self._parents is None:
            return None
        units = self._statement_units()
        current: cst.CSTNode | None = node
        while current is not None and id(current) not in units:
            current = self.parent(current)
        return cast("cst.BaseStatement | None", current)  # the units are statements

    def place_statement(self, statement: cst.BaseStatement) -> bool:
        """The positions of `statement`'s nodes, from its code generated alone at the line
        CPython says it starts on, with its block's indentation (False: they would be wrong)."""
        assert self._units is not None
        line, indent, _ = self._units[id(statement)]
        # its comment lines come first, one line each; decorators, of unknown height, are
        # the rare case where lines are shifted afterwards
        # every statement has leading_lines, though LibCST declares them on its subclasses only
        first = line - len(statement.leading_lines)  # type: ignore[attr-defined]
        state = PositionState(self.module, first, indent)
        statement._codegen(state)
        shift = line - state.computed[id(statement)][0]
        first += shift
        # the generated code must be the file's text from that line on: a cheap proof that
        # the line and the indentation are right, whatever shape the trees have
        starts = self.line_starts()
        if not 0 < first <= len(starts) or not is_text_at(self.text, starts[first - 1], state.tokens):
            return False
        if shift:
            for key, (start_line, column, end_line, end_column) in state.computed.items():
                self.positions[key] = (start_line + shift, column, end_line + shift, end_column)
        else:
            self.positions.update(state.computed)
        return True

    def line_of(self, node: cst.CSTNode) -> int:
        position = self.position(node)
        return position[0] if position else 0

    def span(self, node: cst.CSTNode) -> Span:
        line, column, end_line, end_column = self.span_tuple(node)
        return Span(line, column + 1, end_line, end_column + 1)

    def span_tuple(self, node: cst.CSTNode) -> Position:
        position = self.position(node)
        if position is None:
            raise KeyError(node)
        return position

    def code_for(self, node: cst.CSTNode) -> str:
        """The source text of `node`'s range (a slice of the file: no code generation)."""
        starts = self.line_starts()
        line, column, end_line, end_column = self.span_tuple(node)
        return self.text[starts[line - 1] + column : starts[end_line - 1] + end_column]

    def line_starts(self) -> list[int]:
        """The offset in the text of each line's first character, as LibCST counts lines."""
        if self._line_starts is None:
            self._line_starts = [0, *(m.end() for m in LINE_BREAK.finditer(self.text))]
        return self._line_starts

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        assert self._parents is not None, "attach_parents() first: the traversal records the parents"
        return self._parents.get(id(node))

    def statement_lines(self, node: cst.CSTNode) -> tuple[int, int]:
        """First and last line of the statement holding `node` (a compound one's header only)."""
        current = self.enclosing(node)[0]
        if current is None:
            line = self.span(node).line
            return line, line
        start, _, end, _ = self.span_tuple(current)
        if isinstance(current, cst.BaseCompoundStatement):
            # the header only: up to the line before an indented body (the body's own
            # statements carry their own comments), or its one line (`if x: y`)
            body = getattr(current, "body", None)
            first = self.position(body.body[0]) if isinstance(body, cst.IndentedBlock) and body.body else None
            if first is not None:
                return start, max(start, first[0] - 1)
            return start, start
        return start, end

    def context_name(self, node: cst.CSTNode) -> str:
        """The dotted names of the functions and classes around `node`."""
        return self.enclosing(node)[1]

    def enclosing(self, node: cst.CSTNode) -> tuple[cst.BaseStatement | None, str]:
        """The innermost statement holding `node` (itself included) and the context name
        (`node` itself excluded), remembered for every node on the way up: the sites of a
        file share most of their ancestors."""
        chain: list[cst.CSTNode] = []
        current: cst.CSTNode | None = node
        while current is not None and id(current) not in self._ancestry:
            chain.append(current)
            current = self.parent(current)
        statement, context = self._ancestry[id(current)] if current is not None else (None, "")
        parent = current
        for child in reversed(chain):
            if isinstance(parent, (cst.FunctionDef, cst.ClassDef)):
                context = f"{context}.{parent.name.value}" if context else parent.name.value
            if isinstance(child, STATEMENTS):
                statement = child
            self._ancestry[id(child)] = (statement, context)
            parent = child
        return statement, context
