"""Files as stores keyed by their path (the facts: the `files` section of the library packs).

A command-line tool or a desktop app signs in once and keeps the token response in a file;
its other commands read it back and send it. What is written into a file is what is read
from the same path, in every file of the app (like a web session's keys).

Two paths are the same file only when their keys are equal, and a key is made only of what
surely names the same file wherever it is written: literal text, the home directory (`~`),
and, for a piece the run cannot see, the expression that gives it as written, when that
expression depends on nothing a caller passes (library calls with literal arguments, an
environment variable, a module constant built of those: `Path(user_config_dir("app"))`).
A piece read from a parameter or built by a call that differs each time (a temporary
directory) has no key: unknown is not absent, such a file is joined with no other.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from scopelint.flow.values import (
    Encoded,
    External,
    FilePath,
    Nothing,
    OpenFile,
    Ref,
    Text,
    Unknown,
    Value,
    alternatives,
    concat,
    literal_of,
    read_back,
    union,
)
from scopelint.packs.schema import FileTransfer, StoreSpec

if TYPE_CHECKING:
    from scopelint.flow.interpreter import Arg
    from scopelint.flow.libraries import Libraries

FILE_STORE = StoreSpec(kind="file", items=False, user=False)
HOME = "~"
_MAX_RENDER_DEPTH = 12
_BINARY_OPERATORS = {"add": "+", "div": "/"}


class Files:
    """The file semantics of one run: the packs' `files` sections merged."""

    def __init__(self, lib: Libraries) -> None:
        self.lib = lib
        self.it = lib.it
        packs = lib.knowledge.files

        def merged(section: str) -> frozenset[str]:
            return frozenset(name for pack in packs for name in getattr(pack, section))

        self.path_classes = merged("path_classes")
        self.home = merged("home")
        self.path_joiners = merged("path_joiners")
        self.same_file_functions = merged("same_file_functions")
        self.join_methods = merged("join_methods")
        self.same_file_methods = merged("same_file_methods")
        self.read_methods = merged("read_methods")
        self.write_methods = merged("write_methods")
        self.open_functions = merged("open_functions")
        self.open_methods = merged("open_methods")
        self.file_reads = merged("file_reads")
        self.file_writes = merged("file_writes")
        self.writers: dict[str, FileTransfer] = {n: w for pack in packs for w in pack.writers for n in w.names}
        self.readers: dict[str, FileTransfer] = {n: r for pack in packs for r in pack.readers for n in r.names}
        self.volatile = merged("volatile")

    # ================================================================== calls
    def call(self, name: str, args: tuple[Arg, ...], ref: Ref) -> Value | None:
        """A library function of files, or None when `name` is none."""
        if name in self.path_classes:
            positional = [a for a in args if a.kind == "pos"]
            if len(positional) != len(args):
                return FilePath(None)
            key: str | None = "."
            for arg in positional:
                key = join(key, self.key_of(arg.value, arg.ref))
            return FilePath(key)
        if name in self.home and not args:
            return FilePath(HOME)
        if name in self.path_joiners and args:
            return _joined_text([a.value for a in args])
        if name in self.same_file_functions and len(args) == 1:
            return args[0].value
        if name in self.open_functions and args:
            return OpenFile(self.key_of(args[0].value, args[0].ref))
        writer = self.writers.get(name)
        if writer is not None and len(args) > max(writer.value, writer.file):
            for option in alternatives(args[writer.file].value):
                if isinstance(option, OpenFile):
                    self._write(option.key, Encoded(args[writer.value].value), ref)
            return Nothing()
        reader = self.readers.get(name)
        if reader is not None and len(args) > reader.file:
            opened = alternatives(args[reader.file].value)
            if any(isinstance(o, OpenFile) for o in opened):
                return union([self.lib.decoded(self._read(o.key, ref)) for o in opened if isinstance(o, OpenFile)])
        return None

    def method(self, receiver: Value, name: str, args: tuple[Arg, ...], ref: Ref) -> Value | None:
        """A method of a path or an open file, or None when the receiver is neither."""
        if isinstance(receiver, FilePath):
            if name in self.join_methods:
                key = receiver.key
                for arg in args:
                    key = join(key, self.key_of(arg.value, arg.ref) if arg.kind == "pos" else None)
                return FilePath(key)
            if name in self.same_file_methods and not args:
                return receiver
            if name in self.read_methods:
                return self._read(receiver.key, ref)
            if name in self.write_methods and args:
                self._write(receiver.key, args[0].value, ref)
                return Nothing()
            if name in self.open_methods:
                return OpenFile(receiver.key)
            return Unknown(f".{name}()")
        if isinstance(receiver, OpenFile):
            if name in self.file_reads:
                return self._read(receiver.key, ref)
            if name in self.file_writes and args:
                self._write(receiver.key, args[0].value, ref)
                return Nothing()
            if name == "__enter__":
                return receiver
            return Unknown(f".{name}()")
        return None

    def divide(self, left: Value, right: Value, right_ref: Ref) -> Value:
        """`path / name`: the joined path; anything else divided is a number the run ignores."""
        options = alternatives(left)
        if not any(isinstance(o, FilePath) for o in options):
            return Unknown("/")
        piece = self.key_of(right, right_ref)
        return union([FilePath(join(o.key, piece)) if isinstance(o, FilePath) else Unknown("/") for o in options])

    # ================================================================== the store
    def _write(self, key: str | None, value: Value, ref: Ref) -> None:
        if key is not None:
            self.lib.store_write_value(FILE_STORE, key, value, ref)

    def _read(self, key: str | None, ref: Ref) -> Value:
        """What the app writes into the file; what nothing in the run writes is unknown."""
        if key is None:
            return Unknown("a file")
        written = self.lib.written(ref.path, FILE_STORE.kind, key)
        if not written:
            return Unknown(f"the file {key}")
        return read_back(written, f"{FILE_STORE.kind}:{key}", ref, self.it.source(ref) or key)

    # ================================================================== keys
    def key_of(self, value: Value, ref: Ref | None) -> str | None:
        """The key of a path given as `value`, written as the expression at `ref`: its text
        when known, else the expression (when it names one file wherever it is written)."""
        options = alternatives(value)
        if len(options) == 1:
            option = options[0]
            if isinstance(option, FilePath):
                return option.key
            literal = literal_of(option)
            if literal is not None:
                return _normalised(literal)
        if ref is None:
            return None
        rendered = self.render(ref.path, ref.node)
        return f"{{{rendered}}}" if rendered is not None else None

    def render(self, path: str, node: int, depth: int = 0) -> str | None:
        """The expression at `node` as text, with variables replaced by their definitions, when
        it depends on nothing a caller passes and gives the same value at each evaluation;
        else None (a parameter, `self`, a local function's result, a volatile call)."""
        if depth > _MAX_RENDER_DEPTH:
            return None
        op = self.it.programs[path].nodes[node]
        kind = op[0]
        if kind == "str":
            return repr(op[1])
        if kind in ("num", "const"):
            return str(op[1])
        if kind in ("var", "alias"):
            return self.render(path, op[1], depth + 1) if op[1] >= 0 else None
        if kind in ("import", "global"):
            if kind == "global" and op[1].startswith("__") and op[1].endswith("__"):
                return f"{op[1]}@{path}"  # `__file__`: each module's own
            value = self.it.eval(path, node, None)
            return value.qualname if isinstance(value, External) else None
        if kind == "attr":
            base = self.render(path, op[1], depth + 1)
            return f"{base}.{op[2]}" if base is not None else None
        if kind == "item":
            base, key = self.render(path, op[1], depth + 1), self.render(path, op[2], depth + 1)
            return f"{base}[{key}]" if base is not None and key is not None else None
        if kind == "call":
            callee = self.render(path, op[1], depth + 1)
            if callee is None or callee in self.volatile:
                return None
            rendered = []
            for arg_kind, keyword, value in op[2]:
                text = self.render(path, value, depth + 1)
                if arg_kind not in ("pos", "kw") or text is None:
                    return None
                rendered.append(f"{keyword}={text}" if keyword else text)
            return f"{callee}({', '.join(rendered)})"
        if kind in _BINARY_OPERATORS or kind in ("concat", "union"):
            operands = (op[1], op[2]) if kind in _BINARY_OPERATORS else op[1]
            pieces = [self.render(path, n, depth + 1) for n in operands]
            if any(p is None for p in pieces):
                return None
            separator = {"concat": ", ", "union": " | "}.get(kind) or f" {_BINARY_OPERATORS[kind]} "
            return f"{kind}({separator.join(p for p in pieces if p is not None)})"
        return None


def join(base: str | None, piece: str | None) -> str | None:
    """A path joined with a piece, as pathlib joins them (an absolute piece replaces the base)."""
    if base is None or piece is None:
        return None
    if piece.startswith("/") or base == ".":
        return piece
    if piece == ".":
        return base
    return f"{base.rstrip('/')}/{piece}"


def _normalised(text: str) -> str:
    """A literal path as one text per file: `./a//b/` is `a/b`."""
    if not text:
        return "."
    return posixpath.normpath(text)


def _joined_text(values: list[Value]) -> Value:
    """`os.path.join(a, b)`: the pieces with separators, a string (some join URLs with it)."""
    pieces: list[Value] = []
    for value in values:
        literal = literal_of(value)
        if literal is not None and literal.startswith("/"):
            pieces = []  # an absolute piece replaces what comes before
        if pieces:
            before = literal_of(pieces[-1])
            if before is None or not before.endswith("/"):
                pieces.append(Text(("/",)))
        pieces.append(value)
    return concat(*pieces)
