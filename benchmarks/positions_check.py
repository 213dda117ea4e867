"""Positions read from CPython's tree against LibCST's own code-generation pass, node by node.

    python benchmarks/positions_check.py PATH [PATH ...]

For every Python file under the paths, every node the engine's walk reaches is asked for its
position the way the lowering asks (lazily, the last nodes first would do as well), and the
answer is compared with `positions.all_positions`, which tests/python/test_positions.py holds
equal to LibCST's PositionProvider. Prints the nodes compared, the differences by node type
(with the first file of each) and the files whose positions fell back to the whole module.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import libcst as cst

from scopelint.python.collect import collect
from scopelint.python.parse import ParseFailure, parse
from scopelint.python.positions import all_positions


class _Reached(cst.CSTVisitor):
    """The nodes the engine's walk reaches (it records their parents), in order."""

    def __init__(self, parents: dict[int, cst.CSTNode]) -> None:
        super().__init__()
        self.parents = parents
        self.nodes: list[cst.CSTNode] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if id(node) in self.parents:
            self.nodes.append(node)
        return True


def main() -> None:
    sys.setrecursionlimit(30_000)  # the lowering's own limit (`lower._deep_recursion`)
    files = [
        path
        for argument in sys.argv[1:]
        for path in (sorted(Path(argument).rglob("*.py")) if Path(argument).is_dir() else [Path(argument)])
    ]
    compared: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    first_wrong: dict[str, str] = {}
    whole_module = 0
    for path in files:
        try:
            parsed = parse(path.read_text(encoding="utf-8"))
            expected = all_positions(parsed.module)
        except (OSError, UnicodeDecodeError, ParseFailure, RecursionError):
            continue
        parents = collect(parsed.module).scopes.parents
        parsed.attach_parents(parents)
        reached = _Reached(parents)
        parsed.module.visit(reached)
        for node in reached.nodes:
            got = parsed.position(node)
            if parsed.whole_module_done:
                whole_module += 1
                break
            kind = type(node).__name__
            compared[kind] += 1
            if got != expected[id(node)]:
                wrong[kind] += 1
                first_wrong.setdefault(kind, f"{path}: expected {expected[id(node)]}, got {got}")
    print(f"files {len(files)}, nodes compared {sum(compared.values())}, differences {sum(wrong.values())}")
    print(f"files whose positions fell back to the whole module: {whole_module}")
    for kind, count in wrong.most_common():
        print(f"  {kind}: {count} of {compared[kind]} ({first_wrong[kind]})")


if __name__ == "__main__":
    main()
