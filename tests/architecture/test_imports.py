"""The package's import graph: no cycle, and no module imports a layer above its own.

Imports are read from the source (module level and inside functions, since an import
inside a function still makes the two modules depend on each other); imports under
`if TYPE_CHECKING:` are annotations only and do not count.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "scopelint"

# Lowest first. A module may import its own layer and the layers below it, never above.
LAYERS: list[tuple[str, ...]] = [
    # the base: the finding model, reading files, masking, writing atomically, file kinds,
    # suppression comments, where the packs are
    (
        "scopelint.__init__",
        "scopelint.model",
        "scopelint.source",
        "scopelint.masking",
        "scopelint.atomic_write",
        "scopelint.languages",
        "scopelint.suppression",
        "scopelint.packs.files",
    ),
    ("scopelint.packs",),  # the rule packs: what the analysis knows of APIs and libraries
    ("scopelint.facts",),  # language-neutral: the program IR, the facts rules read, the front-end interface
    ("scopelint.python", "scopelint.javascript"),  # the front ends: a file into a program
    ("scopelint.flow",),  # the run's analysis: every program interpreted together, the facts derived
    ("scopelint.rules",),  # rules read facts only
    (
        "scopelint.frontends",
        "scopelint.prefilter",
        "scopelint.config",
        "scopelint.discovery",
        "scopelint.fingerprint",
        "scopelint.parallel",
    ),
    ("scopelint.cache", "scopelint.engine"),
    ("scopelint.fix", "scopelint.report", "scopelint.baseline", "scopelint.changed_lines", "scopelint.inventory"),
    ("scopelint.cli", "scopelint.__main__", "scopelint.server"),  # the command line; the language server
]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 2:
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_nodes(tree: ast.AST):
    """Every node except the bodies of `if TYPE_CHECKING:`."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child.test):
                stack.extend(child.orelse)
                continue
            stack.append(child)


def _resolve(name: str) -> str | None:
    """The scopelint module `name` is, or the package it is in."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    if name == "scopelint":
        return "scopelint.__init__"
    return name or None


def imports_of(module: str) -> set[str]:
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module.removesuffix(".__init__") if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in _runtime_nodes(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{alias.name}" for alias in node.names] + [base]
        for name in names:
            if name.split(".")[0] != "scopelint":
                continue
            target = _resolve(name)
            if target is not None and target != module:
                found.add(target)
    # importing a submodule runs its packages' __init__ too; those edges are implied, not chosen
    return found


GRAPH = {module: imports_of(module) for module in MODULES}


def _layer(module: str) -> int:
    best = None
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if module == prefix or module.startswith(prefix + "."):
                if best is None or len(prefix) > best[1]:
                    best = (index, len(prefix))
    assert best is not None, f"{module} is in no layer: add it to LAYERS"
    return best[0]


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle() -> None:
    # a package's __init__ importing its own modules is not a cycle with them
    graph = {m: {t for t in targets if not m.startswith(t + ".")} for m, targets in GRAPH.items()}
    assert _cycles(graph) == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_import_of_a_layer_above(module: str) -> None:
    above = sorted(t for t in GRAPH[module] if _layer(t) > _layer(module))
    assert above == [], f"{module} (layer {_layer(module)}) imports {above}"


def test_rules_read_facts_only() -> None:
    """No rule imports a front end: front ends fill in what rules need."""
    for module, targets in GRAPH.items():
        if module.startswith("scopelint.rules"):
            assert not [t for t in targets if t.startswith(("scopelint.python", "scopelint.javascript"))], module
