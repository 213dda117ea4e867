"""Configuration: `[tool.scopelint]` of a pyproject.toml, or a `.scopelint.yaml`.

The nearest directory (searching upward) holding either wins; in one directory the YAML
file wins. Every problem becomes one ConfigError line naming the file and the key.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scopelint.languages import LANGUAGE_GROUPS
from scopelint.source import display_path, read_regular_file

if TYPE_CHECKING:
    import pathspec

# pathspec, PyYAML and tomllib are imported where they are needed: together they cost a
# pre-commit run over an unrelated file most of its time, and most runs need none of them.

__all__ = ["CONFIG_FILENAMES", "KNOWN_KEYS", "Config", "ConfigError", "find_config", "load_config"]

YAML_NAME = ".scopelint.yaml"
PYPROJECT_NAME = "pyproject.toml"
CONFIG_FILENAMES = (YAML_NAME, PYPROJECT_NAME)  # in order of precedence within a directory
KNOWN_KEYS = ("custom-domains", "exclude", "ignore", "languages", "per-file-ignores", "rule-packs", "select")

# RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens.
_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_HOST = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")


class ConfigError(Exception):
    """A configuration problem; str(exc) is one line naming the file, the key and the problem."""


def _compile(patterns: tuple[str, ...]) -> pathspec.PathSpec:
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(patterns)


@dataclass(frozen=True)
class Config:
    root: Path  # directory of the config file (or the start dir when none)
    source: Path | None = None  # the config file, None when defaults
    select: tuple[str, ...] | None = None  # None = all rules
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()  # gitignore-style, relative to root
    custom_domains: tuple[str, ...] = ()  # lower-cased host names
    rule_packs: tuple[Path, ...] = ()  # resolved against root
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # which files a directory walk collects; files named on the command line are always read
    languages: tuple[str, ...] = tuple(LANGUAGE_GROUPS)

    @cached_property
    def exclude_spec(self) -> pathspec.PathSpec:
        """The `exclude` patterns compiled once (gitignore semantics, relative to root)."""
        return _compile(self.exclude)

    @cached_property
    def _per_file_specs(self) -> tuple[tuple[pathspec.PathSpec, frozenset[str]], ...]:
        return tuple((_compile((pattern,)), frozenset(codes)) for pattern, codes in self.per_file_ignores.items())

    @property
    def source_name(self) -> str:
        """The config file as messages name it."""
        return _name(self.source) if self.source is not None else "the configuration"

    def ignored_for(self, rel_path: str) -> frozenset[str]:
        """Codes/names ignored for `rel_path` (relative to root, "/"-separated)."""
        ignored: set[str] = set()
        for spec, codes in self._per_file_specs:
            if spec.match_file(rel_path):
                ignored |= codes
        return frozenset(ignored)


def _has_scopelint_table(path: Path, data: bytes) -> bool:
    # Most pyproject.toml files never mention us: skip parsing them (and so never fail on
    # a broken pyproject.toml that is not ours).
    if b"scopelint" not in data:
        return False
    tool = _parse_toml(path, data).get("tool")
    return isinstance(tool, dict) and "scopelint" in tool


def find_config(start: Path) -> Path | None:
    """The nearest `.scopelint.yaml`, or pyproject.toml with [tool.scopelint], from `start` up."""
    here = Path(os.path.abspath(start))
    if here.is_file():
        here = here.parent
    for directory in (here, *here.parents):
        candidate = directory / YAML_NAME
        if candidate.is_file():
            return candidate
        candidate = directory / PYPROJECT_NAME
        if candidate.is_file() and _has_scopelint_table(candidate, _read(candidate)):
            return candidate
    return None


def load_config(start: Path, explicit: Path | None = None) -> Config:
    """The configuration that applies to `start` (a directory), or the `--config FILE` given."""
    if explicit is not None:
        path = Path(os.path.abspath(explicit))
        if not path.exists():
            raise ConfigError(f"{_name(path)}: no such file")
        if path.is_dir():
            raise ConfigError(f"{_name(path)}: is a directory, expected a config file")
    else:
        found = find_config(start)
        if found is None:
            root = Path(os.path.abspath(start))
            return Config(root=root.parent if root.is_file() else root)
        path = found
    return _load_file(path)


def _name(path: Path) -> str:
    return display_path(path, Path.cwd())


def _read(path: Path) -> bytes:
    try:
        return read_regular_file(path)
    except OSError as exc:
        raise ConfigError(f"{_name(path)}: cannot read: {(exc.strerror or str(exc)).lower()}") from None


def _parse_toml(path: Path, data: bytes) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{_name(path)}: not valid UTF-8 at byte {exc.start}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{_name(path)}: invalid TOML: {_one_line(str(exc))}") from None


def _parse_yaml(path: Path, data: bytes) -> Any:
    import yaml

    try:
        # safe_load only: python/* tags are refused, never constructed (no code runs).
        return yaml.safe_load(data)
    except yaml.constructor.ConstructorError as exc:
        where = f" at line {exc.problem_mark.line + 1}" if exc.problem_mark else ""
        tag = re.search(r"tag '([^']*)'", str(exc.problem or ""))
        if tag:
            shown = tag.group(1).replace("tag:yaml.org,2002:", "!!")
            raise ConfigError(
                f"{_name(path)}: YAML tag '{shown}'{where} is not allowed (only plain YAML values are accepted)"
            ) from None
        raise ConfigError(f"{_name(path)}: invalid YAML{where}: {_one_line(str(exc.problem))}") from None
    except yaml.MarkedYAMLError as exc:
        where = (
            f" at line {exc.problem_mark.line + 1}, column {exc.problem_mark.column + 1}" if exc.problem_mark else ""
        )
        raise ConfigError(f"{_name(path)}: invalid YAML{where}: {_one_line(str(exc.problem or exc.context))}") from None
    except yaml.YAMLError as exc:  # e.g. a reader error on undecodable bytes
        raise ConfigError(f"{_name(path)}: invalid YAML: {_one_line(str(exc))}") from None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _load_file(path: Path) -> Config:
    # Decide the format by name before reading, so a wrong --config never reads its file.
    if path.suffix in (".yaml", ".yml"):
        table = _parse_yaml(path, _read(path))
        where = f"{_name(path)}:"
        if table is None:  # an empty file: defaults
            table = {}
        if not isinstance(table, dict):
            raise ConfigError(f"{where} expected a mapping of settings at the top level, got {_type(table)}")
    elif path.suffix == ".toml":
        document = _parse_toml(path, _read(path))
        tool = document.get("tool")
        if not isinstance(tool, dict) or "scopelint" not in tool:
            raise ConfigError(f"{_name(path)}: no [tool.scopelint] table")
        table = tool["scopelint"]
        where = f"{_name(path)}: [tool.scopelint]"
        if not isinstance(table, dict):
            raise ConfigError(f"{where} expected a table, got {_type(table)}")
    else:
        raise ConfigError(f"{_name(path)}: unsupported config file (expected a .toml or .yaml file)")
    return _build(table, path, where)


def _type(value: Any) -> str:
    names = {bool: "bool", int: "int", float: "float", str: "string", list: "list", dict: "table"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _unknown_key(key: Any) -> str:
    text = str(key)
    close = difflib.get_close_matches(text.replace("_", "-").lower(), KNOWN_KEYS, n=1, cutoff=0.6)
    hint = f", did you mean '{close[0]}'?" if close else ""
    return f"unknown key '{text}'{hint} (known: {', '.join(KNOWN_KEYS)})"


def _strings(where: str, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ConfigError(f"{where} {key}: expected a list of strings, got {_type(value)}")
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise ConfigError(f"{where} {key}: expected a list of strings, item {index} is {_type(item)}")
        if not item.strip():
            raise ConfigError(f"{where} {key}: item {index} is an empty string")
    return tuple(value)


def _host(where: str, key: str, value: str) -> str:
    host = value.strip().lower()
    problem = ""
    if "://" in host:
        problem = "drop the scheme"
    elif "/" in host:
        problem = "drop the path"
    elif ":" in host:
        problem = "drop the port"
    elif not _HOST.fullmatch(host.rstrip(".")) or len(host) > 253:
        problem = "not a valid host name"
    if problem:
        raise ConfigError(f"{where} {key}: expected a host name like 'login.example.com', got '{value}' ({problem})")
    return host.rstrip(".")


def _patterns(where: str, key: str, patterns: tuple[str, ...]) -> None:
    for pattern in patterns:
        try:
            _compile((pattern,))
        except ValueError as exc:  # pathspec's pattern errors are ValueErrors
            raise ConfigError(f"{where} {key}: invalid pattern '{pattern}': {_one_line(str(exc))}") from None


def _build(table: dict[Any, Any], path: Path, where: str) -> Config:
    root = path.parent
    for key in table:
        if key not in KNOWN_KEYS:
            raise ConfigError(f"{where} {_unknown_key(key)}")
    get: Callable[..., Any] = table.get

    # Absent means every rule; an explicit empty list selects none.
    select = _strings(where, "select", table["select"]) if "select" in table else None
    ignore = _strings(where, "ignore", get("ignore", []))
    exclude = _strings(where, "exclude", get("exclude", []))
    _patterns(where, "exclude", exclude)
    domains = tuple(
        _host(where, "custom-domains", item) for item in _strings(where, "custom-domains", get("custom-domains", []))
    )
    packs = tuple(root / item for item in _strings(where, "rule-packs", get("rule-packs", [])))

    raw_pfi = get("per-file-ignores", {})
    if not isinstance(raw_pfi, dict):
        raise ConfigError(
            f"{where} per-file-ignores: expected a table of pattern = list of codes, got {_type(raw_pfi)}"
        )
    per_file: dict[str, tuple[str, ...]] = {}
    for pattern, codes in raw_pfi.items():
        if not isinstance(pattern, str) or not pattern.strip():
            raise ConfigError(f"{where} per-file-ignores: pattern {pattern!r} is not a non-empty string")
        per_file[pattern] = _strings(where, f"per-file-ignores '{pattern}'", codes)
    _patterns(where, "per-file-ignores", tuple(per_file))

    languages = tuple(LANGUAGE_GROUPS)
    if "languages" in table:
        languages = _strings(where, "languages", table["languages"])
        for item in languages:
            if item not in LANGUAGE_GROUPS:
                raise ConfigError(f"{where} languages: unknown language '{item}' (known: {', '.join(LANGUAGE_GROUPS)})")
        if not languages:
            raise ConfigError(f"{where} languages: expected at least one of {', '.join(LANGUAGE_GROUPS)}")

    return Config(
        root=root,
        source=path,
        select=select,
        ignore=ignore,
        exclude=exclude,
        custom_domains=domains,
        rule_packs=packs,
        per_file_ignores=per_file,
        languages=tuple(dict.fromkeys(languages)),
    )
