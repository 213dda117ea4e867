"""A cheap text test, derived from the loaded rule packs, that a file must pass to be parsed.

Sound by construction: SL101 needs an ID-token source (one of the pack's ID-token keys or
parameter names, or a verifier) and a Management API sink (the API's path prefix or an SDK
client class) in the same module, and each of those is visible as plain text.
"""

from __future__ import annotations

from dataclasses import dataclass

from scopelint.packs import Knowledge


@dataclass(frozen=True)
class Prefilter:
    sources: tuple[str, ...]  # lower-case needles
    sinks: tuple[str, ...]

    @classmethod
    def from_knowledge(cls, knowledge: Knowledge) -> "Prefilter":
        sources = {k.lower() for k in knowledge.id_token_keys} | set(knowledge.id_token_parameter_names)
        sources |= {name.rsplit(".", 1)[-1].lower() for name in knowledge.verifiers}
        sinks = {api.path_prefix.strip("/").lower() for api in knowledge.apis}
        sinks |= {name.rsplit(".", 1)[-1].lower() for name in knowledge.sdk_clients}
        return cls(tuple(sorted(sources)), tuple(sorted(sinks)))

    def may_match(self, text: str) -> bool:
        lowered = text.lower()
        return any(s in lowered for s in self.sources) and any(s in lowered for s in self.sinks)
