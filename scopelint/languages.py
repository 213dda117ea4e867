"""Which front end reads a file, decided by its name alone.

Kept free of imports so discovery, suppressions and the fixer can ask it without loading
the JavaScript front end (or tree-sitter) on a Python-only run.
"""

from __future__ import annotations

import os

__all__ = [
    "KINDS",
    "JS_SUFFIXES",
    "LANGUAGE_GROUPS",
    "PYTHON_SUFFIXES",
    "TEMPLATE_SUFFIXES",
    "kind_of",
    "language_of",
    "suffixes_for",
]

PYTHON_SUFFIXES = (".py", ".pyi")
JS_SUFFIXES = frozenset({".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx"})
# The same set as scopelint.javascript.templates.TEMPLATE_SUFFIXES (a test keeps them equal).
TEMPLATE_SUFFIXES = frozenset({".html", ".htm", ".jinja", ".jinja2", ".j2", ".djhtml"})

_TYPESCRIPT_SUFFIXES = frozenset({".ts", ".mts", ".cts"})

# The values of the `languages` configuration key, and the suffixes each one walks for.
LANGUAGE_GROUPS: dict[str, tuple[str, ...]] = {
    "python": PYTHON_SUFFIXES,
    "javascript": tuple(sorted(JS_SUFFIXES)),
    "templates": tuple(sorted(TEMPLATE_SUFFIXES)),
}


# The kinds of file a front end reads: the prefilter and the rules' needles are per kind.
KINDS = ("python", "script")  # a script: JavaScript, TypeScript, a template's <script> blocks


def kind_of(path: str) -> str:
    """ "script" for what the tree-sitter front end reads, else "python"."""
    return "python" if language_of(path) is None else "script"


def language_of(path: str) -> str | None:
    """ "javascript", "typescript", "tsx" or "template" for the files the tree-sitter front
    end reads ("javascript" includes JSX); None for anything else (Python's front end)."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix in _TYPESCRIPT_SUFFIXES:
        return "typescript"
    if suffix == ".tsx":
        return "tsx"
    if suffix in JS_SUFFIXES:
        return "javascript"
    if suffix in TEMPLATE_SUFFIXES:
        return "template"
    return None


def suffixes_for(languages: tuple[str, ...]) -> tuple[str, ...]:
    """The file-name endings a directory walk collects for the configured `languages`."""
    return tuple(suffix for language in languages for suffix in LANGUAGE_GROUPS[language])
