"""Which files a run checks: explicit files always, directories walked with exclusions.

The walk picks the files of the configured `languages` (Python, JavaScript and TypeScript,
templates) by name, never reads one, and never follows a symlinked directory (so no loops);
exclusions are decided on names and relative-path strings kept per directory, so a big
tree costs one scandir per directory and a few string operations per entry.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from scopelint.config import Config
from scopelint.languages import PYTHON_SUFFIXES, suffixes_for
from scopelint.model import FileError
from scopelint.source import display_path

if TYPE_CHECKING:  # imported when a pattern is compiled: most runs have none
    import pathspec

__all__ = ["DEFAULT_EXCLUDES", "PYTHON_SUFFIXES", "discover_files"]

DEFAULT_EXCLUDES: tuple[str, ...] = (
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    "__pycache__",
    "node_modules",
    "bower_components",
    ".tox",
    ".nox",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".scopelint_cache",
    "build",
    "dist",
    "site-packages",
    "*.egg-info",
    "*.min.js",  # minified and bundled JavaScript is generated, not written
    "*.bundle.js",
)

# The defaults are plain names (plus a few suffix patterns): a set lookup per entry is far
# cheaper than a pattern match.
_DEFAULT_NAMES = frozenset(name for name in DEFAULT_EXCLUDES if not name.startswith("*"))
_DEFAULT_SUFFIXES = tuple(name[1:] for name in DEFAULT_EXCLUDES if name.startswith("*"))
_NAMED_GROUP = re.compile(r"\(\?P<[^>]+>")


class _Ignore:
    """One gitignore-style pattern list, with a one-regex prefilter.

    Most entries match no pattern at all; one combined `search` answers that far faster
    than asking pathspec pattern by pattern.
    """

    __slots__ = ("prefilter", "spec")

    def __init__(self, spec: pathspec.PathSpec) -> None:
        self.spec = spec
        self.prefilter: re.Pattern[str] | None = None
        sources = []
        for pattern in spec.patterns:
            if pattern.include is None:
                continue  # comments and blank lines
            regex = getattr(pattern, "regex", None)
            if regex is None or not isinstance(regex.pattern, str):
                return  # not a regex pattern: no prefilter, ask pathspec every time
            # Group names would clash once several patterns share one regex.
            sources.append("(?:" + _NAMED_GROUP.sub("(?:", regex.pattern) + ")")
        try:
            self.prefilter = re.compile("|".join(sources)) if sources else re.compile("(?!)")
        except re.error:
            self.prefilter = None

    def decide(self, rel: str) -> bool | None:
        """True: excluded, False: re-included by a negation, None: no pattern matches."""
        if self.prefilter is not None and self.prefilter.search(rel) is None:
            return None
        check = getattr(self.spec, "check_file", None)
        if check is not None:
            return check(rel).include
        # Older pathspec (no check_file): the last matching pattern decides, as in git.
        for pattern in reversed(self.spec.patterns):
            if pattern.include is not None and pattern.match_file(rel) is not None:
                return bool(pattern.include)
        return None


def _chain(rel_dir: str) -> list[str]:
    """ "a/b/" -> ["a/", "a/b/"]: a directory and its ancestors, relative to some base."""
    parts = rel_dir.split("/")[:-1]
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def _without_root_matches(spec: pathspec.PathSpec, rel_root: str) -> pathspec.PathSpec | None:
    """`spec` minus the ignore patterns that match the walk root or one of its parents.

    Naming a directory explicitly means "check this": an ignore pattern that covers the
    directory itself would otherwise exclude everything in it (pathspec, like git, also
    matches a pattern's directory's contents). Patterns aimed at entries inside stay.
    """
    chain = _chain(rel_root)
    kept = [
        pattern
        for pattern in spec.patterns
        if not (pattern.include and any(pattern.match_file(d) is not None for d in chain))
    ]
    if len(kept) == len(spec.patterns):
        return spec
    import pathspec

    return pathspec.GitIgnoreSpec(kept) if kept else None


@dataclass
class _Dir:
    io_path: str  # for the OS (absolute or relative to the process cwd)
    given: str  # as the user named it, joined with entry names
    shown: str  # display path
    rel: str  # relative to the walk root, "" at the root, else "a/b/"
    # (.gitignore, this directory relative to the .gitignore's directory: "" or "a/b/")
    gitignores: tuple[tuple[_Ignore, str], ...]
    config_rel: str | None  # this directory relative to config.root ("" or "a/b/"), or None


class _Walker:
    def __init__(self, config: Config, cwd: Path) -> None:
        self.cwd = os.fspath(cwd)
        self.config_all = config.exclude_spec if config.exclude else None
        self.config_ignore: _Ignore | None = None  # set per walk root
        self.config_real = os.path.realpath(os.path.join(self.cwd, os.fspath(config.root)))
        self.suffixes = suffixes_for(config.languages)
        self.files: dict[str, str] = {}  # display path -> path as given
        self.errors: dict[str, FileError] = {}
        self._gitignore_cache: dict[str, _Ignore | None] = {}

    def error(self, shown: str, message: str) -> None:
        self.errors.setdefault(shown, FileError(shown, message))

    def add(self, shown: str, given: str | Path) -> None:
        if shown not in self.files:
            self.files[shown] = os.fspath(given)

    def _load_gitignore(self, directory: str) -> _Ignore | None:
        if directory not in self._gitignore_cache:
            ignore = None
            try:
                with open(os.path.join(directory, ".gitignore"), "rb") as handle:
                    lines = handle.read().decode("utf-8", "surrogateescape").splitlines()
                if lines:
                    import pathspec

                    ignore = _Ignore(pathspec.GitIgnoreSpec.from_lines(lines))
            except (OSError, ValueError):
                # An unreadable or malformed .gitignore excludes nothing; git itself
                # would warn and go on too.
                ignore = None
            self._gitignore_cache[directory] = ignore
        return self._gitignore_cache[directory]

    def _parent_gitignores(self, real_root: str) -> tuple[tuple[_Ignore, str], ...]:
        """The .gitignore files of the walk root's ancestors, up to the git root if any."""
        ancestors: list[str] = []
        current = real_root
        git_root = None
        while True:
            if os.path.lexists(os.path.join(current, ".git")):
                git_root = current
                break
            parent = os.path.dirname(current)
            if parent == current:
                break
            ancestors.append(parent)
            current = parent
        if git_root is None or git_root == real_root:
            return ()
        frames = []
        for ancestor in reversed(ancestors):  # outermost first, like the walk's own frames
            ignore = self._load_gitignore(ancestor)
            if ignore is not None:
                rel = os.path.relpath(real_root, ancestor).replace(os.sep, "/") + "/"
                spec = _without_root_matches(ignore.spec, rel)
                if spec is ignore.spec:
                    frames.append((ignore, rel))
                elif spec is not None:
                    frames.append((_Ignore(spec), rel))
        return tuple(frames)

    def _excluded(self, frame: _Dir, name: str, is_dir: bool) -> bool:
        if name in _DEFAULT_NAMES or name.endswith(_DEFAULT_SUFFIXES):
            return True
        tail = name + "/" if is_dir else name
        if (
            self.config_ignore is not None
            and frame.config_rel is not None
            and self.config_ignore.decide(frame.config_rel + tail)
        ):
            return True
        # The deepest .gitignore with a matching pattern decides, as in git.
        for ignore, prefix in reversed(frame.gitignores):
            decision = ignore.decide(prefix + tail)
            if decision is not None:
                return decision
        return False

    def walk(self, given: str, real_root: str) -> None:
        rel_config = os.path.relpath(real_root, self.config_real).replace(os.sep, "/")
        config_rel: str | None
        if rel_config == ".":
            config_rel = ""
        elif rel_config == ".." or rel_config.startswith("../"):
            config_rel = None
        else:
            config_rel = rel_config + "/"
        config_spec: pathspec.PathSpec | None = self.config_all
        if config_rel and self.config_all is not None:
            config_spec = _without_root_matches(self.config_all, config_rel)
        self.config_ignore = _Ignore(config_spec) if config_spec is not None else None
        # When config.root lies below the walk root, excludes start to apply there.
        config_below: str | None = None
        if config_rel is None:
            below = os.path.relpath(self.config_real, real_root).replace(os.sep, "/")
            if below != ".." and not below.startswith("../"):
                config_below = below + "/"

        io_root = os.path.join(self.cwd, given)
        stack = [
            _Dir(
                io_root,
                given,
                display_path(Path(given), Path(self.cwd)),
                "",
                self._parent_gitignores(real_root),
                config_rel,
            )
        ]
        while stack:
            frame = stack.pop()
            try:
                with os.scandir(frame.io_path) as iterator:
                    entries = list(iterator)
            except PermissionError:
                self.error(frame.shown, "permission denied")
                continue
            except OSError:
                continue  # vanished or replaced while walking: nothing to check there
            gitignores = frame.gitignores
            if any(entry.name == ".gitignore" for entry in entries):
                ignore = self._load_gitignore(frame.io_path)
                if ignore is not None:
                    gitignores = (*gitignores, (ignore, ""))
                    frame.gitignores = gitignores
            shown_dir = frame.shown
            prefix = "" if shown_dir == "." else shown_dir.rstrip("/") + "/"
            for entry in entries:
                name = entry.name
                try:
                    is_symlink = entry.is_symlink()
                    is_dir = not is_symlink and entry.is_dir(follow_symlinks=False)
                except OSError:
                    continue
                if is_dir:
                    if self._excluded(frame, name, True):
                        continue
                    rel = frame.rel + name + "/"
                    if frame.config_rel is not None:
                        child_config: str | None = frame.config_rel + name + "/"
                    else:
                        child_config = "" if rel == config_below else None
                    stack.append(
                        _Dir(
                            entry.path,
                            os.path.join(frame.given, name),
                            prefix + name,
                            rel,
                            tuple((ig, p + name + "/") for ig, p in gitignores),
                            child_config,
                        )
                    )
                    continue
                if not name.endswith(self.suffixes) or self._excluded(frame, name, False):
                    continue
                shown = prefix + name
                if is_symlink:
                    # Followed for files only; a symlinked directory is never descended.
                    try:
                        mode = os.stat(entry.path).st_mode
                    except OSError as exc:
                        if exc.errno == errno.ELOOP:
                            self.error(shown, "symbolic link loop")
                        elif isinstance(exc, FileNotFoundError):
                            self.error(shown, "broken symbolic link")
                        elif isinstance(exc, PermissionError):
                            self.error(shown, "permission denied")
                        continue
                    if not stat.S_ISREG(mode):
                        if not stat.S_ISDIR(mode):  # a link to a directory is never descended
                            self.error(shown, "not a regular file")
                        continue
                elif not entry.is_file(follow_symlinks=False):
                    # a FIFO, socket or device named like source code: said, never opened
                    self.error(shown, "not a regular file")
                    continue
                self.add(shown, os.path.join(frame.given, name))


def discover_files(
    paths: Sequence[Path], config: Config, cwd: Path, force_exclude: bool = False
) -> tuple[list[tuple[str, str]], list[FileError]]:
    """The files to check for `paths` (files and directories), as (display path, path as
    given) pairs, and the paths that failed.

    Explicit files are always checked (even excluded, ignored, of a language left out of
    `config.languages`, or not named *.py), unless `force_exclude` (pre-commit names every
    staged file): then the configuration's `exclude` patterns apply to them too.
    Directories are walked for the files of `config.languages`, honouring .gitignore
    files, DEFAULT_EXCLUDES and `config.exclude`. Both lists are sorted by display path.
    """
    walker = _Walker(config, cwd)
    for path in paths:
        given = os.fspath(path)
        shown = display_path(path, cwd)
        io_path = os.path.join(walker.cwd, given)
        try:
            mode = os.stat(io_path).st_mode
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                walker.error(shown, "symbolic link loop")
            elif isinstance(exc, PermissionError):
                walker.error(shown, "permission denied")
            elif os.path.islink(io_path):
                walker.error(shown, "broken symbolic link")
            else:
                walker.error(shown, "no such file or directory")
            continue
        if stat.S_ISDIR(mode):
            walker.walk(given, os.path.realpath(io_path))
        elif stat.S_ISREG(mode):
            if force_exclude and _config_excludes(config, io_path):
                continue
            walker.add(shown, path)
        else:
            walker.error(shown, "not a regular file")
    files = [(key, walker.files[key]) for key in sorted(walker.files)]
    errors = [walker.errors[key] for key in sorted(walker.errors)]
    return files, errors


def _config_excludes(config: Config, io_path: str) -> bool:
    """Whether the configuration's `exclude` patterns cover this file (or a folder of it)."""
    if not config.exclude:
        return False
    try:
        relative = os.path.relpath(os.path.realpath(io_path), os.path.realpath(config.root)).replace(os.sep, "/")
    except ValueError:
        return False
    if relative.startswith("../"):
        return False
    parts = relative.split("/")
    candidates = ["/".join(parts[:i]) + "/" for i in range(1, len(parts))] + [relative]
    return any(config.exclude_spec.match_file(candidate) for candidate in candidates)
