"""--diff-base: report only findings on lines changed since a git revision.

Lines come from `git diff --unified=0` of the working tree (staged and unstaged) against
the revision, plus every line of untracked, not-ignored files (a new file is all new).
"""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
from collections.abc import Iterable
from pathlib import Path

from scopelint.model import Finding


class ChangedLinesError(Exception):
    """git could not tell which lines changed (one-line message)."""


# @@ -old[,n] +new[,m] @@ ; a missing count means 1, a count of 0 means nothing was added.
_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def changed_lines(rev: str, cwd: Path) -> dict[str, set[int]]:
    """Map each changed file (relative to `cwd`, "/"-separated) to its added/changed lines (1-based)."""
    cwd = Path(cwd)
    if not rev or rev.startswith("-"):
        # A revision starting with "-" would be read by git as an option.
        raise ChangedLinesError(f"invalid git revision {rev!r}")
    toplevel = Path(
        os.fsdecode(_git(["rev-parse", "--show-toplevel"], cwd, f"{cwd} is not inside a git work tree").strip())
    )
    commit = (
        _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd, f"unknown git revision {rev!r}")
        .decode()
        .strip()
    )

    diff = _git(
        [
            "diff",
            "--unified=0",
            "--no-color",
            "--no-ext-diff",
            # Pin what user configuration could change: textconv alters line numbers,
            # diff.relative/noprefix/mnemonicPrefix alter the paths we parse.
            "--no-textconv",
            "--no-relative",
            "--src-prefix=a/",
            "--dst-prefix=b/",
            commit,
            "--",
        ],
        toplevel,
        f"git diff against {rev!r} failed",
    )
    by_top: dict[str, set[int]] = parse_unified_diff(diff)

    untracked = _git(
        ["ls-files", "-z", "--others", "--exclude-standard", "--full-name"],
        toplevel,
        "git ls-files failed",
    )
    for raw in untracked.split(b"\0"):
        if raw:
            name = os.fsdecode(raw)
            by_top[name] = _all_lines(toplevel / name)

    result: dict[str, set[int]] = {}
    base = os.path.realpath(cwd)
    for name, lines in by_top.items():
        if lines:
            relative = os.path.relpath(os.path.join(os.path.realpath(toplevel), name), base)
            result[relative.replace(os.sep, "/")] = lines
    return result


def parse_unified_diff(diff: bytes) -> dict[str, set[int]]:
    """Added/changed line numbers per new-side path of a `git diff --unified=0` output."""
    result: dict[str, set[int]] = {}
    current: set[int] | None = None
    # "+++ " is a header only between "diff --git" and the first hunk: inside a hunk it
    # is an added line whose text starts with "++ ".
    in_header = False
    for line in diff.split(b"\n"):
        if line.startswith(b"diff --git "):
            in_header, current = True, None
        elif in_header and line.startswith(b"+++ "):
            name = line[4:].rstrip(b"\r")
            if name.startswith(b'"'):
                name = _unquote_c_style(name)
            else:
                # git appends a tab after names that contain a space.
                name = name.rstrip(b"\t")
            if name == b"/dev/null":  # deleted file: nothing of it can be reported
                current = None
                continue
            if name.startswith(b"b/"):
                name = name[2:]
            current = result.setdefault(os.fsdecode(name), set())
        elif line.startswith(b"@@ "):
            in_header = False
            if current is None:
                continue
            match = _HUNK.match(line)
            if match:
                start = int(match.group(1))
                count = int(match.group(2)) if match.group(2) is not None else 1
                current.update(range(start, start + count))
    return result


def filter_to_changed(findings: Iterable[Finding], changed: dict[str, set[int]]) -> list[Finding]:
    """The findings whose span touches at least one changed line of its file."""
    normalized = {posixpath.normpath(path): lines for path, lines in changed.items()}
    kept = []
    for finding in findings:
        lines = normalized.get(posixpath.normpath(finding.path))
        if not lines:
            continue
        span = finding.span
        last = span.end_line
        if span.end_line > span.line and span.end_column <= 1:
            last -= 1  # the span ends before the first character of its last line
        if any(line in lines for line in range(span.line, last + 1)):
            kept.append(finding)
    return kept


def _git(args: list[str], cwd: Path, failure: str) -> bytes:
    try:
        completed = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=cwd,
            capture_output=True,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except FileNotFoundError:
        raise ChangedLinesError("git is not installed or not on PATH") from None
    except OSError as exc:
        raise ChangedLinesError(f"cannot run git in {cwd}: {exc.strerror or exc}") from None
    if completed.returncode != 0:
        detail = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        # git's own first line (e.g. "detected dubious ownership") says what to fix.
        raise ChangedLinesError(f"{failure}: {detail[0]}" if detail else failure)
    return completed.stdout


def _all_lines(path: Path) -> set[int]:
    try:
        data = path.read_bytes()
    except OSError:
        return set()  # vanished or unreadable: the analysis will report it if it matters
    count = data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)
    return set(range(1, count + 1))


_ESCAPES = {b"a": 7, b"b": 8, b"t": 9, b"n": 10, b"v": 11, b"f": 12, b"r": 13, b'"': 34, b"\\": 92}


def _unquote_c_style(quoted: bytes) -> bytes:
    # git quotes names with '"', '\\', control characters (and non-ASCII unless
    # core.quotepath=off) as a C string with octal escapes for raw bytes.
    body = quoted.strip()
    if body.endswith(b'"'):
        body = body[1:-1]
    else:
        body = body[1:]
    out = bytearray()
    i = 0
    while i < len(body):
        char = body[i : i + 1]
        if char == b"\\" and i + 1 < len(body):
            following = body[i + 1 : i + 2]
            if following in _ESCAPES:
                out.append(_ESCAPES[following])
                i += 2
                continue
            octal = body[i + 1 : i + 4]
            if len(octal) == 3 and all(48 <= b <= 55 for b in octal):
                out.append(int(octal, 8))
                i += 4
                continue
        out += char
        i += 1
    return bytes(out)
