"""Masking of token-like literals (JWTs, long bearer strings) in everything scopelint prints.

A finding about a hard-coded token must not copy the token into CI logs, SARIF uploads or
baselines: messages, source excerpts and fingerprints only ever see a short prefix. The same
goes for secrets that happen to stand on a reported line (client_secret="...").
"""

from __future__ import annotations

import re

# a JWT (three base64url parts, the first two starting with '{"' encoded as "eyJ")
JWT = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
# a bearer credential written out: "Bearer <20+ token characters>"
BEARER = re.compile(r"(?i)(bearer\s+)([A-Za-z0-9._~+/=-]{20,})")
# a secret written as a literal: client_secret="...", "password": "...", api_key='...'
SECRET_LITERAL = re.compile(
    r"""(?i)((?:client_?secret|secret|password|passwd|api_?key|private_?key)["']?\s*[:=]\s*[rbu]?["'])([^"'\s]{8,})(["'])"""
)
_KEEP = 6


def looks_like_token(text: str) -> bool:
    return bool(JWT.search(text) or BEARER.search(text))


def is_credential_literal(text: str, bare: bool) -> bool:
    """A literal that is a credential: a JWT or a written-out bearer header; where the value
    is a bare token (an SDK client's token argument), also a long run without blanks."""
    stripped = text.strip()
    return looks_like_token(text) or (bare and len(stripped) >= 20 and " " not in stripped)


def mask(token: str) -> str:
    return token[:_KEEP] + "…" if len(token) > _KEEP else token


def mask_secrets(text: str) -> str:
    """`text` with every token-like literal cut to a short prefix and an ellipsis."""
    lowered = text.lower()
    if "eyj" not in lowered and "earer" not in lowered and not any(w in lowered for w in _SECRET_WORDS):
        return text  # the common case, cheaply
    text = JWT.sub(lambda m: mask(m.group(0)), text)
    text = SECRET_LITERAL.sub(lambda m: m.group(1) + mask(m.group(2)) + m.group(3), text)
    return BEARER.sub(lambda m: m.group(1) + mask(m.group(2)), text)


_SECRET_WORDS = ("secret", "passw", "api_key", "apikey", "private")
