"""Which front end reads a file, decided by its name alone (`scopelint.languages`).

A front end's package is imported only when a file of its kind has to be read: LibCST and
tree-sitter are expensive to import, and a run over unrelated files needs neither.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scopelint.languages import kind_of

if TYPE_CHECKING:
    from scopelint.facts.frontend import Frontend


def frontend_for(path: str) -> Frontend:
    if kind_of(path) == "python":
        from scopelint.python.frontend import PYTHON  # lazy: LibCST only for a Python file

        return PYTHON
    from scopelint.javascript.frontend import SCRIPTS  # lazy: tree-sitter only for a script

    return SCRIPTS
