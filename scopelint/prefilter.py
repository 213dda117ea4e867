"""A cheap text test, derived from the loaded rule packs and the selected rules, that a
file must pass to be parsed.

Sound by construction: each rule states the literal texts without which it cannot fire in
a file (`Rule.needles`), as groups that must all be present (any text of a group will do),
and every one of those texts comes from the packs. A file that satisfies no selected rule
is never parsed, and LibCST is never imported for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from scopelint.packs import Knowledge

if TYPE_CHECKING:
    from scopelint.rules.base import Rule


@dataclass(frozen=True)
class Prefilter:
    # one entry per rule: groups of lower-case needles, every group must match
    requirements: tuple[tuple[frozenset[str], ...], ...]

    @classmethod
    def from_knowledge(cls, knowledge: Knowledge, rules: Sequence["Rule"]) -> "Prefilter":
        requirements = {tuple(frozenset(n.lower() for n in group) for group in rule.needles(knowledge)) for rule in rules}
        return cls(tuple(sorted(requirements, key=repr)))

    def may_match(self, text: str) -> bool:
        lowered = text.lower()
        return any(
            all(any(needle in lowered for needle in group) for group in requirement) for requirement in self.requirements
        )


def id_token_sources(knowledge: Knowledge) -> set[str]:
    """Texts one of which any ID-token source contains."""
    sources = set(knowledge.id_token_keys) | set(knowledge.id_token_parameter_names)
    sources |= {name.rsplit(".", 1)[-1] for name in knowledge.verifiers}
    return sources


def management_sinks(knowledge: Knowledge) -> set[str]:
    """Texts one of which any call to a pack's API contains: the path prefix or an SDK class."""
    sinks = {api.path_prefix.strip("/") for api in knowledge.apis}
    sinks |= {name.rsplit(".", 1)[-1] for name in knowledge.sdk_clients}
    return sinks


def token_flow_texts(knowledge: Knowledge) -> set[str]:
    """Texts one of which a module that requests, stores or uses tokens contains."""
    surfaces = knowledge.token_requests
    texts = management_sinks(knowledge) | set(knowledge.id_token_keys) | set(knowledge.access_token_keys)
    texts |= {surfaces.token_path.strip("/"), surfaces.authorize_path.strip("/")}
    for names in (surfaces.sdk, surfaces.authlib_oauth_classes, surfaces.oauthlib_classes, surfaces.server_client_names):
        texts |= {name.rsplit(".", 1)[-1] for name in names}
    texts |= set(surfaces.authlib_token_methods) | set(surfaces.authlib_redirect_methods)
    texts |= {surfaces.social_scope_setting, surfaces.social_extra_arguments_setting} - {""}
    return texts
