"""The evaluator the JavaScript front end uses: the value model of `values.py` with what calls
(`calls.py`) and browser storage reads (`storage.py`) evaluate to plugged in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scopelint.facts.values import Value
from scopelint.javascript.calls import call_value
from scopelint.javascript.storage import stored_value
from scopelint.javascript.values import ScriptValues

if TYPE_CHECKING:
    from tree_sitter import Node


class ScriptEvaluator(ScriptValues):
    def call_value(self, call: Node) -> Value:
        return call_value(self, call)

    def stored_value(self, storage: str, key: str | None, read: Node) -> Value:
        return stored_value(self, storage, key, read)
