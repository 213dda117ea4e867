"""JavaScript, TypeScript and the scripts of templates lowered into a `Program` (`facts/program.py`).

Lowering is syntax only: names are resolved to the definitions that may reach each read, and
every expression becomes a node of the program's table. What a value means (a request, a
token, storage) is the interpreter's business (`scopelint.flow`); nothing here knows a
library.

Names follow JavaScript's scoping: a read resolves to the declarations of the
nearest enclosing function that declares the name (a parameter, `var`/`let`/`const`, a
function or class declaration, an import; the file's top level otherwise) and to every
assignment, anywhere in the file, to that same variable. Each definition's value is lowered
once; each read is a node of its own, located where the name is written: `("var", d, name)`
of its one definition, or of the variable's `("union", (d, ...))` of several (one union per
variable, shared by its reads), `("global", name)` when nothing in the file binds it. A
definition read before it is lowered (hoisting, cycles) is a slot, `("alias", -1)`, patched to
`("alias", value)` when its value is lowered.

Two walks over the syntax, neither recursive: `_index` (a cursor) finds every binding and
the function it belongs to, then `_run` lowers with handlers written as generators that
yield the syntax nodes they need lowered; a trampoline drives them with an explicit stack,
so a 100,000-deep expression costs no Python stack. Locations are a finding's site (span,
the lines of the enclosing statement, the enclosing named function), tracked
by the trampoline instead of climbing parents (`Node.parent` costs the node's depth).
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from scopelint.facts.program import MODULE_LEVEL, MODULE_WRITTEN, Class, Function, Import, Location, Param, Program

if TYPE_CHECKING:
    from tree_sitter import Node

    from scopelint.javascript.parse import ParsedScript

__all__ = ["LoweringHints", "ScriptLowering", "lower_script"]


@dataclass(frozen=True)
class LoweringHints:
    """What the run wants noticed while lowering: string literals holding one of
    `url_needles` (or a `?`) make their string expression one of `Program.url_strings`."""

    url_needles: tuple[str, ...] = ()


def lower_script(parsed: ParsedScript, path: str, original: str | None, hints: LoweringHints) -> Program:
    """The program of one parsed file. `original` is the file's own text: for a template,
    `parsed.text` has its template tags blanked, and the characters of a tag inside a string
    become `("unknown", "template")` pieces of that string."""
    return ScriptLowering(parsed, path, original, hints).lower()


# Node types that open a function scope (parameters and `var` live there), as `values.FUNCTIONS`.
FUNCTIONS = frozenset(
    {
        "function_declaration",
        "function_expression",
        "function",
        "arrow_function",
        "method_definition",
        "generator_function_declaration",
        "generator_function",
    }
)
# The links of a member/subscript/call chain and the field holding what each applies to.
_CHAIN_LINKS = {"member_expression": "object", "subscript_expression": "object", "call_expression": "function"}
_NAMED_FUNCTION_EXPRESSIONS = frozenset({"function_expression", "function", "generator_function"})
_FUNCTION_DECLARATIONS = frozenset({"function_declaration", "generator_function_declaration"})
_CLASSES = frozenset({"class_declaration", "class", "abstract_class_declaration"})
_CLASS_DECLARATIONS = frozenset({"class_declaration", "abstract_class_declaration"})
_FIELDS = frozenset({"field_definition", "public_field_definition"})
_PATTERNS = frozenset({"object_pattern", "array_pattern"})
# Wrappers whose value is the value of the expression inside (TypeScript's among them).
_TRANSPARENT = frozenset(
    {
        "parenthesized_expression",
        "as_expression",
        "non_null_expression",
        "satisfies_expression",
        "type_assertion",
        "await_expression",
        "instantiation_expression",
        "computed_property_name",
    }
)
# Syntax the lowering never enters: types, comments, labels, TypeScript-only declarations.
_SKIP = frozenset(
    {
        "comment",
        "html_comment",
        "hash_bang_line",
        "statement_identifier",
        "type_annotation",
        "type_arguments",
        "type_parameters",
        "type_parameter",
        "type_identifier",
        "nested_type_identifier",
        "type_predicate",
        "type_predicate_annotation",
        "type_query",
        "type_alias_declaration",
        "interface_declaration",
        "implements_clause",
        "function_signature",
        "abstract_method_signature",
        "method_signature",
        "index_signature",
        "property_signature",
        "call_signature",
        "construct_signature",
        "asserts",
        "asserts_annotation",
        "omitting_type_annotation",
        "opting_type_annotation",
        "adding_type_annotation",
        "accessibility_modifier",
        "override_modifier",
        "constraint",
        "mapped_type_clause",
        "index_type_query",
        "module",  # `declare module "x" { ... }`: declarations of another module's types
        "import_alias",
        "regex_pattern",
        "regex_flags",
        "jsx_text",
        "jsx_closing_element",
        "empty_statement",
    }
)
# Syntax that holds statements or declarations and is no value itself.
_CONTAINERS = frozenset(
    {
        "program",
        "statement_block",
        "else_clause",
        "finally_clause",
        "switch_body",
        "switch_case",
        "switch_default",
        "class_body",
        "enum_body",
        "formal_parameters",
        "arguments",
        "variable_declarator",
        "catch_clause",
    }
)
# Statements a suppression comment can stand on or above.
_STATEMENT = re.compile(r".*(_statement|_declaration)$")
# Jinja and Django tags: what the template engine replaces before the browser sees the script.
_TEMPLATE_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_QUOTED = re.compile(r"""(["'])(.*?)\1""", re.DOTALL)
_SCRIPT_TAG = re.compile(r"<!--.*?-->|<script(?=[\s/>])((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.IGNORECASE | re.DOTALL)
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]*)))?""")
# Files a call names that are templates (res.render("index.html"), sendFile, ...).
_TEMPLATE_FILES = (".html", ".htm", ".jinja", ".j2", ".ejs", ".hbs")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v"}
_SURROGATES = re.compile("[\ud800-\udfff]")

Task = Generator[Any, Any, Any]


_type_kinds: dict[str, bool] = {}


def _is_type(kind: str) -> bool:
    known = _type_kinds.get(kind)
    if known is None:
        known = _type_kinds[kind] = kind in _SKIP or kind.endswith("_type")
    return known


# The node types that bind names (and `declare module`, whose bindings are not the file's).
_BINDING_KINDS = (
    "variable_declarator",
    "assignment_expression",
    "augmented_assignment_expression",
    *sorted(FUNCTIONS),
    *sorted(_CLASS_DECLARATIONS),
    "enum_declaration",
    "import_statement",
    "catch_clause",
    "for_in_statement",
    "module",
)
_queries: dict[Any, Any] = {}  # tree_sitter.Language -> the query of its binding nodes (TypeScript's have no name)


def _binding_query(language: Any) -> Any:
    query = _queries.get(language)
    if query is None:
        from tree_sitter import Query  # tree-sitter is loaded: the file was parsed with it

        kinds = [k for k in _BINDING_KINDS if language.id_for_node_kind(k, True) is not None]
        query = _queries[language] = Query(language, "[" + " ".join(f"({k})" for k in kinds) + "] @n")
    return query


_statement_types: dict[str, bool] = {}


def _is_statement(kind: str) -> bool:
    known = _statement_types.get(kind)
    if known is None:
        known = _statement_types[kind] = _STATEMENT.match(kind) is not None
    return known


def _unescape(text: str) -> str:
    """The characters of one escape sequence (`\\n`, `\\x41`, `\\u{1F600}`, `\\101`, a line continuation)."""
    body = text[1:]
    if not body or body[0] in "\r\n\u2028\u2029":
        return ""  # a line continuation
    first = body[0]
    try:
        if first == "x" and len(body) == 3:
            return chr(int(body[1:], 16))
        if first == "u" and len(body) > 1:
            return chr(int(body[2:-1] if body[1] == "{" else body[1:], 16))
        if first in "01234567":
            return chr(int(body, 8))
    except ValueError:
        return body
    return _ESCAPES.get(first, first) if len(body) == 1 else body


def _join_surrogates(text: str) -> str:
    """`\\uD83D\\uDE00` decoded one escape at a time is two surrogates: one character."""
    if _SURROGATES.search(text) is None:
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def _parameters(function: Node) -> list[Node]:
    single = function.child_by_field_name("parameter")  # x => ...
    if single is not None:
        return [single]
    parameters = function.child_by_field_name("parameters")
    if parameters is None:
        return []
    return [p for p in parameters.named_children if p.type not in ("comment", "decorator") and not _is_this(p)]


def _is_this(param: Node) -> bool:
    """TypeScript's `function f(this: Window, ...)`: a type for `this`, no parameter."""
    if param.type != "required_parameter":
        return False
    pattern = param.child_by_field_name("pattern")
    return pattern is not None and pattern.type == "this"


def _targets(pattern: Node | None) -> Iterator[Node]:
    """The identifiers a binding pattern binds (an identifier, `{a, b: c, d = 1, ...e}`,
    `[x, , y = 2]`, TypeScript parameters), without recursion."""
    work = [pattern] if pattern is not None else []
    while work:
        node = work.pop()
        kind = node.type
        if kind in ("identifier", "shorthand_property_identifier_pattern"):
            yield node
            continue
        found: list[Node] = []
        if kind in ("required_parameter", "optional_parameter"):
            inner = node.child_by_field_name("pattern")
            found = [inner] if inner is not None else []
        elif kind in ("assignment_pattern", "object_assignment_pattern"):
            inner = node.child_by_field_name("left")
            found = [inner] if inner is not None else []
        elif kind == "pair_pattern":
            inner = node.child_by_field_name("value")
            found = [inner] if inner is not None else []
        elif kind in ("object_pattern", "array_pattern", "rest_pattern"):
            found = [c for c in node.named_children if c.type != "comment"]
        work.extend(reversed(found))


def _modifiers(node: Node) -> set[str]:
    """The keywords written on a class member or parameter: static, get, set, readonly, ..."""
    return {c.type for c in node.children if not c.is_named}


class ScriptLowering:
    """Lowers one parsed file. `lower()` returns the `Program`; `syntax` then maps each
    located node of it to the tree-sitter node it was lowered from."""

    def __init__(
        self, parsed: ParsedScript, path: str, original: str | None = None, hints: LoweringHints | None = None
    ) -> None:
        self.parsed = parsed
        self.path = path
        self.original = original
        self.hints = hints or LoweringHints()
        self.program = Program(path=path, language="javascript")
        self.syntax: dict[int, Node] = {}
        self.markup: set[int] = set()  # located nodes of a template's HTML (no syntax node)
        self._chain_checked: set[int] = set()  # member/subscript/call syntax ids: see _misparsed_non_null
        self.text = parsed.node_text
        # ---- the binding index (first walk)
        # name -> [(scope, key, False)] for declarations, [(None, key, chain)] for assignments;
        # a scope is a function's syntax id (None: the top level), a key a binding identifier's id,
        # a chain the enclosing functions (id, chain of the next one out) or None
        self._bindings: dict[str, list[tuple[int | None, int, Any]]] = {}
        self._declared: dict[str, set[int | None]] = {}
        self._assigned_in_functions: set[int] = set()  # assignments made inside a function
        self._by_scope: dict[str, dict[int | None, list[int]]] = {}
        # ---- lowering state (second walk)
        self._defined: dict[int, int] = {}  # binding key -> its value's node
        self._slots: dict[int, int] = {}  # binding key -> ("alias", -1) node waiting for it
        self._resolved: dict[tuple[str, int | None], tuple[list[int], int]] = {}
        self._unions: dict[int, int] = {}  # id of a variable's definition keys -> the union of their values
        self._top_level_keys: dict[int, list[int]] = {}  # id of a module variable's keys -> its top-level ones
        self._chain: list[int] = []  # the enclosing functions' syntax ids
        self._statements: list[tuple[int, int, int]] = []  # enclosing statements: (id, first, last line)
        self._contexts: list[tuple[int | None, str]] = [(None, "")]  # enclosing functions: (id, context)
        self._context_index: dict[str, int] = {"": 0}
        self._fn = 0  # the function whose body is being lowered
        self._this: int | None = None  # the function `this` belongs to
        self._names: dict[int, str] = {}  # function or class syntax id -> the name it is given
        self._locals: dict[int, str] = {}  # call syntax id -> the name its value is bound to (require)
        self._qualnames: dict[int, str] = {}  # function syntax id -> the qualified name it is named under
        self._methods: dict[int, int] = {}  # method syntax id -> its function, made by its class
        self._param_properties: dict[int, list[tuple[str, int]]] = {}  # constructor -> (name, param node)
        self._ambient = False  # inside `declare ...`
        self._namespace = 0  # inside `namespace N { ... }`
        self._marks: dict[int, tuple[tuple[int, int], int]] = {}  # syntax id -> (position, node): URL strings
        self._root = 0
        self._references: dict[str, None] = {}
        self._holes = self._template_holes()
        self._char_line_starts: list[int] | None = None
        self._points = len(parsed.source) == len(parsed.text) and "\r" not in parsed.text

    # ================================================================== the program
    def lower(self) -> Program:
        """The program (lowered once: a second call returns it as it is)."""
        program = self.program
        if program.functions:
            return program
        program.functions.append(Function(name="", qualname="", kind="module"))
        self._index()
        for number, root in enumerate(self.parsed.roots):
            self._root = number
            self._run(root)
        if not (program.imports or program.exports or program.reexports):
            self._script_globals()
        for key, slot in self._slots.items():  # a binding whose value was never reached
            program.nodes[slot] = ("unknown", "unreached")
            self._defined.setdefault(key, slot)
        self._slots.clear()
        program.url_strings = [node for _, node in sorted(self._marks.values())] + self._markup_urls()
        program.references = [*self._script_sources(), *self._references]
        program.references = list(dict.fromkeys(program.references))
        return program

    def _script_globals(self) -> None:
        """A classic script (neither imports nor exports): its top-level bindings, declared or
        assigned, are globals of the page, each the union of its top-level definitions."""
        for name, table in self._by_scope.items():
            keys = table.get(None)
            if keys:
                values = tuple(self._value_of(key) for key in keys)
                self.program.globals[name] = values[0] if len(values) == 1 else self._add(("union", values))

    def _add(self, node: tuple[Any, ...], syntax: Node | None = None) -> int:
        nodes = self.program.nodes
        nodes.append(node)
        index = len(nodes) - 1
        if syntax is not None:
            self.program.locations[index] = self._location(syntax)
            self.syntax[index] = syntax
        return index

    def _location(self, node: Node) -> Location:
        """A finding's site: the span, the lines of the nearest enclosing statement (the node
        itself if it is one), the nearest enclosing named function's name."""
        if self._points:  # ASCII ended by "\n" only: tree-sitter's points are scopelint's positions
            line, column = node.start_point
            end_line, end_column = node.end_point
            line, column, end_line, end_column = line + 1, column + 1, end_line + 1, end_column + 1
        else:
            line, column = self.parsed.position(node.start_byte)
            end_line, end_column = self.parsed.position(node.end_byte)
        if _is_statement(node.type):
            first, last = line, end_line
        elif self._statements:
            _, first, last = self._statements[-1]
        else:
            first, last = line, end_line
        contexts = self._contexts
        context = contexts[-2][1] if contexts[-1][0] == node.id else contexts[-1][1]
        index = self._context_index.get(context)
        if index is None:
            index = self._context_index[context] = len(self.program.contexts)
            self.program.contexts.append(context)
        return (line, column, end_line, end_column, first, last, index)

    def _lines(self, node: Node) -> tuple[int, int]:
        if self._points:
            return node.start_point[0] + 1, node.end_point[0] + 1
        return self.parsed.position(node.start_byte)[0], self.parsed.position(node.end_byte)[0]

    # ================================================================== the first walk: bindings
    def _index(self) -> None:
        from tree_sitter import QueryCursor

        for tree in self.parsed.trees:
            root = tree.root_node
            # the nodes that bind names, in document order, found by a query (in C): each is
            # in the innermost function still open when it starts
            found = QueryCursor(_binding_query(tree.language)).captures(root).get("n", [])
            found.sort(key=lambda n: (n.start_byte, -n.end_byte))
            functions: list[tuple[int, tuple[int, Any]]] = []  # (end, chain) of the enclosing functions
            skipped = -1  # inside a `declare module` up to this byte: not lowered, binds nothing
            for node in found:
                start = node.start_byte
                if start < skipped:
                    continue
                kind = node.type
                if kind == "module":
                    skipped = node.end_byte
                    continue
                while functions and functions[-1][0] <= start:
                    functions.pop()
                chain = functions[-1][1] if functions else None
                self._index_node(node, kind, chain)
                if kind in FUNCTIONS:
                    functions.append((node.end_byte, (node.id, chain)))
        declared = self._declared
        for name, entries in self._bindings.items():
            table: dict[int | None, list[int]] = {}
            scopes = declared.get(name, set())
            for scope, key, chain in entries:
                if chain is not False:  # an assignment: the variable of the scope that declares it there
                    if chain is not None:
                        self._assigned_in_functions.add(key)
                    scope = None
                    while chain is not None:
                        if chain[0] in scopes:
                            scope = chain[0]
                            break
                        chain = chain[1]
                table.setdefault(scope, []).append(key)
            self._by_scope[name] = table

    def _declare(self, target: Node | None, scope: int | None) -> None:
        for node in _targets(target):
            name = self.text(node)
            self._bindings.setdefault(name, []).append((scope, node.id, False))
            self._declared.setdefault(name, set()).add(scope)

    def _assign(self, target: Node | None, chain: Any) -> None:
        for node in _targets(target):
            self._bindings.setdefault(self.text(node), []).append((None, node.id, chain))

    def _index_node(self, node: Node, kind: str, chain: Any) -> None:
        scope = chain[0] if chain is not None else None
        if kind == "variable_declarator":
            self._declare(node.child_by_field_name("name"), scope)
        elif kind == "assignment_expression" or kind == "augmented_assignment_expression":
            left = node.child_by_field_name("left")
            if left is not None and (left.type == "identifier" or left.type in _PATTERNS):
                self._assign(left, chain)
        elif kind in FUNCTIONS:
            name = node.child_by_field_name("name")
            if name is not None and name.type == "identifier":
                if kind in _FUNCTION_DECLARATIONS:
                    self._declare(name, scope)
                elif kind in _NAMED_FUNCTION_EXPRESSIONS:
                    self._declare(name, node.id)  # visible inside the function only
            for param in _parameters(node):
                self._declare(param, node.id)
        elif kind in _CLASS_DECLARATIONS or kind == "enum_declaration":
            self._declare_name(node.child_by_field_name("name"), scope)
        elif kind == "import_statement":
            for clause in node.named_children:
                if clause.type == "import_clause":
                    for child in clause.named_children:
                        if child.type == "identifier":
                            self._declare(child, scope)
                        elif child.type == "namespace_import":
                            self._declare(self._first(child, "identifier"), scope)
                        elif child.type == "named_imports":
                            for spec in child.named_children:
                                if spec.type == "import_specifier":
                                    self._declare_name(
                                        spec.child_by_field_name("alias") or spec.child_by_field_name("name"), scope
                                    )
                elif clause.type == "import_require_clause":
                    self._declare(self._first(clause, "identifier"), scope)
        elif kind == "catch_clause":
            self._declare(node.child_by_field_name("parameter"), scope)
        elif kind == "for_in_statement":
            left = node.child_by_field_name("left")
            if node.child_by_field_name("kind") is not None:
                self._declare(left, scope)
            elif left is not None and (left.type == "identifier" or left.type in _PATTERNS):
                self._assign(left, chain)

    def _declare_name(self, name: Node | None, scope: int | None) -> None:
        """A class's or an import's name (a `type_identifier` in TypeScript, a string in `import {"a b" as c}`)."""
        if name is not None:
            text = self.text(name)
            self._bindings.setdefault(text, []).append((scope, name.id, False))
            self._declared.setdefault(text, set()).add(scope)

    @staticmethod
    def _first(node: Node, kind: str) -> Node | None:
        return next((c for c in node.named_children if c.type == kind), None)

    # ================================================================== definitions and reads
    def _define(self, key: int, value: int) -> None:
        slot = self._slots.pop(key, None)
        if slot is not None:
            self.program.nodes[slot] = ("alias", value)
        self._defined[key] = value

    def _value_of(self, key: int) -> int:
        value = self._defined.get(key)
        if value is None:
            value = self._slots.get(key)
            if value is None:
                value = self._slots[key] = self._add(("alias", -1))
        return value

    def _resolve(self, name: str) -> tuple[list[int], int]:
        """The keys of the definitions a read of `name` here may see, and, for a module's
        variable read in a function, how (`_read`): MODULE_LEVEL when all its definitions are
        made at the module's top level, MODULE_WRITTEN when functions assign it too (0 otherwise)."""
        chain = self._chain
        memo = (name, chain[-1] if chain else None)
        found = self._resolved.get(memo)
        if found is None:
            by_scope = self._by_scope.get(name)
            if by_scope is None:
                found = ([], 0)
            else:
                scopes = self._declared.get(name, ())
                scope = next((f for f in reversed(chain) if f in scopes), None)
                keys = by_scope.get(scope, [])
                how = 0
                if scope is None and chain:
                    how = MODULE_WRITTEN if self._assigned_in_functions.intersection(keys) else MODULE_LEVEL
                found = (keys, how)
            self._resolved[memo] = found
        return found

    def _assign_variable(self, target: Node, value: int) -> None:
        """Bind a name: inside a function, an assignment to a module's variable is also a
        write of the module's variable, which every function reading it sees (`_read`)."""
        self._define(target.id, value)
        if self._chain and self._resolve(self.text(target))[1] == MODULE_WRITTEN:
            self.program.functions[self._fn].writes.append(("var", -1, self.text(target), value))

    def _read(self, name: str, node: Node) -> int:
        keys, how = self._resolve(name)
        if not keys:
            if name == "undefined":
                return self._add(("const", "none"), node)
            if self._holes and name == "_" and self._in_hole(node):
                return self._add(("unknown", "template"), node)  # var domain = {{ domain|tojson }};
            return self._add(("global", name), node)
        if how == MODULE_WRITTEN:
            # the definitions made at the top level (what functions assign is their writes)
            top_level = self._top_level_keys.get(id(keys))
            if top_level is None:
                top_level = self._top_level_keys[id(keys)] = [k for k in keys if k not in self._assigned_in_functions]
            keys = top_level
            if not keys:
                return self._add(("var", self._add(("const", "none")), name, MODULE_WRITTEN), node)
        if len(keys) == 1:
            value = self._value_of(keys[0])
        else:  # several definitions: one union per variable, shared by its reads
            shared = self._unions.get(id(keys))
            if shared is None:
                shared = self._unions[id(keys)] = self._add(("union", tuple(self._value_of(k) for k in keys)))
            value = shared
        # a module's variable read in a function is the module's (`Interpreter._var`)
        return self._add(("var", value, name, how) if how else ("var", value, name), node)

    def _identifier(self, node: Node) -> int:
        return self._read(self.text(node), node)

    def _this_node(self, node: Node) -> int:
        if self._this is None:
            return self._add(("unknown", "this"), node)
        return self._add(("this", self._this), node)

    # ================================================================== the second walk
    def _run(self, root: Node) -> int | None:
        """Lower `root` and everything below it: each handler is a generator that yields the
        syntax nodes it wants lowered and gets their nodes back; the stack is a list."""
        tasks: list[Task] = []
        owners: list[tuple[Node, bool, bool]] = []  # each task's node, and whether it is a statement, a function
        value = self._start(root, None, tasks, owners)
        while tasks:
            try:
                request = tasks[-1].send(value)
            except StopIteration as stop:
                tasks.pop()
                _, statement, function = owners.pop()
                if statement:
                    self._statements.pop()
                if function:
                    self._chain.pop()
                    self._contexts.pop()
                value = stop.value
                continue
            value = self._start(request, owners[-1][0], tasks, owners)
        return value

    def _start(
        self, node: Node, owner: Node | None, tasks: list[Task], owners: list[tuple[Node, bool, bool]]
    ) -> int | None:
        kind = node.type
        leaf = _LEAVES.get(kind)
        if leaf is not None:
            return leaf(self, node)
        if _is_type(kind):
            return None
        statement = _is_statement(kind)
        if statement:
            self._statements.append((node.id, *self._lines(node)))
        function = kind in FUNCTIONS
        if function:
            self._chain.append(node.id)
            name = node.child_by_field_name("name")
            if name is not None:
                context = self.text(name)
            elif (
                owner is not None
                and owner.type == "variable_declarator"
                and (declared := owner.child_by_field_name("name")) is not None
                and (value := owner.child_by_field_name("value")) is not None
                and value.id == node.id
            ):
                context = self.text(declared)
            else:
                context = self._contexts[-1][1]
            self._contexts.append((node.id, context))
        tasks.append(_HANDLERS.get(kind, ScriptLowering._generic)(self, node))
        owners.append((node, statement, function))
        return None

    def _unknown(self, value: int | None, node: Node, hint: str = "") -> int:
        return value if value is not None else self._add(("unknown", hint or node.type), node)

    # ------------------------------------------------------------------ statements
    def _generic(self, node: Node) -> Task:
        """Anything without a handler: its parts are lowered (their calls count), its value unknown."""
        for child in node.named_children:
            if not _is_type(child.type):
                yield child
        kind = node.type
        if kind in _CONTAINERS or _is_statement(kind):
            return None
        if kind in ("unary_expression", "update_expression"):
            operator = node.child_by_field_name("operator")
            return self._add(("unknown", f"{kind} {self.text(operator) if operator is not None else ''}".strip()), node)
        return self._add(("unknown", kind), node)

    def _declarator(self, node: Node) -> Task:
        target = node.child_by_field_name("name")
        value = node.child_by_field_name("value")
        if value is not None:
            if (
                target is not None
                and target.type == "identifier"
                and (value.type in FUNCTIONS or value.type in _CLASSES)
            ):
                self._names[value.id] = self.text(target)
            if target is not None and target.type == "identifier" and value.type == "call_expression":
                self._locals[value.id] = self.text(target)  # const auth0 = require("auth0-js")
            lowered = self._unknown((yield value), value)
        elif self._ambient and target is not None and target.type == "identifier":
            lowered = self._add(("global", self.text(target)), target)  # declare const AUTH0_DOMAIN: string
        else:
            lowered = self._add(("const", "none"), node)  # let token;
        if target is not None:
            yield from self._bind(target, lowered)
        return None

    def _return(self, node: Node) -> Task:
        for child in node.named_children:
            if not _is_type(child.type):
                value = self._unknown((yield child), child)
                self.program.functions[self._fn].returns.append(value)
                break
        return None

    def _for_in(self, node: Node) -> Task:
        left, right = (node.child_by_field_name("left"), node.child_by_field_name("right"))
        if right is not None:
            yield right
        if left is not None:
            if node.child_by_field_name("kind") is not None or left.type == "identifier" or left.type in _PATTERNS:
                yield from self._bind(left, self._add(("unknown", "loop"), left))
            else:
                yield left
        body = node.child_by_field_name("body")
        if body is not None:
            yield body
        return None

    def _catch(self, node: Node) -> Task:
        parameter = node.child_by_field_name("parameter")
        if parameter is not None:
            yield from self._bind(parameter, self._add(("unknown", "catch"), parameter))
        body = node.child_by_field_name("body")
        if body is not None:
            yield body
        return None

    def _enum(self, node: Node) -> Task:
        entries: list[tuple[int, int]] = []
        body = node.child_by_field_name("body")
        for member in body.named_children if body is not None else []:
            if member.type == "enum_assignment":
                name, value = (member.child_by_field_name("name"), member.child_by_field_name("value"))
                if name is None or value is None:
                    continue
                key = self._add(("str", self._key_name(name) or self.text(name)), name)
                entries.append((key, self._unknown((yield value), value)))
            elif member.type in ("property_identifier", "string"):
                key = self._add(("str", self._key_name(member) or self.text(member)), member)
                entries.append((key, self._add(("unknown", "enum member"), member)))
        lowered = self._add(("dict", tuple(entries)), node)
        name = node.child_by_field_name("name")
        if name is not None:
            self._define(name.id, lowered)
        return None

    def _ambient_declaration(self, node: Node) -> Task:
        saved, self._ambient = self._ambient, True
        for child in node.named_children:
            if not _is_type(child.type):
                yield child
        self._ambient = saved
        return None

    def _internal_module(self, node: Node) -> Task:
        body = node.child_by_field_name("body")
        if body is not None:
            self._namespace += 1
            yield body
            self._namespace -= 1
        return None

    def _decorator(self, node: Node) -> Task:
        for child in node.named_children:
            if not _is_type(child.type):
                return self._unknown((yield child), child)
        return self._add(("unknown", "decorator"), node)

    # ------------------------------------------------------------------ imports and exports
    def _import(self, node: Node) -> Task:
        yield from ()  # a handler like the others (a task: its statement's lines locate its nodes)
        source = node.child_by_field_name("source")
        module = self._module(source)
        clauses = [c for c in node.named_children if c.type in ("import_clause", "import_require_clause")]
        if not clauses and module is not None:
            self.program.imports.append(Import(module, None))  # import "./polyfills"
        for clause in clauses:
            if clause.type == "import_require_clause":  # import fs = require("fs")
                source = clause.child_by_field_name("source")
                name = self._first(clause, "identifier")
                module = self._module(source)
                if module is not None and name is not None:
                    self._define(name.id, self._new_import(Import(module, None, local=self.text(name)), name))
                continue
            if module is None:
                continue
            for child in clause.named_children:
                if child.type == "identifier":  # import auth0 from "auth0-js"
                    default_import = Import(module, None, default=True, local=self.text(child))
                    self._define(child.id, self._new_import(default_import, child))
                elif child.type == "namespace_import":  # import * as auth0 from "auth0-js"
                    name = self._first(child, "identifier")
                    if name is not None:
                        self._define(name.id, self._new_import(Import(module, None, local=self.text(name)), child))
                elif child.type == "named_imports":  # import { WebAuth as W } from "auth0-js"
                    for spec in child.named_children:
                        imported = spec.child_by_field_name("name")
                        if spec.type != "import_specifier" or imported is None:
                            continue
                        bound = spec.child_by_field_name("alias") or imported
                        named = self._named_import(module, imported, self.text(bound))
                        self._define(bound.id, self._new_import(named, spec))
        return None

    def _named_import(self, module: str, imported: Node, local: str = "") -> Import:
        name = self._key_name(imported) or self.text(imported)
        if name == "default":
            return Import(module, None, default=True, local=local)
        return Import(module, name, local=local)

    def _new_import(self, imported: Import, syntax: Node) -> int:
        self.program.imports.append(imported)
        return self._add(("import", len(self.program.imports) - 1), syntax)

    def _module(self, source: Node | None) -> str | None:
        return self._literal(source) if source is not None and source.type == "string" else None

    def _export(self, node: Node) -> Task:
        declaration = node.child_by_field_name("declaration")
        value = node.child_by_field_name("value")
        source = node.child_by_field_name("source")
        exported = self._namespace == 0
        if declaration is not None:
            decorators = []
            for decorator in node.children_by_field_name("decorator"):
                decorators.append(self._unknown((yield decorator), decorator))
            lowered = yield declaration
            if decorators and lowered is not None and self.program.nodes[lowered][0] == "class":
                klass = self.program.classes[self.program.nodes[lowered][1]]
                klass.decorators[:0] = decorators  # @Injectable() export class Api {}
            if exported:
                default = self._is_default(node)  # export default function login() {}
                for name in self._declared_names(declaration):
                    self._export_name("default" if default else self.text(name), self._read_in(declaration, name))
            return None
        if value is not None:  # export default <expression>
            lowered = self._unknown((yield value), value)
            if exported:
                self._export_name("default", lowered)
            return None
        module = self._module(source) if source is not None else None
        clause = self._first(node, "export_clause")
        namespace = self._first(node, "namespace_export")
        if clause is not None:
            for spec in clause.named_children:
                local = spec.child_by_field_name("name")
                if spec.type != "export_specifier" or local is None:
                    continue
                alias = spec.child_by_field_name("alias") or local
                public = self._key_name(alias) or self.text(alias)
                if module is not None:  # export { login as signIn } from "./auth"
                    lowered = self._new_import(self._named_import(module, local), spec)
                else:  # export { login as signIn }
                    lowered = self._read(self.text(local), local)
                if exported:
                    self._export_name(public, lowered)
        elif namespace is not None and module is not None:  # export * as auth from "./auth"
            public_name = self._first(namespace, "identifier") or self._first(namespace, "string")
            lowered = self._new_import(Import(module, None), namespace)
            if exported and public_name is not None:
                self._export_name(self._key_name(public_name) or self.text(public_name), lowered)
        elif module is not None:  # export * from "./auth"
            if exported:
                self.program.reexports.append(module)
        else:  # TypeScript's export = expression
            for child in node.named_children:
                if not _is_type(child.type):
                    lowered = self._unknown((yield child), child)
                    if exported:
                        self._export_name("default", lowered)
                    break
        return None

    def _read_in(self, declaration: Node, name: Node) -> int:
        """A read of a declared name, located as a node inside `declaration` (its statement, its
        function) is: `export function login() {}` exports `login`, written inside the function."""
        return self._inside(declaration, partial(self._read, self.text(name), name))

    def _inside(self, container: Node, make: Callable[[], int]) -> int:
        """`make()` a node of syntax inside `container` (a statement or a function whose name
        gives the context) once `container` is lowered: located as within it."""
        statement = _is_statement(container.type)
        if statement:
            self._statements.append((container.id, *self._lines(container)))
        name = container.child_by_field_name("name") if container.type in FUNCTIONS else None
        if name is not None:
            self._contexts.append((container.id, self.text(name)))
        value = make()
        if name is not None:
            self._contexts.pop()
        if statement:
            self._statements.pop()
        return value

    @staticmethod
    def _is_default(node: Node) -> bool:
        return any(c.type == "default" for c in node.children if not c.is_named)

    def _declared_names(self, declaration: Node) -> list[Node]:
        kind = declaration.type
        if kind in ("lexical_declaration", "variable_declaration"):
            return [
                n
                for d in declaration.named_children
                if d.type == "variable_declarator"
                for n in _targets(d.child_by_field_name("name"))
            ]
        if kind == "ambient_declaration":
            return [n for c in declaration.named_children for n in self._declared_names(c)]
        if kind in (*_FUNCTION_DECLARATIONS, *_CLASS_DECLARATIONS, "enum_declaration"):
            name = declaration.child_by_field_name("name")
            return [name] if name is not None else []
        return []

    def _export_name(self, name: str, value: int) -> None:
        exports = self.program.exports
        old = exports.get(name)
        exports[name] = value if old is None or old == value else self._add(("union", (old, value)))

    # ------------------------------------------------------------------ patterns
    def _bind(self, target: Node, value: int) -> Task:
        """Bind the names of a pattern to the parts of `value`: `{a, b: c, d = 1, ...e}` gives
        a = value.a, c = value.b, d = value.d or 1, e = unknown; `[x, y]` value[0], value[1].
        Member targets of a destructuring assignment are writes. Default values are lowered."""
        work: list[tuple[Node, int]] = [(target, value)]
        while work:
            pattern, value = work.pop()
            kind = pattern.type
            later: list[tuple[Node, int]] = []
            if kind in ("identifier", "shorthand_property_identifier_pattern"):
                self._assign_variable(pattern, value)
            elif kind in ("required_parameter", "optional_parameter"):
                inner = pattern.child_by_field_name("pattern")
                if inner is not None:
                    later.append((inner, value))
            elif kind == "object_pattern":
                for entry in pattern.named_children:
                    entry_kind = entry.type
                    if entry_kind == "shorthand_property_identifier_pattern":
                        self._assign_variable(entry, self._add(("attr", value, self.text(entry)), entry))
                    elif entry_kind == "pair_pattern":
                        key, inner = (entry.child_by_field_name("key"), entry.child_by_field_name("value"))
                        if key is None or inner is None:
                            continue
                        name = self._key_name(key)
                        if name is not None:
                            part = self._add(("attr", value, name), entry)
                        else:
                            part = self._add(("item", value, self._unknown((yield key), key)), entry)
                        later.append((inner, part))
                    elif entry_kind == "object_assignment_pattern":
                        left, right = (entry.child_by_field_name("left"), entry.child_by_field_name("right"))
                        if left is None:
                            continue
                        part = value
                        if left.type == "shorthand_property_identifier_pattern":
                            part = self._add(("attr", value, self.text(left)), left)
                        if right is not None:
                            default = self._unknown((yield right), right)
                            part = self._add(("union", (part, default)), entry)
                        later.append((left, part))
                    elif entry_kind == "rest_pattern":
                        inner = next((c for c in entry.named_children if c.type != "comment"), None)
                        if inner is not None:
                            later.append((inner, self._add(("unknown", "rest"), entry)))
            elif kind == "array_pattern":
                index = 0
                for child in pattern.children:
                    if child.type == ",":
                        index += 1
                    elif child.is_named and child.type != "comment":
                        if child.type == "rest_pattern":
                            inner = next((c for c in child.named_children if c.type != "comment"), None)
                            if inner is not None:
                                later.append((inner, self._add(("unknown", "rest"), child)))
                        else:
                            position = self._add(("num", str(index)))
                            later.append((child, self._add(("item", value, position), child)))
            elif kind == "assignment_pattern":
                left, right = (pattern.child_by_field_name("left"), pattern.child_by_field_name("right"))
                if left is not None:
                    if right is not None:
                        default = self._unknown((yield right), right)
                        value = self._add(("union", (value, default)), pattern)
                    later.append((left, value))
            elif kind == "rest_pattern":
                inner = next((c for c in pattern.named_children if c.type != "comment"), None)
                if inner is not None:
                    later.append((inner, value))
            elif kind == "member_expression":  # ({ token: this.token } = result)
                target_node = self._unknown((yield pattern.child_by_field_name("object")), pattern)
                prop = pattern.child_by_field_name("property")
                if prop is not None:
                    self.program.functions[self._fn].writes.append(("attr", target_node, self.text(prop), value))
            elif kind == "subscript_expression":
                target_node = self._unknown((yield pattern.child_by_field_name("object")), pattern)
                index_node = pattern.child_by_field_name("index")
                if index_node is not None:
                    key_node = self._unknown((yield index_node), index_node)
                    self.program.functions[self._fn].writes.append(("item", target_node, key_node, value))
            work.extend(reversed(later))
        return None

    # ------------------------------------------------------------------ functions and classes
    def _new_function(self, name: str, kind: str, owner: int | None, qualname: str) -> int:
        functions = self.program.functions
        functions.append(Function(name=name, qualname=qualname, kind=kind, owner=owner, parent=self._fn))
        return len(functions) - 1

    @staticmethod
    def _qualname(base: str, name: str) -> str:
        if len(base) > 256:  # nested deeper than code that matters: named as its ancestor (no quadratic names)
            return base
        name = name or "<anonymous>"
        return f"{base}.{name}" if base else name

    def _function(self, node: Node) -> Task:
        program = self.program
        kind = node.type
        name_node = node.child_by_field_name("name")
        preset = self._methods.pop(node.id, None)
        given = self._names.pop(node.id, "")  # const login = () => ...: login
        if preset is not None:  # a method of a class: made by the class, with its kind and owner
            index = preset
        else:
            name = (self._key_name(name_node) or "") if name_node is not None else given
            function_kind = (
                "arrow" if kind == "arrow_function" else "method" if kind == "method_definition" else "function"
            )
            base = self._qualnames.pop(node.id, None)
            if base is None:
                base = program.functions[self._fn].qualname
            index = self._new_function(name, function_kind, None, self._qualname(base, name))
        function = program.functions[index]
        lowered = function.node = self._add(("function", index), node)
        if (
            name_node is not None
            and name_node.type == "identifier"
            and kind not in ("method_definition", "arrow_function")
        ):
            self._define(name_node.id, lowered)
        for decorator in node.children_by_field_name("decorator"):  # JavaScript: @dec method() {}
            function.decorators.append(self._unknown((yield decorator), decorator))
        for param in _parameters(node):  # constructor(@Inject(TOKEN) private x: X): run where the class is defined
            if param.type in ("required_parameter", "optional_parameter"):
                for decorator in param.named_children:
                    if decorator.type == "decorator":
                        yield decorator
        saved = self._fn, self._this
        self._fn = index
        if kind != "arrow_function":
            self._this = index
        for position, param in enumerate(_parameters(node)):
            yield from self._parameter(index, position, param)
        body = node.child_by_field_name("body")
        if body is not None:
            if body.type == "statement_block":
                yield body
            else:  # an arrow's expression body is what it returns
                function.returns.append(self._unknown((yield body), body))
        self._fn, self._this = saved
        return lowered

    def _parameter(self, function: int, position: int, param: Node) -> Task:
        target: Node | None = param
        default: Node | None = None
        annotation: int | None = None
        is_property = False
        if param.type in ("required_parameter", "optional_parameter"):  # TypeScript
            target = param.child_by_field_name("pattern")
            default = param.child_by_field_name("value")
            annotation = self._annotation(param.child_by_field_name("type"))
            is_property = bool(_modifiers(param) & {"readonly"}) or any(
                c.type in ("accessibility_modifier", "override_modifier") for c in param.named_children
            )
        if target is not None and target.type == "assignment_pattern":  # JavaScript: a = 1
            default = target.child_by_field_name("right")
            target = target.child_by_field_name("left")
        if target is None:
            return None
        kind = "positional"
        bound: Node | None = target
        if target.type == "rest_pattern":
            kind = "varargs"
            bound = next((c for c in target.named_children if c.type != "comment"), None)
        name = self.text(bound) if bound is not None and bound.type == "identifier" else ""
        lowered = self._add(("param", function, position), target)
        entry = Param(name, kind, None, annotation)
        self.program.functions[function].params.append(entry)
        if default is not None:
            entry.default = self._unknown((yield default), default)
        if bound is not None:
            yield from self._bind(bound, lowered)
        if is_property and name:
            self._param_properties.setdefault(function, []).append((name, lowered))
        return None

    def _annotation(self, annotation: Node | None) -> int | None:
        """The type a TypeScript annotation names (`http: HttpClient`, `Foo<Bar>`, `ns.Foo`), read as a name."""
        if annotation is None:
            return None
        named = [c for c in annotation.named_children if c.type != "comment"]
        if len(named) != 1:
            return None
        node = named[0]
        if node.type == "generic_type":
            node = node.child_by_field_name("name") or node
        if node.type == "type_identifier":
            return self._read(self.text(node), node)
        if node.type == "nested_type_identifier":
            module, name = (node.child_by_field_name("module"), node.child_by_field_name("name"))
            if module is None or name is None:
                return None
            if module.type == "identifier":
                base = self._read(self.text(module), module)
            else:  # a.b.C: the dotted prefix as written
                parts = self.text(module).split(".")
                base = self._read(parts[0], module)
                for part in parts[1:]:
                    base = self._add(("attr", base, part.strip()))
            return self._add(("attr", base, self.text(name)), node)
        return None

    def _class(self, node: Node) -> Task:
        program = self.program
        name_node = node.child_by_field_name("name")
        name = self.text(name_node) if name_node is not None else self._names.pop(node.id, "")
        index = len(program.classes)
        klass = Class(name=name)
        program.classes.append(klass)
        lowered = klass.node = self._add(("class", index), node)
        if name_node is not None and node.type in _CLASS_DECLARATIONS:
            self._define(name_node.id, lowered)
        for decorator in node.children_by_field_name("decorator"):
            klass.decorators.append(self._unknown((yield decorator), decorator))
        for heritage in node.named_children:
            if heritage.type != "class_heritage":
                continue
            for clause in heritage.named_children:
                if clause.type == "extends_clause":  # TypeScript
                    for base in clause.children_by_field_name("value"):
                        klass.bases.append(self._unknown((yield base), base))
                elif not _is_type(clause.type):
                    klass.bases.append(self._unknown((yield clause), clause))
        qualname = self._qualname(program.functions[self._fn].qualname, name)
        body = node.child_by_field_name("body")
        members = [m for m in body.named_children if m.type != "comment"] if body is not None else []
        # every method's function first: a field initializer runs in the constructor
        constructor: int | None = None
        for member in members:
            if member.type != "method_definition":
                continue
            method = self._key_name(member.child_by_field_name("name")) or ""
            modifiers = _modifiers(member)
            if method == "constructor" and "static" not in modifiers:
                kind = "constructor"
            else:
                kind = "staticmethod" if "static" in modifiers else "method"
            function = self._new_function(method, kind, index, self._qualname(qualname, method))
            self._methods[member.id] = function
            if kind == "constructor":
                constructor = function
        if constructor is None and any(
            m.type in _FIELDS and m.child_by_field_name("value") is not None and "static" not in _modifiers(m)
            for m in members
        ):  # an implicit constructor runs the field initializers
            constructor = self._new_function(
                "constructor", "constructor", index, self._qualname(qualname, "constructor")
            )
        if constructor is not None:
            klass.methods["constructor"] = constructor
        decorators: list[int] = []  # TypeScript writes a member's decorators before it
        for member in members:
            kind = member.type
            if kind == "decorator":
                decorators.append(self._unknown((yield member), member))
                continue
            if kind == "method_definition":
                function = self._methods[member.id]
                program.functions[function].decorators.extend(decorators)
                method_node = yield member
                member_name = self._key_name(member.child_by_field_name("name"))
                modifiers = _modifiers(member)
                if member_name is not None and "get" in modifiers:
                    klass.attributes[member_name] = self._add(("unknown", "getter"), member)
                elif member_name is not None and "set" not in modifiers and method_node is not None:
                    klass.methods[member_name] = function  # the last of a name, as JavaScript has it
            elif kind in _FIELDS:
                for decorator in member.named_children:
                    if decorator.type == "decorator":
                        yield decorator
                key = member.child_by_field_name("property") or member.child_by_field_name("name")
                field = self._key_name(key) if key is not None else None
                value = member.child_by_field_name("value")
                if value is not None:
                    if field is not None:
                        self._names[value.id] = field
                        self._qualnames[value.id] = qualname  # handle = () => ... is Class.handle
                    saved = self._fn, self._this
                    if "static" in _modifiers(member):
                        self._this = None
                    elif constructor is not None:
                        self._fn = self._this = constructor
                    lowered_value = self._unknown((yield value), value)
                    self._fn, self._this = saved
                    if field is not None:
                        klass.attributes[field] = lowered_value
            elif kind == "class_static_block":
                saved_this, self._this = self._this, None
                block = member.child_by_field_name("body")
                if block is not None:
                    yield block
                self._this = saved_this
            decorators = []
        if constructor is not None:
            for field, param in self._param_properties.pop(constructor, []):
                klass.attributes[field] = param  # constructor(private http: HttpClient)
        return lowered

    # ------------------------------------------------------------------ expressions
    def _transparent(self, node: Node) -> Task:
        for child in node.named_children:
            if not _is_type(child.type):
                value = yield child
                if node.type == "parenthesized_expression" and child.id in self._marks:
                    self._marks[node.id] = self._marks.pop(child.id)
                return self._unknown(value, child)
        return self._add(("unknown", node.type), node)

    def _binary(self, node: Node) -> Task:
        left, right = (node.child_by_field_name("left"), node.child_by_field_name("right"))
        a = self._unknown((yield left), node) if left is not None else None
        b = self._unknown((yield right), node) if right is not None else None
        return self._combine(node, node, a, b)

    def _combine(self, binary: Node, node: Node, a: int | None, b: int | None) -> int:
        """The value of `binary`'s operator applied to its lowered operands, located at `node`."""
        left, right = (binary.child_by_field_name("left"), binary.child_by_field_name("right"))
        operator = binary.child_by_field_name("operator")
        op = self.text(operator) if operator is not None else ""
        if a is None or b is None:
            return self._add(("unknown", f"binary {op}"), node)
        if op == "+":
            lowered = self._add(("add", a, b), node)
            marks = self._marks
            found = [marks.pop(c.id, None) for c in (left, right) if c is not None]
            if any(f is not None for f in found):
                marks[node.id] = ((self._root, node.start_byte), lowered)
            return lowered
        if op in ("||", "??", "&&"):
            return self._add(("union", (a, b)), node)
        return self._add(("unknown", f"binary {op}"), node)

    def _ternary(self, node: Node) -> Task:
        condition = node.child_by_field_name("condition")
        if condition is not None:
            yield condition
        options = []
        for field in ("consequence", "alternative"):
            child = node.child_by_field_name(field)
            if child is not None:
                options.append(self._unknown((yield child), child))
        return self._add(("union", tuple(options)), node)

    def _sequence(self, node: Node) -> Task:
        value = None
        for child in node.named_children:
            if not _is_type(child.type):
                value = yield child
        return self._unknown(value, node)

    def _misparsed_non_null(self, node: Node) -> tuple[Node, Node] | None:
        """tree-sitter-typescript parses `a + b!.c` as `(a + b)!.c` (and `a || b![0]`, `a + b!.f()`
        alike): the `!` of a binary expression at the bottom of a member, subscript or call
        chain, without parentheses. Returns that `!` node and its binary expression."""
        if node.id in self._chain_checked:  # a link of a chain looked at from its top
            return None
        current: Node | None = node
        while current is not None and current.type in _CHAIN_LINKS:
            self._chain_checked.add(current.id)
            current = current.child_by_field_name(_CHAIN_LINKS[current.type])
        if current is None or current.type != "non_null_expression":
            return None
        inner = next((c for c in current.named_children if not _is_type(c.type)), None)
        return (current, inner) if inner is not None and inner.type == "binary_expression" else None

    def _reassociated(self, node: Node, non_null: Node, binary: Node) -> Task:
        """`a + b!.c` lowered as written: the chain above the `!` applies to the rightmost operand."""
        left, right = (binary.child_by_field_name("left"), binary.child_by_field_name("right"))
        a = self._unknown((yield left), binary) if left is not None else None
        b: int | None = None
        if right is not None and right.type == "binary_expression":  # a + b * c!.d
            b = yield from self._reassociated(node, non_null, right)
        elif right is not None:
            b = yield from self._links(node, non_null, self._unknown((yield right), right))
        return self._combine(binary, node, a, b)

    def _links(self, node: Node, bottom: Node, base: int) -> Task:
        """The member, subscript and call links from above `bottom` up to `node`, over `base`."""
        links: list[Node] = []
        current: Node | None = node
        while current is not None and current.id != bottom.id:
            links.append(current)
            current = current.child_by_field_name(_CHAIN_LINKS[current.type])
        for link in reversed(links):
            if link.type == "member_expression":
                prop = link.child_by_field_name("property")
                base = self._add(("attr", base, self.text(prop)) if prop is not None else ("unknown", "member"), link)
            elif link.type == "subscript_expression":
                index = link.child_by_field_name("index")
                key = self._unknown((yield index), link) if index is not None else self._add(("unknown", "index"), link)
                base = self._add(("item", base, key), link)
            else:
                fn, slot = self._reserve_call()
                arguments = yield from self._arguments(link.child_by_field_name("arguments"))
                base = self._add(("call", base, arguments), link)
                self.program.functions[fn].calls[slot] = base
        return base

    def _member(self, node: Node) -> Task:
        misparsed = self._misparsed_non_null(node)
        if misparsed is not None:
            return (yield from self._reassociated(node, *misparsed))
        target = node.child_by_field_name("object")
        prop = node.child_by_field_name("property")
        base = self._unknown((yield target), node) if target is not None else self._add(("unknown", "member"), node)
        if prop is None:
            return self._add(("unknown", "member"), node)
        return self._add(("attr", base, self.text(prop)), node)

    def _subscript(self, node: Node) -> Task:
        misparsed = self._misparsed_non_null(node)
        if misparsed is not None:
            return (yield from self._reassociated(node, *misparsed))
        target, index = (node.child_by_field_name("object"), node.child_by_field_name("index"))
        base = self._unknown((yield target), node) if target is not None else self._add(("unknown", "member"), node)
        key = self._unknown((yield index), node) if index is not None else self._add(("unknown", "index"), node)
        return self._add(("item", base, key), node)

    def _reserve_call(self) -> tuple[int, int]:
        calls = self.program.functions[self._fn].calls
        calls.append(-1)
        return self._fn, len(calls) - 1

    def _arguments(self, arguments: Node | None) -> Task:
        lowered: list[tuple[str, None, int]] = []
        for argument in arguments.named_children if arguments is not None else []:
            if _is_type(argument.type):
                continue
            if argument.type == "spread_element":
                inner = next((c for c in argument.named_children if c.type != "comment"), None)
                value = (
                    self._unknown((yield inner), argument)
                    if inner is not None
                    else self._add(("unknown", "spread"), argument)
                )
                lowered.append(("star", None, value))
            else:
                lowered.append(("pos", None, self._unknown((yield argument), argument)))
        return tuple(lowered)

    def _call(self, node: Node) -> Task:
        misparsed = self._misparsed_non_null(node)
        if misparsed is not None:
            return (yield from self._reassociated(node, *misparsed))
        local = self._locals.pop(node.id, "")
        function = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        if (
            function is None
            or function.type == "import"
            or (arguments is not None and arguments.type == "template_string")
        ):
            # import("./x") and tagged templates: their parts are lowered, their value unknown
            for child in node.named_children:
                if not _is_type(child.type):
                    yield child
            return self._add(
                ("unknown", "import()" if function is not None and function.type == "import" else "tagged template"),
                node,
            )
        args = [a for a in arguments.named_children if not _is_type(a.type)] if arguments is not None else []
        first = args[0] if args else None
        if first is not None and first.type in ("string", "template_string"):
            name = self._literal(first)
            if name is not None and name.lower().endswith(_TEMPLATE_FILES):
                self._references[name] = None  # res.render("profile.html")
        if (
            function.type == "identifier"
            and len(args) == 1
            and first is not None
            and first.type == "string"
            and self.text(function) == "require"
            and not self._resolve("require")[0]
        ):
            module = self._literal(first)
            if module is not None:  # CommonJS: require("./api") is the module
                self.program.imports.append(Import(module, None, local=local))
                return self._add(("import", len(self.program.imports) - 1), node)
        fn, slot = self._reserve_call()
        callee = self._unknown((yield function), function)
        lowered_args = yield from self._arguments(arguments)
        lowered = self._add(("call", callee, lowered_args), node)
        self.program.functions[fn].calls[slot] = lowered
        return lowered

    def _new(self, node: Node) -> Task:
        fn, slot = self._reserve_call()
        constructor = node.child_by_field_name("constructor")
        callee = (
            self._unknown((yield constructor), node) if constructor is not None else self._add(("unknown", "new"), node)
        )
        lowered_args = yield from self._arguments(node.child_by_field_name("arguments"))
        lowered = self._add(("new", callee, lowered_args), node)
        self.program.functions[fn].calls[slot] = lowered
        return lowered

    def _assignment(self, node: Node) -> Task:
        left, right = (node.child_by_field_name("left"), node.child_by_field_name("right"))
        if left is None or right is None:
            for child in node.named_children:
                if not _is_type(child.type):
                    yield child
            return self._add(("unknown", "assignment"), node)
        kind = left.type
        if kind == "identifier":
            if right.type in FUNCTIONS or right.type in _CLASSES:
                self._names[right.id] = self.text(left)
            value = self._unknown((yield right), right)
            self._assign_variable(left, value)
            return value
        if kind in _PATTERNS:
            value = self._unknown((yield right), right)
            yield from self._bind(left, value)
            return value
        if kind not in ("member_expression", "subscript_expression"):
            yield left
            return self._unknown((yield right), right)
        writes = self.program.functions[self._fn].writes
        writes.append(("attr", -1, "", -1))
        slot = len(writes) - 1
        target_syntax = left.child_by_field_name("object")
        target = (
            self._unknown((yield target_syntax), left)
            if target_syntax is not None
            else self._add(("unknown", "member"), left)
        )
        if kind == "member_expression":
            prop = left.child_by_field_name("property")
            name = self.text(prop) if prop is not None else ""
            if right.type in FUNCTIONS or right.type in _CLASSES:
                self._names[right.id] = name
            value = self._unknown((yield right), right)
            writes[slot] = ("attr", target, name, value)
            if target_syntax is not None:
                self._commonjs(target_syntax, name, value)
        else:
            index = left.child_by_field_name("index")
            key = self._unknown((yield index), left) if index is not None else self._add(("unknown", "index"), left)
            value = self._unknown((yield right), right)
            writes[slot] = ("item", target, key, value)
        return value

    def _commonjs(self, target: Node, name: str, value: int) -> None:
        """module.exports = value, module.exports.name = value, exports.name = value."""
        if self._namespace:
            return
        if (
            target.type == "identifier"
            and self.text(target) == "module"
            and name == "exports"
            and not self._resolve("module")[0]
        ):
            self._export_name("default", value)
            lowered = self.program.nodes[value]
            if lowered[0] == "dict":  # module.exports = { login, logout }
                for key, entry in lowered[1]:
                    key_node = self.program.nodes[key] if key is not None else None
                    if key_node is not None and key_node[0] == "str":
                        self._export_name(key_node[1], entry)
            return
        if target.type == "identifier" and self.text(target) == "exports" and not self._resolve("exports")[0]:
            self._export_name(name, value)
        elif target.type == "member_expression":
            inner, prop = (target.child_by_field_name("object"), target.child_by_field_name("property"))
            if (
                inner is not None
                and prop is not None
                and inner.type == "identifier"
                and self.text(inner) == "module"
                and self.text(prop) == "exports"
                and not self._resolve("module")[0]
            ):
                self._export_name(name, value)

    def _augmented(self, node: Node) -> Task:
        left, right = (node.child_by_field_name("left"), node.child_by_field_name("right"))
        operator = node.child_by_field_name("operator")
        op = self.text(operator) if operator is not None else ""
        a = self._unknown((yield left), node) if left is not None else None
        b = self._unknown((yield right), node) if right is not None else None
        if a is None or b is None:
            return self._add(("unknown", op), node)
        if op == "+=":
            value = self._add(("add", a, b), node)
        elif op in ("||=", "??=", "&&="):
            value = self._add(("union", (a, b)), node)
        else:
            value = self._add(("unknown", f"augmented assignment {op}"), node)
        if left is not None and left.type == "identifier":  # x ??= v binds x like x = x ?? v
            self._assign_variable(left, value)
        return value

    def _object(self, node: Node) -> Task:
        entries: list[tuple[int | None, int]] = []
        for entry in node.named_children:
            kind = entry.type
            if kind == "pair":
                key, value = (entry.child_by_field_name("key"), entry.child_by_field_name("value"))
                if key is None or value is None:
                    continue
                name = self._key_name(key)
                if name is not None:
                    key_node = self._add(("str", name), key)
                    if value.type in FUNCTIONS or value.type in _CLASSES:
                        self._names[value.id] = name
                else:
                    key_node = self._unknown((yield key), key)
                entries.append((key_node, self._unknown((yield value), value)))
            elif kind == "shorthand_property_identifier":  # { token } is { token: token }
                name = self.text(entry)
                entries.append((self._add(("str", name), entry), self._read(name, entry)))
            elif kind == "spread_element":
                inner = next((c for c in entry.named_children if c.type != "comment"), None)
                if inner is not None:
                    entries.append((None, self._unknown((yield inner), entry)))
            elif kind == "method_definition":
                key = entry.child_by_field_name("name")
                name = self._key_name(key) if key is not None else None
                function = yield entry
                modifiers = _modifiers(entry)
                if name is None or key is None:
                    continue
                method_key = self._inside(entry, partial(self._add, ("str", name), key))
                if "get" in modifiers or "set" in modifiers:
                    accessor = "getter" if "get" in modifiers else "setter"
                    entries.append((method_key, self._add(("unknown", accessor), entry)))
                else:
                    entries.append((method_key, self._unknown(function, entry)))
        return self._add(("dict", tuple(entries)), node)

    def _array(self, node: Node) -> Task:
        items: list[int] = []
        previous = "["
        for child in node.children:
            kind = child.type
            if kind == ",":
                if previous in ("[", ","):
                    items.append(self._add(("const", "none")))  # a hole: [a, , b]
                previous = ","
                continue
            if not child.is_named or kind == "comment":
                continue
            previous = "item"
            if kind == "spread_element":
                inner = next((c for c in child.named_children if c.type != "comment"), None)
                value = (
                    self._unknown((yield inner), child)
                    if inner is not None
                    else self._add(("unknown", "spread"), child)
                )
                items.append(self._add(("spread", value), child))
            else:
                items.append(self._unknown((yield child), child))
        return self._add(("list", tuple(items)), node)

    # ------------------------------------------------------------------ strings
    def _pieces(self, node: Node) -> list[tuple[str | None, Node | None]]:
        """The literal pieces of a string or template literal's text children: (text, the one
        syntax node it comes from or None) or (None, None) for a template tag's hole."""
        pieces: list[tuple[str | None, Node | None]] = []
        for child in node.named_children:
            kind = child.type
            if kind == "string_fragment":
                for text in self._fragment(child):
                    if text is None:
                        pieces.append((None, None))
                    elif pieces and pieces[-1][0] is not None:
                        pieces[-1] = (pieces[-1][0] + text, None)
                    else:
                        pieces.append((text, child if text == self.text(child) else None))
            elif kind in ("escape_sequence", "html_character_reference"):
                text = _unescape(self.text(child)) if kind == "escape_sequence" else html.unescape(self.text(child))
                if pieces and pieces[-1][0] is not None:
                    pieces[-1] = (pieces[-1][0] + text, None)
                else:
                    pieces.append((text, None))
        return [(_join_surrogates(t) if t is not None else None, n) for t, n in pieces]

    def _fragment(self, node: Node) -> list[str | None]:
        """A string fragment's text, None for each run of characters a template tag filled in."""
        text = self.text(node)
        if not self._holes:
            return [text]
        start = self._char_offset(node.start_byte)
        end = start + len(text)
        starts = self._holes_starts
        index = max(bisect.bisect_right(starts, start) - 1, 0)
        pieces: list[str | None] = []
        position = start
        holes = self._holes
        while index < len(holes) and holes[index][0] < end:
            hole_start, hole_end = holes[index]
            index += 1
            if hole_end <= position:
                continue
            if hole_start > position:
                pieces.append(text[position - start : hole_start - start])
            if not pieces or pieces[-1] is not None:
                pieces.append(None)
            position = min(hole_end, end)
        if position < end:
            pieces.append(text[position - start :])
        return pieces

    def _string_value(self, pieces: list[tuple[str | None, Node | None]], node: Node) -> int:
        if all(text is not None for text, _ in pieces):
            return self._add(("str", "".join(t for t, _ in pieces if t is not None)), node)
        parts = tuple(
            self._add(("unknown", "template")) if text is None else self._add(("str", text), source)
            for text, source in pieces
        )
        return self._add(("concat", parts), node)

    def _wants_url(self, pieces: list[tuple[str | None, Node | None]]) -> bool:
        needles = self.hints.url_needles
        for text, _ in pieces:
            if text is not None and ("?" in text or any(n in text for n in needles)):
                return True
        return False

    def _string(self, node: Node) -> int:
        pieces = self._pieces(node)
        lowered = self._string_value(pieces, node)
        if self._wants_url(pieces):
            self._marks[node.id] = ((self._root, node.start_byte), lowered)
        return lowered

    def _template(self, node: Node) -> Task:
        parts: list[int] = []
        wanted = False
        run: list[Node] = []  # text children not yet lowered

        def flush() -> None:
            nonlocal wanted
            if not run:
                return
            pieces: list[tuple[str | None, Node | None]] = []
            for child in run:
                pieces.extend(self._pieces_of(child))
            run.clear()
            merged: list[tuple[str | None, Node | None]] = []
            for text, source in pieces:
                if text is not None and merged and merged[-1][0] is not None:
                    merged[-1] = (merged[-1][0] + text, None)
                else:
                    merged.append((text, source))
            wanted = wanted or self._wants_url(merged)
            for text, source in merged:
                if text is None:
                    parts.append(self._add(("unknown", "template")))
                else:
                    parts.append(self._add(("str", _join_surrogates(text)), source))

        for child in node.named_children:
            kind = child.type
            if kind in ("string_fragment", "escape_sequence"):
                run.append(child)
            elif kind == "template_substitution":
                flush()
                inner = next((c for c in child.named_children if not _is_type(c.type)), None)
                if inner is None:
                    parts.append(self._add(("unknown", "substitution"), child))
                    continue
                parts.append(self._unknown((yield inner), inner))
                if self._marks.pop(inner.id, None) is not None:
                    wanted = True
        flush()
        lowered = self._add(("concat", tuple(parts)), node)
        if wanted:
            self._marks[node.id] = ((self._root, node.start_byte), lowered)
        return lowered

    def _pieces_of(self, child: Node) -> list[tuple[str | None, Node | None]]:
        if child.type == "escape_sequence":
            return [(_unescape(self.text(child)), None)]
        return [(text, child if text == self.text(child) else None) for text in self._fragment(child)]

    def _literal(self, node: Node) -> str | None:
        """The value of a string literal (or a template literal without substitutions), None
        when a template tag fills part of it."""
        if node.type == "template_string" and any(c.type == "template_substitution" for c in node.named_children):
            return None
        pieces = self._pieces(node)
        if any(text is None for text, _ in pieces):
            return None
        return "".join(t for t, _ in pieces if t is not None)

    def _key_name(self, node: Node | None) -> str | None:
        """The name of a property key or member: `a`, `"a"`, `1`, `#a`; None when computed."""
        if node is None:
            return None
        kind = node.type
        if kind in ("property_identifier", "identifier", "private_property_identifier", "type_identifier"):
            return self.text(node)
        if kind == "shorthand_property_identifier_pattern":
            return self.text(node)
        if kind == "string":
            return self._literal(node)
        if kind == "number":
            return self.text(node)
        return None

    # ------------------------------------------------------------------ templates
    def _template_holes(self) -> list[tuple[int, int]]:
        """Character ranges of the template tags (`{{ domain }}`, `{% url ... %}`) that the
        template engine fills in, inside the scripts (where script_text blanked them)."""
        original, text = self.original, self.parsed.text
        self._holes_starts: list[int] = []
        if original is None or original == text or len(original) != len(text):
            return []
        holes = [
            match.span()
            for match in _TEMPLATE_TAG.finditer(original)
            if text[match.start() : match.end()] != match.group()
        ]
        self._holes_starts = [start for start, _ in holes]
        return holes

    def _char_offset(self, byte_offset: int) -> int:
        parsed = self.parsed
        if len(parsed.source) == len(parsed.text):
            return byte_offset
        if self._char_line_starts is None:
            self._char_line_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(parsed.text)]
        line, column = parsed.position(byte_offset)
        return self._char_line_starts[line - 1] + column - 1

    def _in_hole(self, node: Node) -> bool:
        start = self._char_offset(node.start_byte)
        index = bisect.bisect_right(self._holes_starts, start) - 1
        return index >= 0 and self._holes[index][0] <= start < self._holes[index][1]

    def _markup_urls(self) -> list[int]:
        """URLs written in a template's own HTML, outside its scripts (a sign-in link
        `<a href="https://{{ AUTH0_DOMAIN }}/authorize?...">`): string nodes located at the
        attribute value, character references decoded, template tags as holes. Not syntax of
        the scripts: listed in `markup`."""
        if self.parsed.language != "template" or self.original is None:
            return []
        from scopelint.javascript.templates import attribute_values

        original, needles = self.original, self.hints.url_needles
        starts = self.parsed._char_line_starts
        found: list[int] = []
        for start, end in attribute_values(original):
            value = original[start:end]
            if not any(needle in value for needle in needles):
                continue
            parts: list[int] = []
            position = 0
            for tag in [*_TEMPLATE_TAG.finditer(value), None]:
                literal = value[position : tag.start() if tag is not None else len(value)]
                if literal:
                    parts.append(self._add(("str", html.unescape(literal))))
                if tag is not None:
                    parts.append(self._add(("unknown", "template")))
                    position = tag.end()
            line = bisect.bisect_right(starts, start)
            end_line = bisect.bisect_right(starts, end)
            location = (line, start - starts[line - 1] + 1, end_line, end - starts[end_line - 1] + 1, line, end_line, 0)
            node = self.program.add(("concat", tuple(parts)), location)
            self.markup.add(node)
            found.append(node)
        return found

    def _script_sources(self) -> list[str]:
        """The `src` of every `<script>` of a template, as the page loads it: a template tag in
        it is its last quoted string (`{{ url_for('static', filename='js/app.js') }}`,
        `{% static 'js/app.js' %}`), or, with none, what follows the tag."""
        if self.parsed.language != "template" or self.original is None:
            return []
        original = self.original
        masked = _TEMPLATE_TAG.sub(lambda m: "x" * len(m.group()), original)  # same length, no quotes or tags
        sources: list[str] = []
        for tag in _SCRIPT_TAG.finditer(masked):
            attributes = tag.group(1)
            if attributes is None:
                continue  # a comment
            offset = tag.start(1)
            for attribute in _ATTRIBUTE.finditer(attributes):
                if attribute.group(1).lower() != "src":
                    continue
                group = next((g for g in (2, 3, 4) if attribute.group(g) is not None), None)
                if group is not None:
                    start, end = attribute.span(group)
                    source = _resolve_tags(original[offset + start : offset + end])
                    if source:
                        sources.append(source)
                break
        return sources

    # ------------------------------------------------------------------ JSX
    def _jsx_element(self, node: Node) -> Task:
        opening = node.child_by_field_name("open_tag")
        value = None
        if opening is not None:
            value = yield opening
        for child in node.named_children:
            if child.type in ("jsx_element", "jsx_self_closing_element", "jsx_expression"):
                yield child
        return self._unknown(value, node, "jsx")

    def _jsx(self, node: Node) -> Task:
        name = node.child_by_field_name("name")
        if name is None:  # a fragment: <>...</>
            return self._add(("unknown", "jsx fragment"), node)
        fn, slot = self._reserve_call()
        if name.type in ("identifier", "member_expression"):
            callee = self._unknown((yield name), name)
        else:
            callee = self._add(("unknown", name.type), name)
        args: list[tuple[str, str | None, int]] = []
        for attribute in node.named_children:
            kind = attribute.type
            if kind == "jsx_attribute":
                parts = [c for c in attribute.named_children if c.type != "comment"]
                if not parts:
                    continue
                key = self.text(parts[0])
                if len(parts) == 1:  # <Auth0Provider useRefreshTokens>
                    args.append(("kw", key, self._add(("const", "true"), attribute)))
                    continue
                value = parts[-1]
                if value.type == "jsx_expression":
                    inner = next((c for c in value.named_children if c.type != "comment"), None)
                    if inner is None:
                        continue
                    value = inner
                args.append(("kw", key, self._unknown((yield value), value)))
            elif kind == "jsx_expression":  # {...props}
                spread = next((c for c in attribute.named_children if c.type == "spread_element"), None)
                inner = next((c for c in spread.named_children if c.type != "comment"), None) if spread else None
                if inner is not None:
                    args.append(("dstar", None, self._unknown((yield inner), inner)))
        lowered = self._add(("jsx", callee, tuple(args)), node)
        self.program.functions[fn].calls[slot] = lowered
        return lowered

    def _jsx_expression(self, node: Node) -> Task:
        value = None
        for child in node.named_children:
            if child.type == "spread_element":
                child = next((c for c in child.named_children if c.type != "comment"), child)
            if not _is_type(child.type):
                value = yield child
        return value


def _resolve_tags(value: str) -> str:
    """A `src` value with its template tags replaced by what they name."""
    pieces: list[str] = []
    position = 0
    unresolved = False
    for match in _TEMPLATE_TAG.finditer(value):
        pieces.append(value[position : match.start()])
        quoted = _QUOTED.findall(match.group())
        if quoted:
            pieces.append(quoted[-1][1])
        else:  # {{ STATIC_URL }}js/app.js: what follows the tag
            pieces = []
            unresolved = True
        position = match.end()
    pieces.append(value[position:])
    result = "".join(pieces).strip()
    return result.lstrip("/") if unresolved else result


# Syntax lowered at once (no parts to lower first).
_LEAVES: dict[str, Callable[[ScriptLowering, Node], int]] = {
    "identifier": ScriptLowering._identifier,
    "this": ScriptLowering._this_node,
    "string": ScriptLowering._string,
    "super": lambda self, node: self._add(("unknown", "super"), node),
    "number": lambda self, node: self._add(("num", self.text(node)), node),
    "true": lambda self, node: self._add(("const", "true"), node),
    "false": lambda self, node: self._add(("const", "false"), node),
    "null": lambda self, node: self._add(("const", "none"), node),
    "undefined": lambda self, node: self._add(("const", "none"), node),
    "regex": lambda self, node: self._add(("unknown", "regex"), node),
    "meta_property": lambda self, node: self._add(("global", self.text(node)), node),  # import.meta
    "private_property_identifier": lambda self, node: self._add(("unknown", "private name"), node),
    "import": lambda self, node: self._add(("unknown", "import"), node),
}
# Syntax lowered by a handler (a generator: see `ScriptLowering._run`); anything else by `_generic`.
_HANDLERS: dict[str, Callable[[ScriptLowering, Node], Task]] = {
    "binary_expression": ScriptLowering._binary,
    "ternary_expression": ScriptLowering._ternary,
    "member_expression": ScriptLowering._member,
    "subscript_expression": ScriptLowering._subscript,
    "call_expression": ScriptLowering._call,
    "new_expression": ScriptLowering._new,
    "assignment_expression": ScriptLowering._assignment,
    "augmented_assignment_expression": ScriptLowering._augmented,
    "sequence_expression": ScriptLowering._sequence,
    "object": ScriptLowering._object,
    "array": ScriptLowering._array,
    "template_string": ScriptLowering._template,
    "variable_declarator": ScriptLowering._declarator,
    "return_statement": ScriptLowering._return,
    "import_statement": ScriptLowering._import,
    "export_statement": ScriptLowering._export,
    "for_in_statement": ScriptLowering._for_in,
    "catch_clause": ScriptLowering._catch,
    "enum_declaration": ScriptLowering._enum,
    "ambient_declaration": ScriptLowering._ambient_declaration,
    "internal_module": ScriptLowering._internal_module,
    "decorator": ScriptLowering._decorator,
    "jsx_element": ScriptLowering._jsx_element,
    "jsx_opening_element": ScriptLowering._jsx,
    "jsx_self_closing_element": ScriptLowering._jsx,
    "jsx_expression": ScriptLowering._jsx_expression,
    **dict.fromkeys(_TRANSPARENT, ScriptLowering._transparent),
    **dict.fromkeys(FUNCTIONS, ScriptLowering._function),
    **dict.fromkeys(_CLASSES, ScriptLowering._class),
}
