"""Parsing a module once with LibCST, and the metadata every later stage shares.

This is the only module that imports LibCST at run time for the engine, so a run whose
files all fail the prefilter never pays for importing it.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
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
        self._parent_of: Callable[[cst.CSTNode], cst.CSTNode | None] | None = None
        # Positions are computed per statement, for the statements that hold something to
        # report: CPython's tree (`tree`) already says on which line each starts.
        self._tree = tree
        self._units: dict[int, Unit] | None = None
        self.positions: dict[int, Position] = {}
        self.whole_module_done = False
        self._ancestry: dict[int, tuple[cst.BaseStatement | None, str]] = {}

    def attach_parents(self, parent_of: Callable[[cst.CSTNode], cst.CSTNode | None]) -> None:
        """The parents of the module's nodes, as the one traversal recorded them: positions
        and sites walk up from a node to its statement."""
        self._parent_of = parent_of

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
        found = self.positions.get(id(node))
        if found is not None or self.whole_module_done:
            return found
        unit = self.statement_unit(node)
        if unit is None or not self.place_statement(unit):
            self.positions.update(all_positions(self.module))
            self.whole_module_done = True
        return self.positions.get(id(node))

    def statement_unit(self, node: cst.CSTNode) -> cst.BaseStatement | None:
        """The innermost statement of a block (or of the module) that holds `node` (None: unknown)."""
        if self._parent_of is None:
            return None
        if self._units is None:
            self._units = statement_units(self.module, self._tree) if self._tree is not None else {}
        units = self._units
        current: cst.CSTNode | None = node
        while current is not None and id(current) not in units:
            current = self.parent(current)
        return cast("cst.BaseStatement | None", current)  # the units are statements

    def place_statement(self, statement: cst.BaseStatement) -> bool:
        """The positions of `statement`'s nodes, from its code generated alone at the line
        CPython says it starts on, with its block's indentation (False: they would be wrong)."""
        assert self._units is not None
        line, indent = self._units[id(statement)]
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
        assert self._parent_of is not None, "attach_parents() first: the traversal records the parents"
        return self._parent_of(node)

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
