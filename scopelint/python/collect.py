"""The one traversal of a module: gathers the syntax that lowering (`python/lower.py`) looks up.

Everything else works from what this visitor records (calls, returns, writes, and the
scopes, bindings and parents of `scopes.ScopeIndex`), so a file is walked once whatever the
number of rules, and no LibCST metadata provider runs (they cost several parses each).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from itertools import count
from operator import attrgetter
from typing import Literal, get_args, get_origin

import libcst as cst
from libcst import MaybeSentinel

from scopelint.python.scopes import (
    Binding,
    Scope,
    ScopeIndex,
    import_bindings,
    target_names,
)


@dataclass
class Syntax:
    calls: list[cst.Call] = field(default_factory=list)
    returns: dict[cst.FunctionDef, list[cst.BaseExpression]] = field(default_factory=dict)
    # method -> its class; class -> {method name: FunctionDef}
    method_class: dict[cst.FunctionDef, cst.ClassDef] = field(default_factory=dict)
    class_methods: dict[cst.ClassDef, dict[str, cst.FunctionDef]] = field(default_factory=dict)
    # (class, attribute) -> values assigned to self.attribute in its methods
    instance_attributes: dict[tuple[cst.ClassDef, str], list[cst.BaseExpression]] = field(default_factory=dict)
    # `receiver[key] = value` statements
    subscript_writes: list[tuple[cst.BaseExpression, cst.BaseExpression, cst.BaseExpression]] = field(
        default_factory=list
    )
    # `receiver.attribute = value` statements (e.g. `session.headers = {...}`)
    attribute_writes: list[tuple[cst.BaseExpression, str, cst.BaseExpression]] = field(default_factory=list)
    # module-level `NAME = value` (settings modules)
    module_assignments: list[tuple[str, cst.BaseExpression]] = field(default_factory=list)
    # string literals that contain one of the collector's needles (e.g. "/authorize")
    strings: list[cst.BaseExpression] = field(default_factory=list)
    # strings that start a query (`... + "?"`, f"{BASE}?..."): URLs whose base may be a constant
    query_strings: list[cst.BaseExpression] = field(default_factory=list)
    scopes: ScopeIndex = field(default_factory=ScopeIndex)


def _self_name(function: cst.FunctionDef) -> str | None:
    params = function.params.params or function.params.posonly_params
    if not params:
        return None
    for decorator in function.decorators:
        if isinstance(decorator.decorator, cst.Name) and decorator.decorator.value == "staticmethod":
            return None
    return params[0].name.value


class SyntaxCollector(cst.CSTVisitor):
    def __init__(self, needles: tuple[str, ...] = ()) -> None:
        self.needles = needles
        self.syntax = Syntax()
        self.index = self.syntax.scopes
        self._functions: list[cst.FunctionDef] = []
        self._classes: list[cst.ClassDef | None] = []  # None marks a function level
        self._scope: Scope | None = None
        self._tick = count(1).__next__  # the order of names and bindings in the module

    # ------------------------------------------------------------------ order, scopes
    def _open(self, kind: str, node: cst.CSTNode) -> None:
        scope = Scope(kind, node, self._scope)
        self.index.scopes[id(node)] = scope
        self._scope = scope

    def _close(self) -> None:
        assert self._scope is not None
        self._scope = self._scope.parent

    def _bind(self, name: str, node: cst.CSTNode, index: int | None = None, qualname: str | None = None) -> None:
        scope = self._scope
        assert scope is not None
        if name in scope.globals:
            scope = scope.module()
        binding = Binding(node, scope, self._tick() if index is None else index, qualname)
        scope.bindings.setdefault(name, []).append(binding)

    def visit_Module(self, node: cst.Module) -> None:
        self._open("module", node)

    def visit_Name(self, node: cst.Name) -> None:
        self.index.order[id(node)] = self._tick()

    def visit_Global(self, node: cst.Global) -> None:
        if self._scope is not None:
            self._scope.globals.update(item.name.value for item in node.names)

    def visit_Nonlocal(self, node: cst.Nonlocal) -> None:
        if self._scope is not None:
            self._scope.nonlocals.update(item.name.value for item in node.names)

    def visit_Import(self, node: cst.Import) -> None:
        for bound, qualified, _ in import_bindings(node):
            self._bind(bound, node, qualname=qualified)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        for bound, qualified, _ in import_bindings(node):
            self._bind(bound, node, qualname=qualified)

    def _bind_parameters(self, params: cst.Parameters) -> None:
        for param in (*params.posonly_params, *params.params, *params.kwonly_params):
            self._bind(param.name.value, param)
        for star in (params.star_arg, params.star_kwarg):
            if isinstance(star, cst.Param):
                self._bind(star.name.value, star)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._bind(node.name.value, node)
        self._open("class", node)
        self._classes.append(node)
        self.syntax.class_methods.setdefault(node, {})

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._classes.pop()
        self._close()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._bind(node.name.value, node)
        self._open("function", node)
        self._bind_parameters(node.params)
        owner = self._classes[-1] if self._classes else None
        if owner is not None:
            self.syntax.method_class[node] = owner
            self.syntax.class_methods[owner][node.name.value] = node
        self._functions.append(node)
        self._classes.append(None)
        self.syntax.returns.setdefault(node, [])

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._functions.pop()
        self._classes.pop()
        self._close()

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self._open("function", node)
        self._bind_parameters(node.params)
        self._classes.append(None)

    def leave_Lambda(self, original_node: cst.Lambda) -> None:
        self._classes.pop()
        self._close()

    def visit_ListComp(self, node: cst.ListComp) -> None:
        self._open("comprehension", node)

    def visit_SetComp(self, node: cst.SetComp) -> None:
        self._open("comprehension", node)

    def visit_DictComp(self, node: cst.DictComp) -> None:
        self._open("comprehension", node)

    def visit_GeneratorExp(self, node: cst.GeneratorExp) -> None:
        self._open("comprehension", node)

    def leave_ListComp(self, original_node: cst.ListComp) -> None:
        self._close()

    def leave_SetComp(self, original_node: cst.SetComp) -> None:
        self._close()

    def leave_DictComp(self, original_node: cst.DictComp) -> None:
        self._close()

    def leave_GeneratorExp(self, original_node: cst.GeneratorExp) -> None:
        self._close()

    def visit_CompFor(self, node: cst.CompFor) -> None:
        for name in target_names(node.target):
            self._bind(name.value, name)

    def visit_For(self, node: cst.For) -> None:
        for name in target_names(node.target):
            self._bind(name.value, name)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            for name in target_names(node.asname.name):
                self._bind(name.value, name)

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.name is not None and isinstance(node.name.name, cst.Name):
            self._bind(node.name.name.value, node.name.name)

    # Assignments bind once their value is evaluated: `x = x + 1` reads the previous x.
    def leave_Assign(self, original_node: cst.Assign) -> None:
        index = self._tick()
        for target in original_node.targets:
            for name in target_names(target.target):
                self._bind(name.value, name, index)

    def leave_AnnAssign(self, original_node: cst.AnnAssign) -> None:
        if original_node.value is not None:
            for name in target_names(original_node.target):
                self._bind(name.value, name)

    def leave_AugAssign(self, original_node: cst.AugAssign) -> None:
        for name in target_names(original_node.target):
            self._bind(name.value, name)

    def leave_NamedExpr(self, original_node: cst.NamedExpr) -> None:
        for name in target_names(original_node.target):
            self._bind(name.value, name)

    def visit_Return(self, node: cst.Return) -> None:
        if self._functions and node.value is not None:
            self.syntax.returns[self._functions[-1]].append(node.value)

    def visit_Call(self, node: cst.Call) -> None:
        self.syntax.calls.append(node)

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if any(needle in node.value for needle in self.needles):
            self.syntax.strings.append(node)

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText) and any(needle in part.value for needle in self.needles):
                self.syntax.strings.append(node)
                return
        if any(isinstance(p, cst.FormattedStringText) and "?" in p.value for p in node.parts):
            self.syntax.query_strings.append(node)

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        # BASE_URL + "?" + urlencode(params): a URL whose base is a constant elsewhere
        if isinstance(node.operator, cst.Add) and isinstance(node.right, cst.SimpleString) and "?" in node.right.value:
            self.syntax.query_strings.append(node)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._record_target(target.target, node.value)
            if not self._functions and not self._classes and isinstance(target.target, cst.Name):
                self.syntax.module_assignments.append((target.target.value, node.value))

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._record_target(node.target, node.value)

    def _record_target(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        if isinstance(target, cst.Subscript) and len(target.slice) == 1:
            index = target.slice[0].slice
            if isinstance(index, cst.Index):
                self.syntax.subscript_writes.append((target.value, index.value, value))
        elif isinstance(target, cst.Attribute):
            self.syntax.attribute_writes.append((target.value, target.attr.value, value))
            if isinstance(target.value, cst.Name) and self._functions:
                method = self._functions[-1]
                owner = self.syntax.method_class.get(method)
                if owner is not None and target.value.value == _self_name(method):
                    self.syntax.instance_attributes.setdefault((owner, target.attr.value), []).append(value)
        elif isinstance(target, (cst.Tuple, cst.List)) and isinstance(value, (cst.Tuple, cst.List)):
            if len(target.elements) == len(value.elements):
                for t, v in zip(target.elements, value.elements, strict=True):
                    self._record_target(t.value, v.value)


def collect(module: cst.Module, needles: tuple[str, ...] = ()) -> Syntax:
    collector = SyntaxCollector(needles)
    walk(module, collector)
    return collector.syntax


def walk(root: cst.CSTNode, collector: SyntaxCollector) -> None:
    """Call the collector's `visit_<Node>`/`leave_<Node>` for every node that can matter,
    depth first, in field order, and record each such node's parent.

    Much cheaper than `root.visit(visitor)`: LibCST's visit rebuilds every node it passes
    and dispatches a visit and a leave call for every attribute of every node; the collector
    only reads, looks its handlers up once per node type, and never enters layout and
    punctuation (a third of the nodes: see `_LAYOUT`)."""
    parents = collector.index.parents
    handlers = _DISPATCH.setdefault(type(collector), {})
    stack: list = [root]
    while stack:
        node = stack.pop()
        if node is _LEAVE:  # pushed above the node's children: they are all done
            node = stack.pop()
            handlers[type(node)][1](collector, node)
            continue
        found = handlers.get(type(node))
        if found is None:
            found = handlers[type(node)] = _handlers(type(collector), type(node))
        visit, leave, children_of = found
        if leave is not None:
            stack.append(node)
            stack.append(_LEAVE)
        if visit is not None and visit(collector, node) is False:
            continue  # LibCST's contract: False skips the children (not the leave)
        if children_of is None:
            continue  # a leaf: a name, a string, a number
        for value in children_of(node):  # the last field first: the stack pops the first first
            kind = type(value)
            if kind is tuple or kind is list:
                for child in value:
                    parents[id(child)] = node
                stack.extend(reversed(value))
            elif value is not None and value is not MaybeSentinel.DEFAULT:
                parents[id(value)] = node
                stack.append(value)


_LEAVE = object()  # on the walk's stack: call the leave handler of the node below

# Nodes that only spell out layout and punctuation. No name, call, string or assignment
# can be inside one, and no question of the analysis is about one: the walk skips every
# field that can hold nothing else.
_LAYOUT = (
    cst.BaseParenthesizableWhitespace,
    cst.EmptyLine,
    cst.TrailingWhitespace,
    cst.Newline,
    cst.Comment,
    cst.Comma,
    cst.Colon,
    cst.Dot,
    cst.Semicolon,
    cst.AssignEqual,
    cst.ImportStar,
    cst.LeftParen,
    cst.RightParen,
    cst.LeftSquareBracket,
    cst.RightSquareBracket,
    cst.LeftCurlyBrace,
    cst.RightCurlyBrace,
    cst.BaseBinaryOp,
    cst.BaseBooleanOp,
    cst.BaseCompOp,
    cst.BaseUnaryOp,
    cst.BaseAugOp,
    cst.Asynchronous,
    cst.ParamStar,
    cst.ParamSlash,
)


# collector class -> node type -> (visit function, leave function, children getter)
_DISPATCH: dict[type, dict[type, tuple]] = {}


def _handlers(collector: type, kind: type) -> tuple:
    """(visit function, leave function, children getter) of a node type; None for what there
    is no need to call: a handler the collector does not define, the children of a leaf."""
    names = _child_fields(kind)[::-1]
    children_of: Callable[[cst.CSTNode], tuple] | None
    if len(names) > 1:
        children_of = attrgetter(*names)  # a tuple of the fields' values
    elif names:
        get = attrgetter(names[0])
        children_of = lambda node: (get(node),)  # noqa: E731
    else:
        children_of = None
    return (
        _own_handler(collector, f"visit_{kind.__name__}"),
        _own_handler(collector, f"leave_{kind.__name__}"),
        children_of,
    )


def _own_handler(collector: type, name: str) -> Callable | None:
    """The collector's handler `name`, not the no-op LibCST's visitor classes define for every
    node type (calling those, and stacking a leave for every node, cost as much as the rest)."""
    function = getattr(collector, name, None)
    return None if function is getattr(cst.CSTVisitor, name, None) else function


_FIELDS: dict[type, tuple[str, ...]] = {}


def _child_fields(kind: type) -> tuple[str, ...]:
    """The fields of a node type that the walk follows, in order: those that may hold a
    node other than layout (by their declared type; an unresolved one is followed)."""
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(f.name for f in fields(kind) if _may_hold_syntax(f.type))
    return names


def _may_hold_syntax(annotation: object) -> bool:
    if get_origin(annotation) is Literal:
        return False
    if get_origin(annotation) is not None:  # Union, Optional, Sequence
        return any(_may_hold_syntax(argument) for argument in get_args(annotation))
    if not isinstance(annotation, type):
        return True  # a forward reference: follow it
    return issubclass(annotation, cst.CSTNode) and not issubclass(annotation, _LAYOUT)


def self_parameter(function: cst.FunctionDef) -> str | None:
    return _self_name(function)
