"""Small questions about LibCST nodes that every part of the Python front end asks: which
argument of a call a pack's spec names, what a string literal stands for, whether an
expression reads a field the browser posted."""

from __future__ import annotations

import ast
import re
from functools import lru_cache

import libcst as cst

from scopelint.packs.knowledge import ArgSpec


def argument(call: cst.Call, spec: ArgSpec | None) -> cst.Arg | None:
    """The argument of `call` that `spec` names (keyword first, then position)."""
    if spec is None:
        return None
    if spec.keyword is not None:
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value == spec.keyword:
                return arg
    if spec.position is not None:
        positional = [a for a in call.args if a.keyword is None and not a.star]
        if spec.position < len(positional):
            # a *args before the position makes positions unknowable
            if any(a.star for a in call.args[: call.args.index(positional[spec.position])]):
                return None
            return positional[spec.position]
    return None


def literal_string(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.SimpleString):
        return _string_value(node.value)
    if isinstance(node, cst.ConcatenatedString):
        left, right = literal_string(node.left), literal_string(node.right)
        return left + right if left is not None and right is not None else None
    return None


@lru_cache(maxsize=8192)
def _string_value(literal: str) -> str | None:
    """The str a string literal stands for (None for bytes or malformed escapes). Most
    literals hold no escape and no carriage return: their value is the text between the
    quotes, without the cost of `ast.literal_eval` (a compile per literal)."""
    prefix = len(literal) - len(literal.lstrip("rRuUbBfF"))
    if "\\" not in literal and "\r" not in literal and literal[:prefix].lower() in ("", "r", "u"):
        quote = 3 if literal[prefix : prefix + 3] in ('"""', "'''") else 1
        return literal[prefix + quote : len(literal) - quote]
    try:
        value = ast.literal_eval(literal)
    except Exception:  # malformed escapes: not a key we can know
        return None
    return value if isinstance(value, str) else None


_BROWSER_FIELD = re.compile(r"\.(form|args|values|json|POST|GET|query_params|data|body)$|get_json\(\)$")


def is_browser_field(source: str) -> bool:
    """`request.form`, `request.json`, `request.POST`, ...: values the browser sent."""
    return bool(_BROWSER_FIELD.search(source.strip()))
