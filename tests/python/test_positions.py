"""scopelint's own position pass gives exactly LibCST's PositionProvider ranges."""

from __future__ import annotations

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from rule_cases import load_cases
from scopelint.python.collect import collect
from scopelint.python.positions import STATEMENTS, all_positions

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
# every Python file of the rules' cases (tests/fixtures/rules/)
EXAMPLES = {
    f"{case.id}/{path}": text for case in load_cases() for path, text in case.files.items() if path.endswith(".py")
}


@pytest.mark.parametrize("source", [*TRICKY.values(), *EXAMPLES.values()], ids=[*TRICKY, *EXAMPLES])
def test_same_ranges_as_libcst(source: str) -> None:
    module = cst.parse_module(source)
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    ours = all_positions(module)
    assert len(ours) == len(expected)
    for node, where in expected.items():
        assert ours[id(node)] == (where.start.line, where.start.column, where.end.line, where.end.column), node


STATEMENT_SHAPES = {
    "small statements": "import os; x = 1; y = 2\nz = 3;\n",
    "decorated": "# header\n\n@a\n# between\n@b(\n  1)\n\nasync def f():\n    return 1\n\n@c\nclass C:\n    pass\n",
    "compound": (
        "if x:\n    y = 1\nelif z:\n    pass\nelse:\n    w = 2\nfor i in x: pass\nwhile 0:\n    break\ntry:\n    1\n"
        "except E as e:\n    2\nfinally:\n    3\nwith a as b, c:\n    d\n"
    ),
    "match": "match p:\n    case [1, *rest]:\n        q = rest\n    case _:\n        pass\n",
    "continuation": "x = 1 + \\\n    2\ny = (\n  3)\n",
    "no final newline": "a = 1\nif a:\n    b = 2",
    "crlf": "a = 1\r\n@d\r\ndef f():\r\n    return 'x'\r\n",
    # statements inside blocks, each placed alone with its block's indentation
    "nested": (
        "class C:\n    def f(self):\n        if self:\n            x = [\n                1,\n            ]\n"
        "        return x\n"
    ),
    "nested decorators": (
        "class C:\n    @a\n    # between\n\n    @b(\n        1)\n    # after\n    def f(self):\n        pass\n"
    ),
    "one-liners": (
        "def f():\n    if x: y = 1; z = 2\n    else: w\n    for i in x: pass\n    while y: break\n    class D: pass\n"
        "    return 1\n"
    ),
    "semicolons": "def f():\n    a = 1; b = (2,\n  3); c = 3\n    d = 4;\n",
    "else elif finally": (
        "def f():\n    if a:\n        b\n    elif c:\n        d\n    elif e: f\n    else:\n        g\n"
        "    try:\n        h\n    except E:\n        i\n    except:\n        j\n"
        "    else:\n        k\n    finally:\n        l\n"
        "    for m in n:\n        o\n    else:\n        p\n    while q:\n        r\n    else:\n        s\n"
    ),
    "except star": "try:\n    a\nexcept* E:\n    b\nfinally:\n    c\n",
    "async": (
        "async def f():\n    async with a as b:\n        await b\n    async for c in d:\n        e\n    @g\n"
        "    async def h(): pass\n"
    ),
    "class tabs": "class C:\n\tx = 1\n\tdef f(self):\n\t\treturn {\n\t\t\t'a': 1}\n",
    "mixed indents": "if a:\n  if b:\n        c = 1\n  d = 2\nelse:\n\te = 3\n",
    "after a dedent": (
        "def f():\n    if a:\n        b = 1\n        # deeper\n    # level\n# outer\n    c = 2\n\n\n# top\nd = 3\n"
    ),
    "nested match": (
        "def f(p):\n    match p:\n        case {'k': v} if v:\n            return v\n        case _:\n"
        "            match v:\n              case 1: pass\n"
    ),
    "nested continuation": (
        "def f():\n    x = 1 + \\\n        2\n    y = f(\n  a,\n      b)\n    return '''a\nb''' + x\n"
    ),
    "nested crlf": "class C:\r\n    def f(self):\r\n        return (1,\r\n                2)\r\n",
    "nested cr": "def f():\r    if x:\r        return 1\r",
    "nested, no final newline": "def f():\n    if a:\n        return [\n            1]",
    "comments closing blocks": "def f():\n    pass\n    # trailing\n\nclass C:\n    x: int\n    # trailing\n",
}


def _all_nodes(root: cst.CSTNode) -> list[cst.CSTNode]:
    """`root` and every node under it, whitespace and punctuation included."""
    found, stack = [], [root]
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(node.children)
    return found


@pytest.mark.parametrize(
    "source",
    [*STATEMENT_SHAPES.values(), *TRICKY.values(), *EXAMPLES.values()],
    ids=[*STATEMENT_SHAPES, *TRICKY, *EXAMPLES],
)
def test_positions_per_statement_are_libcsts(source: str) -> None:
    """Positions asked for node by node, each computed with the innermost statement of a
    block that holds the node, placed at the line CPython says it starts on, are exactly
    LibCST's whole-module positions."""
    from scopelint.python.parse import parse

    parsed = parse(source)
    parsed.attach_parents(collect(parsed.module).scopes.parents)
    expected = MetadataWrapper(parsed.module, unsafe_skip_copy=True).resolve(PositionProvider)
    # the module's own comment lines, before the first and after the last statement: never reported
    outside = {id(node) for line in (*parsed.module.header, *parsed.module.footer) for node in _all_nodes(line)}
    for node in reversed(_all_nodes(parsed.module)):  # the last statements first: no order is assumed
        where = expected.get(node)
        if where is None or node is parsed.module or id(node) in outside or parsed.parent(node) is None:
            continue  # the module, its own comment lines, and nodes the engine's walk never reaches
        assert parsed.position(node) == (where.start.line, where.start.column, where.end.line, where.end.column), node
    assert not parsed.whole_module_done, "a statement's positions needed the whole module"


def _block_statements(module: cst.Module) -> list[cst.BaseStatement]:
    """The statements that start a line of a block or of the module."""
    return [
        statement
        for node in _all_nodes(module)
        if isinstance(node, (cst.Module, cst.IndentedBlock))
        for statement in node.body
    ]


@pytest.mark.parametrize(
    "source",
    [*STATEMENT_SHAPES.values(), *TRICKY.values(), *EXAMPLES.values()],
    ids=[*STATEMENT_SHAPES, *TRICKY, *EXAMPLES],
)
def test_each_statement_alone_has_libcsts_positions(source: str) -> None:
    """Every statement of every block, code-generated alone from the line CPython gives and
    with its block's indentation, yields exactly LibCST's ranges for all its nodes."""
    from scopelint.python.parse import parse

    parsed = parse(source)
    parsed.attach_parents(collect(parsed.module).scopes.parents)
    expected = MetadataWrapper(parsed.module, unsafe_skip_copy=True).resolve(PositionProvider)
    for statement in _block_statements(parsed.module):
        assert parsed.statement_unit(statement) is statement, statement  # none is left to the statement around it
        parsed.positions = {}
        assert parsed.place_statement(statement), statement
        nodes = [node for node in _all_nodes(statement) if node in expected]  # not all are generated
        assert len(parsed.positions) == len({id(node) for node in nodes})  # a few are shared
        for node in nodes:
            where = expected[node]
            assert parsed.positions[id(node)] == (
                where.start.line,
                where.start.column,
                where.end.line,
                where.end.column,
            ), node


def test_a_nested_node_needs_only_its_own_statement() -> None:
    from scopelint.python.parse import parse

    parsed = parse(STATEMENT_SHAPES["nested"])
    parsed.attach_parents(collect(parsed.module).scopes.parents)
    function = parsed.module.body[0].body.body[0]
    inner = function.body.body[0].body.body[0]  # x = [1,]
    assert parsed.position(inner.body[0].value) == (4, 16, 6, 13)
    assert id(function) not in parsed.positions and not parsed.whole_module_done


def test_positions_are_read_from_cpythons_tree_where_it_has_them() -> None:
    """Asking for a name inside a long statement computes that name's range alone (no code
    generation); an f-string's parts, which CPython's tree does not place, are generated
    from the f-string's start, and nothing else."""
    from scopelint.python.parse import parse

    source = "def f(a: int = 1) -> None:\n    x = call(a, key=[1, 2], other=g(b)['k'])\n    y = f'{x}/y' 'z'\n"
    parsed = parse(source)
    parsed.attach_parents(collect(parsed.module).scopes.parents)
    expected = MetadataWrapper(parsed.module, unsafe_skip_copy=True).resolve(PositionProvider)
    function = parsed.module.body[0]
    assign = function.body.body[0].body[0]
    key = assign.value.args[2].value.slice[0].slice.value  # 'k'
    assert parsed.position(key) == (2, 39, 2, 42)
    assert list(parsed.positions) == [id(key)]
    text = function.body.body[1].body[0].value.left.parts[1]  # "/y"
    where = expected[text]
    assert parsed.position(text) == (where.start.line, where.start.column, where.end.line, where.end.column)
    assert id(assign) not in parsed.positions and not parsed.whole_module_done
    for node in (
        function.name,
        function.params.params[0].name,
        function.params.params[0].default,
        function.returns.annotation,
    ):
        where = expected[node]
        assert parsed.position(node) == (where.start.line, where.start.column, where.end.line, where.end.column)


def test_trees_that_disagree_fall_back_to_the_whole_module() -> None:
    """A CPython tree that does not describe the module (lines off by one, another shape)
    must not give wrong positions: the whole module's are computed instead."""
    import ast

    from scopelint.python.parse import ParsedModule

    source = STATEMENT_SHAPES["nested"]
    module = cst.parse_module(source)
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    element = module.body[0].body.body[0].body.body[0].body.body[0].body[0].value.elements[0].value  # the 1 of x = [1,]
    for other in ("\n" + source, source + "        y\n", "x = 1\n"):
        parsed = ParsedModule(module, source, ast.parse(other))
        parsed.attach_parents(collect(parsed.module).scopes.parents)
        assert parsed.position(element) == (5, 16, 5, 17)
        assert parsed.whole_module_done
        for node in _all_nodes(module):
            if node is not module:
                where = expected[node]
                assert parsed.position(node) == (where.start.line, where.start.column, where.end.line, where.end.column)


@pytest.mark.parametrize("source", [*STATEMENT_SHAPES.values(), *EXAMPLES.values()], ids=[*STATEMENT_SHAPES, *EXAMPLES])
def test_enclosing_statement_and_context_whatever_the_order_asked(source: str) -> None:
    """The remembered ancestry gives what a walk up the parents gives, node by node."""
    from scopelint.python.parse import parse

    parsed = parse(source)
    parsed.attach_parents(collect(parsed.module).scopes.parents)
    nodes = [node for node in _all_nodes(parsed.module) if parsed.parent(node) is not None]
    for node in nodes[::2] + nodes[1::2]:  # not in tree order: the memo is filled from anywhere
        names, statement, current = [], None, node
        while current is not None:
            if statement is None and isinstance(current, STATEMENTS):
                statement = current
            parent = parsed.parent(current)
            if isinstance(parent, (cst.FunctionDef, cst.ClassDef)):
                names.append(parent.name.value)
            current = parent
        assert parsed.enclosing(node) == (statement, ".".join(reversed(names))), node
