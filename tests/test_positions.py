"""scopelint's own position pass gives exactly LibCST's PositionProvider ranges."""

from __future__ import annotations

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from scopelint.analysis.parse import _positions
from scopelint.rules import ALL_RULES

TRICKY = {
    "crlf": 'a = "x"\r\nb = (1,\r\n     2)\r\n',
    "cr": "a = 1\rb = 2\r",
    "mixed": "a = 1\r\nb = 2\nc = '''x\r\ny\ry'''\n",
    "tabs": "if x:\n\tif y:\n\t\tz = f'{a!r:>{w}}'\n",
    "decorators": "@a\n# c\n@b(1)\nclass C:\n    @property\n    def f(self): return 1\n",
    "unicode": "s = 'ünï' + \"😀\"; t = s\n",
    "continuation": "x = 1 + \\\n    2\n",
    "empty": "",
    "comments only": "# a\n\n# b\n",
    "no final newline": "x = [\n  1,\n  2]",
}
EXAMPLES = {
    f"{rule.code}-{kind}-{i}": example.code
    for rule in ALL_RULES
    for kind, examples in (("valid", rule.VALID), ("invalid", rule.INVALID))
    for i, example in enumerate(examples)
    if example.path.endswith(".py")
}


@pytest.mark.parametrize("source", [*TRICKY.values(), *EXAMPLES.values()], ids=[*TRICKY, *EXAMPLES])
def test_same_ranges_as_libcst(source: str) -> None:
    module = cst.parse_module(source)
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    ours = _positions(module)
    assert len(ours) == len(expected)
    for node, where in expected.items():
        assert ours[id(node)] == (where.start.line, where.start.column, where.end.line, where.end.column), node


STATEMENT_SHAPES = {
    "small statements": "import os; x = 1; y = 2\nz = 3;\n",
    "decorated": "# header\n\n@a\n# between\n@b(\n  1)\n\nasync def f():\n    return 1\n\n@c\nclass C:\n    pass\n",
    "compound": "if x:\n    y = 1\nelif z:\n    pass\nelse:\n    w = 2\nfor i in x: pass\nwhile 0:\n    break\ntry:\n    1\nexcept E as e:\n    2\nfinally:\n    3\nwith a as b, c:\n    d\n",
    "match": "match p:\n    case [1, *rest]:\n        q = rest\n    case _:\n        pass\n",
    "continuation": "x = 1 + \\\n    2\ny = (\n  3)\n",
    "no final newline": "a = 1\nif a:\n    b = 2",
    "crlf": "a = 1\r\n@d\r\ndef f():\r\n    return 'x'\r\n",
}


def _all_nodes(module: cst.Module) -> list[cst.CSTNode]:
    from scopelint.analysis.collect import _child_fields

    found, stack = [], [module]
    while stack:
        node = stack.pop()
        found.append(node)
        for name in _child_fields(type(node)):
            value = getattr(node, name)
            stack.extend(v for v in (value if isinstance(value, (list, tuple)) else [value]) if isinstance(v, cst.CSTNode))
    return found


@pytest.mark.parametrize(
    "source", [*STATEMENT_SHAPES.values(), *TRICKY.values(), *EXAMPLES.values()], ids=[*STATEMENT_SHAPES, *TRICKY, *EXAMPLES]
)
def test_positions_per_statement_are_libcsts(source: str) -> None:
    """Each top-level statement's positions, computed alone and placed at the line CPython
    says it starts on, are exactly LibCST's whole-module positions."""
    from scopelint.analysis.parse import parse
    from scopelint.packs import load_knowledge

    parsed = parse(source)
    parsed.facts(load_knowledge(()), ())
    expected = MetadataWrapper(parsed.module, unsafe_skip_copy=True).resolve(PositionProvider)
    # the module's own comment lines, before the first and after the last statement: never reported
    outside = {id(node) for line in (*parsed.module.header, *parsed.module.footer) for node in _all_nodes(line)}
    for node in reversed(_all_nodes(parsed.module)):  # the last statements first: no order is assumed
        where = expected.get(node)
        if where is None or node is parsed.module or id(node) in outside:
            continue
        assert parsed._position(node) == (where.start.line, where.start.column, where.end.line, where.end.column), node
    assert not parsed._all_done, "a statement's positions needed the whole module"
