"""Reading one Python file safely: exact bytes, decoded text, and a one-line reason on failure.

Every file of a run goes through `read_source`, so it stats once, opens once, reads once.
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import re
import stat
import tokenize
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

__all__ = ["SourceError", "SourceFile", "display_path", "read_source"]

# Python's tokenizer ends a line at "\r\n", "\r" or "\n" and nothing else (str.splitlines
# would also split on form feeds, U+2028 and friends, which do not end source lines).
_LINE_END = re.compile(r"\r\n|\r|\n")
# PEP 263, as the tokenizer reads it; only used to word error messages.
_CODING = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


class SourceError(Exception):
    """A file that cannot be read as Python source; str(exc) is a one-line reason."""


@dataclass(frozen=True)
class SourceFile:
    path: str | Path  # as given (absolute or relative): no Path object built per file read
    display_path: str  # what reports print: relative to cwd, "/"-separated
    raw: bytes  # exact bytes on disk
    text: str  # decoded, without the BOM, newlines untouched
    encoding: str  # a codec name Python knows, e.g. "utf-8", "iso-8859-1"
    bom: bool

    @cached_property
    def line_bounds(self) -> tuple[list[int], list[int]]:
        # Computed on first use only: most files never need a line's text.
        starts = [0]
        ends: list[int] = []
        for match in _LINE_END.finditer(self.text):
            ends.append(match.start())
            starts.append(match.end())
        ends.append(len(self.text))
        return starts, ends

    def line_text(self, line: int) -> str:
        """The text of 1-based `line` without its line ending; "" when out of range."""
        starts, ends = self.line_bounds
        if line < 1 or line > len(starts):
            return ""
        return self.text[starts[line - 1] : ends[line - 1]]


def display_path(path: Path, cwd: Path) -> str:
    """`path` relative to `cwd` when it is under it, else absolute; "/"-separated.

    Pure string work (no resolve()): symlinks are shown as the user named them.
    """
    base = os.path.normpath(os.fspath(cwd))
    full = os.path.normpath(os.path.join(base, os.fspath(path)))
    if full == base:
        shown = "."
    else:
        prefix = base if base.endswith(os.sep) else base + os.sep
        shown = full.removeprefix(prefix)
    return shown.replace(os.sep, "/") if os.sep != "/" else shown


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError) or exc.errno == errno.ENOTDIR:
        return "no such file"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return (exc.strerror or str(exc)).lower()


def read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file (configuration, rule pack, baseline); an OSError naming
    the reason for anything else: opening a FIFO would block the run forever."""
    mode = os.stat(path).st_mode
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
    if not stat.S_ISREG(mode):
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    with open(path, "rb") as stream:
        return stream.read()


def _check_mode(mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise SourceError("is a directory")
    if not stat.S_ISREG(mode):
        raise SourceError("not a regular file")


def read_source(path: str | Path, display_path: str) -> SourceFile:
    """Read and decode `path`; raises SourceError with a one-line reason."""
    try:
        # Stat before opening: opening a FIFO for reading would block until a writer comes.
        _check_mode(os.stat(path).st_mode)
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise SourceError(_os_reason(exc)) from None
    try:
        # The path may have been swapped between stat and open; O_NONBLOCK kept the
        # open from hanging, this keeps us from reading a non-file.
        status = os.fstat(fd)
        _check_mode(status.st_mode)
        raw = _read_all(fd, status.st_size)
    except OSError as exc:
        raise SourceError(_os_reason(exc)) from None
    finally:
        os.close(fd)
    if b"\0" in raw:
        raise SourceError("contains a NUL byte (binary file?)")
    encoding, bom = _detect_encoding(raw)
    body = raw[len(codecs.BOM_UTF8) :] if bom else raw
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        offset = exc.start + (len(codecs.BOM_UTF8) if bom else 0)
        label = "UTF-8" if encoding == "utf-8" else encoding
        how = "declared encoding" if bom or _declared(raw) else "default encoding"
        raise SourceError(f"not valid {label} at byte {offset} ({how} {encoding})") from None
    except LookupError:
        # A cookie naming a codec that is not a text encoding, e.g. "coding: hex".
        raise SourceError(f"unknown encoding '{encoding}'") from None
    return SourceFile(path, display_path, raw, text, encoding, bom)


def _read_all(fd: int, size: int) -> bytes:
    """Everything up to end of file, in one read for a file of the size stat said (no
    buffered file object per file: a run reads thousands)."""
    chunks = []
    want = size + 1  # one more: a file that grew since is still read to its end
    while chunk := os.read(fd, want):
        chunks.append(chunk)
        want = 1 << 16
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _declared(raw: bytes) -> bool:
    return any(_CODING.match(line) for line in raw.splitlines()[:2])


def _detect_encoding(raw: bytes) -> tuple[str, bool]:
    first = raw.find(b"\n")
    second = raw.find(b"\n", first + 1) if first >= 0 else -1
    if b"coding" not in (raw if second < 0 else raw[:second]):
        # No PEP 263 cookie can be on the first two lines: UTF-8, as the tokenizer would
        # say, without its per-file cost (most files of a run take this path).
        return "utf-8", raw.startswith(codecs.BOM_UTF8)
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
    except SyntaxError as exc:
        message = str(exc.msg if exc.msg else exc)
        if message.startswith("unknown encoding"):
            name = message.split(":", 1)[1].strip() if ":" in message else "?"
            raise SourceError(f"unknown encoding '{name}'") from None
        if message.startswith("encoding problem"):
            raise SourceError("UTF-8 byte order mark conflicts with the coding declaration") from None
        # "invalid or missing encoding declaration": an undecodable first or second line
        # with no cookie. Decoding as UTF-8 below reports the exact byte offset.
        return "utf-8", raw.startswith(codecs.BOM_UTF8)
    if encoding == "utf-8-sig":
        return "utf-8", True
    return encoding, False
