"""The run-level join: each file's plain facts, linked across the files of a run.

Real apps request a token in one module (`auth.py`: `session["user"] = token`) and use
it in another (`views.py`: `session["user"]["access_token"]`). Each file yields a
`FileFacts` (plain data: it can be cached); `join` links every token that reaches a
Management API call back to the request(s) it may come from, across all files of the run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from scopelint.facts.model import FileFacts, RequestFact, SessionWrite, UseFact

if TYPE_CHECKING:
    from scopelint.packs.knowledge import Knowledge


@dataclass
class LinkedRequest:
    """A token request with everything the run knows of it, and the calls its tokens reach."""

    request: RequestFact
    uses: list[UseFact] = field(default_factory=list)


@dataclass
class RunFacts:
    requests: dict[str, LinkedRequest]
    uses: list[UseFact]
    knowledge: Knowledge | None = None
    files: list[FileFacts] = field(default_factory=list)  # each file's own facts, as joined
    _keys_by_use: dict[int, list[str]] | None = field(default=None, repr=False, compare=False)

    def linked(self) -> list[LinkedRequest]:
        return [r for r in self.requests.values() if r.uses]

    def request_keys_of(self, use: UseFact) -> list[str]:
        """The requests `use`'s token may come from (by identity: facts compare deeply)."""
        if self._keys_by_use is None:
            self._keys_by_use = {}
            for key, linked in self.requests.items():
                for linked_use in linked.uses:
                    self._keys_by_use.setdefault(id(linked_use), []).append(key)
        return self._keys_by_use.get(id(use), [])


def join(files: list[FileFacts], knowledge: Knowledge | None = None) -> RunFacts:
    requests = _merged_requests(files)
    writes: dict[str, list[SessionWrite]] = {}
    for facts in files:
        for write in facts.session_writes:
            writes.setdefault(write.key, []).append(write)
    browser_flows = [key for key, r in requests.items() if r.request.flow == "authorize"]
    functions = _function_index(files)
    uses = [use for facts in files for use in facts.uses]
    for use in uses:
        for key in _sources(use, writes, browser_flows, functions):
            if key in requests:
                requests[key].uses.append(use)
    return RunFacts(requests, uses, knowledge, files)


def _function_index(files: list[FileFacts]) -> dict[tuple[str, str], list[str]]:
    """(module's last name, function name) -> request keys, e.g. ("auth", "get_tokens")."""
    index: dict[tuple[str, str], list[str]] = {}
    for facts in files:
        stem = facts.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if stem == "__init__":
            stem = facts.path.rsplit("/", 2)[-2] if facts.path.count("/") else ""
        for name, keys in facts.function_returns.items():
            index.setdefault((stem, name), []).extend(keys)
    return index


def _sources(
    use: UseFact,
    writes: dict[str, list[SessionWrite]],
    browser_flows: list[str],
    functions: dict[tuple[str, str], list[str]],
) -> list[str]:
    """The requests a used token may come from."""
    if use.request is not None:
        return [use.request]
    if use.via_call is not None:
        # `from .auth import get_tokens` gives ".auth.get_tokens" or "app.auth.get_tokens"
        parts = use.via_call.lstrip(".").split(".")
        if len(parts) >= 2:
            return functions.get((parts[-2], parts[-1]), [])
    if use.session_key is not None:
        # session["user"] = token (a response) then session["user"]["id_token"];
        # or session["id_token"] = token["id_token"] then session["id_token"].
        written = writes.get(use.session_key, [])
        keys = sorted({w.request for w in written if w.request is not None})
        if any(w.browser for w in written):
            keys += [k for k in browser_flows if k not in keys]
        return keys
    if use.browser:
        # tokens posted back by the browser come from the app's /authorize redirects
        return list(browser_flows)
    return []


def _merged_requests(files: list[FileFacts]) -> dict[str, LinkedRequest]:
    """Requests by key; the pieces of one request (Authlib register + redirects, social-auth
    settings) are merged, a later explicit parameter overriding none."""
    merged: dict[str, LinkedRequest] = {}
    for facts in files:
        for request in facts.requests:
            existing = merged.get(request.key)
            if existing is None:
                merged[request.key] = LinkedRequest(RequestFact(**{**request.__dict__}))
                continue
            target = existing.request
            for name in ("audience", "scope", "response_type", "domain"):
                if getattr(target, name) is None and getattr(request, name) is not None:
                    setattr(target, name, getattr(request, name))
            if request.primary and not target.primary:
                target.site, target.primary = request.site, True
    return merged
