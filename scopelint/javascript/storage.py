"""Browser storage (localStorage, sessionStorage): a token written under a key is the token
read back under it, in the same file or, through the run's session keys, in another one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scopelint.facts.values import Token, Unknown, Value, read_back
from scopelint.javascript.values import JsName, literal, method_calls

if TYPE_CHECKING:
    from tree_sitter import Node

    from scopelint.javascript.values import ScriptValues


def storage_key(storage: str, key: str) -> str:
    """The run-wide key of a stored value: `localStorage:id_token` (never a server session's)."""
    return f"{storage.rsplit('.', 1)[-1]}:{key}"


def writes(ev: ScriptValues) -> list[tuple[str, Node]]:
    """(run-wide key, value node) of every `storage.setItem("key", value)` of the file
    (found once per file: every read looks them up)."""
    cached = ev.cache.get("storage-writes")
    if cached is None:
        cached = ev.cache["storage-writes"] = list(_writes(ev))
    return cached


def _writes(ev: ScriptValues) -> Iterator[tuple[str, Node]]:
    js = ev.js
    for _, receivers, args in method_calls(ev, js.storage_set, 2):
        key = literal(ev.eval(args[0]))
        for receiver in receivers:
            if isinstance(receiver, JsName) and receiver.name in js.storage_objects and key is not None:
                yield storage_key(receiver.name, key), args[1]


def stored_value(ev: ScriptValues, storage: str, key: str | None, read: Node) -> Value:
    """What `storage.getItem(key)` returns: what the file writes under the key; else, for a key
    that names a token (id_token, accessToken, ...), that token, joined across files by key."""
    if key is None:
        return Unknown()
    wanted = storage_key(storage, key)
    written = [ev.eval(value) for name, value in writes(ev) if name == wanted]
    if written:
        return read_back(written, wanted)
    description = ev.text(read)
    if key in ev.knowledge.id_token_keys:
        return Token("id", read, description, session_key=wanted)
    if key in ev.knowledge.access_token_keys:
        return Token("access", read, description, session_key=wanted)
    return Unknown()
