"""A file as the analysis sees it, whatever its language: a small program of plain data.

A front end *lowers* each file into a `Program`: its functions (with their parameters,
calls, writes and returns), its classes, its imports and exports, and one table of
expression nodes. Lowering is syntax only (it resolves names to the definitions that may
reach each use, nothing else); what a value means (an HTTP request, a token, a session) is
decided later, for the whole run at once, by the interpreter (`scopelint.flow.interpreter`)
with the rule packs' knowledge. A `Program` is plain data (tuples, strings, ints), so the
cache stores it and a warm run parses nothing.

## Nodes

`Program.nodes[i]` is a tuple whose first item names the operation. Operands that are ints
are node indexes of the same program; `()` and `None` mean absent.

| node | meaning |
|---|---|
| `("str", text)` | a string literal's value |
| `("num", text)` | a number literal, as written |
| `("const", name)` | `true`/`false`/`none` (None, null, undefined) |
| `("unknown", hint)` | anything the analysis does not follow (comparisons, arithmetic, comprehensions, ...); `hint` says what, for messages and tests |
| `("concat", (n, ...))` | a string built of pieces: f-strings, template literals (their literal parts are `str` nodes) |
| `("add", a, b)` | binary `+` (string concatenation when either side is a string) |
| `("div", a, b)` | Python's binary `/` (a pathlib path joined with a name when `a` is a path) |
| `("format", template, (arg, ...), ((keyword, n), ...))` | `template.format(...)` |
| `("percent", template, (arg, ...))` | `template % args` |
| `("union", (n, ...))` | any one of: conditional expressions, `a or b`, `a ?? b`, several definitions that may reach a use |
| `("var", n, name)` | a read of the variable `name`, whose value is node `n` (see below); `("var", n, name, MODULE_LEVEL)`: a read inside a function of a module's variable, defined at the module's top level only (its value is the module's: one object, whatever function reads it); `("var", n, name, MODULE_WRITTEN)`: the same for a module's variable that functions assign too, `n` its top-level definitions (the functions' assignments are their `var` writes) |
| `("param", function, index)` | parameter `index` of function `function` (its `Function.params`) |
| `("this", function)` | `self` of a Python method is its parameter 0; JavaScript's `this` in a method or constructor of class `Function.owner` (arrow functions take the enclosing function's) |
| `("global", name)` | a name bound nowhere in the file: a builtin (`dict`, `str`), a browser or Node global (`window`, `fetch`, `localStorage`, `$`, `axios` loaded by a `<script>`) |
| `("import", index)` | the binding of `Program.imports[index]` |
| `("function", index)` | a function of the file (`def`, `lambda`, function expression, arrow, method) |
| `("class", index)` | a class of the file |
| `("attr", base, name)` | `base.name`; JavaScript destructuring `const {name} = base` too |
| `("item", base, key)` | `base[key]` |
| `("call", callee, args)` | a call; `args` is a tuple of `(kind, keyword, node)`, `kind` one of `"pos"`, `"kw"` (keyword argument; a JSX attribute), `"star"` (`*x`, `...x`), `"dstar"` (`**x`) |
| `("new", callee, args)` | JavaScript `new C(...)` |
| `("jsx", callee, args)` | a JSX element `<C a={x}>`: its attributes as `kw` arguments |
| `("dict", ((key, value), ...))` | a dict or object literal; `key` a node (usually `str`), or `None` for a spread `**x` / `...x` whose node is `value` |
| `("list", (n, ...))`, `("tuple", (n, ...))` | literals; an item `("spread", n)` node stands for `*x` / `...x` |
| `("spread", n)` | see above |
| `("alias", n)` | the value of node `n`: a forward reference (a definition read before it is lowered: a loop's back edge) or a cycle; the slot is allocated first and patched once `n` is known |

Reading a variable is lowered to a `("var", n, name)` node *at the read* (its location is
where the name is written, which is where a finding about it points and what a fix writes),
whose value is node `n`: the definitions that may reach the read (the last assignment that
dominates it, or every branch's), shared by every read. A module-level variable read inside
a function is every module-level definition of it; a variable of an enclosing function is
that function's definitions (which may be its `param` nodes).

## Functions, classes, the module

`functions[0]` is the module itself: its calls, writes and top-level definitions. Every
function lists the call nodes of its own body in order (not those of nested functions),
its writes `(kind, target, key, value)` with `kind` `"item"` (`target[key] = value`, `key` a
node), `"attr"` (`target.key = value`, `key` a name) or `"var"` (JavaScript: `key = value`
assigning the module's variable `key` inside a function; `target` is -1), and its `returns` (a Python
generator's `yield x` values among them: what a `with` or a framework that runs it gets).
Unpacking `a, b = v` is lowered to items: `a` is `("item", v, ("num", "0"))`.

## Locations

`locations[node]` = `(line, column, end_line, end_column, first_line, last_line, context)`
for the nodes a finding may point at: 1-based lines and columns as `model.Span` has them,
the first and last line of the statement holding the node (suppression comments), and an
index into `contexts` (the dotted names of the enclosing functions and classes, for
fingerprints). Snippets and line texts are read from the file's text when a finding is made.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

Node = tuple[Any, ...]
Location = tuple[int, int, int, int, int, int, int]


class Locations(Mapping[int, Location]):
    """`Program.locations`: node -> location, kept as seven machine ints per node in one
    array. Nearly every node has one, and a dict of tuples of ints costs about eight
    times as much: on a large library tree (thousands of modules analysed together) the
    locations were half of the run's memory."""

    __slots__ = ("_rows", "_count")
    WIDTH = 7
    _ABSENT = array("i", [-1]) * WIDTH  # line -1: no location (lines start at 1)

    def __init__(self, items: Iterable[tuple[int, Location]] = ()) -> None:
        self._rows = array("i")
        self._count = 0
        for node, location in items:
            self[node] = location

    def __setitem__(self, node: int, location: Location) -> None:
        start = node * self.WIDTH
        if start == len(self._rows):  # the common case: the node just added
            self._rows.extend(location)
            self._count += 1
            return
        missing = start + self.WIDTH - len(self._rows)
        if missing > 0:
            self._rows.extend(self._ABSENT * (missing // self.WIDTH))
        if self._rows[start] < 0:
            self._count += 1
        self._rows[start : start + self.WIDTH] = array("i", location)

    def __getitem__(self, node: int) -> Location:
        start = node * self.WIDTH
        if node < 0 or start >= len(self._rows) or self._rows[start] < 0:
            raise KeyError(node)
        return tuple(self._rows[start : start + self.WIDTH])  # type: ignore[return-value]

    def get(self, node: int, default: Any = None) -> Any:
        start = node * self.WIDTH
        if node < 0 or start >= len(self._rows) or self._rows[start] < 0:
            return default
        return tuple(self._rows[start : start + self.WIDTH])

    def __contains__(self, node: object) -> bool:
        if not isinstance(node, int) or node < 0:
            return False
        start = node * self.WIDTH
        return start < len(self._rows) and self._rows[start] >= 0

    def __iter__(self) -> Iterator[int]:
        rows, width = self._rows, self.WIDTH
        return (start // width for start in range(0, len(rows), width) if rows[start] >= 0)

    def __len__(self) -> int:
        return self._count

    def __repr__(self) -> str:
        return f"Locations({dict(self.items())!r})"

    def __getstate__(self) -> tuple[array, int]:
        return self._rows, self._count

    def __setstate__(self, state: tuple[array, int]) -> None:
        self._rows, self._count = state


@dataclass
class Param:
    name: str
    # "positional" (positional only), "normal" (positional or keyword), "keyword" (keyword
    # only), "varargs" (*args, ...rest), "varkw" (**kwargs); JavaScript parameters are "positional"
    kind: str
    default: int | None = None  # node
    annotation: int | None = None  # node of the type annotation, when it names something


@dataclass
class Function:
    name: str  # "" for lambdas and anonymous functions
    qualname: str  # dotted, in the file: "Client.get", "views.profile.<lambda>"
    params: list[Param] = field(default_factory=list)
    calls: list[int] = field(default_factory=list)
    writes: list[tuple[str, int, Any, int]] = field(default_factory=list)
    returns: list[int] = field(default_factory=list)
    decorators: list[int] = field(default_factory=list)
    owner: int | None = None  # the class of a method
    kind: str = "function"  # "module", "function", "method", "staticmethod", "classmethod", "constructor"
    parent: int | None = None  # the enclosing function (closures)
    node: int | None = None  # its ("function", index) node, for its location


@dataclass
class Class:
    name: str
    bases: list[int] = field(default_factory=list)  # nodes
    methods: dict[str, int] = field(default_factory=dict)  # name -> function index
    attributes: dict[str, int] = field(default_factory=dict)  # class-level `x = ...` and fields
    decorators: list[int] = field(default_factory=list)
    node: int | None = None


@dataclass
class Import:
    """`import a.b`, `from .x import y as z`, `import {y as z} from "./x"`, `require("./x")`."""

    module: str  # as written: "requests", ".auth", "./api", "@auth0/auth0-react"
    name: str | None  # the imported name; None: the module itself (`import x`, `* as x`, `require(...)`)
    level: int = 0  # Python relative imports: the number of leading dots (module is then without them)
    default: bool = False  # an ES default import/export
    local: str = ""  # the name it is bound to in the file (`import auth0 from "auth0-js"` -> auth0)


MODULE_LEVEL = 1  # the fourth item of a `var` op (see the table above)
MODULE_WRITTEN = 2  # ... of a module's variable that functions assign too (their `var` writes)


@dataclass
class Program:
    path: str
    language: str  # "python" or "javascript" (TypeScript and templates included)
    nodes: list[Node] = field(default_factory=list)
    functions: list[Function] = field(default_factory=list)
    classes: list[Class] = field(default_factory=list)
    imports: list[Import] = field(default_factory=list)
    # what other files may import: Python module-level names; JavaScript exports
    # ("default" for the default export, "*" entries are re-exported module specifiers)
    exports: dict[str, int] = field(default_factory=dict)
    reexports: list[str] = field(default_factory=list)  # `export * from "./x"`
    locations: Locations = field(default_factory=Locations)
    contexts: list[str] = field(default_factory=lambda: [""])
    # string nodes that may hold an /authorize URL (or a query built on a constant base):
    # the interpreter looks for token requests written as URLs in these
    url_strings: list[int] = field(default_factory=list)
    # files the program refers to by name: templates rendered, scripts loaded (<script src>)
    references: list[str] = field(default_factory=list)
    # a classic script's top-level bindings (no import or export: not a module): the globals
    # every other script of the page sees
    globals: dict[str, int] = field(default_factory=dict)

    def add(self, node: Node, location: Location | None = None) -> int:
        self.nodes.append(node)
        index = len(self.nodes) - 1
        if location is not None:
            self.locations[index] = location
        return index

    def to_data(self) -> dict[str, Any]:
        """Plain JSON data (what the cache stores)."""
        return {
            "path": self.path,
            "language": self.language,
            "nodes": self.nodes,
            "functions": [
                [
                    f.name,
                    f.qualname,
                    [[p.name, p.kind, p.default, p.annotation] for p in f.params],
                    f.calls,
                    f.writes,
                    f.returns,
                    f.decorators,
                    f.owner,
                    f.kind,
                    f.parent,
                    f.node,
                ]
                for f in self.functions
            ],
            "classes": [[c.name, c.bases, c.methods, c.attributes, c.decorators, c.node] for c in self.classes],
            "imports": [[i.module, i.name, i.level, i.default, i.local] for i in self.imports],
            "exports": self.exports,
            "reexports": self.reexports,
            "locations": [[node, *location] for node, location in self.locations.items()],
            "contexts": self.contexts,
            "url_strings": self.url_strings,
            "references": self.references,
            "globals": self.globals,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Program:
        return cls(
            path=data["path"],
            language=data["language"],
            nodes=[tuple(node) for node in data["nodes"]],
            functions=[
                Function(
                    name,
                    qualname,
                    [Param(*p) for p in params],
                    calls,
                    [tuple(w) for w in writes],
                    returns,
                    decorators,
                    owner,
                    kind,
                    parent,
                    node,
                )
                for name, qualname, params, calls, writes, returns, decorators, owner, kind, parent, node in data[
                    "functions"
                ]
            ],
            classes=[Class(*c) for c in data["classes"]],
            imports=[Import(*i) for i in data["imports"]],
            exports=data["exports"],
            reexports=data["reexports"],
            locations=Locations((entry[0], tuple(entry[1:])) for entry in data["locations"]),
            contexts=data["contexts"],
            url_strings=data["url_strings"],
            references=data["references"],
            globals=data.get("globals", {}),
        )
