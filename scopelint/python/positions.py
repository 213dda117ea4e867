"""Positions of LibCST nodes, computed by scopelint's own code generation pass.

LibCST's PositionProvider runs a whole code generation with a heavy state per module;
this gives exactly its ranges (tests/python/test_positions.py compares them node by node)
several times cheaper, and only for the statements that hold something to report: each is
generated alone at the line CPython's tree says it starts on, with its block's indentation.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from typing import Any

import libcst as cst
from libcst._nodes.internal import CodegenState

STATEMENTS = (cst.SimpleStatementLine, cst.BaseCompoundStatement)


def _subclasses(base: type) -> set[type]:
    found: set[type] = set()
    direct: list[type] = base.__subclasses__()
    for sub in direct:
        found.add(sub)
        found |= _subclasses(sub)
    return found


# the same, as a set of the concrete classes: a `type(node) in` test (isinstance against
# LibCST's classes, which are ABCs, is several times slower)
STATEMENT_TYPES = frozenset({cst.SimpleStatementLine, *_subclasses(cst.BaseCompoundStatement)})
LINE_BREAK = re.compile(r"\r\n|\r|\n")  # where LibCST's positions start a new line


Position = tuple[int, int, int, int]  # start line, start column (0-based), end line, end column


class PositionState(CodegenState):
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

    # LibCST types the method by its own implementation (a @contextmanager generator): any
    # context manager serves, and this slotted one is cheaper (it runs for many nodes).
    def record_syntactic_position(  # type: ignore[override]
        self, node: cst.CSTNode, *, start_node: cst.CSTNode | None = None, end_node: cst.CSTNode | None = None
    ) -> _SyntacticRange:
        return _SyntacticRange(self, node, start_node, end_node)


class _SyntacticRange:
    __slots__ = ("state", "node", "start_node", "end_node", "start")

    def __init__(self, state: PositionState, node: cst.CSTNode, start_node, end_node) -> None:
        self.state, self.node, self.start_node, self.end_node = state, node, start_node, end_node

    def __enter__(self) -> None:
        self.start = (self.state.line, self.state.column)

    def __exit__(self, *exc: object) -> None:
        computed = self.state.computed
        start = computed[id(self.start_node)][:2] if self.start_node is not None else self.start
        end = computed[id(self.end_node)][2:] if self.end_node is not None else (self.state.line, self.state.column)
        computed[id(self.node)] = (*start, *end)


def all_positions(module: cst.Module) -> dict[int, Position]:
    """Every node's position (by id: the module keeps every node alive), from one pass."""
    state = PositionState(module)
    module._codegen(state)
    return state.computed


# a statement's first line (CPython's), the indentation in force, and its CPython counterpart
# (a line of small statements: the list of theirs)
Unit = tuple[int, tuple[str, ...], Any]

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
        return [
            (case.body, case_node.body, (statement.indent,))
            for case, case_node in zip(statement.cases, node.cases, strict=True)
        ]
    # the counterparts checked above all have a body (neither LibCST's nor ast's base types say so)
    blocks: list[_Block] = [(statement.body, node.body, ())]  # type: ignore[attr-defined]
    handlers, handler_nodes = getattr(statement, "handlers", ()), getattr(node, "handlers", [])
    if len(handlers) != len(handler_nodes):
        return None
    blocks.extend(
        (handler.body, handler_node.body, ()) for handler, handler_node in zip(handlers, handler_nodes, strict=True)
    )
    orelse, finalbody = getattr(statement, "orelse", None), getattr(statement, "finalbody", None)
    if isinstance(orelse, cst.If):  # `elif`: a nested If, alone in CPython's orelse
        # an `elif`'s counterpart is an ast.If, which has an orelse (ast.stmt does not say so)
        rest = _blocks(orelse, node.orelse[0]) if len(node.orelse) == 1 else None  # type: ignore[attr-defined]
        return None if rest is None else blocks + rest
    for suite, statements in ((orelse, getattr(node, "orelse", [])), (finalbody, getattr(node, "finalbody", []))):
        if suite is None and statements:
            return None
        if suite is not None:
            blocks.append((suite.body, statements, ()))
    return blocks


def statement_units(module: cst.Module, tree: ast.Module) -> dict[int, Unit]:
    """Every statement that starts a line of a block (or of the module), by id: the line
    CPython says it starts on and the indentation in force. One CPython statement per
    compound statement, one per small statement of a line (`a = 1; b = 2`); the `def`
    line of a decorated function, as LibCST's syntactic position says too. Empty when the
    trees disagree: positions are then those of the whole module."""
    units: dict[int, Unit] = {}
    pending: list[tuple[Sequence[cst.BaseStatement], list[ast.stmt], tuple[str, ...]]] = [(module.body, tree.body, ())]
    default = module.default_indent
    while pending:
        statements, nodes, indent = pending.pop()
        if sum(len(s.body) if isinstance(s, cst.SimpleStatementLine) else 1 for s in statements) != len(nodes):
            return {}
        index = 0
        for statement in statements:
            node = nodes[index]
            if isinstance(statement, cst.SimpleStatementLine):
                units[id(statement)] = (node.lineno, indent, nodes[index : index + len(statement.body)])
                index += len(statement.body)
                continue
            units[id(statement)] = (node.lineno, indent, node)
            index += 1
            # not a SimpleStatementLine: a compound statement (LibCST types the body as BaseStatement)
            blocks = _blocks(statement, node)  # type: ignore[arg-type]
            if blocks is None:
                return {}
            for suite, body, between in blocks:
                # a one-line suite (`if x: y`) holds small statements only: none starts a line
                if isinstance(suite, cst.IndentedBlock):
                    inner = tuple(default if i is None else i for i in (*between, suite.indent))
                    pending.append((suite.body, body, indent + inner))
    return units


def is_text_at(text: str, offset: int, tokens: list[str]) -> bool:
    """Whether the code of `tokens` is `text` from `offset` on."""
    code = "".join(tokens)
    if text.startswith(code, offset):
        return True
    # the file's last line has no line break: the module's code generation drops its last token
    cut = len(code) - len(tokens[-1]) if tokens else 0
    return offset + cut == len(text) and text.startswith(code[:cut], offset)
