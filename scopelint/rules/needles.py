"""The texts without which a rule cannot fire in a file (its prefilter needles), derived
from the rule packs: a rule's `needles` picks from these. Every text comes from the packs,
so the prefilter stays sound when a pack grows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scopelint.packs.knowledge import Knowledge


class AnyCase(str):
    """A needle matched in any letter case. Only names the analysis itself compares without
    case (parameter names such as `ID_TOKEN` or `idToken`); every other needle is a key, a
    URL segment, a package or a setting name, which the analysis matches exactly."""


def id_token_sources(knowledge: Knowledge, kind: str) -> set[str]:
    """Texts one of which any ID-token source contains."""
    sources: set[str] = {AnyCase(n) for n in knowledge.id_token_parameter_names}
    sources |= {key for key in knowledge.id_token_keys if key not in sources}  # any-case wins
    sources |= {_verifier_text(name) for name in knowledge.verifiers}
    if kind == "script":  # auth0-spa-js's getIdTokenClaims().__raw
        js = knowledge.javascript
        sources |= {js.raw_id_token_property} - {""}
        sources |= {method for request in js.token_requests for method in request.id_claims_methods}
    return sources


def _verifier_text(name: str) -> str:
    """What a file that verifies a token contains: a function's own name
    (`verify_oauth2_token`), a method's class (`TokenVerifier`: its import or its construction;
    the method name, `verify`, is everywhere)."""
    parts = name.split(".")
    return parts[-2] if len(parts) > 1 and parts[-2][:1].isupper() else parts[-1]


def _packages(names: Iterable[str]) -> set[str]:
    # Using a library's class needs its import, so its top-level package name is in the file
    # (`from auth0.management import Users as U` still says "auth0").
    return {name.split(".", 1)[0] for name in names}


def management_sinks(knowledge: Knowledge, kind: str) -> set[str]:
    """Texts one of which any call to a pack's API contains: the path prefix or an SDK package."""
    sinks = {api.path_prefix.strip("/") for api in knowledge.apis} | _packages(knowledge.sdk_clients)
    if kind == "script":  # auth0.js's Management client: `new auth0.Management(...)`
        sinks |= {name.rsplit(".", 1)[-1] for name in knowledge.javascript.sdk_clients}
    return sinks


def token_flow_texts(knowledge: Knowledge, kind: str) -> set[str]:
    """Texts one of which a module that requests, stores or uses tokens contains."""
    texts = management_sinks(knowledge, kind) | set(knowledge.id_token_keys) | set(knowledge.access_token_keys)
    endpoints = knowledge.token_endpoints
    texts |= {endpoints.token_path.strip("/"), endpoints.authorize_path}
    # a library's classes are imported by name, so its package is in the file; a registry's
    # clients are often used in another module, where only their methods' names are
    texts |= _packages(knowledge.token_library_by_name)
    for registry in knowledge.libraries("registry"):
        texts |= set(registry.token_methods) | set(registry.redirect_methods)
    for settings in knowledge.libraries("settings"):
        if settings.settings is not None:
            texts |= {settings.settings.scope, settings.settings.extra_arguments} - {""}
    if kind == "script":  # WebAuth, Auth0Lock, createAuth0Client, getTokenSilently, ...
        texts |= knowledge.javascript.texts()
    return texts
