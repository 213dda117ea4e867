"""Parsing a module once with LibCST, and the metadata every later stage shares.

This is the only module that imports LibCST at run time for the engine, so a run whose
files all fail the prefilter never pays for importing it.
"""

from __future__ import annotations

import ast
import re
from typing import Callable, Iterable, Sequence

import libcst as cst
from libcst._nodes.internal import CodegenState

from scopelint.python.facts import ModuleFacts, build_facts
from scopelint.facts.model import Site
from scopelint.model import Span
from scopelint.packs import Knowledge

_STATEMENTS = (cst.SimpleStatementLine, cst.BaseCompoundStatement)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # where LibCST's positions start a new line


Position = tuple[int, int, int, int]  # start line, start column (0-based), end line, end column


class _PositionState(CodegenState):
    """LibCST's PositionProvider semantics (syntactic ranges where a node records one, else
    the range of its code) in one code generation pass, several times cheaper than
    LibCST's own state: positions are plain tuples keyed by node identity, line breaks are
    counted rather than split, and recording a range is a slotted object, not a generator."""

    def __init__(self, module: cst.Module, line: int = 1, indent: Sequence[str] = ()) -> None:
        super().__init__(default_indent=module.default_indent, default_newline=module.default_newline)
        self.indent_tokens = list(indent)
        self.line = line
        self.column = 0
        self.starts: list[tuple[int, int]] = []
        self.computed: dict[int, Position] = {}

    def add_indent_tokens(self) -> None:
        self.tokens.extend(self.indent_tokens)
        # spaces, tabs and form feeds (LibCST validates indents): never a line break
        self.column += sum(map(len, self.indent_tokens))

    def add_token(self, value: str) -> None:
        # called for every token: the common case without a line break stays inline
        self.tokens.append(value)
        if "\n" not in value and "\r" not in value:
            self.column += len(value)
            return
        # a line ends at "\r\n", "\r" or "\n", as LibCST and the tokenizer count
        newlines, returns = value.count("\n"), value.count("\r")
        self.line += newlines + returns - (value.count("\r\n") if newlines and returns else 0)
        self.column = len(value) - max(value.rfind("\n"), value.rfind("\r")) - 1

    def before_codegen(self, node: cst.CSTNode) -> None:
        self.starts.append((self.line, self.column))

    def after_codegen(self, node: cst.CSTNode) -> None:
        line, column = self.starts.pop()
        key = id(node)
        if key not in self.computed:  # a syntactic range recorded inside wins
            self.computed[key] = (line, column, self.line, self.column)

    def record_syntactic_position(
        self, node: cst.CSTNode, *, start_node: cst.CSTNode | None = None, end_node: cst.CSTNode | None = None
    ) -> "_SyntacticRange":
        return _SyntacticRange(self, node, start_node, end_node)


class _SyntacticRange:
    __slots__ = ("state", "node", "start_node", "end_node", "start")

    def __init__(self, state: _PositionState, node: cst.CSTNode, start_node, end_node) -> None:
        self.state, self.node, self.start_node, self.end_node = state, node, start_node, end_node

    def __enter__(self) -> None:
        self.start = (self.state.line, self.state.column)

    def __exit__(self, *exc: object) -> None:
        computed = self.state.computed
        start = computed[id(self.start_node)][:2] if self.start_node is not None else self.start
        end = computed[id(self.end_node)][2:] if self.end_node is not None else (self.state.line, self.state.column)
        computed[id(self.node)] = (*start, *end)


def _positions(module: cst.Module) -> dict[int, Position]:
    """Every node's position (by id: the module keeps every node alive), from one pass."""
    state = _PositionState(module)
    module._codegen(state)
    return state.computed


_Unit = tuple[int, tuple[str, ...]]  # a statement's first line (CPython's) and the indentation in force

# the CPython statements a LibCST compound statement may stand for
_COUNTERPARTS: dict[type, tuple[type, ...]] = {
    cst.If: (ast.If,),
    cst.For: (ast.For, ast.AsyncFor),
    cst.While: (ast.While,),
    cst.Try: (ast.Try,),
    cst.With: (ast.With, ast.AsyncWith),
    cst.FunctionDef: (ast.FunctionDef, ast.AsyncFunctionDef),
    cst.ClassDef: (ast.ClassDef,),
    cst.Match: (ast.Match,),
}
if hasattr(ast, "TryStar"):  # Python 3.11+; before, CPython rejects `except*` first
    _COUNTERPARTS[cst.TryStar] = (ast.TryStar,)

_Block = tuple[cst.BaseSuite, list[ast.stmt], tuple[str | None, ...]]


def _blocks(statement: cst.BaseCompoundStatement, node: ast.stmt) -> list[_Block] | None:
    """Each block of a compound statement with CPython's statements for it, and the
    indentation between the statement and the block's own (a match's cases); None: the
    trees disagree."""
    if not isinstance(node, _COUNTERPARTS.get(type(statement), ())):
        return None
    if isinstance(statement, cst.Match):
        assert isinstance(node, ast.Match)
        if len(statement.cases) != len(node.cases):
            return None
        return [(case.body, case_node.body, (statement.indent,)) for case, case_node in zip(statement.cases, node.cases)]
    blocks: list[_Block] = [(statement.body, node.body, ())]  # type: ignore[attr-defined]
    handlers, handler_nodes = getattr(statement, "handlers", ()), getattr(node, "handlers", [])
    if len(handlers) != len(handler_nodes):
        return None
    blocks.extend((handler.body, handler_node.body, ()) for handler, handler_node in zip(handlers, handler_nodes))
    orelse, finalbody = getattr(statement, "orelse", None), getattr(statement, "finalbody", None)
    if isinstance(orelse, cst.If):  # `elif`: a nested If, alone in CPython's orelse
        rest = _blocks(orelse, node.orelse[0]) if len(node.orelse) == 1 else None  # type: ignore[attr-defined]
        return None if rest is None else blocks + rest
    for suite, statements in ((orelse, getattr(node, "orelse", [])), (finalbody, getattr(node, "finalbody", []))):
        if suite is None and statements:
            return None
        if suite is not None:
            blocks.append((suite.body, statements, ()))
    return blocks


def _statement_units(module: cst.Module, tree: ast.Module) -> dict[int, _Unit]:
    """Every statement that starts a line of a block (or of the module), by id: the line
    CPython says it starts on and the indentation in force. One CPython statement per
    compound statement, one per small statement of a line (`a = 1; b = 2`); the `def`
    line of a decorated function, as LibCST's syntactic position says too. Empty when the
    trees disagree: positions are then those of the whole module."""
    units: dict[int, _Unit] = {}
    pending: list[tuple[Sequence[cst.BaseStatement], list[ast.stmt], tuple[str, ...]]] = [(module.body, tree.body, ())]
    default = module.default_indent
    while pending:
        statements, nodes, indent = pending.pop()
        if sum(len(s.body) if isinstance(s, cst.SimpleStatementLine) else 1 for s in statements) != len(nodes):
            return {}
        index = 0
        for statement in statements:
            node = nodes[index]
            units[id(statement)] = (node.lineno, indent)
            if isinstance(statement, cst.SimpleStatementLine):
                index += len(statement.body)
                continue
            index += 1
            blocks = _blocks(statement, node)  # type: ignore[arg-type]
            if blocks is None:
                return {}
            for suite, body, between in blocks:
                # a one-line suite (`if x: y`) holds small statements only: none starts a line
                if isinstance(suite, cst.IndentedBlock):
                    inner = tuple(default if i is None else i for i in (*between, suite.indent))
                    pending.append((suite.body, body, indent + inner))
    return units


def _is_text_at(text: str, offset: int, tokens: list[str]) -> bool:
    """Whether the code of `tokens` is `text` from `offset` on."""
    code = "".join(tokens)
    if text.startswith(code, offset):
        return True
    # the file's last line has no line break: the module's code generation drops its last token
    cut = len(code) - len(tokens[-1]) if tokens else 0
    return offset + cut == len(text) and text.startswith(code[:cut], offset)


class ParseFailure(Exception):
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


def parse(text: str) -> "ParsedModule":
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
        raise ParseFailure(f"could not be parsed: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}") from None
    return ParsedModule(module, text, tree)


class ParsedModule:
    def __init__(self, module: cst.Module, text: str, tree: ast.Module | None = None) -> None:
        self.module = module
        self.text = text
        self._line_starts: list[int] | None = None
        self._facts: ModuleFacts | None = None
        # Positions are computed per statement, for the statements that hold something to
        # report: CPython's tree (`tree`) already says on which line each starts.
        self._tree = tree
        self._units: dict[int, _Unit] | None = None
        self._positions: dict[int, Position] = {}
        self._all_done = False
        self._ancestry: dict[int, tuple[cst.BaseStatement | None, str]] = {}

    def facts(self, knowledge: Knowledge, custom_domains: Iterable[str], path: str = "") -> ModuleFacts:
        try:
            self._facts = build_facts(self.module, knowledge, custom_domains, self.line_of, path, self.span)
            return self._facts
        except RecursionError:
            raise ParseFailure("too deeply nested to analyse (recursion limit reached)") from None

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

    def _position(self, node: cst.CSTNode) -> Position | None:
        found = self._positions.get(id(node))
        if found is not None or self._all_done:
            return found
        unit = self._unit_of(node)
        if unit is None or not self._place(unit):
            self._positions.update(_positions(self.module))
            self._all_done = True
        return self._positions.get(id(node))

    def _unit_of(self, node: cst.CSTNode) -> cst.BaseStatement | None:
        """The innermost statement of a block (or of the module) that holds `node` (None: unknown)."""
        if self._facts is None:
            return None
        if self._units is None:
            self._units = _statement_units(self.module, self._tree) if self._tree is not None else {}
        units = self._units
        current: cst.CSTNode | None = node
        while current is not None and id(current) not in units:
            current = self._parent(current)
        return current  # type: ignore[return-value]

    def _place(self, statement: cst.BaseStatement) -> bool:
        """The positions of `statement`'s nodes, from its code generated alone at the line
        CPython says it starts on, with its block's indentation (False: they would be wrong)."""
        assert self._units is not None
        line, indent = self._units[id(statement)]
        # its comment lines come first, one line each; decorators, of unknown height, are
        # the rare case where lines are shifted afterwards
        first = line - len(statement.leading_lines)
        state = _PositionState(self.module, first, indent)
        statement._codegen(state)
        shift = line - state.computed[id(statement)][0]
        first += shift
        # the generated code must be the file's text from that line on: a cheap proof that
        # the line and the indentation are right, whatever shape the trees have
        starts = self.line_starts()
        if not 0 < first <= len(starts) or not _is_text_at(self.text, starts[first - 1], state.tokens):
            return False
        if shift:
            for key, (start_line, column, end_line, end_column) in state.computed.items():
                self._positions[key] = (start_line + shift, column, end_line + shift, end_column)
        else:
            self._positions.update(state.computed)
        return True

    def line_of(self, node: cst.CSTNode) -> int:
        position = self._position(node)
        return position[0] if position else 0

    def span(self, node: cst.CSTNode) -> Span:
        line, column, end_line, end_column = self.span_tuple(node)
        return Span(line, column + 1, end_line, end_column + 1)

    def span_tuple(self, node: cst.CSTNode) -> Position:
        position = self._position(node)
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
            self._line_starts = [0, *(m.end() for m in _LINE_BREAK.finditer(self.text))]
        return self._line_starts

    def _parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        assert self._facts is not None, "facts() first: the traversal records the parents"
        return self._facts.evaluator.parent(node)

    def statement_lines(self, node: cst.CSTNode) -> tuple[int, int]:
        """First and last line of the statement holding `node` (a compound one's header only)."""
        current = self._enclosing(node)[0]
        if current is None:
            line = self.span(node).line
            return line, line
        start, _, end, _ = self.span_tuple(current)
        if isinstance(current, cst.BaseCompoundStatement):
            # the header only: up to the line before an indented body (the body's own
            # statements carry their own comments), or its one line (`if x: y`)
            body = getattr(current, "body", None)
            first = self._position(body.body[0]) if isinstance(body, cst.IndentedBlock) and body.body else None
            if first is not None:
                return start, max(start, first[0] - 1)
            return start, start
        return start, end

    def context_name(self, node: cst.CSTNode) -> str:
        """The dotted names of the functions and classes around `node`."""
        return self._enclosing(node)[1]

    def _enclosing(self, node: cst.CSTNode) -> tuple[cst.BaseStatement | None, str]:
        """The innermost statement holding `node` (itself included) and the context name
        (`node` itself excluded), remembered for every node on the way up: the sites of a
        file share most of their ancestors."""
        chain: list[cst.CSTNode] = []
        current = node
        while current is not None and id(current) not in self._ancestry:
            chain.append(current)
            current = self._parent(current)
        statement, context = self._ancestry[id(current)] if current is not None else (None, "")
        parent = current
        for child in reversed(chain):
            if isinstance(parent, (cst.FunctionDef, cst.ClassDef)):
                context = f"{context}.{parent.name.value}" if context else parent.name.value
            if isinstance(child, _STATEMENTS):
                statement = child
            self._ancestry[id(child)] = (statement, context)
            parent = child
        return statement, context
