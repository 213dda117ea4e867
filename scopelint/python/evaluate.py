"""Value provenance inside a module: what an expression may hold, and where it came from.

The evaluator is demand-driven and memoised: rules ask for the value of the few
expressions that matter (a URL argument, a header value), and the evaluator follows
names to their assignments (the last one before the use, or every branch that may reach
it), attributes set in `__init__`, function parameters to the module's own call sites,
calls to the module's functions to their `return`s, dicts to their later updates, and so
on. Cycles and very deep chains end in `Unknown`, never in a RecursionError.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import libcst as cst

from scopelint.facts.values import (
    CallResult,
    Encoded,
    Function,
    Instance,
    Klass,
    Mapping,
    RegistryClient,
    Response,
    SessionStore,
    SessionValue,
    Symbol,
    Text,
    Token,
    TokenResponse,
    Unknown,
    Value,
    alternatives,
    concat,
    read_back,
    union,
)
from scopelint.facts.values import (
    Sequence as SequenceValue,
)
from scopelint.packs.knowledge import ArgSpec, Knowledge
from scopelint.python.collect import Syntax, self_parameter
from scopelint.python.scopes import Binding
from scopelint.python.syntax import argument, is_browser_field, literal_string

if TYPE_CHECKING:
    from scopelint.python.http import HttpRecognizer
    from scopelint.python.token_requests import TokenRequestFinder

MAX_DEPTH = 60
MAX_STEPS = 200_000  # evaluations per module
_SESSION_SYMBOLS = {"flask.session", "quart.session", "flask.globals.session"}
_ENCODERS = {"urllib.parse.urlencode", "urllib.urlencode", "json.dumps"}
_ENV_GETTERS = {"os.getenv", "os.environ.get", "os.environ.__getitem__"}
_BLOCKS = (cst.IndentedBlock, cst.SimpleStatementSuite, cst.Module)


class PythonEvaluator:
    def __init__(self, module: cst.Module, syntax: Syntax, knowledge: Knowledge, path: str = "") -> None:
        self.module = module
        self.syntax = syntax
        self.knowledge = knowledge
        self._index = syntax.scopes
        self._memo: dict[cst.CSTNode, Value] = {}
        self._cuts = 0
        self._steps = 0
        self._attributes: dict[tuple[cst.ClassDef, str], Value] = {}
        self._attributes_active: set[tuple[cst.ClassDef, str]] = set()
        self._parameters: dict[cst.Param, Value] = {}
        self._parameters_active: set[cst.Param] = set()
        self._active: set[int] = set()  # ids of the nodes being evaluated
        self._call_sites: dict[cst.FunctionDef, list[tuple[cst.Call, bool]]] | None = None
        self._mutations: dict[cst.CSTNode, list] | None = None
        self._header_mutations: dict[cst.CSTNode, list] = {}
        self._session_writes: dict[str, list[cst.BaseExpression]] = {}
        self._verified: dict[cst.CSTNode, cst.Call] | None = None
        self._instance_classes = knowledge.instance_classes()
        # What recognises HTTP requests and token requests is given by the front end that
        # builds the evaluator (both ask the evaluator for values in turn).
        self.http: HttpRecognizer
        self.requests: TokenRequestFinder

    # ------------------------------------------------------------------ helpers
    @property
    def budget_exhausted(self) -> bool:
        """Some value was left unknown because the module's evaluation budget ran out."""
        return self._steps > MAX_STEPS

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return self._index.parent(node)

    def source(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)

    def qualified_name(self, node: cst.CSTNode) -> str | None:
        return self._index.qualified_name(node)

    def host_expression(self, node: cst.CSTNode | None, depth: int = 0) -> tuple[str, str] | None:
        """Where a URL or domain expression names its host: ("literal", "acme.auth0.com") or
        ("expr", "DOMAIN") -- the source of an expression that holds the domain."""
        if node is None or depth > 5:
            return None
        if isinstance(node, cst.SimpleString):
            text = literal_string(node)
            if text is None:
                return None
            match = re.match(r"^(?:[a-zA-Z]+://)?([^/?#]+)", text)
            return ("literal", match.group(1)) if match else None
        if isinstance(node, cst.FormattedString):
            parts = node.parts
            for index, part in enumerate(parts):
                if isinstance(part, cst.FormattedStringExpression):
                    before = "".join(p.value for p in parts[:index] if isinstance(p, cst.FormattedStringText))
                    if before in ("", "https://", "http://") and all(
                        isinstance(p, cst.FormattedStringText) for p in parts[:index]
                    ):
                        return ("expr", self.source(part.expression))
                    return None
            # no expression among the parts: all are FormattedStringText (LibCST types them as the base)
            return self.host_expression(cst.SimpleString(repr("".join(p.value for p in parts))), depth + 1)  # type: ignore[attr-defined]
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
            left = node.left
            if isinstance(left, cst.BinaryOperation):  # "https://" + DOMAIN + "/x"
                inner = left
                if isinstance(inner.left, cst.SimpleString) and literal_string(inner.left) in ("https://", "http://"):
                    return ("expr", self.source(inner.right))
            return self.host_expression(left, depth + 1)
        if isinstance(node, (cst.Name, cst.Attribute)):
            value = self.eval(node)
            literal = value.literal() if isinstance(value, Text) else None
            if literal is not None and "/" not in literal.split("://", 1)[-1]:
                return ("literal", literal.split("://", 1)[-1])
            if isinstance(node, cst.Name):
                binding = self._single_binding(node)
                if binding is not None and isinstance(binding, (cst.FormattedString, cst.BinaryOperation)):
                    return self.host_expression(binding, depth + 1)
            if literal is None or "/" not in literal.split("://", 1)[-1]:
                return ("expr", self.source(node))
            return self.host_expression(cst.SimpleString(repr(literal)), depth + 1)
        return None

    def _single_binding(self, node: cst.Name) -> cst.BaseExpression | None:
        found = self._index.bindings(node)
        if len(found) != 1:
            return None
        parent = self.parent(found[0].node)
        if isinstance(parent, cst.AssignTarget):
            statement = self.parent(parent)
            if isinstance(statement, cst.Assign):
                return statement.value
        return None

    def visible_at(self, source: str, node: cst.CSTNode) -> bool:
        """Whether the root name of expression `source` is visible where `node` is."""
        root = re.match(r"[A-Za-z_][A-Za-z0-9_]*", source)
        return root is not None and self._index.visible(root.group(0), node)

    # ------------------------------------------------------------------ entry point
    def eval(self, node: cst.BaseExpression) -> Value:
        value = self._memo.get(node)  # values are never None
        if value is not None:
            return value
        key = id(node)  # the node is alive while it is evaluated
        if key in self._active or len(self._active) > MAX_DEPTH:
            self._cuts += 1
            return Unknown()
        self._steps += 1
        if self._steps > MAX_STEPS:
            # Values cut short by cycles are recomputed on later questions; in pathological
            # modules (many methods that read and rewrite the same attribute) that grows
            # exponentially. A budget per module keeps every file bounded: past it, what is
            # not known yet stays unknown (scopelint says nothing rather than guess).
            self._memo[node] = Unknown()
            return self._memo[node]
        cuts = self._cuts
        self._active.add(key)
        try:
            value = self._eval(node)
        except RecursionError:
            value = Unknown()
        finally:
            self._active.discard(key)
        # A value computed while a cycle was cut short is partial: keep it only for the
        # outermost evaluation, so that a later question gets a complete answer.
        if cuts == self._cuts or not self._active:
            self._memo[node] = value
        return value

    def _eval(self, node: cst.BaseExpression) -> Value:
        # One lookup by the node's type rather than a chain of isinstance checks (each a
        # slow ABC check for LibCST's classes). The parser makes no subclass of these.
        evaluate = _EVALUATORS.get(type(node))
        return evaluate(self, node) if evaluate is not None else Unknown()

    def _literal(self, node: cst.SimpleString | cst.ConcatenatedString) -> Value:
        literal = literal_string(node)
        if literal is not None:
            return Text((literal,))
        if isinstance(node, cst.ConcatenatedString):
            return concat(self.eval(node.left), self.eval(node.right))
        return Unknown()  # bytes

    def _number(self, node: cst.Integer | cst.Float) -> Value:
        return Text((node.value,))

    def _sequence(self, node: cst.List | cst.Tuple) -> Value:
        if any(isinstance(e, cst.StarredElement) for e in node.elements):
            return Unknown()
        style = "list" if isinstance(node, cst.List) else "tuple"
        return SequenceValue(node, tuple(self.eval(e.value) for e in node.elements), style)

    def _either(self, node: cst.IfExp | cst.BooleanOperation) -> Value:
        if isinstance(node, cst.IfExp):
            return union([self.eval(node.body), self.eval(node.orelse)])
        return union([self.eval(node.left), self.eval(node.right)])

    def _inner(self, node: cst.Await | cst.NamedExpr) -> Value:
        return self.eval(node.expression if isinstance(node, cst.Await) else node.value)

    # ------------------------------------------------------------------ strings
    def _fstring(self, node: cst.FormattedString) -> Value:
        pieces: list[Value] = []
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                pieces.append(Text((part.value.replace("{{", "{").replace("}}", "}"),)))
            elif isinstance(part, cst.FormattedStringExpression):
                pieces.append(self.eval(part.expression))
        return concat(*pieces)

    def _binary(self, node: cst.BinaryOperation) -> Value:
        if isinstance(node.operator, cst.Add):
            left, right = self.eval(node.left), self.eval(node.right)
            if isinstance(left, Text) or isinstance(right, Text):
                return concat(left, right)
            return Unknown()
        if isinstance(node.operator, cst.Modulo):
            template = self.eval(node.left)
            if isinstance(template, Text) and template.literal() is not None:
                operand = node.right
                items = [e.value for e in operand.elements] if isinstance(operand, cst.Tuple) else [operand]
                return self._printf(template.literal() or "", [self.eval(e) for e in items])
        return Unknown()

    @staticmethod
    def _printf(template: str, values: list[Value]) -> Value:
        pieces: list[Value] = []
        position = 0
        remaining = iter(values)
        for match in re.finditer(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?([a-zA-Z%])", template):
            pieces.append(Text((template[position : match.start()],)))
            if match.group(1) == "%":
                pieces.append(Text(("%",)))
            else:
                pieces.append(next(remaining, Unknown()))
            position = match.end()
        pieces.append(Text((template[position:],)))
        return concat(*pieces)

    def _format(self, template: str, call: cst.Call) -> Value:
        positional = [self.eval(a.value) for a in call.args if a.keyword is None and not a.star]
        keywords = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
        pieces: list[Value] = []
        position = 0
        auto = 0
        for match in re.finditer(r"\{\{|\}\}|\{([^{}!:]*)(?:![rsa])?(?::[^{}]*)?\}", template):
            pieces.append(Text((template[position : match.start()],)))
            text = match.group(0)
            if text in ("{{", "}}"):
                pieces.append(Text((text[0],)))
            else:
                field = match.group(1) or ""
                if field == "":
                    pieces.append(positional[auto] if auto < len(positional) else Unknown())
                    auto += 1
                elif field.isdigit():
                    index = int(field)
                    pieces.append(positional[index] if index < len(positional) else Unknown())
                elif field in keywords:
                    pieces.append(self.eval(keywords[field]))
                else:
                    pieces.append(Unknown())
            position = match.end()
        pieces.append(Text((template[position:],)))
        return concat(*pieces)

    # ------------------------------------------------------------------ names
    def _name(self, node: cst.Name) -> Value:
        bindings = self._reaching(node, self._index.bindings(node))
        if not bindings:
            qualified = self._index.qualified_name(node)  # a builtin
            return self._symbol(qualified) if qualified is not None else Unknown()
        return union(
            [self._symbol(b.qualname) if b.qualname is not None else self._verified_binding(b.node) for b in bindings]
        )

    def _verified_binding(self, target: cst.CSTNode) -> Value:
        value = self._binding(target)
        verifier_call = self.verified_bindings().get(target)
        if verifier_call is not None and not any(isinstance(v, Token) and not v.weak for v in alternatives(value)):
            # Passed to an ID-token verifier: an ID token, unless its source says otherwise.
            described = f"verified as an ID token by {self.source(verifier_call.func)}"
            return Token("id", verifier_call, described)
        return value

    def _symbol(self, qualified: str) -> Value:
        if qualified in _SESSION_SYMBOLS:
            return SessionStore("session")
        return Symbol(qualified)

    def _block_of(self, node: cst.CSTNode) -> cst.CSTNode | None:
        current = self.parent(node)
        while current is not None and not isinstance(current, _BLOCKS):
            current = self.parent(current)
        return current

    def _ancestors(self, node: cst.CSTNode) -> set[cst.CSTNode]:
        found = set()
        current = self.parent(node)
        while current is not None:
            found.add(current)
            current = self.parent(current)
        return found

    def _reaching(self, use: cst.CSTNode, referents: list[Binding]) -> list[Binding]:
        """The assignments that may reach `use`: from the last one that dominates it on.

        LibCST already drops same-scope assignments that come after the use. Of the rest,
        an assignment in a block enclosing the use hides everything before it; the ones
        in branches (if/else, try, loops) after it may all reach the use.
        """
        if len(referents) <= 1:
            return referents
        ordered = sorted(referents, key=lambda a: a.index)
        scopes = {a.scope for a in ordered}
        if len(scopes) > 1:
            return ordered
        use_ancestors = self._ancestors(use)
        reaching: list[Binding] = []
        for assignment in reversed(ordered):
            reaching.append(assignment)
            block = self._block_of(assignment.node)
            if block is not None and (block in use_ancestors):
                break
        return reaching

    def _binding(self, target: cst.CSTNode) -> Value:
        """The value bound by an assignment node (a Name target, a def, a parameter...)."""
        if not isinstance(target, cst.Name):  # the common case first: LibCST's isinstance is slow
            if isinstance(target, cst.FunctionDef):
                return Function(target)
            if isinstance(target, cst.ClassDef):
                return Klass(target)
            if isinstance(target, cst.Param):
                return self._parameter(target)
            return Unknown()  # an import
        parent = self.parent(target)
        if isinstance(parent, cst.AssignTarget):
            statement = self.parent(parent)
            if isinstance(statement, cst.Assign):
                return self.eval(statement.value)
        if isinstance(parent, cst.AnnAssign) and parent.value is not None:
            return self.eval(parent.value)
        if isinstance(parent, cst.NamedExpr):
            return self.eval(parent.value)
        if isinstance(parent, cst.AsName):
            holder = self.parent(parent)
            if isinstance(holder, cst.WithItem):
                # Clients are their own context managers: `with httpx.Client() as c`.
                return self.eval(holder.item)
            return Unknown()
        if isinstance(parent, cst.AugAssign) and isinstance(parent.operator, cst.AddAssign):
            return concat(Unknown(), self.eval(parent.value))
        if isinstance(parent, cst.Element):
            return self._unpacked(target, parent)
        if isinstance(parent, cst.For) and isinstance(parent.iter, (cst.List, cst.Tuple)):
            return union([self.eval(e.value) for e in parent.iter.elements])
        return Unknown()

    def _unpacked(self, target: cst.Name, element: cst.Element) -> Value:
        sequence = self.parent(element)
        holder = self.parent(sequence) if sequence is not None else None
        if isinstance(sequence, (cst.Tuple, cst.List)) and isinstance(holder, cst.AssignTarget):
            statement = self.parent(holder)
            if isinstance(statement, cst.Assign) and isinstance(statement.value, (cst.Tuple, cst.List)):
                index = list(sequence.elements).index(element)
                values = statement.value.elements
                if len(values) == len(sequence.elements):
                    return self.eval(values[index].value)
        return Unknown()

    # ------------------------------------------------------------------ parameters
    def _parameter(self, param: cst.Param) -> Value:
        """A parameter's values at the module's call sites, computed once (parameters of
        recursive functions are where cycles meet, like attributes)."""
        if param in self._parameters:
            return self._parameters[param]
        if param in self._parameters_active:
            self._cuts += 1
            return Unknown()
        self._parameters_active.add(param)
        try:
            value = self._parameter_values(param)
        finally:
            self._parameters_active.discard(param)
        self._parameters[param] = value
        return value

    def _parameter_values(self, param: cst.Param) -> Value:
        function = self._function_of(param)
        name = param.name.value
        weak_id = name.lower() in self.knowledge.id_token_parameter_names
        if function is None:
            return self._weak_token(param) if weak_id else Unknown(hint=name)
        owner = self.syntax.method_class.get(function)
        if owner is not None and name == self_parameter(function):
            return Instance(node=owner, klass=owner)
        values: list[Value] = []
        sites = self.call_sites().get(function, [])
        for call, bound in sites:
            arg = self._argument_for(function, param, call, bound)
            if arg is not None:
                value = self.eval(arg.value)
            elif param.default is not None:
                value = self.eval(param.default)
            else:
                value = Unknown()
            # A parameter named id_token is taken at its word only where nothing better is known.
            values.append(self._weak_token(param) if weak_id and isinstance(value, Unknown) else value)
        if not sites:
            return self._weak_token(param) if weak_id else Unknown(hint=name)
        return union(values)

    def _weak_token(self, param: cst.Param) -> Token:
        return Token("id", param.name, f"parameter {param.name.value}", weak=True)

    def _function_of(self, param: cst.Param) -> cst.FunctionDef | None:
        current = self.parent(param)
        while current is not None and not isinstance(current, (cst.FunctionDef, cst.Lambda)):
            current = self.parent(current)
        return current if isinstance(current, cst.FunctionDef) else None

    def _argument_for(self, function: cst.FunctionDef, param: cst.Param, call: cst.Call, bound: bool) -> cst.Arg | None:
        params = function.params
        positional = list(params.posonly_params) + list(params.params)
        if bound and positional:
            positional = positional[1:]
        position = positional.index(param) if param in positional else None
        keyword = None if param in params.posonly_params else param.name.value
        return argument(call, ArgSpec(position=position, keyword=keyword))

    def call_sites(self) -> dict[cst.FunctionDef, list[tuple[cst.Call, bool]]]:
        """The module's calls of its own functions and methods (bound = called on an instance)."""
        if self._call_sites is None:
            self._call_sites = {}
            for call in self.syntax.calls:
                if not isinstance(call.func, (cst.Name, cst.Attribute)):
                    continue
                for target, bound in self._callees(call.func):
                    self._call_sites.setdefault(target, []).append((call, bound))
        return self._call_sites

    def _callees(self, func: cst.BaseExpression) -> Iterator[tuple[cst.FunctionDef, bool]]:
        if isinstance(func, cst.Name):
            for value in alternatives(self.eval(func)):
                if isinstance(value, Function):
                    yield value.node, False
                elif isinstance(value, Klass):
                    init = self.syntax.class_methods.get(value.node, {}).get("__init__")
                    if init is not None:
                        yield init, True
        elif isinstance(func, cst.Attribute):
            for value in alternatives(self.eval(func.value)):
                if isinstance(value, Instance) and value.klass is not None:
                    method = self._method(value.klass, func.attr.value)
                    if method is not None:
                        yield method, True

    def _method(self, klass: cst.ClassDef, name: str) -> cst.FunctionDef | None:
        return self.syntax.class_methods.get(klass, {}).get(name)

    # ------------------------------------------------------------------ attributes
    def _attribute(self, node: cst.Attribute) -> Value:
        qualified = self.qualified_name(node)
        if qualified is not None:
            return self._symbol(qualified)
        attr = node.attr.value
        base = self.eval(node.value)
        results: list[Value] = []
        for option in alternatives(base):
            results.append(self._attribute_of(option, attr, node))
        return union(results)

    def _attribute_of(self, base: Value, attr: str, node: cst.Attribute) -> Value:
        if isinstance(base, Instance) and base.klass is not None:
            values = self.syntax.instance_attributes.get((base.klass, attr))
            if values:
                return self._instance_attribute(base.klass, attr, values)
            method = self._method(base.klass, attr)
            if method is not None:
                return Function(method)
        if isinstance(base, Symbol):
            return self._symbol(f"{base.qualname}.{attr}")
        registry = self.knowledge.library(base.qualname, "registry") if isinstance(base, Instance) else None
        if registry is not None:
            return RegistryClient(registry.library, attr)
        token = self._token_at(base, attr, node, node.value)
        if token is not None:
            return token
        if attr == "session" and isinstance(base, Unknown):
            return SessionStore(self.source(node))
        return Unknown()

    def _instance_attribute(self, klass: cst.ClassDef, attr: str, values: list[cst.BaseExpression]) -> Value:
        """All values ever assigned to self.<attr>, computed once per class and attribute.

        Attributes are where cycles meet (`self.last = self.last[1]` in many methods): the
        value is memoised whatever cycles were cut inside it, else every method would
        recompute the others, exponentially."""
        key = (klass, attr)
        if key in self._attributes:
            return self._attributes[key]
        if key in self._attributes_active:
            self._cuts += 1
            return Unknown()
        self._attributes_active.add(key)
        try:
            value = union([self.eval(v) for v in values])
        finally:
            self._attributes_active.discard(key)
        self._attributes[key] = value
        return value

    # ------------------------------------------------------------------ subscripts / .get
    def _subscript(self, node: cst.Subscript) -> Value:
        if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
            return Unknown()
        key_value = self.eval(node.slice[0].slice.value)
        key = key_value.literal() if isinstance(key_value, Text) else None
        return self._item(self.eval(node.value), key, node)

    def _item(
        self, base: Value, key: str | None, node: cst.CSTNode, default: cst.BaseExpression | None = None
    ) -> Value:
        results: list[Value] = []
        for option in alternatives(base):
            results.append(self._item_of(option, key, node, default))
        return union(results)

    def _item_of(self, base: Value, key: str | None, node: cst.CSTNode, default: cst.BaseExpression | None) -> Value:
        if isinstance(base, Mapping):
            entries = self.mapping_entries(base)
            found = [value for k, value in entries if k == key]
            if found:
                return union([self.eval(v) for v in found])
            if not base.open and key is not None and all(k is not None for k, _ in entries):
                return self.eval(default) if default is not None else Unknown()
        if isinstance(base, Symbol) and base.qualname in ("os.environ",):
            return Unknown(hint=f"environment variable {key}")
        if isinstance(base, SessionStore) and key is not None:
            written = self.session_writes().get(key, [])
            if written:
                return read_back([self.eval(v) for v in written], key)
            token = self._token_at(base, key, node, None)
            return token if token is not None else SessionValue(key)
        receiver = (
            node.value
            if isinstance(node, cst.Subscript)
            else (node.func.value if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) else None)
        )
        token = self._token_at(base, key, node, receiver)
        if token is not None:
            return token
        if default is not None:
            return union([Unknown(), self.eval(default)])
        return Unknown()

    def _token_at(self, base: Value, key: str | None, node: cst.CSTNode, receiver: cst.CSTNode | None) -> Token | None:
        """base[key] or base.key as a token, with what is known of where it comes from."""
        if key in self.knowledge.id_token_keys:
            kind = "id"
        elif key in self.knowledge.access_token_keys:
            kind = "access"
        else:
            return None
        request = base.request if isinstance(base, TokenResponse) else None
        session_key = base.key if isinstance(base, SessionValue) else (key if isinstance(base, SessionStore) else None)
        receiver_source = self.source(receiver) if receiver is not None else ""
        if request is None:
            for settings in self.knowledge.libraries("settings"):
                container = settings.token_container
                if container and settings.settings is not None and receiver_source.endswith(container):
                    request = f"{settings.library}:{settings.settings.backend}"
                    break
        browser = request is None and session_key is None and is_browser_field(receiver_source)
        via_call = base.qualname if isinstance(base, CallResult) and request is None else None
        return Token(
            kind, node, self.source(node), request=request, session_key=session_key, browser=browser, via_call=via_call
        )

    # ------------------------------------------------------------------ dicts and their mutations
    def _dict_literal(self, node: cst.Dict) -> Value:
        entries: list[tuple[str, cst.BaseExpression]] = []
        bases: list[Mapping] = []
        open_ = False
        for element in node.elements:
            if isinstance(element, cst.DictElement):
                key = self.eval(element.key)
                literal = key.literal() if isinstance(key, Text) else None
                if literal is None:
                    open_ = True
                else:
                    entries.append((literal, element.value))
            else:  # **other
                inner = self.eval(element.value)
                if isinstance(inner, Mapping):
                    bases.append(inner)
                else:
                    open_ = True
        return Mapping(node, tuple(entries), open_, tuple(bases))

    def _dict_call(self, call: cst.Call) -> Value:
        entries: list[tuple[str, cst.BaseExpression]] = []
        bases: list[Mapping] = []
        open_ = False
        for arg in call.args:
            if arg.keyword is not None:
                entries.append((arg.keyword.value, arg.value))
            else:
                inner = self.eval(arg.value)
                if isinstance(inner, Mapping):
                    bases.append(inner)
                else:
                    open_ = True
        return Mapping(call, tuple(entries), open_, tuple(bases))

    def mapping_entries(
        self, mapping: Mapping, _seen: frozenset = frozenset()
    ) -> list[tuple[str | None, cst.BaseExpression]]:
        """A dict's entries, with the `d[k] = v` and `d.update(...)` applied to it anywhere."""
        if mapping.node in _seen:
            return []
        seen = _seen | {mapping.node}
        entries: list[tuple[str | None, cst.BaseExpression]] = []
        for base in mapping.bases:
            entries.extend(self.mapping_entries(base, seen))
        entries.extend(mapping.entries)
        entries.extend(self._expand(self.mutations().get(mapping.node, []), seen))
        return entries

    def _expand(self, items: list, seen: frozenset) -> list[tuple[str | None, cst.BaseExpression]]:
        entries: list[tuple[str | None, cst.BaseExpression]] = []
        for item in items:
            if isinstance(item, Mapping):
                entries.extend(self.mapping_entries(item, seen))
            else:
                entries.append(item)
        return entries

    def header_entries(self, instance: Instance) -> list[tuple[str | None, cst.BaseExpression]]:
        self.mutations()
        return self._expand(self._header_mutations.get(instance.node, []), frozenset())

    def mutations(self) -> dict[cst.CSTNode, list]:
        if self._mutations is None:
            self._mutations = {}
            for receiver, key_node, value in self.syntax.subscript_writes:
                key_value = self.eval(key_node)
                key = key_value.literal() if isinstance(key_value, Text) else None
                self._record_mutation(receiver, [(key, value)])
            for receiver, attribute, value in self.syntax.attribute_writes:
                if attribute == "headers":  # `session.headers = {...}` replaces the defaults
                    entries = [m for m in alternatives(self.eval(value)) if isinstance(m, Mapping)]
                    self._record_mutation(cst.Attribute(value=receiver, attr=cst.Name("headers")), entries)
            for call in self.syntax.calls:
                func = call.func
                if not isinstance(func, cst.Attribute):
                    continue
                name = func.attr.value
                if name == "update":
                    self._record_mutation(func.value, self._update_entries(call))
                elif name == "setdefault" and len(call.args) == 2:
                    key_value = self.eval(call.args[0].value)
                    key = key_value.literal() if isinstance(key_value, Text) else None
                    self._record_mutation(func.value, [(key, call.args[1].value)])
                elif len(call.args) >= 2:
                    for option in alternatives(self.eval(func.value)):
                        if not isinstance(option, Instance):
                            continue
                        client = self.knowledge.http_clients.get(option.qualname)
                        if client is not None and name in client.header_methods:
                            key_value = self.eval(call.args[0].value)
                            key = key_value.literal() if isinstance(key_value, Text) else None
                            self._header_mutations.setdefault(option.node, []).append((key, call.args[1].value))
        return self._mutations

    def _update_entries(self, call: cst.Call) -> list:
        """What `x.update(...)` adds: (key, value) pairs and whole dicts (expanded on use)."""
        entries: list = []
        for arg in call.args:
            if arg.keyword is not None:
                entries.append((arg.keyword.value, arg.value))
            else:
                entries.extend(inner for inner in alternatives(self.eval(arg.value)) if isinstance(inner, Mapping))
        return entries

    def prepare(self) -> None:
        """Module-wide facts that evaluation depends on, computed before any query so that
        no partial answer (cut short by a cycle) is ever recorded in them."""
        self.verified_bindings()
        self.mutations()

    def _record_mutation(self, receiver: cst.BaseExpression, entries: list) -> None:
        assert self._mutations is not None
        if isinstance(receiver, cst.Attribute) and receiver.attr.value == "headers":
            for owner in alternatives(self.eval(receiver.value)):
                if isinstance(owner, Instance) and owner.qualname in self.knowledge.http_clients:
                    self._header_mutations.setdefault(owner.node, []).extend(entries)
            return
        for target in alternatives(self.eval(receiver)):
            if isinstance(target, Mapping):
                self._mutations.setdefault(target.node, []).extend(entries)
            elif isinstance(target, SessionStore):
                for key, value in self._expand(entries, frozenset()):
                    if key is not None:
                        self._session_writes.setdefault(key, []).append(value)

    def session_writes(self) -> dict[str, list[cst.BaseExpression]]:
        self.mutations()
        return self._session_writes

    # ------------------------------------------------------------------ calls
    def _call(self, node: cst.Call) -> Value:
        func = node.func
        if isinstance(func, cst.Attribute):
            method = func.attr.value
            receiver = self.eval(func.value)
            results = [self._method_call(option, method, node) for option in alternatives(receiver)]
            return union(results)
        return union([self._call_of(option, node) for option in alternatives(self.eval(func))])

    def _method_call(self, receiver: Value, method: str, node: cst.Call) -> Value:
        knowledge = self.knowledge
        func = node.func
        for registry in knowledge.libraries("registry"):
            # the client is often used in another module than the registry: its method says it
            if method in registry.token_methods and isinstance(func, cst.Attribute):
                return TokenResponse(f"{registry.library}:{self.requests.registry_client_name(func.value)}")
        if isinstance(receiver, Response) and method == "json":
            request = self.requests.request_for_call(receiver.call)
            return TokenResponse(request.key) if request is not None else Unknown()
        if isinstance(receiver, Instance) and receiver.qualname:
            library = knowledge.token_library_by_name.get(receiver.qualname)
            if library is not None:
                if library.shape == "token_client":
                    request = self.requests.request_for_call(node)
                    return TokenResponse(request.key) if request is not None else Unknown()
                if library.shape == "session" and method in library.token_methods:
                    return TokenResponse(self.requests.session_request(receiver).key)
                if library.shape == "configured_client" and method in library.access_token_methods:
                    return Token("access", node, self.source(node), request=self.requests.server_key(receiver.node))
                if library.shape == "registry" and (method == library.register or method in library.client_getters):
                    name_arg = argument(node, library.client_name)
                    name = literal_string(name_arg.value) if name_arg is not None else None
                    return RegistryClient(library.library, name) if name else Unknown()
        if isinstance(receiver, Encoded) and method == "encode":
            return receiver
        if isinstance(receiver, Symbol):
            return self._call_of(self._symbol(f"{receiver.qualname}.{method}"), node)
        if method == "format" and isinstance(receiver, Text) and receiver.literal() is not None:
            return self._format(receiver.literal() or "", node)
        if method == "get" and node.args and not isinstance(receiver, (Instance, Response)):
            key_value = self.eval(node.args[0].value)
            key = key_value.literal() if isinstance(key_value, Text) else None
            default = node.args[1].value if len(node.args) > 1 else None
            return self._item(receiver, key, node, default)
        if method == "copy" and isinstance(receiver, Mapping):
            return receiver
        if method in ("strip", "rstrip", "lstrip") and isinstance(receiver, Text) and not node.args:
            return receiver
        if isinstance(receiver, Instance) and receiver.klass is not None:
            function = self._method(receiver.klass, method)
            if function is not None:
                return self._returns(function)
        if isinstance(receiver, Instance) and receiver.qualname in self.knowledge.http_clients:
            return Response(node)
        return Unknown()

    def _call_of(self, callee: Value, node: cst.Call) -> Value:
        if isinstance(callee, Function):
            return self._returns(callee.node)
        if isinstance(callee, Klass):
            return Instance(node=node, klass=callee.node)
        if not isinstance(callee, Symbol):
            return Unknown()
        name = callee.qualname
        knowledge = self.knowledge
        if name in knowledge.url_joiners and len(node.args) >= 2:
            return url_join(self.eval(node.args[0].value), self.eval(node.args[1].value))
        if name == "builtins.dict":
            return self._dict_call(node)
        if name == "builtins.str" and len(node.args) == 1:
            return self.eval(node.args[0].value)
        if name in _ENCODERS and node.args:
            return Encoded(self.eval(node.args[0].value))
        if name in self._instance_classes:
            return Instance(node=node, qualname=name)
        if name in knowledge.http_functions:
            return Response(node)
        if name in _ENV_GETTERS and node.args:
            key = self.eval(node.args[0].value)
            return Unknown(hint=f"environment variable {key.literal() if isinstance(key, Text) else ''}")
        return CallResult(hint=name, qualname=name)

    def _returns(self, function: cst.FunctionDef) -> Value:
        values = self.syntax.returns.get(function, [])
        return union([self.eval(v) for v in values]) if values else Unknown()

    # ------------------------------------------------------------------ ID-token verifiers
    def verified_bindings(self) -> dict[cst.CSTNode, cst.Call]:
        """Assignments (of names) whose value is passed to an ID-token verifier in the module."""
        if self._verified is None:
            self._verified = {}
            verifiers = self.knowledge.verifiers
            for call in self.syntax.calls:
                for name in self.callee_names(call):
                    verifier = verifiers.get(name)
                    if verifier is None:
                        continue
                    arg = argument(call, verifier.token)
                    if arg is None or not isinstance(arg.value, cst.Name):
                        continue
                    for binding in self._index.bindings(arg.value):
                        self._verified.setdefault(binding.node, call)
        return self._verified

    def callee_names(self, call: cst.Call) -> list[str]:
        """Qualified names a call may call: `requests.get`, `httpx.Client.get`, ..."""
        func = call.func
        names: list[str] = []
        if isinstance(func, cst.Attribute):
            for receiver in alternatives(self.eval(func.value)):
                if isinstance(receiver, Instance) and receiver.qualname:
                    names.append(f"{receiver.qualname}.{func.attr.value}")
                elif isinstance(receiver, Symbol):
                    names.append(f"{receiver.qualname}.{func.attr.value}")
        elif isinstance(func, cst.Name):
            for callee in alternatives(self.eval(func)):
                if isinstance(callee, Symbol):
                    names.append(callee.qualname)
        return names


# Each evaluator takes nodes of its key's type (a pairing a dict's type cannot state).
_EVALUATORS: dict[type[cst.BaseExpression], Callable[[PythonEvaluator, Any], Value]] = {
    cst.SimpleString: PythonEvaluator._literal,
    cst.ConcatenatedString: PythonEvaluator._literal,
    cst.FormattedString: PythonEvaluator._fstring,
    cst.Integer: PythonEvaluator._number,
    cst.Float: PythonEvaluator._number,
    cst.Name: PythonEvaluator._name,
    cst.Attribute: PythonEvaluator._attribute,
    cst.Subscript: PythonEvaluator._subscript,
    cst.Call: PythonEvaluator._call,
    cst.Dict: PythonEvaluator._dict_literal,
    cst.List: PythonEvaluator._sequence,
    cst.Tuple: PythonEvaluator._sequence,
    cst.BinaryOperation: PythonEvaluator._binary,
    cst.IfExp: PythonEvaluator._either,
    cst.BooleanOperation: PythonEvaluator._either,
    cst.Await: PythonEvaluator._inner,
    cst.NamedExpr: PythonEvaluator._inner,
}


def url_join(base: Value, reference: Value) -> Value:
    """urllib.parse.urljoin on partly known strings (RFC 3986 reference resolution)."""
    if not isinstance(base, Text) or not isinstance(reference, Text):
        return concat(base, reference)
    first = reference.parts[0] if reference.parts else ""
    if isinstance(first, str) and _SCHEME.match(first):
        return reference  # an absolute URL replaces the base
    if isinstance(first, str) and first.startswith("/"):
        origin = url_origin(base)  # an absolute path keeps only scheme://host
        return concat(origin if origin is not None else base, reference)
    last = base.parts[-1] if base.parts else ""
    if isinstance(last, str) and "/" in last:
        # a relative path replaces the last segment of the base path
        return concat(Text((*base.parts[:-1], last[: last.rfind("/") + 1])), reference)
    return concat(base, Text(("/",)), reference)


_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


def url_origin(url: Text) -> Text | None:
    """scheme://host of a URL whose scheme is literal, else None."""
    first = url.parts[0] if url.parts else ""
    match = _SCHEME.match(first) if isinstance(first, str) else None
    if match is None:
        return None
    origin: list = []
    for index, piece in enumerate(url.parts):
        if isinstance(piece, str):
            cut = piece.find("/", match.end() if index == 0 else 0)
            if cut >= 0:
                origin.append(piece[:cut])
                return Text(tuple(origin))
        origin.append(piece)
    return Text(tuple(origin))
