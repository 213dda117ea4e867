"""Lowering a Python module into a `Program` (`scopelint/facts/program.py`): syntax only.

The module's one traversal (`collect.collect`) gives its scopes, bindings and parents;
this then descends the tree once more, statement by statement, and writes every
expression as nodes of the program's table: names become the definitions that may reach
them (`_reaching`, the rule of the evaluator it replaces), strings their pieces, calls,
subscripts and attributes their shapes. It knows no library: `requests`, token keys and
sessions are the interpreter's (`scopelint/flow/`).

Function bodies are lowered after the code around them (a queue: the module's statements
first, then each function's body, at the depth of its own statements), as they run after
it: a function reads the module-level names defined below it without a forward reference.
`("alias", n)` nodes are left by loops' back edges and by definitions in a function lowered
later (a `global` or `nonlocal` assignment); an alias of itself (`x = x` in a loop with
nothing before) is `("unknown", "cycle")`, and one whose definition was never lowered
(deeper than `MAX_DEPTH`) `("unknown", "unresolved")`.

`PythonLowering(...).origins` maps each node that has a location to the LibCST node it was
lowered from (a name read has no node of its own: it is its definitions' nodes).
"""

from __future__ import annotations

import sys
import warnings
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from sys import intern

import libcst as cst
from libcst import MaybeSentinel

from scopelint.facts.program import MODULE_LEVEL, Class, Function, Import, Location, Param, Program
from scopelint.python.collect import collect
from scopelint.python.parse import ParsedModule, ParseFailure
from scopelint.python.positions import STATEMENT_TYPES, Position
from scopelint.python.scopes import Binding, Scope, dotted
from scopelint.python.syntax import literal_string


@dataclass(frozen=True)
class LoweringHints:
    """What the rule packs tell the lowering (texts, not knowledge): which string literals
    may start an URL worth the interpreter's attention, and the last names of the
    functions that join URLs (a string passed to one is part of the URL it builds)."""

    url_needles: tuple[str, ...] = ()  # e.g. ("/authorize",)
    url_joiners: tuple[str, ...] = ()  # e.g. ("urljoin",)


# the first positional argument of a call, when it names one of these, is a file it refers to
TEMPLATE_SUFFIXES = (".html", ".htm", ".jinja", ".jinja2", ".j2", ".djhtml", ".txt")
# Expressions and statements nested deeper than this are left unknown (their calls too):
# the descent is recursive; CPython's tree admits 250 levels (parse.py), LibCST nests `a or b or c`.
MAX_DEPTH = 1000
RECURSION_LIMIT = 20_000
_BLOCKS = (cst.IndentedBlock, cst.SimpleStatementSuite, cst.Module)
_COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp)
# methods Python makes static or class methods without a decorator
_IMPLICIT_KINDS = {"__new__": "staticmethod", "__init_subclass__": "classmethod", "__class_getitem__": "classmethod"}
_CONSTANTS = {"True": "true", "False": "false", "None": "none"}


def lower_module(parsed: ParsedModule, path: str, hints: LoweringHints | None = None) -> Program:
    """The `Program` of a parsed Python module."""
    return PythonLowering(parsed, path, hints or LoweringHints()).program


@contextmanager
def _deep_recursion() -> Iterator[None]:
    """LibCST's code generation (the positions) recurses two or three frames per level of
    an implicit concatenation (and of `a or b or c`), which CPython's tree does not nest:
    LibCST's parser admits about 3,000 strings (`pydoc_data/topics.py` has 2,214), more
    than the default limit allows. From Python 3.11 on, Python-to-Python calls use no C
    stack, so the limit is raised for the lowering; on 3.10 such a file is not analysed."""
    limit = sys.getrecursionlimit()
    if sys.version_info >= (3, 11):
        sys.setrecursionlimit(max(limit, RECURSION_LIMIT))
    try:
        yield
    except RecursionError:
        raise ParseFailure("too deeply nested to analyse (recursion limit reached)") from None
    finally:
        sys.setrecursionlimit(limit)


class PythonLowering:
    """One module's lowering: `program`, and `origins` (node index -> the LibCST node it was
    lowered from, for the nodes that have a location)."""

    def __init__(self, parsed: ParsedModule, path: str, hints: LoweringHints) -> None:
        with _deep_recursion():
            self._lower(parsed, path, hints)

    def _lower(self, parsed: ParsedModule, path: str, hints: LoweringHints) -> None:
        module = parsed.module
        self.hints = hints
        self.program = Program(path=path, language="python")
        self.origins: dict[int, cst.CSTNode] = {}
        syntax = collect(module, hints.url_needles)
        index = syntax.scopes
        parsed.attach_parents(index.parents)
        # positions as the lowering asks (read from CPython's tree); the parsed module keeps them for sites
        self._position = parsed.position
        self._parents = index.parents
        self._order = index.order
        self._scopes = index.scopes
        self._module_scope = self._scopes[id(module)]
        _resolve_nonlocals(list(self._scopes.values()))

        self._memo: dict[int, int] = {}  # id of an expression -> its node
        self._defs: dict[tuple[int, str], int] = {}  # (id of a binding's node, name) -> value node
        self._aliases: dict[tuple[int, str], int] = {}  # read before lowered: the alias slot to patch
        self._unions: dict[tuple[int, ...], int] = {}
        self._context_index: dict[str, int] = {"": 0}
        self._lines: dict[int, tuple[int, int]] = {}  # id of a statement -> its first and last line
        self._hidden: frozenset[int] = frozenset()  # a def's own binding, while its header is lowered
        self._queue: deque[Callable[[], None]] = deque()
        self._depth = 0
        # where the descent is
        self._function = 0
        self._scope: Scope = self._module_scope
        self._class: int | None = None  # the class whose body is being lowered
        self._statement: cst.CSTNode | None = None
        self._context = ""

        self.program.functions.append(Function(name="", qualname="", kind="module"))
        self._statements(module.body)
        while self._queue:
            self._queue.popleft()()
        self._exports()
        self._url_strings(sorted([*syntax.strings, *syntax.query_strings], key=self._located))
        for slot in self._aliases.values():  # bindings never lowered (too deep)
            self.program.nodes[slot] = ("unknown", "unresolved")
        self._aliases.clear()

    # ------------------------------------------------------------------ nodes and locations
    def _add(self, node: tuple, origin: cst.CSTNode) -> int:
        index = self.program.add(node, self._location(origin))
        self.origins[index] = origin
        return index

    def _unknown(self, hint: str, origin: cst.CSTNode) -> int:
        return self._add(("unknown", hint), origin)

    def _located(self, node: cst.CSTNode) -> Position:
        position = self._position(node)
        if position is None:
            raise KeyError(node)
        return position

    def _location(self, origin: cst.CSTNode) -> Location | None:
        position = self._position(origin)
        if position is None:
            return None
        line, column, end_line, end_column = position
        statement = self._statement
        if statement is None:
            first = last = line
        else:
            found = self._lines.get(id(statement))
            if found is None:
                found = self._lines[id(statement)] = self._statement_lines(statement)
            first, last = found
        context = self._context_index.get(self._context)
        if context is None:
            context = self._context_index[self._context] = len(self.program.contexts)
            self.program.contexts.append(self._context)
        return line, column + 1, end_line, end_column + 1, first, last, context

    def _statement_lines(self, statement: cst.CSTNode) -> tuple[int, int]:
        """`ParsedModule.statement_lines`: a compound statement's header, a simple one whole."""
        start, _, end, _ = self._located(statement)
        if type(statement) is not cst.SimpleStatementLine:  # a compound statement
            body = getattr(statement, "body", None)  # a match has cases instead
            if isinstance(body, cst.IndentedBlock) and body.body:
                first = self._position(body.body[0])
                if first is not None:
                    return start, max(start, first[0] - 1)
            return start, start
        return start, end

    def _union(self, members: Sequence[int]) -> int:
        unique = tuple(dict.fromkeys(members))
        if len(unique) == 1:
            return unique[0]
        found = self._unions.get(unique)
        if found is None:
            found = self._unions[unique] = self.program.add(("union", unique))
        return found

    # ------------------------------------------------------------------ definitions
    def _define(self, node: cst.CSTNode, name: str, value: int) -> None:
        key = (id(node), name)
        self._defs[key] = value
        slot = self._aliases.pop(key, None)
        if slot is not None:
            # `x = x` in a loop, with nothing before: the value is its own
            lowered = self.program.nodes[value]
            itself = value == slot or (lowered[0] == "var" and lowered[1] == slot)
            self.program.nodes[slot] = ("unknown", "cycle") if itself else ("alias", value)

    def _value_of(self, binding: Binding, name: str) -> int:
        key = (id(binding.node), name)
        found = self._defs.get(key)
        if found is not None:
            return found
        slot = self._aliases.get(key)
        if slot is None:
            slot = self._aliases[key] = self.program.add(("alias", -1))
        return slot

    def _read(self, name: cst.Name) -> int:
        """A read of a name: the definitions that may reach it, or a global."""
        identifier = name.value
        constant = _CONSTANTS.get(identifier)
        if constant is not None:
            return self._add(("const", constant), name)
        bindings, boundary = self._candidates(name, identifier, self._scope)
        bindings = self._reaching(name, bindings, boundary)
        if not bindings:
            return self._add(("global", intern(identifier)), name)
        value = self._union([self._value_of(b, identifier) for b in sorted(bindings, key=_binding_order)])
        # located at the read: where a finding about it points, what a fix writes; a module's
        # variable read in a function is the module's (`Interpreter._var`)
        if boundary is not None and all(b.scope.kind == "module" for b in bindings):
            return self._add(("var", value, intern(identifier), MODULE_LEVEL), name)
        return self._add(("var", value, intern(identifier)), name)

    def _candidates(self, name: cst.Name, identifier: str, start: Scope) -> tuple[list[Binding], cst.CSTNode | None]:
        """`ScopeIndex.bindings` from the scope the descent is in (a def's decorators,
        defaults and annotations are read in the enclosing scope, without the def itself;
        a comprehension's first iterable too; `x += v` reads x without its own binding),
        and where the code that reads them runs: a function, when they are bindings of a
        scope around it (None: in their own scope)."""
        use = self._order.get(id(name), 1 << 60)
        hidden = self._hidden
        scope: Scope | None = start
        boundary: cst.CSTNode | None = None
        while scope is not None:
            if identifier in scope.globals:
                if scope.kind == "function" and boundary is None:
                    boundary = scope.node
                scope = self._module_scope
            found = scope.bindings.get(identifier)
            if found:
                if scope is start:
                    visible = [b for b in found if id(b.node) not in hidden] if hidden else found
                    earlier = [b for b in visible if b.index < use]
                    if earlier:
                        return earlier, None
                    if scope.kind in ("function", "comprehension") and visible:
                        return visible, None  # a use before the assignment in a loop, or an error
                else:
                    visible = [b for b in found if id(b.node) not in hidden] if hidden else found
                    if visible:
                        return visible, boundary
            if scope.kind == "function" and boundary is None:
                boundary = scope.node
            scope = _enclosing(scope)
        return [], None

    def _reaching(self, use: cst.CSTNode, referents: list[Binding], boundary: cst.CSTNode | None) -> list[Binding]:
        """The assignments that may reach `use`: from the last one that dominates it on.
        An assignment in a block enclosing the use hides everything before it; the ones in
        branches (if/else, try, loops) after it may all reach the use. A function runs
        after the code around it: only its own blocks (up to `boundary`) dominate its reads,
        so it reads every definition of a module-level name but the ones it assigns itself
        (`global`, `nonlocal`)."""
        if len(referents) <= 1:
            return referents
        ordered = sorted(referents, key=_binding_order)
        if len({id(b.scope) for b in ordered}) > 1:
            return ordered
        parents = self._parents
        ancestors = set()
        current = parents.get(id(use))
        while current is not None and current is not boundary:
            ancestors.add(id(current))
            current = parents.get(id(current))
        reaching: list[Binding] = []
        for binding in reversed(ordered):
            reaching.append(binding)
            block = parents.get(id(binding.node))
            while block is not None and not isinstance(block, _BLOCKS):
                if isinstance(block, cst.MatchCase):  # a capture binds when its case matches
                    block = block.body
                    break
                block = parents.get(id(block))
            if block is not None and id(block) in ancestors:
                break
        return reaching

    # ------------------------------------------------------------------ statements
    def _statements(self, statements: Sequence[cst.CSTNode]) -> None:
        for statement in statements:
            self._statement_node(statement)

    def _suite(self, suite: cst.BaseSuite) -> None:
        # an indented block holds statements; a one-line suite (`if x: y`) small
        # statements, which belong to the compound statement's header line
        self._statements(suite.body)

    def _statement_node(self, node: cst.CSTNode) -> None:
        if self._depth > MAX_DEPTH:
            return
        previous = self._statement
        if type(node) in STATEMENT_TYPES:  # not isinstance: LibCST's classes are ABCs, slower to check
            self._statement = node
        self._depth += 1
        try:
            handler = _STATEMENT_HANDLERS.get(type(node))
            if handler is not None:
                handler(self, node)
            else:
                self._generic(node)
        finally:
            self._depth -= 1
            self._statement = previous

    def _simple_line(self, node: cst.SimpleStatementLine) -> None:
        self._statements(node.body)

    def _expression_statement(self, node: cst.Expr) -> None:
        if isinstance(node.value, cst.SimpleString):
            return  # a docstring: no effect, and the largest literals of a library
        self._expr(node.value)

    def _assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._target_parts(target.target)
        value = self._expr(node.value)
        for target in node.targets:
            self._bind(target.target, value, node.value, attribute=True)

    def _annotated_assign(self, node: cst.AnnAssign) -> None:
        self._target_parts(node.target)
        self._expr(node.annotation.annotation)
        if node.value is not None:
            self._bind(node.target, self._expr(node.value), node.value, attribute=True)
        elif self._class is not None and self._scope.kind == "class" and isinstance(node.target, cst.Name):
            # a field without a default (dataclasses, pydantic, NamedTuple, TypedDict): its
            # place in the class's order is what matters
            attributes = self.program.classes[self._class].attributes
            if node.target.value not in attributes:
                attributes[node.target.value] = self._unknown("field", node.target)

    def _augmented_assign(self, node: cst.AugAssign) -> None:
        target = node.target
        self._target_parts(target)
        value = self._expr(node.value)
        adds = isinstance(node.operator, cst.AddAssign)
        if isinstance(target, cst.Name):
            if adds:
                # the previous definitions: not this one (`global x; x += v` in a function)
                hidden, self._hidden = self._hidden, frozenset((id(target),))
                try:
                    previous = self._read(target)
                finally:
                    self._hidden = hidden
                result = self._add(("add", previous, value), node)
            else:
                result = self._unknown(f"augmented {type(node.operator).__name__}", node)
            self._define(target, target.value, result)
            return
        current = self._target_read(target)
        if current is None:
            return
        result = self._add(("add", current, value), node) if adds else self._unknown("augmented assignment", node)
        self._bind(target, result, None)

    def _target_read(self, target: cst.BaseExpression) -> int | None:
        """The value an attribute or subscript target holds before `+=` (its own read node)."""
        if isinstance(target, cst.Attribute):
            return self._add(("attr", self._expr(target.value), target.attr.value), target)
        key = _single_index(target)
        if key is not None:
            return self._add(("item", self._expr(target.value), self._expr(key)), target)  # type: ignore[attr-defined]
        return None

    def _return(self, node: cst.Return) -> None:
        if node.value is not None:
            self.program.functions[self._function].returns.append(self._expr(node.value))

    def _delete(self, node: cst.Del) -> None:
        self._target_parts(node.target)

    def _import(self, node: cst.Import) -> None:
        for alias in node.names:
            full = dotted(alias.name)
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                bound, imported = alias.asname.name.value, Import(full, None)
            else:
                bound = full.split(".", 1)[0]
                imported = Import(bound, None)
            self._define(node, bound, self._import_node(imported, alias))

    def _import_from(self, node: cst.ImportFrom) -> None:
        level = len(node.relative)
        module = dotted(node.module) if node.module is not None else ""
        if isinstance(node.names, cst.ImportStar):
            self.program.imports.append(Import(module, "*", level))
            return
        for alias in node.names:
            name = dotted(alias.name)
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                bound = alias.asname.name.value
            else:
                bound = name
            self._define(node, bound, self._import_node(Import(module, name, level), alias))

    def _import_node(self, imported: Import, alias: cst.ImportAlias) -> int:
        self.program.imports.append(imported)
        return self._add(("import", len(self.program.imports) - 1), alias)

    def _if(self, node: cst.If) -> None:
        self._expr(node.test)
        self._suite(node.body)
        if isinstance(node.orelse, cst.If):
            self._statement_node(node.orelse)  # elif: a statement of its own
        elif node.orelse is not None:
            self._suite(node.orelse.body)

    def _while(self, node: cst.While) -> None:
        self._expr(node.test)
        self._suite(node.body)
        if node.orelse is not None:
            self._suite(node.orelse.body)

    def _for(self, node: cst.For) -> None:
        iterable = node.iter
        self._expr(iterable)
        self._target_parts(node.target)
        if isinstance(iterable, (cst.List, cst.Tuple)) and iterable.elements:
            items = [self._expr(e.value) for e in iterable.elements if isinstance(e, cst.Element)]
            if len(items) < len(iterable.elements):
                items.append(self._unknown("starred item", node.target))
            value = self._union(items)
        else:
            value = self._unknown("loop variable", node.target)
        self._bind(node.target, value, None)
        self._suite(node.body)
        if node.orelse is not None:
            self._suite(node.orelse.body)

    def _try(self, node: cst.Try | cst.TryStar) -> None:
        self._suite(node.body)
        for handler in node.handlers:
            if handler.type is not None:
                self._expr(handler.type)
            if handler.name is not None and isinstance(handler.name.name, cst.Name):
                name = handler.name.name
                self._define(name, name.value, self._unknown("exception", name))
            self._suite(handler.body)
        if node.orelse is not None:
            self._suite(node.orelse.body)
        if node.finalbody is not None:
            self._suite(node.finalbody.body)

    def _with(self, node: cst.With) -> None:
        for item in node.items:
            value = self._expr(item.item)
            if item.asname is not None:
                target = item.asname.name
                self._target_parts(target)
                self._bind(target, value, None)
        self._suite(node.body)

    def _match(self, node: cst.Match) -> None:
        self._expr(node.subject)
        for case in node.cases:
            for name in _captures(case.pattern):
                # collect() records no binding for a capture pattern: one is added here
                scope = _binding_scope(self._scope, name.value, self._module_scope)
                binding = Binding(name, scope, self._order.get(id(name), 0))
                scope.bindings.setdefault(name.value, []).append(binding)
                self._define(name, name.value, self._unknown("match capture", name))
            if case.guard is not None:
                self._expr(case.guard)
            self._suite(case.body)

    # ------------------------------------------------------------------ targets
    def _target_parts(self, target: cst.BaseExpression) -> None:
        """Lower what a target reads (`self` in `self.x = ...`, `d` and `k` in `d[k] = ...`)."""
        if isinstance(target, cst.Name):
            return
        if isinstance(target, cst.Attribute):
            self._expr(target.value)
        elif isinstance(target, cst.Subscript):
            self._expr(target.value)
            self._slices(target)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._target_parts(element.value)
        elif isinstance(target, cst.StarredElement):
            self._target_parts(target.value)
        else:
            self._expr(target)

    def _bind(
        self,
        target: cst.BaseExpression,
        value: int,
        value_expression: cst.BaseExpression | None,
        attribute: bool = False,
    ) -> None:
        """Assign `value` (the node of `value_expression`, when there is one) to `target`:
        bind its names, record its writes, unpack tuple and list literals."""
        if isinstance(target, cst.Name):
            self._define(target, target.value, value)
            if attribute and self._class is not None and self._scope.kind == "class":
                self.program.classes[self._class].attributes[target.value] = value
        elif isinstance(target, cst.Attribute):
            write = ("attr", self._expr(target.value), target.attr.value, value)
            self.program.functions[self._function].writes.append(write)
        elif isinstance(target, cst.Subscript):
            key = _single_index(target)
            if key is not None:
                item_write = ("item", self._expr(target.value), self._expr(key), value)
                self.program.functions[self._function].writes.append(item_write)
        elif isinstance(target, (cst.Tuple, cst.List)):
            elements = target.elements
            values = value_expression.elements if isinstance(value_expression, (cst.Tuple, cst.List)) else None
            if (
                values is not None
                and len(values) == len(elements)
                and all(isinstance(e, cst.Element) for e in (*elements, *values))
            ):
                for element, item in zip(elements, values, strict=True):
                    self._bind(element.value, self._expr(item.value), item.value, attribute)
            else:
                self._unpack(elements, value, attribute)
        elif isinstance(target, cst.StarredElement):
            self._bind(target.value, self._unknown("unpacked", target.value), None, attribute)

    def _unpack(self, elements: Sequence[cst.BaseElement], value: int, attribute: bool) -> None:
        """`a, b = value`: each name is an item of the value (`value[0]`, `value[1]`; after a
        starred name, from the end: `a, *rest, z = v` gives z `v[-1]`); the starred one is unknown."""
        starred = next((i for i, e in enumerate(elements) if isinstance(e, cst.StarredElement)), None)
        for position, element in enumerate(elements):
            inner = element.value
            if isinstance(element, cst.StarredElement):
                self._bind(inner, self._unknown("unpacked", inner), None, attribute)
                continue
            index = position if starred is None or position < starred else position - len(elements)
            key = self._add(("num", str(index)), inner)
            self._bind(inner, self._add(("item", value, key), inner), None, attribute)

    # ------------------------------------------------------------------ functions and classes
    def _function_def(self, node: cst.FunctionDef) -> None:
        program = self.program
        name = node.name.value
        kind, owner = "function", None
        if self._class is not None and self._scope.kind == "class":
            owner = self._class
            kind = _IMPLICIT_KINDS.get(name, "method")
            for decorator in node.decorators:
                if isinstance(decorator.decorator, cst.Name) and decorator.decorator.value in (
                    "staticmethod",
                    "classmethod",
                ):
                    kind = decorator.decorator.value
        index = len(program.functions)
        function = Function(
            name=name, qualname=_join(self._context, name), kind=kind, owner=owner, parent=self._function
        )
        program.functions.append(function)
        function.node = self._add(("function", index), node)
        outer, hidden = self._context, self._hidden
        self._context, self._hidden = _join(outer, name), frozenset((id(node),))
        try:
            function.decorators = [self._expr(d.decorator) for d in node.decorators]
            self._parameters(node.params, index)
            if node.returns is not None:
                self._expr(node.returns.annotation)
        finally:
            self._context, self._hidden = outer, hidden
        self._define(node, name, function.node)
        if owner is not None and not _is_accessor(node, name, program.classes[owner].methods):
            program.classes[owner].methods[name] = index
        scope, context, statement = self._scopes[id(node)], _join(outer, name), node
        self._queue.append(lambda: self._body(index, scope, context, statement, node.body))

    def _body(self, function: int, scope: Scope, context: str, statement: cst.CSTNode, body: cst.BaseSuite) -> None:
        saved = self._save()
        self._restore((function, scope, None, context, statement))
        try:
            self._suite(body)
        finally:
            self._restore(saved)

    def _parameters(self, params: cst.Parameters, function: int) -> None:
        """Each parameter's annotation and default (read where the def is), and its binding."""
        entries: list[tuple[cst.Param, str]] = [
            *((p, "positional") for p in params.posonly_params),
            *((p, "normal") for p in params.params),
        ]
        if isinstance(params.star_arg, cst.Param):
            entries.append((params.star_arg, "varargs"))
        entries.extend((p, "keyword") for p in params.kwonly_params)
        if isinstance(params.star_kwarg, cst.Param):
            entries.append((params.star_kwarg, "varkw"))
        record = self.program.functions[function]
        for position, (param, kind) in enumerate(entries):
            annotation = self._expr(param.annotation.annotation) if param.annotation is not None else None
            default = self._expr(param.default) if param.default is not None else None
            record.params.append(Param(intern(param.name.value), kind, default, annotation))
            if position == 0 and kind in ("positional", "normal") and record.kind == "method":
                value = self._add(("this", function), param.name)
            elif position == 0 and kind in ("positional", "normal") and record.kind == "classmethod":
                value = self.program.classes[record.owner].node  # type: ignore[index,assignment]
            else:
                value = self._add(("param", function, position), param.name)
            self._define(param, param.name.value, value)

    def _lambda(self, node: cst.Lambda) -> int:
        program = self.program
        index = len(program.functions)
        function = Function(name="", qualname=_join(self._context, "<lambda>"), parent=self._function)
        program.functions.append(function)
        function.node = self._add(("function", index), node)
        self._parameters(node.params, index)
        scope, context, statement = self._scopes[id(node)], self._context, self._statement
        self._queue.append(lambda: self._lambda_body(index, scope, context, statement, node.body))
        return function.node

    def _lambda_body(
        self, function: int, scope: Scope, context: str, statement: cst.CSTNode | None, body: cst.BaseExpression
    ) -> None:
        saved = self._save()
        self._restore((function, scope, None, context, statement))
        try:
            self.program.functions[function].returns.append(self._expr(body))
        finally:
            self._restore(saved)

    def _class_def(self, node: cst.ClassDef) -> None:
        program = self.program
        name = node.name.value
        index = len(program.classes)
        record = Class(name=name)
        program.classes.append(record)
        record.node = self._add(("class", index), node)
        saved = self._save()
        hidden = self._hidden
        self._context, self._hidden = _join(self._context, name), frozenset((id(node),))
        try:
            record.decorators = [self._expr(d.decorator) for d in node.decorators]
            for arg in node.bases:
                value = self._expr(arg.value)
                record.bases.append(self._add(("spread", value), arg) if arg.star else value)
            for arg in node.keywords:
                self._expr(arg.value)
            self._hidden = hidden
            self._define(node, name, record.node)
            # the body runs in place: its calls and writes are those of the code around it
            self._scope, self._class = self._scopes[id(node)], index
            self._suite(node.body)
        finally:
            self._restore(saved)
            self._hidden = hidden

    def _save(self) -> tuple:
        return self._function, self._scope, self._class, self._context, self._statement

    def _restore(self, saved: tuple) -> None:
        self._function, self._scope, self._class, self._context, self._statement = saved

    # ------------------------------------------------------------------ expressions
    def _expr(self, node: cst.BaseExpression) -> int:
        key = id(node)
        found = self._memo.get(key)
        if found is not None:
            return found
        if self._depth > MAX_DEPTH:
            result = self._unknown("too deeply nested", node)
        else:
            self._depth += 1
            try:
                handler = _EXPRESSION_HANDLERS.get(type(node))
                result = handler(self, node) if handler is not None else self._other(node)
            finally:
                self._depth -= 1
        self._memo[key] = result
        return result

    def _other(self, node: cst.CSTNode) -> int:
        """What the analysis does not follow: its parts are lowered (their calls count)."""
        self._generic(node)
        return self._unknown(_hint(node), node)

    def _generic(self, node: cst.CSTNode) -> None:
        for child in _children(node):
            if isinstance(child, cst.BaseExpression):
                self._expr(child)
            elif isinstance(child, (cst.BaseStatement, cst.BaseSmallStatement)):
                self._statement_node(child)
            else:
                self._generic(child)

    def _name(self, node: cst.Name) -> int:
        return self._read(node)

    def _string(self, node: cst.SimpleString) -> int:
        value = literal_string(node)
        if value is None:
            return self._unknown("bytes" if "b" in node.prefix.lower() else "string", node)
        # short literals (keys, names, URL pieces) repeat across a tree: one object each
        return self._add(("str", intern(value) if len(value) <= 64 else value), node)

    def _concatenated(self, node: cst.ConcatenatedString) -> int:
        pieces: list[int] = []
        current: cst.BaseExpression = node
        while isinstance(current, cst.ConcatenatedString):  # right-nested: "a" "b" "c"
            pieces.append(self._expr(current.left))
            current = current.right
        pieces.append(self._expr(current))
        if any(self.program.nodes[p] == ("unknown", "bytes") for p in pieces):
            return self._unknown("bytes", node)
        return self._add(("concat", tuple(pieces)), node)

    def _fstring(self, node: cst.FormattedString) -> int:
        raw = "r" in node.prefix.lower()
        pieces: list[int] = []
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                pieces.append(self._add(("str", _fstring_text(part.value, raw)), part))
            elif isinstance(part, cst.FormattedStringExpression):
                value = self._expr(part.expression)
                self._format_spec(part.format_spec)
                # f"{x=}" writes the expression's text before its value: not followed
                pieces.append(value if part.equal is None else self._unknown("self-documenting expression", part))
        return self._add(("concat", tuple(pieces)), node)

    def _format_spec(self, spec: Sequence[cst.BaseFormattedStringContent] | None) -> None:
        for part in spec or ():
            if isinstance(part, cst.FormattedStringExpression):
                self._expr(part.expression)
                self._format_spec(part.format_spec)

    def _number(self, node: cst.Integer | cst.Float | cst.Imaginary) -> int:
        return self._add(("num", node.value), node)

    def _binary(self, node: cst.BinaryOperation) -> int:
        left = self._expr(node.left)
        operator = node.operator
        right_expression = node.right
        if isinstance(operator, cst.Modulo) and isinstance(right_expression, cst.Tuple):
            items = tuple(self._element(e) for e in right_expression.elements)
            return self._add(("percent", left, items), node)
        right = self._expr(right_expression)
        if isinstance(operator, cst.Add):
            return self._add(("add", left, right), node)
        if isinstance(operator, cst.Modulo):
            return self._add(("percent", left, (right,)), node)
        if isinstance(operator, cst.Divide):  # numbers, or pathlib's `Path(...) / "name"`
            return self._add(("div", left, right), node)
        return self._unknown(f"operator {type(operator).__name__}", node)

    def _boolean(self, node: cst.BooleanOperation) -> int:
        left = self._expr(node.left)
        right = self._expr(node.right)
        return self._add(("union", tuple(dict.fromkeys((left, right)))), node)

    def _conditional(self, node: cst.IfExp) -> int:
        body = self._expr(node.body)
        self._expr(node.test)
        orelse = self._expr(node.orelse)
        return self._add(("union", tuple(dict.fromkeys((body, orelse)))), node)

    def _await(self, node: cst.Await) -> int:
        return self._expr(node.expression)

    def _yield(self, node: cst.Yield) -> int:
        """`yield x`: what the generator gives whoever runs it (a `with` of a context manager,
        a framework's dependency) is one of its returns; the expression itself is what is sent in."""
        value = node.value
        if isinstance(value, cst.From):
            self._expr(value.item)
        elif value is not None:
            self.program.functions[self._function].returns.append(self._expr(value))
        return self._unknown("yield", node)

    def _walrus(self, node: cst.NamedExpr) -> int:
        value = self._expr(node.value)
        self._target_parts(node.target)
        self._bind(node.target, value, None)
        return value

    def _attribute(self, node: cst.Attribute) -> int:
        return self._add(("attr", self._expr(node.value), intern(node.attr.value)), node)

    def _subscript(self, node: cst.Subscript) -> int:
        base = self._expr(node.value)
        key = _single_index(node)
        if key is not None:
            return self._add(("item", base, self._expr(key)), node)
        indexes = [e.slice.value for e in node.slice if isinstance(e.slice, cst.Index) and e.slice.star is None]
        if len(indexes) == len(node.slice) > 1:  # x[a, b] is x[(a, b)]: `Annotated[T, Depends(f)]`
            items = tuple(self._expr(index) for index in indexes)
            return self._add(("item", base, self._add(("tuple", items), node)), node)
        self._slices(node)
        sliced = any(isinstance(element.slice, cst.Slice) for element in node.slice)
        return self._unknown("slice" if sliced else "subscript", node)

    def _slices(self, node: cst.Subscript) -> None:
        for element in node.slice:
            part = element.slice
            if isinstance(part, cst.Index):
                self._expr(part.value)
            elif isinstance(part, cst.Slice):
                for bound in (part.lower, part.upper, part.step):
                    if bound is not None:
                        self._expr(bound)

    def _call(self, node: cst.Call) -> int:
        calls = self.program.functions[self._function].calls
        slot = len(calls)
        calls.append(-1)  # the call comes before the calls in its arguments
        callee = self._expr(node.func)
        args: list[tuple[str, str | None, int]] = []
        for arg in node.args:
            value = self._expr(arg.value)
            if arg.star == "*":
                args.append(("star", None, value))
            elif arg.star == "**":
                args.append(("dstar", None, value))
            elif arg.keyword is not None:
                args.append(("kw", intern(arg.keyword.value), value))
            else:
                args.append(("pos", None, value))
        self._reference(node)
        result = self._add(("call", callee, tuple(args)), node)
        calls[slot] = result
        return result

    def _reference(self, node: cst.Call) -> None:
        """A template the call names: its first positional argument, or its second after a
        non-string first one (Django's `render(request, "page.html")`)."""
        positional = [a.value for a in node.args if a.keyword is None and not a.star][:2]
        for value in positional:
            if isinstance(value, (cst.SimpleString, cst.ConcatenatedString)):
                text = literal_string(value)
                if text is not None and text.lower().endswith(TEMPLATE_SUFFIXES):
                    if text not in self.program.references:
                        self.program.references.append(text)
                return

    def _element(self, element: cst.BaseElement) -> int:
        value = self._expr(element.value)
        if isinstance(element, cst.StarredElement):
            return self._add(("spread", value), element)
        return value

    def _sequence(self, node: cst.List | cst.Tuple | cst.Set) -> int:
        items = tuple(self._element(e) for e in node.elements)
        return self._add(("tuple" if isinstance(node, cst.Tuple) else "list", items), node)

    def _dict(self, node: cst.Dict) -> int:
        entries: list[tuple[int | None, int]] = []
        for element in node.elements:
            if isinstance(element, cst.DictElement):
                key = self._expr(element.key)
                entries.append((key, self._expr(element.value)))
            else:
                entries.append((None, self._expr(element.value)))
        return self._add(("dict", tuple(entries)), node)

    def _comprehension(self, node: cst.ListComp | cst.SetComp | cst.GeneratorExp | cst.DictComp) -> int:
        """Unknown, but its parts are lowered: a call in a comprehension is a call. Its
        first iterable is read where the comprehension is, the rest in its own scope."""
        outer = self._scope
        self._scope = self._scopes[id(node)]
        try:
            clauses: list[cst.CompFor] = []
            clause: cst.CompFor | None = node.for_in
            while clause is not None:
                clauses.append(clause)
                self._target_parts(clause.target)
                self._bind(clause.target, self._unknown("comprehension variable", clause.target), None)
                clause = clause.inner_for_in
            if isinstance(node, cst.DictComp):
                self._expr(node.key)
                self._expr(node.value)
            else:
                self._expr(node.elt)
            for position, clause in enumerate(clauses):
                if position == 0:
                    self._scope = outer
                    self._expr(clause.iter)
                    self._scope = self._scopes[id(node)]
                else:
                    self._expr(clause.iter)
                for condition in clause.ifs:
                    self._expr(condition.test)
        finally:
            self._scope = outer
        return self._unknown("comprehension", node)

    # ------------------------------------------------------------------ module-wide
    def _exports(self) -> None:
        exports = self.program.exports
        for name, bindings in self._module_scope.bindings.items():
            values = [self._value_of(b, name) for b in sorted(bindings, key=_binding_order)]
            if values:
                exports[name] = self._union(values)

    def _url_strings(self, strings: list[cst.CSTNode]) -> None:
        found = self.program.url_strings
        for string in strings:
            node = self._memo.get(id(self._outermost(string)))
            if node is not None and node not in found:
                found.append(node)

    def _outermost(self, node: cst.CSTNode) -> cst.CSTNode:
        """The string-building expression a string literal is part of (`token_requests._outermost`)."""
        parents = self._parents
        current = node
        while True:
            parent = parents.get(id(current))
            if isinstance(parent, (cst.BinaryOperation, cst.ConcatenatedString, cst.FormattedString)):
                current = parent
            elif isinstance(parent, cst.FormattedStringExpression):
                current = parents.get(id(parent)) or parent
            elif isinstance(parent, cst.Attribute) and parent.attr.value == "format":
                call = parents.get(id(parent))
                current = call if isinstance(call, cst.Call) else parent
            elif isinstance(parent, cst.Arg):
                call = parents.get(id(parent))
                if isinstance(call, cst.Call) and _last_name(call.func) in self.hints.url_joiners:
                    current = call
                else:
                    return current
            else:
                return current


# ---------------------------------------------------------------------- helpers


def _binding_order(binding: Binding) -> int:
    return binding.index


def _join(context: str, name: str) -> str:
    return f"{context}.{name}" if context else name


def _enclosing(scope: Scope) -> Scope | None:
    # names of a class body are not visible from the functions nested in it
    parent = scope.parent
    while parent is not None and parent.kind == "class":
        parent = parent.parent
    return parent


def _binding_scope(scope: Scope, name: str, module: Scope) -> Scope:
    if name in scope.globals:
        return module
    if name in scope.nonlocals:
        return _nonlocal_target(scope, name) or scope
    return scope


def _nonlocal_target(scope: Scope, name: str) -> Scope | None:
    """The function scope a `nonlocal name` of `scope` refers to."""
    current = _enclosing(scope)
    while current is not None:
        if current.kind == "function" and name not in current.nonlocals and name in current.bindings:
            return current
        current = _enclosing(current)
    return None


def _resolve_nonlocals(scopes: Iterator[Scope] | Sequence[Scope]) -> None:
    """collect() binds a `nonlocal` name in the function that assigns it: move those
    bindings to the enclosing function whose variable it is, as Python does."""
    for scope in list(scopes):
        for name in scope.nonlocals:
            moved = scope.bindings.get(name)
            target = _nonlocal_target(scope, name) if moved else None
            if target is None or moved is None:
                continue
            del scope.bindings[name]
            target.bindings.setdefault(name, []).extend(Binding(b.node, target, b.index, b.qualname) for b in moved)


def _single_index(node: cst.BaseExpression) -> cst.BaseExpression | None:
    """The index expression of `x[k]` (one index, not a slice, not starred)."""
    if isinstance(node, cst.Subscript) and len(node.slice) == 1:
        part = node.slice[0].slice
        if isinstance(part, cst.Index) and part.star is None:
            return part.value
    return None


def _last_name(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    return None


def _is_accessor(node: cst.FunctionDef, name: str, methods: dict[str, int]) -> bool:
    """`@name.setter` / `@name.deleter` of a property already defined: the getter stays."""
    if name not in methods:
        return False
    for decorator in node.decorators:
        expression = decorator.decorator
        if (
            isinstance(expression, cst.Attribute)
            and expression.attr.value in ("setter", "deleter")
            and isinstance(expression.value, cst.Name)
            and expression.value.value == name
        ):
            return True
    return False


def _captures(pattern: cst.CSTNode) -> list[cst.Name]:
    """The names a match pattern binds."""
    found: list[cst.Name] = []
    stack = [pattern]
    while stack:
        node = stack.pop()
        if isinstance(node, (cst.MatchAs, cst.MatchStar)) and isinstance(node.name, cst.Name):
            found.append(node.name)
        elif isinstance(node, cst.MatchMapping) and isinstance(node.rest, cst.Name):
            found.append(node.rest)
        if isinstance(node, (cst.MatchValue, cst.MatchSingleton)):
            continue
        stack.extend(
            child for child in _children(node) if isinstance(child, cst.MatchPattern) or _is_pattern_part(child)
        )
    return found


def _is_pattern_part(node: cst.CSTNode) -> bool:
    return isinstance(
        node,
        (cst.MatchSequenceElement, cst.MatchMappingElement, cst.MatchKeywordElement, cst.MatchOrElement, cst.MatchStar),
    )


def _fstring_text(text: str, raw: bool) -> str:
    """The value of an f-string's literal part, as written in the source."""
    text = text.replace("{{", "{").replace("}}", "}")
    if raw or "\\" not in text:
        return text
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return text.encode("latin-1", "backslashreplace").decode("unicode_escape")
        except (UnicodeDecodeError, UnicodeEncodeError):
            return text


def _hint(node: cst.CSTNode) -> str:
    if isinstance(node, cst.UnaryOperation):
        return f"operator {type(node.operator).__name__}"
    if isinstance(node, _COMPREHENSIONS):
        return "comprehension"
    return type(node).__name__.lower()


# fields that hold layout and punctuation only
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


def _children(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """A node's children that may hold syntax, in field order."""
    for name in node.__dataclass_fields__:
        value = getattr(node, name)
        if isinstance(value, (tuple, list)):
            for item in value:
                if isinstance(item, cst.CSTNode) and not isinstance(item, _LAYOUT):
                    yield item
        elif isinstance(value, cst.CSTNode) and value is not MaybeSentinel.DEFAULT and not isinstance(value, _LAYOUT):
            yield value


_STATEMENT_HANDLERS: dict[type, Callable[..., None]] = {
    cst.SimpleStatementLine: PythonLowering._simple_line,
    cst.Expr: PythonLowering._expression_statement,
    cst.Assign: PythonLowering._assign,
    cst.AnnAssign: PythonLowering._annotated_assign,
    cst.AugAssign: PythonLowering._augmented_assign,
    cst.Return: PythonLowering._return,
    cst.Del: PythonLowering._delete,
    cst.Import: PythonLowering._import,
    cst.ImportFrom: PythonLowering._import_from,
    cst.Pass: lambda self, node: None,
    cst.Break: lambda self, node: None,
    cst.Continue: lambda self, node: None,
    cst.Global: lambda self, node: None,
    cst.Nonlocal: lambda self, node: None,
    cst.If: PythonLowering._if,
    cst.While: PythonLowering._while,
    cst.For: PythonLowering._for,
    cst.Try: PythonLowering._try,
    cst.TryStar: PythonLowering._try,
    cst.With: PythonLowering._with,
    cst.Match: PythonLowering._match,
    cst.FunctionDef: PythonLowering._function_def,
    cst.ClassDef: PythonLowering._class_def,
}

_EXPRESSION_HANDLERS: dict[type, Callable[..., int]] = {
    cst.Name: PythonLowering._name,
    cst.SimpleString: PythonLowering._string,
    cst.ConcatenatedString: PythonLowering._concatenated,
    cst.FormattedString: PythonLowering._fstring,
    cst.Integer: PythonLowering._number,
    cst.Float: PythonLowering._number,
    cst.Imaginary: PythonLowering._number,
    cst.BinaryOperation: PythonLowering._binary,
    cst.BooleanOperation: PythonLowering._boolean,
    cst.IfExp: PythonLowering._conditional,
    cst.Await: PythonLowering._await,
    cst.Yield: PythonLowering._yield,
    cst.NamedExpr: PythonLowering._walrus,
    cst.Attribute: PythonLowering._attribute,
    cst.Subscript: PythonLowering._subscript,
    cst.Call: PythonLowering._call,
    cst.List: PythonLowering._sequence,
    cst.Tuple: PythonLowering._sequence,
    cst.Set: PythonLowering._sequence,
    cst.Dict: PythonLowering._dict,
    cst.Lambda: PythonLowering._lambda,
    cst.ListComp: PythonLowering._comprehension,
    cst.SetComp: PythonLowering._comprehension,
    cst.GeneratorExp: PythonLowering._comprehension,
    cst.DictComp: PythonLowering._comprehension,
}
