"""The one traversal of a module: gathers the syntax the evaluator and the rules look up.

Everything else works from what this visitor records (and LibCST metadata), so a file is
walked once whatever the number of rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst


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
        self._functions: list[cst.FunctionDef] = []
        self._classes: list[cst.ClassDef | None] = []  # None marks a function level

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._classes.append(node)
        self.syntax.class_methods.setdefault(node, {})

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._classes.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
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

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self._classes.append(None)

    def leave_Lambda(self, original_node: cst.Lambda) -> None:
        self._classes.pop()

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
                for t, v in zip(target.elements, value.elements):
                    self._record_target(t.value, v.value)


def collect(module: cst.Module, needles: tuple[str, ...] = ()) -> Syntax:
    collector = SyntaxCollector(needles)
    module.visit(collector)
    return collector.syntax


def self_parameter(function: cst.FunctionDef) -> str | None:
    return _self_name(function)
