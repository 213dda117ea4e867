"""Positions of LibCST nodes read from CPython's tree of the same text, without code generation.

CPython's parser already knows where every expression and statement starts and ends, and its
ranges are LibCST's syntactic ranges for the node types in `_SAME_RANGE` (a parenthesized
expression's own parentheses are outside both; a tuple's are inside CPython's only). A node
is matched to its CPython counterpart by walking down from its statement, whose counterpart
`positions.statement_units` pairs, one field at a time (`_STEPS`): a call's n-th keyword
argument is the n-th `ast.keyword`, an attribute's name ends where the attribute ends.

Only the nodes something asks about are matched, a few per statement, where a code
generation pass writes out every token of the file. Whatever has no counterpart (the parts
of an f-string, whose positions CPython 3.11 gets wrong, a nested `a or b or c`, a match
statement's patterns) is generated alone from its nearest matched ancestor's known start
(`ParsedModule.place_expression`); tests/python/test_positions.py compares every node kind
the lowering asks about with LibCST's own ranges.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from typing import Any

import libcst as cst

Position = tuple[int, int, int, int]  # start line, start column (0-based), end line, end column
Counterpart = Any  # an ast node, a list of ast statements (a line of small statements), or a Position


def ast_range(node: Any) -> tuple[int, int, int, int]:
    """CPython's range of `node` (an expression or a statement), its columns in UTF-8 bytes."""
    return node.lineno, node.col_offset, node.end_lineno, node.end_col_offset


# where a function's or class's name starts, from the start of its `def` or `class`
DEFINITION_NAME = re.compile(r"(?:async(?:[ \t\f]|\\(?:\r\n|\r|\n))+)?(?:def|class)(?:[ \t\f]|\\(?:\r\n|\r|\n))+")

# LibCST node types whose syntactic range is their counterpart's range
_SAME_RANGE: frozenset[type] = frozenset(
    {
        cst.Name,
        cst.Attribute,
        cst.Call,
        cst.Subscript,
        cst.SimpleString,
        cst.ConcatenatedString,
        cst.FormattedString,
        cst.Integer,
        cst.Float,
        cst.Imaginary,
        cst.Ellipsis,
        cst.Dict,
        cst.List,
        cst.Set,
        cst.BinaryOperation,
        cst.BooleanOperation,
        cst.UnaryOperation,
        cst.Comparison,
        cst.IfExp,
        cst.Await,
        cst.Yield,
        cst.NamedExpr,
        cst.ListComp,
        cst.SetComp,
        cst.DictComp,
        cst.Lambda,
        cst.StarredElement,
        cst.ImportAlias,
        cst.Expr,
        cst.Assign,
        cst.AnnAssign,
        cst.AugAssign,
        cst.Return,
        cst.Raise,
        cst.Assert,
        cst.Import,
        cst.ImportFrom,
        cst.Pass,
        cst.Break,
        cst.Continue,
        cst.Global,
        cst.Nonlocal,
        cst.Del,
        cst.FunctionDef,
        cst.ClassDef,
        cst.If,
        cst.For,
        cst.While,
        cst.With,
        cst.Try,
    }
)
# the CPython types each may stand for (a mismatch means the trees are not paired as assumed)
_EXPECTED: dict[type, tuple[type[ast.AST], ...]] = {
    cst.Name: (ast.Name, ast.Constant),  # None, True and False are names to LibCST
    cst.Attribute: (ast.Attribute,),
    cst.Call: (ast.Call,),
    cst.Subscript: (ast.Subscript,),
    cst.SimpleString: (ast.Constant,),
    cst.ConcatenatedString: (ast.Constant, ast.JoinedStr),
    cst.FormattedString: (ast.JoinedStr,),
    cst.Integer: (ast.Constant,),
    cst.Float: (ast.Constant,),
    cst.Imaginary: (ast.Constant,),
    cst.Ellipsis: (ast.Constant,),
    cst.Dict: (ast.Dict,),
    cst.List: (ast.List,),
    cst.Set: (ast.Set,),
    cst.Tuple: (ast.Tuple,),
    cst.BinaryOperation: (ast.BinOp,),
    cst.BooleanOperation: (ast.BoolOp,),
    cst.UnaryOperation: (ast.UnaryOp,),
    cst.Comparison: (ast.Compare,),
    cst.IfExp: (ast.IfExp,),
    cst.Await: (ast.Await,),
    cst.Yield: (ast.Yield, ast.YieldFrom),
    cst.NamedExpr: (ast.NamedExpr,),
    cst.ListComp: (ast.ListComp,),
    cst.SetComp: (ast.SetComp,),
    cst.DictComp: (ast.DictComp,),
    cst.GeneratorExp: (ast.GeneratorExp,),
    cst.Lambda: (ast.Lambda,),
    cst.StarredElement: (ast.Starred,),
    cst.ImportAlias: (ast.alias,),
    cst.Expr: (ast.Expr,),
    cst.Assign: (ast.Assign,),
    cst.AnnAssign: (ast.AnnAssign,),
    cst.AugAssign: (ast.AugAssign,),
    cst.Return: (ast.Return,),
    cst.Raise: (ast.Raise,),
    cst.Assert: (ast.Assert,),
    cst.Import: (ast.Import,),
    cst.ImportFrom: (ast.ImportFrom,),
    cst.Pass: (ast.Pass,),
    cst.Break: (ast.Break,),
    cst.Continue: (ast.Continue,),
    cst.Global: (ast.Global,),
    cst.Nonlocal: (ast.Nonlocal,),
    cst.Del: (ast.Delete,),
    cst.FunctionDef: (ast.FunctionDef, ast.AsyncFunctionDef),
    cst.ClassDef: (ast.ClassDef,),
    cst.If: (ast.If,),
    cst.For: (ast.For, ast.AsyncFor),
    cst.While: (ast.While,),
    cst.With: (ast.With, ast.AsyncWith),
    cst.Try: (ast.Try,),
}


# the CPython types of the nodes whose range is their counterpart's (a tuple's: not always)
SAME_RANGE: dict[type, tuple[type[ast.AST], ...]] = {kind: _EXPECTED[kind] for kind in _SAME_RANGE}


def _pick(children: Any, counterparts: Any, child: cst.CSTNode) -> Counterpart | None:
    """The counterpart of `child`, the n-th of `children`, if both sequences pair one to one."""
    if counterparts is None or len(children) != len(counterparts):
        return None
    for index, candidate in enumerate(children):
        if candidate is child:
            return counterparts[index]
    return None


def _field(name: str, ast_name: str | None = None) -> Callable[[Any, Any, cst.CSTNode], Counterpart | None]:
    """A step through one field that both trees have."""
    ast_name = ast_name or name

    def step(parent: Any, counterpart: Any, child: cst.CSTNode) -> Counterpart | None:
        return getattr(counterpart, ast_name, None) if getattr(parent, name, None) is child else None

    return step


def _fields(*pairs: tuple[str, str]) -> Callable[[Any, Any, cst.CSTNode], Counterpart | None]:
    """A step through several single fields (LibCST name, CPython name)."""

    def step(parent: Any, counterpart: Any, child: cst.CSTNode) -> Counterpart | None:
        for name, ast_name in pairs:
            if getattr(parent, name, None) is child:
                return getattr(counterpart, ast_name, None)
        return None

    return step


def _statement_line(parent: cst.SimpleStatementLine, counterpart: Any, child: cst.CSTNode) -> Counterpart | None:
    return _pick(parent.body, counterpart, child)


def _call(parent: cst.Call, counterpart: ast.Call, child: cst.CSTNode) -> Counterpart | None:
    if parent.func is child:
        return counterpart.func
    # CPython keeps positional (and `*`) arguments apart from keyword (and `**`) ones
    positional, keywords = iter(counterpart.args), iter(counterpart.keywords)
    for arg in parent.args:
        found = next(keywords if arg.keyword is not None or arg.star == "**" else positional, None)
        if arg is child:
            return found
    return None


def _arg(parent: cst.Arg, counterpart: Any, child: cst.CSTNode) -> Counterpart | None:
    if isinstance(counterpart, ast.keyword):
        if parent.value is child:
            return counterpart.value
        if parent.keyword is child and counterpart.arg is not None:
            line, column = counterpart.lineno, counterpart.col_offset
            return ("bytes", line, column, line, column + len(counterpart.arg.encode()))
        return None
    if parent.value is not child:
        return None
    if parent.star == "*":
        return counterpart.value if isinstance(counterpart, ast.Starred) else None
    return counterpart


def _attribute(parent: cst.Attribute, counterpart: ast.Attribute, child: cst.CSTNode) -> Counterpart | None:
    if parent.value is child:
        return counterpart.value
    if parent.attr is child:  # the name is the attribute's last token
        line, column = counterpart.end_lineno, counterpart.end_col_offset
        return ("bytes", line, column - len(counterpart.attr.encode()), line, column)  # type: ignore[operator]
    return None


def _subscript(parent: cst.Subscript, counterpart: ast.Subscript, child: cst.CSTNode) -> Counterpart | None:
    if parent.value is child:
        return counterpart.value
    if len(parent.slice) == 1:
        return counterpart.slice if parent.slice[0] is child else None
    inner = counterpart.slice
    return _pick(parent.slice, inner.elts, child) if isinstance(inner, ast.Tuple) else None


def _subscript_element(parent: cst.SubscriptElement, counterpart: Any, child: cst.CSTNode) -> Counterpart | None:
    return counterpart if parent.slice is child else None


def _index(parent: cst.Index, counterpart: Any, child: cst.CSTNode) -> Counterpart | None:
    return counterpart if parent.value is child and getattr(parent, "star", None) is None else None


def _elements(parent: Any, counterpart: Any, child: cst.CSTNode) -> Counterpart | None:
    return _pick(parent.elements, getattr(counterpart, "elts", None), child)


def _element(parent: cst.Element, counterpart: Any, child: cst.CSTNode) -> Counterpart | None:
    return counterpart if parent.value is child else None


def _dict(parent: cst.Dict, counterpart: ast.Dict, child: cst.CSTNode) -> Counterpart | None:
    if len(parent.elements) != len(counterpart.keys):
        return None
    for element, key, value in zip(parent.elements, counterpart.keys, counterpart.values, strict=True):
        if element is child:
            return (key, value)
    return None


def _dict_element(parent: Any, counterpart: Any, child: cst.CSTNode) -> Counterpart | None:
    key, value = counterpart
    if isinstance(parent, cst.DictElement):
        if parent.key is child:
            return key
        return value if parent.value is child else None
    return value if parent.value is child and key is None else None


def _comparison(parent: cst.Comparison, counterpart: ast.Compare, child: cst.CSTNode) -> Counterpart | None:
    if parent.left is child:
        return counterpart.left
    return _pick(parent.comparisons, counterpart.comparators, child)


def _comparison_target(parent: cst.ComparisonTarget, counterpart: Any, child: cst.CSTNode) -> Counterpart | None:
    return counterpart if parent.comparator is child else None


def _assign(parent: cst.Assign, counterpart: ast.Assign, child: cst.CSTNode) -> Counterpart | None:
    if parent.value is child:
        return counterpart.value
    return _pick(parent.targets, counterpart.targets, child)


def _target(parent: cst.AssignTarget, counterpart: Any, child: cst.CSTNode) -> Counterpart | None:
    return counterpart if parent.target is child else None


def _annotation(parent: cst.Annotation, counterpart: Any, child: cst.CSTNode) -> Counterpart | None:
    return counterpart if parent.annotation is child else None


def _decorator(parent: cst.Decorator, counterpart: Any, child: cst.CSTNode) -> Counterpart | None:
    return counterpart if parent.decorator is child else None


def _import(parent: Any, counterpart: Any, child: cst.CSTNode) -> Counterpart | None:
    names = parent.names
    if type(names) is cst.ImportStar:
        return None
    if type(parent) is cst.ImportFrom and parent.module is child:
        return None  # the module's name has no node of its own in CPython's tree
    return _pick(names, counterpart.names, child)


def _import_alias(parent: cst.ImportAlias, counterpart: ast.alias, child: cst.CSTNode) -> Counterpart | None:
    if parent.name is child and isinstance(child, cst.Name):  # `import a` (a dotted name is an Attribute)
        line, column = counterpart.lineno, counterpart.col_offset
        return ("bytes", line, column, line, column + len(child.value.encode()))
    return None


def _definition(parent: Any, counterpart: Any, child: cst.CSTNode) -> Counterpart | None:
    """A function's or a class's name (found in the text after `def`: `DEFINITION_NAME`),
    decorators, parameters, bases and return annotation."""
    if parent.name is child:
        return ("definition name", counterpart)
    if isinstance(parent, cst.FunctionDef):
        if parent.params is child:
            return counterpart.args
        if parent.returns is child:
            return counterpart.returns
    else:
        found = _pick(parent.bases, counterpart.bases, child)
        if found is not None:
            return found
        found = _pick(parent.keywords, counterpart.keywords, child)
        if found is not None:
            return found
    return _pick(parent.decorators, counterpart.decorator_list, child)


def _parameters(parent: cst.Parameters, counterpart: ast.arguments, child: cst.CSTNode) -> Counterpart | None:
    for params, args in (
        (parent.posonly_params, counterpart.posonlyargs),
        (parent.params, counterpart.args),
        (parent.kwonly_params, counterpart.kwonlyargs),
    ):
        found = _pick(params, args, child)
        if found is not None:
            defaults = _defaults(parent, counterpart)
            return (found, defaults.get(id(found)))
    if parent.star_arg is child and isinstance(child, cst.Param):
        return (counterpart.vararg, None)
    if parent.star_kwarg is child:
        return (counterpart.kwarg, None)
    return None


def _defaults(parent: cst.Parameters, counterpart: ast.arguments) -> dict[int, ast.expr]:
    """Each CPython parameter's default: positional defaults are the last ones'."""
    positional = [*counterpart.posonlyargs, *counterpart.args]
    found = {id(arg): default for arg, default in zip(positional[::-1], counterpart.defaults[::-1], strict=False)}
    for arg, default in zip(counterpart.kwonlyargs, counterpart.kw_defaults, strict=True):
        if default is not None:
            found[id(arg)] = default
    return found


def _param(parent: cst.Param, counterpart: Any, child: cst.CSTNode) -> Counterpart | None:
    arg, default = counterpart
    if arg is None:
        return None
    if parent.name is child:  # a parameter's node starts with its name
        line, column = arg.lineno, arg.col_offset
        return ("bytes", line, column, line, column + len(arg.arg.encode()))
    if parent.annotation is child:
        return arg.annotation
    if parent.default is child:
        return default
    return None


def _compound(parent: Any, counterpart: Any, child: cst.CSTNode) -> Counterpart | None:
    """The header expressions of if, while, for and with (the blocks are statements of their own)."""
    if isinstance(parent, (cst.If, cst.While)):
        if parent.test is child:
            return counterpart.test
        orelse = counterpart.orelse
        # `elif`: a nested If, alone in CPython's orelse
        return orelse[0] if parent.orelse is child and isinstance(child, cst.If) and len(orelse) == 1 else None
    if isinstance(parent, cst.For):
        if parent.target is child:
            return counterpart.target
        return counterpart.iter if parent.iter is child else None
    return _pick(parent.items, counterpart.items, child)  # a with statement


def _with_item(parent: cst.WithItem, counterpart: ast.withitem, child: cst.CSTNode) -> Counterpart | None:
    if parent.item is child:
        return counterpart.context_expr
    return counterpart.optional_vars if parent.asname is child else None


def _as_name(parent: cst.AsName, counterpart: Any, child: cst.CSTNode) -> Counterpart | None:
    return counterpart if parent.name is child else None


def _comprehension(parent: Any, counterpart: Any, child: cst.CSTNode) -> Counterpart | None:
    if isinstance(parent, cst.DictComp):
        if parent.key is child:
            return counterpart.key
        if parent.value is child:
            return counterpart.value
    elif parent.elt is child:
        return counterpart.elt
    return (counterpart.generators, 0) if parent.for_in is child else None


def _comp_for(parent: cst.CompFor, counterpart: Any, child: cst.CSTNode) -> Counterpart | None:
    generators, index = counterpart
    generator = generators[index] if index < len(generators) else None
    if generator is None or bool(parent.asynchronous) != bool(generator.is_async):
        return None
    if parent.target is child:
        return generator.target
    if parent.iter is child:
        return generator.iter
    if parent.inner_for_in is child:
        return (generators, index + 1)
    return _pick(parent.ifs, generator.ifs, child)


def _comp_if(parent: cst.CompIf, counterpart: Any, child: cst.CSTNode) -> Counterpart | None:
    return counterpart if parent.test is child else None


def _yield(parent: cst.Yield, counterpart: Any, child: cst.CSTNode) -> Counterpart | None:
    if parent.value is not child:
        return None
    return counterpart if isinstance(child, cst.From) else counterpart.value  # `yield from x`: the From


def _from(parent: cst.From, counterpart: Any, child: cst.CSTNode) -> Counterpart | None:
    """`yield from x` (the YieldFrom) or `raise e from c` (the Raise)."""
    if parent.item is not child:
        return None
    return counterpart.cause if isinstance(counterpart, ast.Raise) else counterpart.value


def _raise(parent: cst.Raise, counterpart: ast.Raise, child: cst.CSTNode) -> Counterpart | None:
    if parent.exc is child:
        return counterpart.exc
    return counterpart if parent.cause is child else None


def _try(parent: cst.Try, counterpart: ast.Try, child: cst.CSTNode) -> Counterpart | None:
    return _pick(parent.handlers, counterpart.handlers, child)


def _handler(parent: cst.ExceptHandler, counterpart: ast.ExceptHandler, child: cst.CSTNode) -> Counterpart | None:
    return counterpart.type if parent.type is child else None


# how to step from a matched node to one of its children's counterpart
_STEPS: dict[type, Callable[[Any, Any, cst.CSTNode], Counterpart | None]] = {
    cst.SimpleStatementLine: _statement_line,
    cst.Expr: _field("value"),
    cst.Assign: _assign,
    cst.AssignTarget: _target,
    cst.AnnAssign: _fields(("target", "target"), ("annotation", "annotation"), ("value", "value")),
    cst.AugAssign: _fields(("target", "target"), ("value", "value")),
    cst.Annotation: _annotation,
    cst.Return: _field("value"),
    cst.Raise: _raise,
    cst.From: _from,
    cst.Try: _try,
    cst.ExceptHandler: _handler,
    cst.Assert: _fields(("test", "test"), ("msg", "msg")),
    cst.Import: _import,
    cst.ImportFrom: _import,
    cst.ImportAlias: _import_alias,
    cst.FunctionDef: _definition,
    cst.ClassDef: _definition,
    cst.Decorator: _decorator,
    cst.Parameters: _parameters,
    cst.Param: _param,
    cst.If: _compound,
    cst.While: _compound,
    cst.For: _compound,
    cst.With: _compound,
    cst.WithItem: _with_item,
    cst.AsName: _as_name,
    cst.Call: _call,
    cst.Arg: _arg,
    cst.Attribute: _attribute,
    cst.Subscript: _subscript,
    cst.SubscriptElement: _subscript_element,
    cst.Index: _index,
    cst.List: _elements,
    cst.Tuple: _elements,
    cst.Set: _elements,
    cst.Element: _element,
    cst.StarredElement: _field("value"),
    cst.Dict: _dict,
    cst.DictElement: _dict_element,
    cst.StarredDictElement: _dict_element,
    cst.BinaryOperation: _fields(("left", "left"), ("right", "right")),
    cst.UnaryOperation: _field("expression", "operand"),
    cst.Comparison: _comparison,
    cst.ComparisonTarget: _comparison_target,
    cst.IfExp: _fields(("test", "test"), ("body", "body"), ("orelse", "orelse")),
    cst.Await: _field("expression", "value"),
    cst.Yield: _yield,
    cst.NamedExpr: _fields(("target", "target"), ("value", "value")),
    cst.ListComp: _comprehension,
    cst.SetComp: _comprehension,
    cst.GeneratorExp: _comprehension,
    cst.DictComp: _comprehension,
    cst.CompFor: _comp_for,
    cst.CompIf: _comp_if,
}


def step(parent: cst.CSTNode, counterpart: Counterpart, child: cst.CSTNode) -> Counterpart | None:
    """`child`'s counterpart, given its parent's (None: none known)."""
    if type(counterpart) is tuple and counterpart and type(counterpart[0]) is str:
        return None  # a computed range: nothing below it is paired
    found = _STEPS.get(type(parent))
    return found(parent, counterpart, child) if found is not None else None


def own_range(node: cst.CSTNode, counterpart: Counterpart) -> tuple[int, int, int, int] | None:
    """`node`'s range in CPython's terms (columns in UTF-8 bytes), if its counterpart says it."""
    kind = type(node)
    expected = _EXPECTED.get(kind)
    if expected is not None and isinstance(counterpart, expected):
        if kind in SAME_RANGE or (kind is cst.Tuple and not node.lpar):  # type: ignore[attr-defined]
            return ast_range(counterpart)
        return None
    if isinstance(counterpart, tuple):
        # a "definition name" is found in the text
        return counterpart[1:] if counterpart and counterpart[0] == "bytes" else None
    if isinstance(counterpart, list):  # a line of small statements
        if kind is not cst.SimpleStatementLine or not counterpart:
            return None
        first, last = ast_range(counterpart[0]), ast_range(counterpart[-1])
        return first[0], first[1], last[2], last[3]
    return None


_KEYWORDS: dict[type, str] = {
    cst.ClassDef: "class",
    cst.If: "if",
    cst.While: "while",
    cst.Try: "try",
    cst.Return: "return",
    cst.Import: "import",
    cst.ImportFrom: "from",
    cst.Pass: "pass",
    cst.Break: "break",
    cst.Continue: "continue",
    cst.Raise: "raise",
    cst.Assert: "assert",
    cst.Del: "del",
    cst.Global: "global",
    cst.Nonlocal: "nonlocal",
    cst.List: "[",
    cst.ListComp: "[",
    cst.Dict: "{",
    cst.Set: "{",
    cst.DictComp: "{",
    cst.SetComp: "{",
    cst.Await: "await",
    cst.Yield: "yield",
    cst.Lambda: "lambda",
    cst.StarredElement: "*",
    cst.Ellipsis: "...",
}
_ASYNC_OR: dict[type, str] = {cst.FunctionDef: "def", cst.For: "for", cst.With: "with"}
# where the first token of an expression is: its leftmost part
_LEFTMOST: dict[type, str] = {
    cst.Attribute: "value",
    cst.Call: "func",
    cst.Subscript: "value",
    cst.BinaryOperation: "left",
    cst.BooleanOperation: "left",
    cst.Comparison: "left",
    cst.ConcatenatedString: "left",
    cst.IfExp: "body",
}


def first_token(statement: cst.CSTNode) -> str | None:
    """The text a statement starts with (None: not worked out for its kind), to prove that
    CPython's statement paired with it starts at the same place."""
    if isinstance(statement, cst.SimpleStatementLine):
        if not statement.body:
            return None
        statement = statement.body[0]
    kind = type(statement)
    if kind in _ASYNC_OR:
        return "async" if getattr(statement, "asynchronous", None) is not None else _ASYNC_OR[kind]
    node: Any
    # `type(...) is`, not isinstance: LibCST's node classes are ABCs, whose checks are slower
    if kind is cst.Expr:
        node = statement.value  # type: ignore[attr-defined]
    elif kind is cst.AugAssign or kind is cst.AnnAssign:
        node = statement.target  # type: ignore[attr-defined]
    elif kind is cst.Assign:
        node = statement.targets[0].target  # type: ignore[attr-defined]
    else:
        return _KEYWORDS.get(kind)
    for _ in range(100):  # deeper left spines are left to the code generation
        if getattr(node, "lpar", ()):
            return "("
        kind = type(node)
        if kind in (cst.Name, cst.SimpleString, cst.Integer, cst.Float, cst.Imaginary):
            return node.value
        if kind is cst.FormattedString:
            return node.prefix + node.start
        if kind is cst.Tuple and node.elements:
            node = node.elements[0].value
            continue
        if kind in _LEFTMOST:
            node = getattr(node, _LEFTMOST[kind])
            continue
        return _KEYWORDS.get(kind)
    return None
