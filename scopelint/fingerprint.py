"""Stable identities for findings, shared by baselines, SARIF and GitLab reports.

A fingerprint must survive unrelated edits (lines inserted above, re-indentation), so it
is made of what was reported, where in the code structure, and which occurrence it is,
never of line or column numbers.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter

from scopelint.model import Finding

_WHITESPACE = re.compile(r"\s+")


def normalize_snippet(snippet: str) -> str:
    """Collapse every whitespace run to one space, so reformatting keeps the fingerprint."""
    return _WHITESPACE.sub(" ", snippet).strip()


def compute_fingerprint(code: str, path: str, snippet: str, context: str, occurrence: int) -> str:
    """The 32-hex-digit fingerprint of one finding (sha256, truncated)."""
    # JSON encoding keeps the fields unambiguous: no separator can be forged by a snippet.
    material = json.dumps(
        ["scopelint/v1", code, path, normalize_snippet(snippet), context, occurrence],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]


def assign_fingerprints(findings: list[Finding]) -> None:
    """Set `fingerprint` on every finding of ONE run (mutates the findings in place).

    Identical code in the same function (e.g. two equal calls) gets occurrence 0, 1, ...
    in source order, so each keeps a distinct fingerprint. Call this before any
    filtering (baseline, --diff-base): the occurrence index depends on all findings.
    """
    seen: Counter[tuple[str, str, str, str]] = Counter()
    for finding in sorted(findings, key=Finding.sort_key):
        key = (finding.code, finding.path, normalize_snippet(finding.snippet), finding.context)
        occurrence = seen[key]
        seen[key] += 1
        finding.fingerprint = compute_fingerprint(*key, occurrence)
