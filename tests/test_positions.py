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
