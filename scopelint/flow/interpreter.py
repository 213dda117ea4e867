"""The run-level interpreter: what every expression of every file may hold, and where it came
from, following values through functions, classes, modules and stores the way apps pass them.

It evaluates the programs the front ends lowered (`scopelint.facts.program`) over abstract
values (`scopelint.flow.values`), demand-driven and memoised:

- **Calls are analysed per context.** A function called with other arguments is analysed
  again (a request helper called with two paths yields two endpoints), up to a bound per
  function (`MAX_CONTEXTS`) and a bound of nested calls (`MAX_DEPTH`); past them, its
  parameters are unknown. A function nobody in the run calls (a view, a task, a handler)
  is analysed once with unknown parameters.
- **Modules are joined through the module graph** (`scopelint.flow.modules`): an import of a
  file of the run is that file's definition; anything else is a library name, whose meaning
  comes from the rule packs (`scopelint.flow.libraries`).
- **The heap is flow-insensitive**: what is written into a dict or an object anywhere
  (`d[k] = v`, `d.update(...)`, `self.x = v`, `session["user"] = token`) is part of it
  everywhere. Writes found late are picked up by a second pass.
- **Unknown is not absent**: a spread, `**kwargs`, an opaque call are `Unknown`, never "not
  there"; only `Nothing` (None, null, undefined) and a closed literal without the key are absent.

What the libraries see happen (requests sent, tokens requested, values stored) is recorded as
effects, which `scopelint.flow.derive` turns into the facts the rules read.
"""

from __future__ import annotations

import builtins
import re
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from scopelint.facts.program import MODULE_WRITTEN, Program
from scopelint.facts.program import Function as FunctionDef
from scopelint.flow.modules import ModuleGraph
from scopelint.flow.values import (
    BoundMethod,
    Counter,
    Encoded,
    External,
    Frame,
    Function,
    Headers,
    Instance,
    Klass,
    Mapping,
    Member,
    Module,
    Nothing,
    Partial,
    Ref,
    Sequence,
    Store,
    Text,
    Token,
    Unknown,
    Value,
    alternatives,
    concat,
    literal_of,
    union,
    with_entry,
)

if TYPE_CHECKING:
    from scopelint.flow.libraries import Libraries
    from scopelint.packs.knowledge import Knowledge

MAX_DEPTH = 8  # nested calls followed from a root
MAX_CONTEXTS = 24  # distinct ways of calling one function that are analysed apart
MAX_ACTIVE = 120  # evaluations in progress at once (deeper chains are unknown)
# Evaluations charged to a file (what its code costs, wherever it is called from): a base
# plus a share per node, so a run's budget grows with the run and a file that exhausts its
# own is the one reported as analysed in part; past it, what is not known yet stays unknown.
STEPS_PER_FILE = 50_000
STEPS_PER_NODE = 60
PASSES = 2  # a second pass sees the writes the first one found late
_PATH_MASK = (1 << 20) - 1  # a memo key's file number (`eval`)

_PY_BUILTINS = frozenset(dir(builtins))
_BROWSER_FIELD = re.compile(
    r"\.(form|args|values|json|POST|GET|query_params|data|body|query|params|cookies)$|get_json\(\)$"
)


@dataclass(frozen=True)
class Arg:
    """An argument at a call site: its kind ("pos", "kw", "star", "dstar"), its keyword, its
    value, and the expression it is written as."""

    kind: str
    keyword: str | None
    value: Value
    ref: Ref | None


@dataclass
class Write:
    """`target[key] = value` / `target.key = value`: the value, evaluated where it is written
    (lazily: reading a dict must not evaluate everything ever written into any dict)."""

    key: str | None  # None: a key not statically known (the dict is then open)
    path: str
    node: int | None  # the value's node, evaluated in `frame`
    frame: Frame | None
    value: Value | None = None  # or the value itself (built by a library)
    ref: Ref | None = None  # where it is written


@dataclass(frozen=True)
class ModuleVariable:
    """A module's variable that its functions assign (`let token; function set(t) { token = t }`):
    what they assign is written to it on the heap, evaluated in the frames that assign it, and
    every function reading the variable sees it."""

    path: str
    name: str


@dataclass
class Heap:
    """What is written into objects, by the object (a `Mapping`, an `Instance`, a store), and
    what a pass read before it was written: the files of those writes (`late`) are the ones
    whose apps the next pass analyses again."""

    writes: dict[Hashable, list[Write]] = field(default_factory=dict)  # by Value or ModuleVariable
    read: set[Hashable] = field(default_factory=set)  # objects, and keys of the libraries' shared state
    late: set[str | None] = field(default_factory=set)  # None: a write every app may read

    def add(self, target: Hashable, write: Write) -> None:
        found = self.writes.setdefault(target, [])
        for existing in found:
            if (existing.key, existing.path, existing.node, existing.frame, existing.value) == (
                write.key,
                write.path,
                write.node,
                write.frame,
                write.value,
            ):
                return
        found.append(write)
        if target in self.read:
            self.late.add(write.path)

    def of(self, target: Hashable) -> list[Write]:
        self.read.add(target)
        return self.writes.get(target, [])

    def shared_read(self, key: Hashable) -> None:
        """A read of a library's state kept across passes (a store's key, a registry's client)."""
        self.read.add(key)

    def shared_write(self, key: Hashable, path: str | None) -> None:
        """A new entry under `key`, written by `path` (None: what another app reads)."""
        if key in self.read:
            self.late.add(path)

    def changed(self, path: str) -> None:
        """Something `path`'s app may have read before, whatever its key."""
        self.late.add(path)


class Interpreter:
    def __init__(
        self,
        programs: Iterable[Program],
        graph: ModuleGraph,
        knowledge: Knowledge,
        texts: dict[str, str],
        libraries_factory: Callable[[Interpreter], Libraries],
        custom_domains: tuple[str, ...] = (),
    ) -> None:
        self.programs: dict[str, Program] = {p.path: p for p in programs}
        self.graph = graph
        self.knowledge = knowledge
        self.texts = texts
        self.custom_domains = custom_domains
        self.budgets: dict[str, Counter] = {}
        self.heap = Heap()
        self._frames: dict[Frame, Frame] = {}
        # evaluations by (path, node, frame), packed into one int (`_key`): frames are
        # interned (`frame()`) and `_frames` keeps them alive, so identity is equality, and a
        # key hashes without calling a frame's `__hash__` (eval is the hottest function of a
        # run). An int rather than a tuple: a large tree holds millions of these keys.
        self._memo: dict[int, Value] = {}
        self._partial: dict[int, Value] = {}
        self._active: set[int] = set()
        self._path_numbers = {path: number for number, path in enumerate(sorted(self.programs))}
        self._literals: dict[str, Text] = {}
        self._constructing: set[Frame] = set()  # constructors whose writes are being recorded
        self._properties: dict[tuple[str, int], bool] = {}  # (path, function) -> a property getter?
        self._cuts = 0
        self._returns: dict[Frame, Value] = {}
        # each function's contexts, in the order met (a dict as an ordered set of frames)
        self.contexts: dict[tuple[str, int], dict[Frame, None]] = {}
        self._queue: deque[Frame] = deque()
        self._starts: dict[str, list[int]] = {}
        self._function_spans: dict[str, list[tuple[tuple[int, int, int, int], int]]] = {}
        self._url_strings_by_function: dict[str, dict[int, list[int]]] = {}
        self._analysed: set[Frame] = set()
        self.lib = libraries_factory(self)
        self._handlers: dict[str, Callable[[str, tuple[Any, ...], int, Frame | None], Value]] = {
            "str": self._str,
            "num": self._num,
            "const": self._const,
            "unknown": self._unknown,
            "concat": self._concat,
            "add": self._add,
            "percent": self._percent,
            "div": self._div,
            "format": self._format_node,
            "union": self._union,
            "alias": self._alias,
            "var": self._var,
            "param": self._param_node,
            "this": self._this,
            "global": self._global,
            "import": self._import,
            "function": self._function,
            "class": self._class,
            "attr": self._attr_node,
            "item": self._item_node,
            "call": self._call_node,
            "new": self._call_node,
            "jsx": self._call_node,
            "dict": self._dict,
            "list": self._sequence,
            "tuple": self._sequence,
            "spread": self._spread,
        }

    # ================================================================== the run
    def run(self) -> None:
        """Analyse every file: module top levels first, then everything they call, then
        every function nobody calls (views, tasks, handlers), with unknown parameters. A
        second pass analyses again the apps where something was written after it was read
        (apps share nothing: the others' results stand)."""
        again: set[int] | None = None  # the apps a pass analyses (None: all)
        for number in range(PASSES):
            if number:
                late = self.heap.late
                if not late:
                    break
                again = None if None in late else {self.graph.app_of(path) for path in late if path is not None}
                self._forget(again)
            self.heap.late = set()
            known = [frame for frames in self.contexts.values() for frame in frames if self._in(frame.path, again)]
            paths = [path for path in sorted(self.programs) if self._in(path, again)]
            for path in paths:
                self.schedule(self.frame(path, 0, called=True))
            for frame in known:  # a later pass analyses again what the first one found
                self.schedule(frame)
            self._drain()
            # Roots: what nobody in the run calls is called by a framework, with parameters
            # the run cannot see. Functions some call names get their callers' contexts
            # first; only those still without one are analysed as roots afterwards.
            called = self._called_names()  # by app: an app's roots do not depend on another's code
            for tier in (False, True):
                for path in paths:
                    program = self.programs[path]
                    for index in range(1, len(program.functions)):
                        if (program.functions[index].name in called.get(self.graph.app_of(path), ())) != tier:
                            continue
                        if not self.contexts.get((path, index)):
                            self.schedule(self.frame(path, index, called=False))
                            self._drain()

    def _in(self, path: str, apps: set[int] | None) -> bool:
        return apps is None or self.graph.app_of(path) in apps

    def _forget(self, apps: set[int] | None) -> None:
        """What a pass found in `apps` (None: everywhere), but the writes: the next pass
        evaluates and records it again, seeing every write."""
        if apps is None:
            self._memo.clear()
            self._returns.clear()
            self._analysed.clear()
            self.lib.reset(None)
            return
        paths = {path for path in self.programs if self.graph.app_of(path) in apps}
        numbers = {self._path_numbers[path] for path in paths}
        self._memo = {key: value for key, value in self._memo.items() if (key >> 24) & _PATH_MASK not in numbers}
        self._returns = {frame: value for frame, value in self._returns.items() if frame.path not in paths}
        self._analysed = {frame for frame in self._analysed if frame.path not in paths}
        self.lib.reset(paths)

    def _budget(self, path: str) -> Counter:
        """A file's steps: a base, and more for a bigger file."""
        budget = self.budgets.get(path)
        if budget is None:
            budget = self.budgets[path] = Counter(STEPS_PER_FILE + STEPS_PER_NODE * len(self.programs[path].nodes))
        return budget

    @property
    def exhausted(self) -> list[str]:
        """The files whose budget ran out: analysed in part, findings may be missing."""
        return sorted(path for path, budget in self.budgets.items() if budget.exhausted)

    def frame(
        self,
        path: str,
        function: int,
        args: tuple[tuple[int, Value], ...] = (),
        this: Value | None = None,
        closure: Frame | None = None,
        depth: int = 0,
        called: bool = False,
    ) -> Frame:
        # a root: nobody in the run calls it this way. The depth is not part of a frame's
        # identity: the first way of reaching it is kept (its analysis serves every depth)
        frame = Frame(path, function, args, this, closure, depth if called else 0, called)
        return self._frames.setdefault(frame, frame)

    def schedule(self, frame: Frame) -> None:
        key = (frame.path, frame.function)
        self.contexts.setdefault(key, {})[frame] = None
        if frame not in self._analysed:
            self._queue.append(frame)

    def _drain(self) -> None:
        while self._queue:
            frame = self._queue.popleft()
            if frame in self._analysed:
                continue
            self._analysed.add(frame)
            try:
                self.analyse(frame)
            except RecursionError:  # a value nested past Python's stack: this context is given up
                self._budget(frame.path).exhausted = True

    def analyse(self, frame: Frame) -> None:
        """Everything a function does in one context: its writes first (so that its reads
        see them), then its calls, whose libraries record what is sent and stored."""
        program = self.programs[frame.path]
        function = program.functions[frame.function]
        if frame.function == 0:
            self._settings(frame.path, frame)
        self._record_writes(frame)
        for node in self._url_strings(frame.path).get(frame.function, ()):  # /authorize URLs written as strings
            self.lib.authorize_urls(Ref(frame.path, node), self.eval(frame.path, node, frame), frame)
        for call in function.calls:
            if self._mutates(program, call):  # d.update(...), storage.setItem(...): writes too
                self.eval(frame.path, call, frame)
        for call in function.calls:
            self.eval(frame.path, call, frame)
        if function.kind == "method" and function.owner is not None and self.knowledge.request_attribute_hooks:
            self._request_attributes(frame, function)

    def _request_attributes(self, frame: Frame, function: FunctionDef) -> None:
        """A framework's per-request hook (DRF's `authenticate` returning `(user, auth)`): the
        items it returns are the request's attributes (`request.auth`), for the app's readers."""
        assert function.owner is not None
        hooks = [h for h in self.knowledge.request_attribute_hooks if h.method == function.name]
        if not hooks:
            return
        bases = set(self._library_bases(Klass(frame.path, function.owner)))
        for hook in hooks:
            if not bases.intersection(hook.bases):
                continue
            for option in alternatives(self.returns(frame)):
                items = self.sequence_items(option) if isinstance(option, Sequence) else None
                for name, value in zip(hook.items, items or (), strict=False):
                    if name:  # "": an item the hook does not put on the request
                        self.lib.request_attribute(name, value, Ref(frame.path, function.returns[0]))

    def _library_bases(self, klass: Klass, _depth: int = 0) -> Iterator[str]:
        """The qualified names of the classes not of the run that a class of the run derives
        from, depth first in the order of its bases."""
        if _depth > 10:
            return
        definition = self.programs[klass.path].classes[klass.index]
        for base_node in definition.bases:
            for option in alternatives(self.eval(klass.path, base_node, self.frame(klass.path, 0, called=True))):
                if isinstance(option, External):
                    yield option.qualname
                elif isinstance(option, Klass):
                    yield from self._library_bases(option, _depth + 1)

    def _called_names(self) -> dict[int, set[str]]:
        """The names calls call, by app: `f(...)`, `obj.f(...)`, `module.f(...)`, `f.delay(...)`."""
        by_app: dict[int, set[str]] = {}
        for program in self.programs.values():
            names = by_app.setdefault(self.graph.app_of(program.path), set())
            nodes = program.nodes
            for function in program.functions:
                for call in function.calls:
                    callee = nodes[nodes[call][1]] if isinstance(nodes[call][1], int) else None
                    while callee is not None and callee[0] in ("var", "alias"):
                        callee = nodes[callee[1]] if callee[1] >= 0 else None
                    if callee is None:
                        continue
                    if callee[0] == "attr":
                        names.add(callee[2])
                        inner = nodes[callee[1]]
                        while inner[0] in ("var", "alias") and inner[1] >= 0:
                            inner = nodes[inner[1]]
                        if inner[0] == "function":  # task.delay(...), fn.call(...)
                            names.add(program.functions[inner[1]].name)
                    elif callee[0] == "function":
                        names.add(program.functions[callee[1]].name)
                    elif callee[0] == "import":
                        imported = program.imports[callee[1]]
                        names.add(imported.name or imported.local or "")
                    elif callee[0] == "class":
                        names.update(("__init__", "constructor"))
        return by_app

    def _settings(self, path: str, frame: Frame) -> None:
        """A settings module's names that configure a token request (python-social-auth)."""
        program = self.programs[path]
        names = {
            n
            for lib in self.knowledge.libraries("settings")
            if lib.settings
            for n in (lib.settings.scope, lib.settings.extra_arguments, lib.settings.domain)
            if n
        }
        found = {name: node for name, node in program.exports.items() if name in names}
        if found:
            values = {name: self.eval(path, node, frame) for name, node in found.items()}
            self.lib.settings(path, values, {name: Ref(path, node) for name, node in found.items()})

    def _url_strings(self, path: str) -> dict[int, list[int]]:
        """The program's URL strings by the function whose text holds them (once per file:
        a file has many frames)."""
        found = self._url_strings_by_function.get(path)
        if found is None:
            found = {}
            for node in self.programs[path].url_strings:
                found.setdefault(self.function_at(Ref(path, node)), []).append(node)
            self._url_strings_by_function[path] = found
        return found

    def function_at(self, ref: Ref) -> int:
        """The innermost function (0: the module) whose text holds a node."""
        program = self.programs[ref.path]
        spans = self._function_spans.get(ref.path)
        if spans is None:
            spans = []
            for index, function in enumerate(program.functions):
                if index and function.node is not None and function.node in program.locations:
                    spans.append((program.locations[function.node][:4], index))
            self._function_spans[ref.path] = spans
        location = program.locations.get(ref.node)
        if location is None:
            return -1
        start, end = location[:2], location[2:4]
        best, best_size = 0, None
        for (line, column, end_line, end_column), index in spans:
            if (line, column) <= start and end <= (end_line, end_column):
                size = (end_line - line, end_column - column)
                if best_size is None or size < best_size:
                    best, best_size = index, size
        return best

    def _mutates(self, program: Program, call: int) -> bool:
        callee = program.nodes[call][1]
        node = program.nodes[callee] if isinstance(callee, int) and 0 <= callee < len(program.nodes) else None
        return node is not None and node[0] == "attr" and node[2] in self.lib.mutators

    # ================================================================== writes
    def write(self, path: str, kind: str, target: int, key: Any, value: int, frame: Frame) -> None:
        if kind == "var":
            self.heap.add(ModuleVariable(path, key), Write(key, path, value, frame, ref=Ref(path, value)))
            return
        if kind == "attr":
            name: str | None = key
        else:
            name = literal_of(self.eval(path, key, frame))
        for option in alternatives(self.eval(path, target, frame)):
            variable = self.lib.variable_store(option, path) if kind == "attr" else None
            if variable is not None and name not in self.lib.store_attributes:  # request.api = ...
                self.lib.store_write(Store(variable.kind), name, path, value, frame, Ref(path, target))
            elif isinstance(option, (Store, External)) or self.lib.store_of(option) is not None:
                self.lib.store_write(option, name, path, value, frame, Ref(path, target))
            elif isinstance(option, (Mapping, Instance, Klass, Headers, Member)):
                self.heap.add(option, Write(name, path, value, frame, ref=Ref(path, value)))

    def written(self, target: Value) -> list[Write]:
        return self.heap.of(target)

    def value_of(self, write: Write) -> Value:
        if write.value is not None:
            return write.value
        assert write.node is not None
        return self.eval(write.path, write.node, write.frame)

    # ================================================================== evaluation
    def eval(self, path: str, node: int, frame: Frame | None) -> Value:
        # node < 2**24 (a file has far fewer nodes: `MAX_ANALYSED_CHARACTERS`), files < 2**20
        key = (id(frame) << 44) | (self._path_numbers[path] << 24) | node
        value = self._memo.get(key) or self._partial.get(key)
        if value is not None:
            return value
        if key in self._active or len(self._active) > MAX_ACTIVE:
            self._cuts += 1
            return Unknown("cycle")
        budget = self.budgets.get(path) or self._budget(path)
        budget.used += 1  # inline, not a method: eval is the hottest function of a run
        if budget.used > budget.limit:
            budget.exhausted = True
            return Unknown("budget")
        cuts = self._cuts
        self._active.add(key)
        try:
            operation = self.programs[path].nodes[node]
            value = self._handlers.get(operation[0], self._unknown)(path, operation, node, frame)
        except RecursionError:
            value = Unknown("too deep")
        finally:
            self._active.discard(key)
        # A value computed while a cycle was cut short is partial: it answers again only
        # within the outermost evaluation (which would otherwise recompute it at every turn
        # of the cycle, exponentially), so that a later question gets a complete answer.
        if self.lib.verified and (path, node) in self.lib.verified:
            value = self._verified(path, node, value)
        if cuts == self._cuts or not self._active:
            self._memo[key] = value
        else:
            self._partial[key] = value
        if self._partial and not self._active:
            self._partial.clear()
        return value

    def _verified(self, path: str, node: int, value: Value) -> Value:
        """Passed to an ID-token verifier: an ID token, unless its source says otherwise."""
        if any(isinstance(o, Token) and not o.weak for o in alternatives(value)):
            return value
        verifier, call = self.lib.verified_by.get((path, node), ("a verifier", Ref(path, node)))
        return Token("id", call, f"verified as an ID token by {verifier}", fixable=False)

    def source(self, ref: Ref) -> str:
        """The text of a node as written (for messages and descriptions)."""
        location = self.programs[ref.path].locations.get(ref.node) if ref.path in self.programs else None
        text = self.texts.get(ref.path)
        if location is None or text is None:
            return ""
        starts = self.line_starts(ref.path)
        line, column, end_line, end_column = location[:4]
        if line - 1 >= len(starts) or end_line - 1 >= len(starts):
            return ""
        return text[starts[line - 1] + column - 1 : starts[end_line - 1] + end_column - 1]

    def line_starts(self, path: str) -> list[int]:
        found = self._starts.get(path)
        if found is None:
            found = self._starts[path] = [0, *(m.end() for m in _LINE_BREAK.finditer(self.texts.get(path, "")))]
        return found

    # ------------------------------------------------------------------ leaves
    def _str(self, path: str, op: tuple, node: int, frame: Frame | None) -> Value:
        # one value per literal text: values are immutable, and a tree repeats its literals
        found = self._literals.get(op[1])
        if found is None:
            found = self._literals[op[1]] = Text((op[1],)) if op[1] else Text(())
        return found

    def _num(self, path: str, op: tuple, node: int, frame: Frame | None) -> Value:
        return Text((op[1],))

    def _const(self, path: str, op: tuple, node: int, frame: Frame | None) -> Value:
        return Nothing() if op[1] == "none" else Unknown(op[1])

    def _unknown(self, path: str, op: tuple, node: int, frame: Frame | None) -> Value:
        return Unknown(op[1] if len(op) > 1 and isinstance(op[1], str) else "")

    def _alias(self, path: str, op: tuple, node: int, frame: Frame | None) -> Value:
        return self.eval(path, op[1], frame) if op[1] >= 0 else Unknown()

    def _var(self, path: str, op: tuple, node: int, frame: Frame | None) -> Value:
        if len(op) > 3 and frame is not None and frame.function != 0:
            # a module's variable read in a function: what the module's run made it (one
            # object, with what the module's code wrote into it), not a copy per function
            frame = self.frame(path, 0, called=True)
        value = self.eval(path, op[1], frame)
        if len(op) > 3 and op[3] == MODULE_WRITTEN:  # and what the module's functions assign it
            written = [self.value_of(write) for write in self.heap.of(ModuleVariable(path, op[2]))]
            if written:
                value = union([value, *written])
        return value

    def _union(self, path: str, op: tuple, node: int, frame: Frame | None) -> Value:
        return union([self.eval(path, n, frame) for n in op[1]])

    def _spread(self, path: str, op: tuple, node: int, frame: Frame | None) -> Value:
        return Unknown("spread")

    # ------------------------------------------------------------------ strings
    def _concat(self, path: str, op: tuple, node: int, frame: Frame | None) -> Value:
        return concat(*[_as_text(self.eval(path, n, frame)) for n in op[1]])

    def _add(self, path: str, op: tuple, node: int, frame: Frame | None) -> Value:
        left, right = self.eval(path, op[1], frame), self.eval(path, op[2], frame)
        if any(isinstance(o, Text) for o in (*alternatives(left), *alternatives(right))):
            return concat(_as_text(left), _as_text(right))
        return Unknown("+")

    def _div(self, path: str, op: tuple, node: int, frame: Frame | None) -> Value:
        left, right = self.eval(path, op[1], frame), self.eval(path, op[2], frame)
        return self.lib.files.divide(left, right, Ref(path, op[2]))

    def _percent(self, path: str, op: tuple, node: int, frame: Frame | None) -> Value:
        template = literal_of(self.eval(path, op[1], frame))
        if template is None:
            return Unknown("%")
        return printf(template, [self.eval(path, n, frame) for n in op[2]])

    def _format_node(self, path: str, op: tuple, node: int, frame: Frame | None) -> Value:
        template = literal_of(self.eval(path, op[1], frame))
        if template is None:
            return Unknown("format")
        positional = [self.eval(path, n, frame) for n in op[2]]
        keywords = {k: self.eval(path, n, frame) for k, n in op[3]}
        return str_format(template, positional, keywords)

    # ------------------------------------------------------------------ names
    def _param_node(self, path: str, op: tuple, node: int, frame: Frame | None) -> Value:
        return self.parameter(path, op[1], op[2], frame, Ref(path, node))

    def parameter(self, path: str, function: int, index: int, frame: Frame | None, ref: Ref) -> Value:
        owner = _frame_of(frame, path, function)
        program = self.programs[path]
        definition = program.functions[function]
        if index >= len(definition.params):
            return Unknown()
        param = definition.params[index]
        if owner is not None and owner.called:  # the arguments are known
            for bound_index, value in owner.args:
                if bound_index == index:
                    return value
            if param.default is not None:
                return self.eval(path, param.default, owner)
            if param.kind in ("varargs", "varkw"):
                return Unknown(param.name)
            injected = self._decorator_argument(path, function, index, ref)
            if injected is not None:
                return injected
            # not passed: a framework calls it (a dependency of a dependency) and passes what
            # the annotation asks for
            if param.annotation is not None and program.language == "python":
                typed = self._annotated(path, param.annotation, ref)
                if typed is not None:
                    return typed
            return Nothing() if program.language == "javascript" else Unknown(param.name)
        # nobody in the run calls it (a view, a handler): what the framework passes is unknown
        injected = self._decorator_argument(path, function, index, ref)
        if injected is not None:
            return injected
        options: list[Value] = []
        if param.default is not None:
            options.append(self.eval(path, param.default, owner))
        typed = self._annotated(path, param.annotation, ref) if param.annotation is not None else None
        if typed is not None:
            options.append(typed)
        injected = self.lib.scripts.injected(param.name) if program.language == "javascript" else None
        if injected is not None:
            options.append(injected)
        elif param.name.lower() in self.knowledge.id_token_parameter_names:
            # a parameter named id_token is taken at its word only where nothing better is known
            options.append(Token("id", ref, f"parameter {param.name}", weak=True, fixable=False))
        elif not options or param.default is not None:
            options.append(Unknown(param.name))
        return union(options)

    def _decorator_argument(self, path: str, function: int, index: int, ref: Ref) -> Value | None:
        """The first parameter a decorator makes the framework pass (click's `@pass_obj`)."""
        passing = self.knowledge.decorator_arguments
        program = self.programs[path]
        if index or not passing or program.language != "python":
            return None
        module = self.frame(path, 0, called=True)  # decorators are read where the function is defined
        for decorator in program.functions[function].decorators:
            if program.nodes[decorator][0] == "call":  # `@app.command()`: builds a decorator, passes nothing
                continue
            for option in alternatives(self.eval(path, decorator, module)):
                spec = passing.get(option.qualname) if isinstance(option, External) else None
                if spec is not None:
                    context = Instance(ref, None, spec.value)
                    return self.lib.attribute(context, spec.attribute, ref, None) if spec.attribute else context
        return None

    def _annotated(self, path: str, annotation: int, ref: Ref) -> Value | None:
        """A parameter annotated with a class (`http: httpx.AsyncClient`, `svc: UserService`):
        an instance of it, built somewhere the run does not see; annotated with a dependency
        (`Annotated[T, Depends(f)]`): the dependency's value."""
        options: list[Value] = []
        for option in alternatives(self.eval(path, annotation, None)):
            if isinstance(option, Klass):
                options.append(Instance(ref, option, self.library_base(option)))
            elif isinstance(option, External):
                if self.lib.is_instance_class(option.qualname):
                    options.append(Instance(ref, None, option.qualname))
            elif not isinstance(option, (Text, Unknown, Nothing, Module, Function, Sequence)):
                options.append(option)
        return union(options) if options else None

    def _this(self, path: str, op: tuple, node: int, frame: Frame | None) -> Value:
        owner = _frame_of(frame, path, op[1])
        if owner is not None and owner.this is not None:
            return owner.this
        definition = self.programs[path].functions[op[1]]
        if definition.owner is not None:  # a method nobody in the run calls: any instance
            klass = Klass(path, definition.owner)
            return self.generic_instance(klass)
        return Unknown("this")

    def generic_instance(self, klass: Klass) -> Instance:
        node = self.programs[klass.path].classes[klass.index].node
        return Instance(Ref(klass.path, node if node is not None else -1), klass, self.library_base(klass))

    def _global(self, path: str, op: tuple, node: int, frame: Frame | None) -> Value:
        name = op[1]
        if self.programs[path].language == "python" and name in _PY_BUILTINS:
            return External(f"builtins.{name}")
        defined = self.graph.script_globals(path, name) if self.programs[path].language == "javascript" else []
        if defined:  # a global of another script of the page
            return union(
                [
                    self.eval(other, self.programs[other].globals[name], self.frame(other, 0, called=True))
                    for other in defined
                ]
            )
        return self.lib.external(name)

    def _import(self, path: str, op: tuple, node: int, frame: Frame | None) -> Value:
        return self.imported(path, op[1])

    def imported(self, path: str, index: int) -> Value:
        program = self.programs[path]
        target = self.graph.resolve(path, index)
        imported = program.imports[index]
        if target is not None:
            target_path, name = target
            return Module(target_path) if name is None else self.export(target_path, name)
        if program.language == "python":
            if imported.level:
                return Unknown(f"{'.' * imported.level}{imported.module}.{imported.name or ''}")
            return self.lib.external(f"{imported.module}.{imported.name}" if imported.name else imported.module)
        # JavaScript: a library's names as code writes them (`WebAuth`, `axios`, `auth0.WebAuth`);
        # an unbound module (`const {Management} = require("auth0-js")`) is named by its
        # package when that is an identifier (`require("axios").get`), else nameless: its
        # members are the bare names
        if imported.name and not imported.default:
            return self.lib.external(imported.name)
        if imported.local:
            return self.lib.external(imported.local)
        package = imported.module.rsplit("/", 1)[-1]
        return self.lib.external(package if package.isidentifier() else "")

    def export(self, path: str, name: str, _seen: frozenset[str] = frozenset()) -> Value:
        program = self.programs[path]
        node = program.exports.get(name)
        if node is not None:
            return self.eval(path, node, self.frame(path, 0, called=True))
        if path.endswith("__init__.py"):  # `from pkg import module` read as a name
            sub = self.graph.submodule(path, name)
            if sub is not None:
                return Module(sub)
        if path in _seen:
            return Unknown(name)
        for specifier in program.reexports:
            resolved = self.graph.specifier(path, specifier)
            if resolved is not None:
                found = self.export(resolved, name, _seen | {path})
                if not isinstance(found, Unknown):
                    return found
        default = program.exports.get("default")
        if default is not None and name != "default":  # CommonJS: module.exports = {...}
            return self.attribute(self.eval(path, default, self.frame(path, 0, called=True)), name, Ref(path, default))
        return Unknown(name)

    def _function(self, path: str, op: tuple, node: int, frame: Frame | None) -> Value:
        definition = self.programs[path].functions[op[1]]
        closure = _frame_of(frame, path, definition.parent) if definition.parent else None
        return Function(path, op[1], closure)

    def _class(self, path: str, op: tuple, node: int, frame: Frame | None) -> Value:
        return Klass(path, op[1])

    # ------------------------------------------------------------------ attributes and items
    def _attr_node(self, path: str, op: tuple, node: int, frame: Frame | None) -> Value:
        base = self.eval(path, op[1], frame)
        ref = Ref(path, node)
        return union([self.attribute(option, op[2], ref, Ref(path, op[1])) for option in alternatives(base)])

    def _item_node(self, path: str, op: tuple, node: int, frame: Frame | None) -> Value:
        base = self.eval(path, op[1], frame)
        if any(isinstance(o, External) and o.qualname in self.knowledge.annotated for o in alternatives(base)):
            return self._annotation(path, op[2], frame)
        key = literal_of(self.eval(path, op[2], frame))
        ref = Ref(path, node)
        return union([self.item(option, key, ref, Ref(path, op[1])) for option in alternatives(base)])

    def _annotation(self, path: str, node: int, frame: Frame | None) -> Value:
        """`Annotated[T, Depends(f)]`: what a framework passes for it (f's value), else T."""
        items = self.programs[path].nodes[node]
        if items[0] != "tuple" or not items[1]:
            return Unknown("annotation")
        extras = items[1][1:]
        injected = [self.eval(path, n, frame) for n in extras if self.lib.is_dependency_call(Ref(path, n))]
        return union(injected) if injected else self.eval(path, items[1][0], frame)

    def attribute(self, base: Value, name: str, ref: Ref, receiver: Ref | None = None) -> Value:
        if isinstance(base, Instance) and base.klass is not None:
            found = self.instance_attribute(base, name)
            if found is not None:
                return self._field_read(base, found, ref)
            if base.qualname:  # a subclass of a library class: the library's attribute
                return self.lib.attribute(replace(base, klass=None), name, ref, receiver)
            # a field nobody set that the run sees (`Credentials(**data)`): the key tells
            return self.lib.token_at(base, name, ref, receiver) or Unknown(name)
        if isinstance(base, Klass):
            found = self.class_attribute(base, name)
            return found if found is not None else Unknown(name)
        if isinstance(base, Module):
            return self.export(base.path, name)
        if isinstance(base, External) and base.qualname in self.knowledge.settings_objects:
            found = self._setting(name, ref)
            if found is not None:
                return found
        if isinstance(base, Mapping):
            found = self.entry(base, name)
            if found is not None:
                return self._entry_read(base, name, found, ref, receiver)
            if not self.is_open(base):
                return Unknown(name)  # a closed literal without the key
            return self._spread_entry(base, name, ref, receiver, self.attribute)
        return self.lib.attribute(base, name, ref, receiver)

    def _setting(self, name: str, ref: Ref) -> Value | None:
        """A framework setting as the project's settings module assigns it; None when it does
        not say (a default of the framework, a value read from somewhere the run cannot see):
        the setting then stays the library's name, which identifies it (`_client_identity`)."""
        settings = self.graph.settings_module(ref.path)
        if settings is None or settings not in self.programs or name not in self.programs[settings].exports:
            return None
        value = self.export(settings, name)
        return None if all(isinstance(option, Unknown) for option in alternatives(value)) else value

    def _entry_read(self, mapping: Mapping, key: str, found: Value, ref: Ref, receiver: Ref | None) -> Value:
        """An entry the run cannot see (`{ idToken }` of a split header) under a token key is
        that token, as the key of an unknown object is: the key tells."""
        if isinstance(found, Unknown) and self.programs[ref.path].language == "javascript":
            return self.lib.token_at(mapping, key, ref, receiver) or found
        return found

    def item(self, base: Value, key: str | None, ref: Ref, receiver: Ref | None = None) -> Value:
        if isinstance(base, Mapping):
            if key is None:
                return Unknown("computed key")
            found = self.entry(base, key)
            if found is not None:
                return found
            if not self.is_open(base):
                return Unknown(key)  # a closed literal without the key (reading it would fail)
            return self._spread_entry(base, key, ref, receiver, self.item)
        if isinstance(base, Sequence) and key is not None and key.lstrip("-").isdigit():
            items = self.sequence_items(base)
            index = int(key)
            if items is not None and -len(items) <= index < len(items):
                return items[index]
            return Unknown(key)
        if isinstance(base, Instance) and base.klass is not None and key is not None:
            found = self.instance_attribute(base, key)  # a dataclass read as a mapping, a dict subclass
            if found is not None:
                return self._field_read(base, found, ref)
        return self.lib.item(base, key, ref, receiver)

    def _field_read(self, record: Instance, value: Value, ref: Ref) -> Value:
        """A record's field read outside its class's methods (`creds.id_token`) is a value
        the reader chose to send: its tokens enter calls afresh from the read. Read by the
        record's own methods (`self.token`), they entered where the record was built."""
        assert record.klass is not None
        if not any(isinstance(o, Token) and o.entry is not None for o in alternatives(value)):
            return value
        if not self.is_data_class(record.klass):
            return value
        function = self.function_at(ref)
        owner = self.programs[ref.path].functions[function].owner if function > 0 else None
        if owner is not None and Klass(ref.path, owner) in self.mro(record.klass):
            return value
        return union([replace(o, entry=None) if isinstance(o, Token) else o for o in alternatives(value)])

    def _spread_entry(
        self, mapping: Mapping, key: str, ref: Ref, receiver: Ref | None, read: Callable[..., Value]
    ) -> Value:
        """A key an open dict does not name: what its spreads hold under it (`{**tokens,
        "expires_at": ...}`, `{...authResult, expiresAt}` have the token response's keys), read
        as the key was (`read`: an attribute or an item); else the key tells."""
        spread = [v for k, v in self.entries(mapping) if k is None and not isinstance(v, Unknown)]
        found = [read(option, key, ref, receiver) for value in spread for option in alternatives(value)]
        known = [value for value in found if not isinstance(value, Unknown)]
        if known:
            return union(known)
        return self.lib.token_at(mapping, key, ref, receiver) or Unknown(key)

    def entry(self, mapping: Mapping, key: str) -> Value | None:
        """What `mapping[key]` holds (its literal entries and everything written into it);
        None when the key is not there."""
        found = [value for k, value in self.entries(mapping) if k == key]
        return union(found) if found else None

    def entries(self, mapping: Mapping, _seen: frozenset[Mapping] = frozenset()) -> list[tuple[str | None, Value]]:
        """A dict's or object's entries: the literal's (spreads of known dicts expanded),
        then every write into it anywhere. A key not statically known is None."""
        if mapping in _seen:
            return []
        seen = _seen | {mapping}
        found: list[tuple[str | None, Value]] = []
        path, node = mapping.alloc.path, mapping.alloc.node
        operation = self.programs[path].nodes[node] if node >= 0 else None
        if operation is not None and operation[0] == "dict":
            for key_node, value_node in operation[1]:
                if key_node is None:  # **other, ...other
                    for option in alternatives(self.eval(path, value_node, mapping.frame)):
                        if isinstance(option, Mapping):
                            found.extend(self.entries(option, seen))
                        elif isinstance(option, Encoded):
                            continue
                        else:
                            found.append((None, option))
                    continue
                key = literal_of(self.eval(path, key_node, mapping.frame))
                found.append((key, self.eval(path, value_node, mapping.frame)))
        for write in self.written(mapping):
            found.append((write.key, self.value_of(write)))
        return found

    def entry_refs(
        self, mapping: Mapping, _seen: frozenset[Mapping] = frozenset()
    ) -> list[tuple[str | None, Ref | None, Value]]:
        """The entries with where each value is written (for findings at a header value); a
        spread of a mapping on the way (`a = {...b}; b = {...a}`) is not followed again."""
        found: list[tuple[str | None, Ref | None, Value]] = []
        _seen = _seen | {mapping}
        path, node = mapping.alloc.path, mapping.alloc.node
        operation = self.programs[path].nodes[node] if node >= 0 else None
        if operation is not None and operation[0] == "dict":
            for key_node, value_node in operation[1]:
                if key_node is None:
                    for option in alternatives(self.eval(path, value_node, mapping.frame)):
                        if isinstance(option, Mapping):
                            if option not in _seen and len(_seen) < MAX_DEPTH:
                                found.extend(self.entry_refs(option, _seen))
                        elif not isinstance(option, (Mapping, Nothing)):  # `**params` nobody can see
                            found.append((None, Ref(path, value_node), option))
                    continue
                key = literal_of(self.eval(path, key_node, mapping.frame))
                found.append((key, Ref(path, value_node), self.eval(path, value_node, mapping.frame)))
        for write in self.written(mapping):
            found.append((write.key, write.ref, self.value_of(write)))
        return found

    def is_open(self, mapping: Mapping) -> bool:
        """Whether it may hold keys nobody can name: a spread of something unknown, a
        write with a computed key."""
        return any(key is None for key, _ in self.entries(mapping))

    def sequence_items(self, sequence: Sequence) -> list[Value] | None:
        path, node = sequence.alloc.path, sequence.alloc.node
        operation = self.programs[path].nodes[node] if node >= 0 else None
        if operation is None or operation[0] not in ("list", "tuple"):
            return None
        items = []
        for item in operation[1]:
            if self.programs[path].nodes[item][0] == "spread":
                return None
            items.append(self.eval(path, item, sequence.frame))
        return items

    def instance_attribute(self, instance: Instance, name: str) -> Value | None:
        """What `instance.name` is: written on that instance (in its constructor or a method),
        a class attribute, a method (bound), searched through the bases."""
        written = [self.value_of(w) for w in self.written(instance) if w.key == name]
        if not written and instance.args:  # written on "any instance" by a method no one calls
            written = [self.value_of(w) for w in self.written(replace(instance, args=())) if w.key == name]
        if instance.klass is None:
            return union(written) if written else None
        generic = self.generic_instance(instance.klass)
        if not written and instance != generic:
            written = [self.value_of(w) for w in self.written(generic) if w.key == name]
        if written:
            return union(written)
        for klass in self.mro(instance.klass):
            program = self.programs[klass.path]
            definition = program.classes[klass.index]
            if name in definition.methods:
                function = Function(klass.path, definition.methods[name])
                kind = program.functions[definition.methods[name]].kind
                if kind == "staticmethod":
                    return function
                if kind == "classmethod":
                    return BoundMethod(function, klass)
                if self._is_property(klass.path, definition.methods[name]):
                    getter = program.functions[definition.methods[name]]
                    return self.apply(BoundMethod(function, instance), (), Ref(klass.path, getter.node or 0), None)
                return BoundMethod(function, instance)
            if name in definition.attributes:
                value = self.eval(klass.path, definition.attributes[name], self.frame(klass.path, 0, called=True))
                if not (isinstance(value, Unknown) and value.hint == "field"):
                    return value
            class_written = [self.value_of(w) for w in self.written(klass) if w.key == name]
            if class_written:
                return union(class_written)
        return None

    def _is_property(self, path: str, function: int) -> bool:
        """A method read as an attribute runs (`@property`, `@cached_property`: the packs')."""
        found = self._properties.get((path, function))
        if found is None:
            decorators = self._written_names(path, self.programs[path].functions[function].decorators)
            names = self.knowledge.property_decorators
            found = self._properties[(path, function)] = any(d.rsplit(".", 1)[-1] in names for d in decorators)
        return found

    def _written_names(self, path: str, nodes: Iterable[int]) -> list[str]:
        """Decorators and bases as written, without their arguments: `functools.cached_property`."""
        return [self.source(Ref(path, n)).split("(")[0] for n in nodes]

    def class_attribute(self, klass: Klass, name: str) -> Value | None:
        for base in self.mro(klass):
            definition = self.programs[base.path].classes[base.index]
            if name in definition.methods:
                function = Function(base.path, definition.methods[name])
                kind = self.programs[base.path].functions[definition.methods[name]].kind
                return BoundMethod(function, klass) if kind == "classmethod" else function
            if name in definition.attributes:
                return self.eval(base.path, definition.attributes[name], self.frame(base.path, 0, called=True))
        return None

    def mro(self, klass: Klass, _depth: int = 0) -> list[Klass]:
        """The class and its bases of the run, nearest first."""
        found = [klass]
        if _depth > 10:
            return found
        definition = self.programs[klass.path].classes[klass.index]
        for base_node in definition.bases:
            for option in alternatives(self.eval(klass.path, base_node, self.frame(klass.path, 0, called=True))):
                if isinstance(option, Klass) and option not in found:
                    found.extend(k for k in self.mro(option, _depth + 1) if k not in found)
        return found

    def library_base(self, klass: Klass) -> str:
        """The library class a class of the run derives from (`requests.Session`), or ""."""
        return next((name for name in self._library_bases(klass) if self.lib.is_instance_class(name)), "")

    def is_data_class(self, klass: Klass) -> bool:
        """Fields set from the constructor's arguments, in order: dataclasses, pydantic models,
        named tuples, typed dicts, attrs classes."""
        definition = self.programs[klass.path].classes[klass.index]
        markers = self._written_names(klass.path, (*definition.decorators, *definition.bases))
        return any(marker.endswith(self.knowledge.record_markers) for marker in markers)

    # ------------------------------------------------------------------ literals
    def _dict(self, path: str, op: tuple, node: int, frame: Frame | None) -> Value:
        return Mapping(Ref(path, node), self._owning(path, frame))

    def _sequence(self, path: str, op: tuple, node: int, frame: Frame | None) -> Value:
        return Sequence(Ref(path, node), self._owning(path, frame), op[0])

    def _owning(self, path: str, frame: Frame | None) -> Frame | None:
        return frame

    # ================================================================== calls
    def _call_node(self, path: str, op: tuple, node: int, frame: Frame | None) -> Value:
        program = self.programs[path]
        ref = Ref(path, node)
        callee = program.nodes[op[1]]
        args = self.arguments(path, op[2], frame)
        new = op[0] == "new"
        if callee[0] == "attr":
            receiver_ref = Ref(path, callee[1])
            receivers = self.eval(path, callee[1], frame)
            return union(
                [
                    self.method(option, callee[2], args, ref, frame, receiver_ref, new)
                    for option in alternatives(receivers)
                ]
            )
        jsx = op[0] == "jsx"
        return union(
            [self.apply(option, args, ref, frame, new, jsx) for option in alternatives(self.eval(path, op[1], frame))]
        )

    def arguments(self, path: str, items: tuple, frame: Frame | None) -> tuple[Arg, ...]:
        return tuple(Arg(kind, keyword, self.eval(path, n, frame), Ref(path, n)) for kind, keyword, n in items)

    def method(
        self,
        receiver: Value,
        name: str,
        args: tuple[Arg, ...],
        ref: Ref,
        frame: Frame | None,
        receiver_ref: Ref | None = None,
        new: bool = False,
    ) -> Value:
        if isinstance(receiver, Instance) and receiver.klass is not None:
            found = self.instance_attribute(receiver, name)
            if found is not None:
                return union([self.apply(option, args, ref, frame, new) for option in alternatives(found)])
            if receiver.qualname:
                return self.lib.method(replace(receiver, klass=None), name, args, ref, frame, receiver_ref, receiver)
            if name in self.knowledge.record_to_mapping and self.is_data_class(receiver.klass):
                return receiver  # record.model_dump(): its fields, read the same way
            return Unknown(name)
        if isinstance(receiver, Klass):
            found = self.class_attribute(receiver, name)
            if found is not None:
                return union([self.apply(option, args, ref, frame, new) for option in alternatives(found)])
            if name in self.knowledge.record_from_mapping and args and self.is_data_class(receiver):
                return self.record(receiver, args[0].value, ref)
            return Unknown(name)
        if isinstance(receiver, Module):
            return union([self.apply(o, args, ref, frame, new) for o in alternatives(self.export(receiver.path, name))])
        if isinstance(receiver, (Function, BoundMethod)):
            if name == "bind":
                return receiver
            if name in ("call", "apply") and args:
                rest = args[1:] if name == "call" else ()
                return self.apply(receiver, rest, ref, frame)
        if isinstance(receiver, Mapping):
            member = self.entry(receiver, name)
            if member is not None and any(isinstance(o, (Function, BoundMethod)) for o in alternatives(member)):
                return union([self.apply(o, args, ref, frame, new) for o in alternatives(member)])
        if name == "then" and args:  # promise.then(value => ...)
            return self.callback(args[0].value, (self.lib.awaited(receiver),), ref, frame)
        if name in ("catch", "finally"):
            return receiver
        return self.lib.method(receiver, name, args, ref, frame, receiver_ref, receiver)

    def apply(
        self, callee: Value, args: tuple[Arg, ...], ref: Ref, frame: Frame | None, new: bool = False, jsx: bool = False
    ) -> Value:
        if isinstance(callee, Function):
            return self.invoke(callee, args, ref, frame)
        if isinstance(callee, BoundMethod):
            return self.invoke(callee.function, args, ref, frame, this=callee.receiver)
        if isinstance(callee, Klass):
            return self.instantiate(callee, args, ref, frame)
        if isinstance(callee, External):
            return self.lib.call(callee, args, ref, frame, new=new, jsx=jsx)
        if isinstance(callee, Instance) and callee.klass is not None:
            call = self.instance_attribute(callee, "__call__")
            if call is not None:
                return union([self.apply(o, args, ref, frame) for o in alternatives(call)])
        if isinstance(callee, Partial):  # its own arguments first; later keywords win (`bind`)
            given = (*(Arg(*stored) for stored in callee.args), *args)
            return union([self.apply(o, given, ref, frame) for o in alternatives(callee.callee)])
        return self.lib.call_value(callee, args, ref, frame)

    def callback(self, function: Value, values: tuple[Value, ...], ref: Ref, frame: Frame | None) -> Value:
        """Call a callback the way a library calls it: `then(cb)`, `parseHash(cb)`."""
        args = tuple(Arg("pos", None, value, None) for value in values)
        results = [
            self.apply(option, args, ref, frame)
            for option in alternatives(function)
            if isinstance(option, (Function, BoundMethod))
        ]
        return union(results) if results else Unknown("callback")

    def invoke(
        self,
        function: Function,
        args: tuple[Arg, ...],
        ref: Ref,
        caller: Frame | None,
        this: Value | None = None,
        constructing: bool = False,
    ) -> Value:
        program = self.programs[function.path]
        definition = program.functions[function.index]
        depth = (caller.depth + 1) if caller is not None and caller.called else 1
        if depth > MAX_DEPTH:
            return Unknown("too deep")
        # the tokens passed in entered the call here (unless an outer call marked them)
        bound = [
            (index, with_entry(value, entry))
            for index, value, entry in self.bind(program, definition, args, this is not None, ref, caller)
        ]
        key = (function.path, function.index)
        frame = self.frame(function.path, function.index, tuple(bound), this, function.closure, depth, called=True)
        known = self.contexts.get(key, {})
        if frame not in known and len(known) >= MAX_CONTEXTS:
            # one more context for every other call: unknown parameters, any instance
            if isinstance(this, Instance) and this.klass is not None:
                this = self.generic_instance(this.klass)
            frame = self.frame(function.path, function.index, (), this, function.closure, depth, called=False)
        self.schedule(frame)
        if constructing:
            self._writes_now(frame)
        return self.returns(frame)

    def _writes_now(self, frame: Frame) -> None:
        """A constructor's writes, recorded as the object is built rather than when the queue
        reaches its frame: the code right after `Cls(...)` reads the new object's attributes
        in the same pass (an object built from a value that changes between passes would
        otherwise never be seen with them)."""
        if frame in self._analysed or frame in self._constructing:
            return
        self._constructing.add(frame)
        try:
            self._record_writes(frame)
        finally:
            self._constructing.discard(frame)

    def _record_writes(self, frame: Frame) -> None:
        for kind, target, key, value in self.programs[frame.path].functions[frame.function].writes:
            self.write(frame.path, kind, target, key, value, frame)

    def returns(self, frame: Frame) -> Value:
        if frame in self._returns:
            return self._returns[frame]
        self._returns[frame] = Unknown("recursion")  # a recursive call sees this meanwhile
        definition = self.programs[frame.path].functions[frame.function]
        values = [self.eval(frame.path, n, frame) for n in definition.returns]
        if not values:
            result: Value = Nothing()
        else:
            result = union(values)
        self._returns[frame] = result
        return result

    def bind(
        self,
        program: Program,
        definition: FunctionDef,
        args: tuple[Arg, ...],
        bound_method: bool,
        call: Ref | None = None,
        caller: Frame | None = None,
    ) -> list[tuple[int, Value, Ref]]:
        """Arguments to parameters: (parameter index, value, where the argument is written).
        A `*args`/spread argument makes what it may fill unknown, never absent; `**kwargs`
        holds the call's other keywords (`_other_keywords`)."""
        params = definition.params
        skip = (
            1
            if (
                bound_method
                and program.language == "python"
                and definition.kind in ("method", "classmethod")
                and params
            )
            else 0
        )
        positional = [i for i, p in enumerate(params) if p.kind in ("positional", "normal")][skip:]
        by_name = {p.name: i for i, p in enumerate(params) if p.kind in ("normal", "keyword")}
        varargs = next((i for i, p in enumerate(params) if p.kind == "varargs"), None)
        varkw = next((i for i, p in enumerate(params) if p.kind == "varkw"), None)
        bound: dict[int, tuple[Value, Ref]] = {}
        position = 0
        unknown_from: int | None = None
        for arg in args:
            site = arg.ref if arg.ref is not None else Ref(program.path, -1)
            if arg.kind == "pos":
                if unknown_from is None and position < len(positional):
                    bound[positional[position]] = (arg.value, site)
                position += 1
            elif arg.kind == "kw" and arg.keyword is not None:
                if arg.keyword in by_name:
                    bound[by_name[arg.keyword]] = (arg.value, site)
            elif arg.kind == "star":
                unknown_from = position
            elif arg.kind == "dstar":
                spread = [o for o in alternatives(arg.value) if isinstance(o, Mapping)]
                if len(spread) == 1:
                    for key, value in self.entries(spread[0]):
                        if key is None:
                            unknown_from = unknown_from if unknown_from is not None else position
                            for name, index in by_name.items():
                                bound.setdefault(index, (Unknown(f"**{name}"), site))
                        elif key in by_name:
                            bound[by_name[key]] = (value, site)
                else:
                    for name, index in by_name.items():
                        bound.setdefault(index, (Unknown(f"**{name}"), site))
        if unknown_from is not None:
            for index in positional[unknown_from:]:
                bound.setdefault(index, (Unknown("*args"), Ref(program.path, -1)))
        if varargs is not None:
            bound.setdefault(varargs, (Unknown("*args"), Ref(program.path, -1)))
        if varkw is not None:
            others = self._other_keywords(args, by_name, call, caller) if call is not None else Unknown("**kwargs")
            bound.setdefault(varkw, (others, Ref(program.path, -1)))
        return [(index, value, site) for index, (value, site) in sorted(bound.items())]

    def _other_keywords(self, args: tuple[Arg, ...], named: dict[str, int], call: Ref, caller: Frame | None) -> Value:
        """`**kwargs` at one call (in one context of its caller): a dict of the keywords no
        named parameter takes, and of a spread dict's other entries; unknown when a spread is
        not one known dict (an entry whose key is not known leaves the dict open)."""
        mapping = Mapping(Ref(call.path, -1 - call.node), caller)
        for arg in args:
            if arg.kind == "kw" and arg.keyword is not None and arg.keyword not in named:
                self.heap.add(mapping, Write(arg.keyword, call.path, None, None, arg.value, arg.ref))
            elif arg.kind == "dstar":
                spread = [option for option in alternatives(arg.value) if isinstance(option, Mapping)]
                if len(spread) != 1:
                    return Unknown("**kwargs")
                for key, value in self.entries(spread[0]):
                    if key is None or key not in named:
                        self.heap.add(mapping, Write(key, call.path, None, None, value, arg.ref))
        return mapping

    def instantiate(self, klass: Klass, args: tuple[Arg, ...], ref: Ref, frame: Frame | None) -> Value:
        qualname = self.library_base(klass)
        instance = Instance(ref, klass, qualname, constructor_args(args))
        constructor = self.constructor(klass)
        if constructor is not None:
            self.invoke(constructor, args, ref, frame, this=instance, constructing=True)
        elif self.is_data_class(klass):
            self._fields(klass, instance, args, ref)
        elif qualname:
            # a library class's constructor takes the arguments: its headers, base URL, token
            self.lib.construct(instance, args, ref, frame)
        return instance

    def constructor(self, klass: Klass) -> Function | None:
        for base in self.mro(klass):
            program = self.programs[base.path]
            definition = program.classes[base.index]
            name = "__init__" if program.language == "python" else "constructor"
            if name in definition.methods:
                return Function(base.path, definition.methods[name])
        return None

    def _field_names(self, klass: Klass) -> list[str]:
        return [
            name
            for base in reversed(self.mro(klass))
            for name in self.programs[base.path].classes[base.index].attributes
        ]

    def _fields(self, klass: Klass, instance: Instance, args: tuple[Arg, ...], ref: Ref) -> None:
        names = self._field_names(klass)
        position = 0
        for arg in args:
            if arg.kind == "pos" and position < len(names):
                self.heap.add(
                    instance,
                    Write(names[position], ref.path, None, None, with_entry(arg.value, arg.ref or ref), arg.ref),
                )
                position += 1
            elif arg.kind == "kw" and arg.keyword:
                self.heap.add(
                    instance, Write(arg.keyword, ref.path, None, None, with_entry(arg.value, arg.ref or ref), arg.ref)
                )
            elif arg.kind == "dstar":
                self._fields_from(klass, instance, arg.value, arg.ref or ref)

    def _fields_from(self, klass: Klass, instance: Instance, source: Value, ref: Ref) -> None:
        """A record built from a mapping (`Model(**data)`, `Model.model_validate(data)`): each
        field is the mapping's entry, or what reading the field off the source gives (a token
        response, a record read back from a store or a file)."""
        names = [*self._field_names(klass), *self.knowledge.id_token_keys, *self.knowledge.access_token_keys]
        for option in alternatives(source):
            if isinstance(option, Encoded):  # Model.model_validate_json(text)
                option = self.lib.decoded(option)
            for inner in alternatives(option):
                if isinstance(inner, Mapping):
                    for key, value in self.entries(inner):
                        self.heap.add(instance, Write(key, ref.path, None, None, value, ref))
                elif not isinstance(inner, (Unknown, Nothing, Text, Sequence, Function, BoundMethod, Klass, Module)):
                    for name in dict.fromkeys(names):
                        value = self.item(inner, name, ref)
                        if not isinstance(value, Unknown):
                            self.heap.add(instance, Write(name, ref.path, None, None, value, ref))

    def record(self, klass: Klass, source: Value, ref: Ref) -> Instance:
        """`Model.model_validate(data)`: a record of `klass` with the fields of `source`."""
        instance = Instance(ref, klass, self.library_base(klass))
        self._fields_from(klass, instance, source, ref)
        return instance

    def receiver_text(self, ref: Ref | None) -> str:
        return self.source(ref) if ref is not None else ""

    def is_browser_field(self, receiver: Ref | None) -> bool:
        """`request.form`, `request.json`, `req.body`: what the browser sent."""
        return bool(_BROWSER_FIELD.search(self.receiver_text(receiver).strip()))


# ---------------------------------------------------------------------------------------
# String building shared by the handlers and the libraries.


def constructor_args(args: tuple[Arg, ...]) -> tuple[tuple[str, Value, Ref | None], ...]:
    """What an `Instance` keeps of its constructor call: keyword arguments by keyword,
    positional ones by position ("0", "1", ...); spreads are left out."""
    kept = []
    position = 0
    for arg in args:
        if arg.kind == "pos":
            kept.append((str(position), arg.value, arg.ref))
            position += 1
        elif arg.kind == "kw" and arg.keyword:
            kept.append((arg.keyword, arg.value, arg.ref))
    return tuple(kept)


def _as_text(value: Value) -> Value:
    options = alternatives(value)
    if len(options) == 1 and isinstance(options[0], Text):
        return options[0]
    return Text((value,))


def printf(template: str, values: list[Value]) -> Value:
    pieces: list[Value] = []
    position = 0
    remaining = iter(values)
    for match in re.finditer(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?([a-zA-Z%])", template):
        pieces.append(Text((template[position : match.start()],)))
        if match.group(1) == "%":
            pieces.append(Text(("%",)))
        else:
            pieces.append(_as_text(next(remaining, Unknown())))
        position = match.end()
    pieces.append(Text((template[position:],)))
    return concat(*pieces)


def str_format(template: str, positional: list[Value], keywords: dict[str, Value]) -> Value:
    pieces: list[Value] = []
    position = 0
    auto = 0
    for match in re.finditer(r"\{\{|\}\}|\{([^{}!:]*)(?:![rsa])?(?::[^{}]*)?\}", template):
        pieces.append(Text((template[position : match.start()],)))
        text = match.group(0)
        if text in ("{{", "}}"):
            pieces.append(Text((text[0],)))
        else:
            name = match.group(1) or ""
            if name == "":
                pieces.append(_as_text(positional[auto]) if auto < len(positional) else Text((Unknown(),)))
                auto += 1
            elif name.isdigit():
                index = int(name)
                pieces.append(_as_text(positional[index]) if index < len(positional) else Text((Unknown(),)))
            else:
                pieces.append(_as_text(keywords[name]) if name in keywords else Text((Unknown(),)))
        position = match.end()
    pieces.append(Text((template[position:],)))
    return concat(*pieces)


def _frame_of(frame: Frame | None, path: str, function: int | None) -> Frame | None:
    """The frame of `function` among `frame` and the frames it closes over."""
    current = frame
    while current is not None:
        if current.path == path and current.function == function:
            return current
        current = current.closure
    return None


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


__all__ = ["Arg", "Interpreter", "Write", "printf", "str_format"]
