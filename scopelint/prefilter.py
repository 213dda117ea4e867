"""A cheap text test, derived from the loaded rule packs and the selected rules, that a
file must pass to be parsed.

Sound by construction: each rule states the literal texts without which it cannot fire in
a file (`Rule.needles`), as groups that must all be present (any text of a group will do),
and every one of those texts comes from the packs. A file that satisfies no selected rule
is never parsed, and LibCST is never imported for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Sequence

from scopelint.packs import Knowledge

if TYPE_CHECKING:
    from scopelint.rules.base import Rule


@dataclass(frozen=True)
class Prefilter:
    # one entry per rule: groups of lower-case needles, every group must match
    requirements: tuple[tuple[frozenset[str], ...], ...]
    # a few short texts, one of which every needle contains: most files contain none of
    # them and are dismissed after a handful of scans instead of one per needle
    anchors: tuple[str, ...] = ()

    @classmethod
    def from_knowledge(cls, knowledge: Knowledge, rules: Sequence["Rule"]) -> "Prefilter":
        requirements = {tuple(frozenset(n.lower() for n in group) for group in rule.needles(knowledge)) for rule in rules}
        needles = {n for requirement in requirements for group in requirement for n in group}
        return cls(tuple(sorted(requirements, key=repr)), _anchors(needles))

    def may_match(self, text: str) -> bool:
        lowered = text.lower()
        if not any(anchor in lowered for anchor in self.anchors):
            return False
        return any(
            all(any(_occurs(needle, lowered) for needle in group) for group in requirement)
            for requirement in self.requirements
        )


def _occurs(needle: str, text: str) -> bool:
    """`needle` occurs as a whole word: `id_token` in `tokens["id_token"]` or `.id_token`,
    not in `invalid_tokens`. Sound: sources and sinks are whole keys, names, URL segments
    and package names, never parts of longer identifiers."""
    if needle not in text:
        return False
    return _boundary(needle).search(text) is not None


@lru_cache(maxsize=None)
def _boundary(needle: str) -> re.Pattern[str]:
    start = r"(?<![a-z0-9_])" if needle[0].isalnum() or needle[0] == "_" else ""
    end = r"(?![a-z0-9_])" if needle[-1].isalnum() or needle[-1] == "_" else ""
    return re.compile(start + re.escape(needle) + end)


def _anchors(needles: set[str], size: int = 6) -> tuple[str, ...]:
    """A small set of substrings covering every needle (greedy set cover over n-grams);
    long enough to be rare in ordinary code."""
    uncovered = set(needles)
    anchors: list[str] = []
    while uncovered:
        grams: dict[str, set[str]] = {}
        for needle in uncovered:
            width = min(size, len(needle))
            for start in range(len(needle) - width + 1):
                grams.setdefault(needle[start : start + width], set()).add(needle)
        best = max(sorted(grams), key=lambda gram: len(grams[gram]))
        anchors.append(best)
        uncovered -= grams[best]
    return tuple(sorted(anchors))


def id_token_sources(knowledge: Knowledge) -> set[str]:
    """Texts one of which any ID-token source contains."""
    sources = set(knowledge.id_token_keys) | set(knowledge.id_token_parameter_names)
    sources |= {name.rsplit(".", 1)[-1] for name in knowledge.verifiers}
    # browser code: auth0-spa-js's getIdTokenClaims().__raw
    js = knowledge.javascript
    sources |= {js.raw_id_token_property} - {""}
    sources |= {method for request in js.token_requests for method in request.id_claims_methods}
    return sources


def _packages(names: Iterable[str]) -> set[str]:
    # Using a library's class needs its import, so its top-level package name is in the file
    # (`from auth0.management import Users as U` still says "auth0").
    return {name.split(".", 1)[0] for name in names}


def management_sinks(knowledge: Knowledge) -> set[str]:
    """Texts one of which any call to a pack's API contains: the path prefix or an SDK package."""
    sinks = {api.path_prefix.strip("/") for api in knowledge.apis} | _packages(knowledge.sdk_clients)
    # auth0.js's Management client: `new auth0.Management(...)`, or `Management` imported
    return sinks | {name.rsplit(".", 1)[-1] for name in knowledge.javascript.sdk_clients}


def token_flow_texts(knowledge: Knowledge) -> set[str]:
    """Texts one of which a module that requests, stores or uses tokens contains."""
    surfaces = knowledge.token_requests
    texts = management_sinks(knowledge) | set(knowledge.id_token_keys) | set(knowledge.access_token_keys)
    texts |= {surfaces.token_path.strip("/"), surfaces.authorize_path}
    texts |= _packages([*surfaces.sdk, *surfaces.authlib_oauth_classes, *surfaces.oauthlib_classes, *surfaces.server_client_names])
    texts |= set(surfaces.authlib_token_methods) | set(surfaces.authlib_redirect_methods)
    texts |= {surfaces.social_scope_setting, surfaces.social_extra_arguments_setting} - {""}
    # browser code: WebAuth, Auth0Lock, createAuth0Client, getTokenSilently, ...
    texts |= knowledge.javascript.texts()
    return texts
