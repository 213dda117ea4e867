"""Scopes, bindings, parents and qualified names, built during the module's one traversal.

LibCST's ScopeProvider and QualifiedNameProvider cost several times the parse itself;
lowering needs far less: for a name, the bindings that may reach it (Python's scoping
rules: function, class, comprehension and module scopes, `global`/`nonlocal`), and for an
imported name, what it stands for (`rq.get` -> `requests.get`).
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field

import libcst as cst

_BUILTINS = frozenset(dir(builtins))
_COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)


@dataclass(eq=False)
class Binding:
    node: cst.CSTNode  # a Name target, a Param, a FunctionDef, a ClassDef, or an import alias
    scope: Scope
    index: int  # order in the module
    qualname: str | None = None  # what an import binds: "requests", "httpx.Client", ".auth.get_tokens"


@dataclass(eq=False)
class Scope:
    kind: str  # "module", "function", "class", "comprehension"
    node: cst.CSTNode
    parent: Scope | None
    bindings: dict[str, list[Binding]] = field(default_factory=dict)
    globals: set[str] = field(default_factory=set)
    nonlocals: set[str] = field(default_factory=set)

    def module(self) -> Scope:
        scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope


class ScopeIndex:
    """What the traversal recorded; answers lowering's questions about names."""

    def __init__(self) -> None:
        # keyed by id(node): LibCST nodes hash in Python, ids in C, and the module keeps
        # every node alive for as long as the index lives
        self.parents: dict[int, cst.CSTNode] = {}
        self.order: dict[int, int] = {}  # Name nodes and binding nodes
        self.scopes: dict[int, Scope] = {}  # id of a scope-opening node -> its scope

    # ------------------------------------------------------------------ questions
    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return self.parents.get(id(node))

    def scope_of(self, node: cst.CSTNode) -> Scope | None:
        """The scope a node's names are looked up in."""
        child, current = node, self.parents.get(id(node))
        while current is not None:
            scope = self.scopes.get(id(current))
            if scope is not None and _inside(current, child):
                return scope
            child, current = current, self.parents.get(id(current))
        return self.scopes.get(id(child))  # the module

    def bindings(self, name: cst.Name) -> list[Binding]:
        """The bindings that may reach a use of `name` (all candidates, oldest first)."""
        scope = self.scope_of(name)
        if scope is None:
            return []
        identifier = name.value
        use_index = self.order.get(id(name), 1 << 60)
        start = scope
        while scope is not None:
            if identifier in scope.globals:
                scope = scope.module()
            found = scope.bindings.get(identifier)
            if found:
                if scope is start:
                    earlier = [b for b in found if b.index < use_index]
                    if earlier:
                        return earlier
                    if scope.kind in ("function", "comprehension"):
                        return found  # a use before the assignment in a loop, or an error
                else:
                    return found
            scope = self._enclosing(scope)
        return []

    def qualified_name(self, node: cst.CSTNode) -> str | None:
        """`requests.get` for `rq.get` after `import requests as rq`; builtins as `builtins.x`."""
        if isinstance(node, cst.Attribute):
            base = self.qualified_name(node.value)
            return f"{base}.{node.attr.value}" if base is not None else None
        if not isinstance(node, cst.Name):
            return None
        found = self.bindings(node)
        imported = [b.qualname for b in found if b.qualname is not None]
        if imported and len(imported) == len(found):
            return sorted(imported)[0]
        if not found and node.value in _BUILTINS:
            return f"builtins.{node.value}"
        return None

    def visible(self, identifier: str, node: cst.CSTNode) -> bool:
        scope = self.scope_of(node)
        while scope is not None:
            if identifier in scope.bindings:
                return True
            scope = self._enclosing(scope)
        return identifier in _BUILTINS

    @staticmethod
    def _enclosing(scope: Scope) -> Scope | None:
        # names of a class body are not visible from the functions nested in it
        parent = scope.parent
        while parent is not None and parent.kind == "class":
            parent = parent.parent
        return parent


def _inside(scope_node: cst.CSTNode, child: cst.CSTNode) -> bool:
    """Whether `child` (a direct child of `scope_node`) is evaluated in the scope it opens:
    a function's parameters and body, not its decorators or return annotation; a class's body."""
    if isinstance(scope_node, (cst.FunctionDef, cst.Lambda)):
        return child is scope_node.body or child is scope_node.params
    if isinstance(scope_node, cst.ClassDef):
        return child is scope_node.body
    return True  # comprehensions, the module


def target_names(target: cst.BaseExpression) -> list[cst.Name]:
    """The names an assignment target binds (through tuples, lists and starred targets)."""
    if isinstance(target, cst.Name):
        return [target]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [name for element in target.elements for name in target_names(element.value)]
    if isinstance(target, cst.StarredElement):
        return target_names(target.value)
    return []


def dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{dotted(node.value)}.{node.attr.value}"
    return ""


def import_bindings(node: cst.Import | cst.ImportFrom) -> list[tuple[str, str, cst.CSTNode]]:
    """(bound name, qualified name, alias node) for each name an import statement binds."""
    found: list[tuple[str, str, cst.CSTNode]] = []
    if isinstance(node, cst.Import):
        for alias in node.names:
            full = dotted(alias.name)
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                found.append((alias.asname.name.value, full, alias))
            else:
                root = full.split(".", 1)[0]
                found.append((root, root, alias))
        return found
    if isinstance(node.names, cst.ImportStar):
        return found
    module = "." * len(node.relative) + (dotted(node.module) if node.module is not None else "")
    for alias in node.names:
        name = dotted(alias.name)
        bound = (
            alias.asname.name.value if alias.asname is not None and isinstance(alias.asname.name, cst.Name) else name
        )
        separator = "" if module.endswith(".") or not module else "."
        found.append((bound, f"{module}{separator}{name}", alias))
    return found
