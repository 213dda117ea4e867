"""What a JavaScript expression may hold: a small evaluator over tree-sitter nodes.

It produces the same abstract values as the Python evaluator (`scopelint.facts.values`:
`Text` with holes, `Token`, `TokenResponse`, `Union`) plus a few browser-specific ones, so
URL matching and token search are shared. Bindings are found by name in the enclosing
functions (a simplification of JavaScript scoping that is right for the code that matters
here); every value is computed once (memoised by node), a cycle or an exhausted step budget
gives `Unknown`, and no walk recurses over the tree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scopelint.facts.values import (
    Text,
    Token,
    TokenResponse,
    Unknown,
    Value,
    alternatives,
    concat,
    union,
)
from scopelint.javascript.parse import walk
from scopelint.packs.knowledge import Knowledge

if TYPE_CHECKING:
    from tree_sitter import Node

    from scopelint.javascript.parse import ParsedScript


# ---------------------------------------------------------------------------------------
# Browser values (plain data apart from the nodes they point at).


@dataclass(frozen=True, eq=False)
class JsName(Value):
    """A global or imported name, as written: `axios`, `auth0.WebAuth`, `localStorage`."""

    name: str


@dataclass(frozen=True, eq=False)
class JsObject(Value):
    """An object literal: keys (None for computed/spread) and value nodes."""

    node: Node
    entries: tuple[tuple[str | None, Node], ...]


@dataclass(frozen=True, eq=False)
class JsFunction(Value):
    node: Node


@dataclass(frozen=True, eq=False)
class JsInstance(Value):
    """An object built by a known constructor: kind "request" (WebAuth, Lock, spa-js client),
    "http" (an axios instance), "sdk" (auth0.Management), "xhr"."""

    kind: str
    node: Node  # the constructor call
    name: str  # the constructor's name (pack key)


@dataclass(frozen=True, eq=False)
class JsThis(Value):
    """`this` inside the methods of a class of the file: its methods and `this.x = ...` writes."""

    node: Node  # the class


@dataclass(frozen=True, eq=False)
class JsResponse(Value):
    """The response of an HTTP call; `request` when the call was a token request."""

    node: Node
    request: str | None


@dataclass(frozen=True, eq=False)
class IdClaims(Value):
    """auth0-spa-js getIdTokenClaims(): the raw ID token is one of its properties."""

    request: str | None
    node: Node


@dataclass(frozen=True, eq=False)
class JsMethod(Value):
    """A token method taken off its client: `const { getIdTokenClaims } = useAuth0()`."""

    instance: JsInstance
    name: str


# Node types that open a function scope (parameters and `var` live there).
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
# TypeScript wrappers that do not change the value.
CLASSES = frozenset({"class_declaration", "class", "abstract_class_declaration"})
_TRANSPARENT = frozenset(
    {
        "parenthesized_expression",
        "as_expression",
        "non_null_expression",
        "satisfies_expression",
        "type_assertion",
        "await_expression",
    }
)
MAX_STEPS = 200_000  # evaluations per file, as for Python modules: past it, values are unknown
# Values nest this deep at most (each level is a Python frame or a few).
MAX_DEPTH = 150
# Jinja and Django tags: what the template engine replaces before the browser sees the script.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # as ParsedScript counts lines
_TEMPLATE_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)


def key_of(node: Node, text: Callable[[Node], str]) -> str | None:
    """The key of an object-literal entry or a member access (None when computed)."""
    if node.type in (
        "property_identifier",
        "identifier",
        "shorthand_property_identifier",
        "private_property_identifier",
    ):
        return text(node)
    if node.type == "string":
        return "".join(text(c) for c in node.named_children if c.type == "string_fragment")
    if node.type == "number":
        return text(node)
    return None


class ScriptValues:
    """Values of expressions of one file (all script blocks of a template share one scope,
    as a browser runs them)."""

    def __init__(
        self,
        parsed: ParsedScript,
        knowledge: Knowledge,
        path: str,
        custom_domains: tuple[str, ...] = (),
        original: str | None = None,
    ) -> None:
        self.parsed = parsed
        self.custom_domains = custom_domains
        self.knowledge = knowledge
        self.js = knowledge.javascript
        self.path = path
        self.text = parsed.node_text
        self._memo: dict[int, Value] = {}
        self._busy: set[int] = set()
        self.steps = 0
        # characters the template engine fills in (blanked by script_text): holes in strings
        self._blanked = self._blanked_offsets(parsed, original)
        self.original = original
        self.nodes: list[Node] = [n for root in parsed.roots for n in walk(root)]
        self.calls: list[Node] = [n for n in self.nodes if n.type in ("call_expression", "new_expression")]
        # name -> [(scope node or None for the global scope, binding node, how)]
        self._bindings: dict[str, list[tuple[int | None, Node, str]]] = {}
        # function node id -> [(param index, thunk)] values its parameters get from callbacks
        self._param_sources: dict[int, list[tuple[int, Callable[[], Value]]]] = {}
        self._calls_by_name: dict[str, list[Node]] = {}
        # obj.key = value / obj["key"] = value on a named object: (object, key, value)
        self._property_writes: list[tuple[Node, str, Node]] = []
        self._declared: dict[str, set[int | None]] = {}  # name -> scopes that declare it
        self._by_scope: dict[str, dict[int | None, list[tuple[Node, str]]]] = {}
        self.cache: dict[str, list] = {}  # per-file lists other modules compute once
        self._line_starts: list[int] | None = None
        self._index()

    # ------------------------------------------------------------------ indexing
    @staticmethod
    def _blanked_offsets(parsed: ParsedScript, original: str | None) -> frozenset[int] | None:
        """Character offsets of the template tags (`{{ domain }}`, `{% url ... %}`) that
        script_text blanked inside the scripts: the template engine fills them in."""
        if original is None or original == parsed.text or len(original) != len(parsed.text):
            return None
        blanked: set[int] = set()
        for match in _TEMPLATE_TAG.finditer(original):
            start, end = match.span()
            if parsed.text[start:end] != original[start:end]:
                blanked.update(range(start, end))
        return frozenset(blanked)

    @staticmethod
    def scope_of(node: Node) -> int | None:
        """The nearest enclosing function's id (None: the global scope)."""
        current = node.parent
        while current is not None:
            if current.type in FUNCTIONS:
                return current.id
            current = current.parent
        return None

    def _bind(self, name: str, scope: int | None, node: Node, how: str) -> None:
        self._bindings.setdefault(name, []).append((scope, node, how))

    def _index(self) -> None:
        for node in self.nodes:
            kind = node.type
            if kind == "variable_declarator":
                target = node.child_by_field_name("name")
                if target is not None:
                    self._bind_pattern(target, self.scope_of(node), node)
            elif kind == "assignment_expression":
                left = node.child_by_field_name("left")
                if left is not None and left.type == "identifier":
                    self._bind(self.text(left), self.scope_of(node), node, "assign")
                elif left is not None and left.type in ("member_expression", "subscript_expression"):
                    self._property_write(left, node.child_by_field_name("right"))
            elif kind in ("function_declaration", "generator_function_declaration"):
                name = node.child_by_field_name("name")
                if name is not None:
                    self._bind(self.text(name), self.scope_of(node), node, "function")
            elif kind == "import_statement":
                self._bind_import(node)
            elif kind == "call_expression":
                function = node.child_by_field_name("function")
                if function is not None and function.type == "identifier":
                    self._calls_by_name.setdefault(self.text(function), []).append(node)
                elif function is not None and function.type == "member_expression":
                    target, prop = function.child_by_field_name("object"), function.child_by_field_name("property")
                    if target is not None and target.type == "this" and prop is not None:  # this.setToken(...)
                        self._calls_by_name.setdefault("this." + self.text(prop), []).append(node)
            if kind in FUNCTIONS:
                parameters = node.child_by_field_name("parameters")
                single = node.child_by_field_name("parameter")  # x => ...
                params = (
                    [single] if single is not None else (parameters.named_children if parameters is not None else [])
                )
                for index, param in enumerate(params):
                    self._bind_pattern(param, node.id, param, index)

    def _property_write(self, left: Node, value: Node | None) -> None:
        target = left.child_by_field_name("object")
        key_node = left.child_by_field_name("property" if left.type == "member_expression" else "index")
        key = key_of(key_node, self.text) if key_node is not None else None
        if target is not None and target.type in ("identifier", "this") and key is not None and value is not None:
            self._property_writes.append((target, key, value))

    def jsx_options(self, element: Node) -> JsObject:
        """A JSX element's attributes as an options object: <X a="1" b={expr} />."""
        entries: list[tuple[str | None, Node]] = []
        for attribute in element.named_children:
            if attribute.type != "jsx_attribute" or not attribute.named_children:
                continue
            name, value = attribute.named_children[0], attribute.named_children[-1]
            if value.type == "jsx_expression":
                inner = [c for c in value.named_children if c.type != "comment"]
                value = inner[0] if inner else value
            if value is not name:
                entries.append((self.text(name), value))
        return JsObject(element, tuple(entries))

    def entries(self, obj: JsObject) -> list[tuple[str | None, Node]]:
        """An object literal's entries and the properties later assigned to it by name
        (`headers.Authorization = ...`), in any order: a union, as for Python dicts."""
        found = list(obj.entries)
        for target, key, value in self._property_writes:
            if any(option is obj for option in alternatives(self.eval(target))):
                found.append((key, value))
        return found

    def _bind_pattern(self, target: Node, scope: int | None, node: Node, param: int | None = None) -> None:
        how = f"param:{param}" if param is not None else "declare"
        if target.type in ("required_parameter", "optional_parameter"):
            inner = target.child_by_field_name("pattern")
            if inner is not None:
                self._bind_pattern(inner, scope, node, param)
            return
        if target.type == "assignment_pattern":  # a default value: the argument, or the default
            inner = target.child_by_field_name("left")
            if inner is not None:
                self._bind_pattern(inner, scope, node, param)
            return
        if target.type == "identifier":
            self._bind(self.text(target), scope, node, how)
        elif target.type == "object_pattern":
            for entry in target.named_children:
                if entry.type == "shorthand_property_identifier_pattern":
                    self._bind(self.text(entry), scope, entry, f"{how}|.{self.text(entry)}")
                elif entry.type == "pair_pattern":
                    key, value = entry.child_by_field_name("key"), entry.child_by_field_name("value")
                    name = key_of(key, self.text) if key is not None else None
                    if value is not None and value.type == "identifier" and name is not None:
                        self._bind(self.text(value), scope, entry, f"{how}|.{name}")
                elif entry.type == "object_assignment_pattern":
                    left = entry.child_by_field_name("left")
                    if left is not None and left.type == "shorthand_property_identifier_pattern":
                        self._bind(self.text(left), scope, entry, f"{how}|.{self.text(left)}")

    def _bind_import(self, node: Node) -> None:
        clause = next((c for c in node.named_children if c.type == "import_clause"), None)
        if clause is None:
            return
        for child in clause.named_children:
            if child.type == "identifier":  # import axios from "axios"
                self._bind(self.text(child), None, child, "name:" + self.text(child))
            elif child.type == "namespace_import":  # import * as auth0 from "auth0-js"
                ident = next((c for c in child.named_children if c.type == "identifier"), None)
                if ident is not None:
                    self._bind(self.text(ident), None, ident, "name:" + self.text(ident))
            elif child.type == "named_imports":  # import { WebAuth as W } from "auth0-js"
                for spec in child.named_children:
                    name, alias = spec.child_by_field_name("name"), spec.child_by_field_name("alias")
                    if name is not None:
                        self._bind(self.text(alias or name), None, spec, "name:" + self.text(name))

    @property
    def budget_exhausted(self) -> bool:
        """Some value was left unknown because the file's evaluation budget ran out."""
        return self.steps > MAX_STEPS

    def forget(self) -> None:
        """Drop computed values (after the callbacks are registered: they change parameters)."""
        self._memo.clear()
        self.steps = 0

    # ------------------------------------------------------------------ hooks
    # What calls and storage reads evaluate to is the business of `calls.py` and
    # `storage.py`, which ask this evaluator for values in turn: the evaluator the front end
    # uses (`scopelint.javascript.evaluate.ScriptEvaluator`) plugs them in here.
    def call_value(self, call: Node) -> Value:
        raise NotImplementedError

    def stored_value(self, storage: str, key: str | None, read: Node) -> Value:
        raise NotImplementedError

    # ------------------------------------------------------------------ lookup
    def resolve(self, name: str, at: Node) -> list[tuple[Node, str]]:
        """The bindings `name` may refer to at `at`: the declarations of the nearest enclosing
        scope that declares it (a parameter, `var`/`let`/`const`, a function, an import; the
        global scope otherwise), and every assignment, anywhere, to that same variable."""
        if name not in self._bindings:
            return []
        by_scope = self._by_scope.get(name)
        if by_scope is None:  # once per name: each binding under the scope its variable lives in
            by_scope = self._by_scope[name] = {}
            for declared, node, how in self._bindings[name]:
                scope = self._declaring_scope(name, node) if how == "assign" else declared
                by_scope.setdefault(scope, []).append((node, how))
        return by_scope.get(self._declaring_scope(name, at), [])

    def _declaring_scope(self, name: str, at: Node) -> int | None:
        declared = self._declared.get(name)
        if declared is None:
            declared = self._declared[name] = {s for s, _, how in self._bindings.get(name, []) if how != "assign"}
        current = at.parent
        while current is not None:
            if current.type in FUNCTIONS and current.id in declared:
                return current.id
            current = current.parent
        return None

    # ------------------------------------------------------------------ evaluation
    def eval(self, node: Node | None) -> Value:
        if node is None:
            return Unknown()
        key = node.id
        if key in self._memo:
            return self._memo[key]
        if key in self._busy or self.steps > MAX_STEPS or len(self._busy) > MAX_DEPTH:
            return Unknown()  # a cycle, too much work, or nesting deeper than code that matters
        self.steps += 1
        self._busy.add(key)
        try:
            value = self._eval(node)
        finally:
            self._busy.discard(key)
        self._memo[key] = value
        return value

    def _eval(self, node: Node) -> Value:
        kind = node.type
        if kind in _TRANSPARENT:
            inner = [
                c
                for c in node.named_children
                if c.type not in ("type_annotation", "predefined_type", "type_identifier", "generic_type")
            ]
            return self.eval(inner[0]) if inner else Unknown()
        if kind == "string":
            return self._string(node)
        if kind == "template_string":
            return self._template(node)
        if kind == "binary_expression":
            operator = node.child_by_field_name("operator")
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            op = self.text(operator) if operator is not None else ""
            if op == "+":
                a, b = self.eval(left), self.eval(right)
                if any(isinstance(o, Text) for o in (*alternatives(a), *alternatives(b))):
                    return concat(_as_text(a), _as_text(b))
                return Unknown()
            if op in ("||", "??"):
                return union([self.eval(left), self.eval(right)])
            return Unknown()
        if kind == "ternary_expression":
            return union(
                [self.eval(node.child_by_field_name("consequence")), self.eval(node.child_by_field_name("alternative"))]
            )
        if kind in ("identifier", "shorthand_property_identifier"):  # { headers } is { headers: headers }
            return self._identifier(node)
        if kind in ("member_expression", "subscript_expression"):
            obj = node.child_by_field_name("object")
            prop = (
                node.child_by_field_name("property")
                if kind == "member_expression"
                else node.child_by_field_name("index")
            )
            if prop is None:
                return Unknown()
            name = key_of(prop, self.text) if kind == "member_expression" else _literal(self.eval(prop))
            if name is None:
                return Unknown()
            return union([self.member(option, name, node) for option in alternatives(self.eval(obj))])
        if kind == "object":
            return JsObject(node, tuple(self._entries(node)))
        if kind == "this":
            klass = self.class_of(node)
            return JsThis(klass) if klass is not None else Unknown()
        if kind in FUNCTIONS:
            return JsFunction(node)
        if kind in ("call_expression", "new_expression"):
            return self.call_value(node)
        if kind == "sequence_expression":
            return self.eval(node.named_children[-1]) if node.named_children else Unknown()
        if kind == "assignment_expression":
            return self.eval(node.child_by_field_name("right"))
        return Unknown()

    def _entries(self, node: Node) -> Iterator[tuple[str | None, Node]]:
        for entry in node.named_children:
            if entry.type == "pair":
                key = entry.child_by_field_name("key")
                # a pair always has a value (tree-sitter's types allow None)
                yield (key_of(key, self.text) if key is not None else None), entry.child_by_field_name("value")  # type: ignore[misc]
            elif entry.type == "shorthand_property_identifier":
                yield self.text(entry), entry
            elif entry.type != "comment":
                yield None, entry

    def char_offset(self, byte_offset: int) -> int:
        """The character offset of a byte offset (through the line: no whole-prefix decode)."""
        if len(self.parsed.source) == len(self.parsed.text):
            return byte_offset
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(self.parsed.text)]
        line, column = self.parsed.position(byte_offset)
        return self._line_starts[line - 1] + column - 1

    def template_text(self, node: Node) -> str | None:
        """The template's own text of a string literal that is one template tag inside its
        quotes (`'{{ AUTH0_DOMAIN }}'` -> `{{ AUTH0_DOMAIN }}`), else None."""
        if self._blanked is None or self.original is None or node.type != "string":
            return None
        start, end = self.char_offset(node.start_byte) + 1, self.char_offset(node.end_byte) - 1
        inner = self.original[start:end]
        tag = inner.strip()
        blanked = start + len(inner) - len(inner.lstrip()) in self._blanked
        return tag if blanked and _TEMPLATE_TAG.fullmatch(tag) else None

    def _fragment(self, node: Node) -> list[str | Value]:
        """A string piece; characters the template engine fills in are a hole."""
        text = self.text(node)
        if node.type == "escape_sequence":
            return [_unescape(text)]
        if self._blanked is None:
            return [text]
        start = self.char_offset(node.start_byte)
        parts: list[str | Value] = []
        for i, ch in enumerate(text):
            if start + i in self._blanked:
                if not parts or isinstance(parts[-1], str):
                    parts.append(Unknown("template"))
            elif parts and isinstance(parts[-1], str):
                parts[-1] += ch
            else:
                parts.append(ch)
        return parts

    def _string(self, node: Node) -> Text:
        parts: list[str | Value] = []
        for child in node.named_children:
            if child.type in ("string_fragment", "escape_sequence"):
                parts.extend(self._fragment(child))
        return concat(Text(tuple(parts)))

    def _template(self, node: Node) -> Text:
        pieces: list[Value] = []  # a substitution that is one string is spliced in
        for child in node.named_children:
            if child.type in ("string_fragment", "escape_sequence"):
                pieces.append(Text(tuple(self._fragment(child))))
            elif child.type == "template_substitution":
                inner = child.named_children
                pieces.append(_as_text(self.eval(inner[0])) if inner else Text((Unknown(),)))
        return concat(*pieces)

    def _identifier(self, node: Node) -> Value:
        name = self.text(node)
        if name == "undefined":
            return Unknown()
        bindings = self.resolve(name, node)
        if not bindings:
            return JsName(name)  # a global (window.auth0, fetch, $, localStorage)
        return union([self.binding_value(b, how) for b, how in bindings])

    def binding_value(self, node: Node, how: str) -> Value:
        base, _, path = how.partition("|")
        if base.startswith("name:"):
            value: Value = JsName(base[5:])
        elif base == "function":
            value = JsFunction(node)
        elif base == "assign":
            value = self.eval(node.child_by_field_name("right"))
        elif base == "declare":
            declarator: Node | None = node
            while declarator is not None and declarator.type != "variable_declarator":
                declarator = declarator.parent
            if declarator is None:
                return Unknown()
            loaded = self._module_name(declarator, path)
            if loaded is not None:
                return loaded  # const axios = require("axios"); const { WebAuth } = require("auth0-js")
            value = self.eval(declarator.child_by_field_name("value"))
        elif base.startswith("param:"):
            value = self.param_value(node, int(base[6:]))
        else:
            value = Unknown()
        for name in filter(None, path.split(".")):
            value = union([self.member(option, name, node) for option in alternatives(value)])
        return value

    def _module_name(self, declarator: Node, path: str) -> JsName | None:
        value = declarator.child_by_field_name("value")
        function = (
            value.child_by_field_name("function") if value is not None and value.type == "call_expression" else None
        )
        if function is None or function.type != "identifier" or self.text(function) not in self.js.module_loaders:
            return None
        if path:
            return JsName(path.strip(".").split(".")[0])
        target = declarator.child_by_field_name("name")
        return JsName(self.text(target)) if target is not None and target.type == "identifier" else None

    def param_value(self, node: Node, index: int) -> Value:
        """A parameter's value: what callbacks registered for it (parseHash's authResult), or
        the arguments of the file's calls of the function by name."""
        function: Node | None = node
        while function is not None and function.type not in FUNCTIONS:
            function = function.parent
        if function is None:
            return Unknown()
        options = [thunk() for i, thunk in self._param_sources.get(function.id, []) if i == index]
        name = self._function_name(function)
        for call in self._calls_by_name.get(name or "", []) if name else []:
            args = call_arguments(call)
            if index < len(args):
                options.append(self.eval(args[index]))
        # As in Python: a parameter named id_token is taken at its word only where nothing
        # better is known (Lock 9's `lock.show(function (err, profile, id_token) {...})`).
        target = (
            node.child_by_field_name("pattern") if node.type in ("required_parameter", "optional_parameter") else node
        )
        if (
            not options
            and target is not None
            and target.type == "identifier"
            and self.text(target) in self.js.injected_services
        ):
            return JsName(self.text(target))  # AngularJS injects the service by its parameter name
        if (
            target is not None
            and target.type == "identifier"
            and self.text(target).lower() in self.knowledge.id_token_parameter_names
        ):
            weak = Token("id", target, f"parameter {self.text(target)}", weak=True)
            options = [weak if isinstance(option, Unknown) else option for option in options] or [weak]
        return union(options) if options else Unknown()

    @staticmethod
    def class_of(node: Node) -> Node | None:
        """The class whose instance `this` is at `node` (arrow functions keep the outer `this`;
        any other function has its own, which is not followed)."""
        current = node.parent
        while current is not None:
            if current.type == "method_definition" or (current.type == "field_definition"):
                body = current.parent
                klass = body.parent if body is not None else None
                return klass if klass is not None and klass.type in CLASSES else None
            if current.type in FUNCTIONS and current.type != "arrow_function":
                return None
            current = current.parent
        return None

    def class_member(self, klass: Node, name: str) -> Value:
        """`this.name`: a method or field of the class, or what the class assigns to it."""
        body = klass.child_by_field_name("body")
        options: list[Value] = []
        for member in body.named_children if body is not None else []:
            key = member.child_by_field_name("name" if member.type == "method_definition" else "property")
            if key is None or self.text(key) != name:
                continue
            if member.type == "method_definition":
                options.append(JsFunction(member))
            elif member.child_by_field_name("value") is not None:
                options.append(self.eval(member.child_by_field_name("value")))
        for target, written, value in self._property_writes:
            if (
                written == name
                and target.type == "this"
                and (owner := self.class_of(target)) is not None
                and owner.id == klass.id
            ):
                options.append(self.eval(value))
        return union(options) if options else Unknown()

    def _function_name(self, function: Node) -> str | None:
        name = function.child_by_field_name("name")
        if name is not None and function.type == "method_definition":
            return "this." + self.text(name)  # called as this.name(...) in its class
        if name is not None:
            return self.text(name)
        parent = function.parent
        if parent is not None and parent.type == "variable_declarator":
            target = parent.child_by_field_name("name")
            if target is not None and target.type == "identifier":
                return self.text(target)
        return None

    def register_callback(self, callback: Node | None, index: int, thunk: Callable[[], Value]) -> None:
        """`callback` (a function, or a name of one) gets `thunk()` as its parameter `index`."""
        for option in alternatives(self.eval(callback)) if callback is not None else ():
            if isinstance(option, JsFunction):
                self._param_sources.setdefault(option.node.id, []).append((index, thunk))

    def returns(self, function: Node) -> Value:
        """What a function may return (an arrow's expression body, or its return statements)."""
        body = function.child_by_field_name("body")
        if body is None:
            return Unknown()
        if body.type != "statement_block":
            return self.eval(body)
        values = []
        for node in walk(body):
            if node.type == "return_statement" and self.scope_of(node) == function.id and node.named_children:
                values.append(self.eval(node.named_children[0]))
        return union(values) if values else Unknown()

    # ------------------------------------------------------------------ properties
    def member(self, value: Value, name: str, node: Node) -> Value:
        """`value.name` / `value["name"]`. As in Python, an `idToken`/`id_token` (or access
        token) property of anything not known to lack it is that token: the key tells."""
        if isinstance(value, JsName):
            if value.name in self.js.global_objects:
                return JsName(name)  # window.fetch is fetch
            if value.name in self.js.storage_objects:  # localStorage.id_token
                return self.stored_value(value.name, name, node)
            return self._token(name, node, None) or JsName(f"{value.name}.{name}")
        if isinstance(value, JsObject):
            entries = self.entries(value)
            found = [self.eval(entry) for key, entry in entries if key == name]
            if found:
                return union(found)
            if all(key is not None for key, _ in entries):
                return Unknown()  # a closed literal without the key
        if isinstance(value, JsThis):
            return self.class_member(value.node, name)
        if isinstance(value, JsInstance) and value.kind in ("request", "hook"):
            surface = self.js.request_surface(value.name)
            if surface is not None and name in (*surface.access_token_methods, *surface.id_claims_methods):
                return JsMethod(value, name)
        if isinstance(value, IdClaims) and name == self.js.raw_id_token_property:
            return Token("id", node, self.text(node), request=value.request)
        if isinstance(value, JsResponse) and value.request is not None and name in self.js.response_body_properties:
            return TokenResponse(value.request)
        if isinstance(value, (Token, Text, JsFunction)):
            return Unknown()
        request = value.request if isinstance(value, TokenResponse) else None
        return self._token(name, node, request) or Unknown()

    def _token(self, key: str, node: Node, request: str | None) -> Token | None:
        if key in self.knowledge.id_token_keys:
            return Token("id", node, self.text(node), request=request)
        if key in self.knowledge.access_token_keys:
            return Token("access", node, self.text(node), request=request)
        return None


def callee(ev: ScriptValues, call: Node) -> tuple[list[Value], str | None]:
    """(the receiver's values, the method name) for `recv.method(...)`; ([function values], None)."""
    function = call.child_by_field_name("constructor" if call.type == "new_expression" else "function")
    if function is None:
        return [], None
    if function.type == "member_expression":
        prop = function.child_by_field_name("property")
        name = key_of(prop, ev.text) if prop is not None else None
        if name is not None:
            return list(alternatives(ev.eval(function.child_by_field_name("object")))), name
    return list(alternatives(ev.eval(function))), None


def method_calls(ev: ScriptValues, name: str, min_args: int) -> Iterator[tuple[Node, list[Value], list[Node]]]:
    """(call, receiver values, arguments) of every `receiver.name(...)` call with enough arguments."""
    for call in ev.calls:
        if call.type != "call_expression":
            continue
        receivers, method = callee(ev, call)
        args = call_arguments(call)
        if method == name and len(args) >= min_args:
            yield call, receivers, args


def call_arguments(call: Node) -> list[Node]:
    arguments = call.child_by_field_name("arguments")
    if arguments is None or arguments.type != "arguments":
        return []
    return [a for a in arguments.named_children if a.type != "comment"]


def _as_text(value: Value) -> Text:
    options = list(alternatives(value))
    if len(options) == 1 and isinstance(options[0], Text):
        return options[0]
    return Text((value,))


def _literal(value: Value) -> str | None:
    options = list(alternatives(value))
    if len(options) == 1 and isinstance(options[0], Text):
        return options[0].literal()
    return None


def literal(value: Value) -> str | None:
    return _literal(value)


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _unescape(text: str) -> str:
    body = text[1:]
    return _ESCAPES.get(body, body if len(body) == 1 else text)
