"""A cheap text test, derived from the loaded rule packs and the selected rules, that a
file must pass to be parsed.

Sound by construction: each rule states the literal texts without which it cannot fire in
a file (`Rule.needles`), as groups that must all be present (any text of a group will do),
and every one of those texts comes from the packs. A file that satisfies no selected rule
is never parsed, and LibCST is never imported for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from scopelint.languages import KINDS
from scopelint.rules.needles import AnyCase

if TYPE_CHECKING:
    from scopelint.packs.knowledge import Knowledge
    from scopelint.rules.base import Rule


@dataclass(frozen=True)
class KindFilter:
    # one entry per rule (none implied by another): groups of needles, every group must match;
    # within an entry, the most selective group comes first
    requirements: tuple[tuple[frozenset[str], ...], ...]
    # short exact texts, one of which every file that can pass contains, each with the
    # needles it covers: most files contain none and cost a handful of scans, no lower()
    anchors: tuple[tuple[str, frozenset[str]], ...] = ()

    @classmethod
    def build(cls, knowledge: Knowledge, rules: Sequence[Rule], kind: str, across_files: bool = False) -> KindFilter:
        requirements = {
            tuple(sorted((_group(group) for group in rule.needles(knowledge, kind)), key=_selectivity))
            for rule in rules
        }
        if across_files:
            # the flow analysis follows values across a project's files: a rule's groups may
            # be found in different files (the ID token in one, the API call in another), so a
            # file holding a needle of any group lets its project through
            requirements = {(frozenset().union(*requirement),) for requirement in requirements}
        kept = [r for r in requirements if not any(o != r and _implies(r, o) for o in requirements)]
        keys = {n for requirement in kept for n in _key_group(requirement)}
        return cls(tuple(sorted(kept, key=repr)), _anchors(keys))

    def may_match(self, text: str) -> bool:
        lowered: list[str] = []  # computed once, and only for an any-case needle

        def haystack(needle: str) -> str:
            if not isinstance(needle, AnyCase):
                return text
            if not lowered:
                lowered.append(text.lower())
            return lowered[0]

        def occurs(needle: str) -> bool:
            return _occurs(needle, haystack(needle))

        present = [needles for anchor, needles in self.anchors if anchor in haystack(anchor)]
        if not present:
            return False
        candidates = frozenset().union(*present)

        for requirement in self.requirements:
            key, *rest = requirement
            if any(n in candidates and occurs(n) for n in key) and all(any(occurs(n) for n in g) for g in rest):
                return True
        return False


@dataclass(frozen=True)
class Prefilter:
    """One filter per kind of file: a Python file is tested for what the Python analysis
    can use, a script for what the script analysis can use (`WebAuth` opens no Python file)."""

    by_kind: dict[str, KindFilter]

    @classmethod
    def from_knowledge(cls, knowledge: Knowledge, rules: Sequence[Rule], across_files: bool = False) -> Prefilter:
        """`across_files`: for the flow analysis, which joins what a project's files do (see
        `KindFilter.build`; the engine then lets every file of such a project through)."""
        return cls({kind: KindFilter.build(knowledge, rules, kind, across_files) for kind in KINDS})

    def may_match(self, text: str, kind: str = "python") -> bool:
        return self.by_kind[kind].may_match(text)

    def to_data(self) -> dict[str, Any]:
        """Plain JSON data (any-case needles marked "~"): the cache keeps the prefilter, so a
        run that parses nothing never loads the packs."""

        def needle(text: str) -> str:
            return ("~" if isinstance(text, AnyCase) else "=") + text

        return {
            kind: {
                "requirements": [[sorted(map(needle, group)) for group in r] for r in f.requirements],
                "anchors": [[needle(anchor), sorted(map(needle, needles))] for anchor, needles in f.anchors],
            }
            for kind, f in self.by_kind.items()
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Prefilter:
        def needle(text: str) -> str:
            return AnyCase(text[1:]) if text[0] == "~" else text[1:]

        if sorted(data) != sorted(KINDS):
            raise KeyError(f"a prefilter for {sorted(data)}, not {sorted(KINDS)}")
        return cls(
            {
                kind: KindFilter(
                    tuple(tuple(frozenset(map(needle, group)) for group in r) for r in f["requirements"]),
                    tuple((needle(anchor), frozenset(map(needle, needles))) for anchor, needles in f["anchors"]),
                )
                for kind, f in data.items()
            }
        )


def _group(needles: Iterable[str]) -> frozenset[str]:
    """The group's needles, any-case ones lower-cased; a text that is both exact and any-case
    stays any-case (`id_token` is a token key and a parameter name)."""
    chosen: dict[str, str] = {}
    for needle in needles:
        if isinstance(needle, AnyCase):
            chosen[needle.lower()] = AnyCase(needle.lower())
        else:
            chosen.setdefault(needle, needle)
    return frozenset(chosen.values())


def _selectivity(group: frozenset[str]) -> tuple[bool, int, list[str]]:
    """Exact groups first (they need no lower()), then the smallest: fewest scans to fail."""
    return (any(isinstance(n, AnyCase) for n in group), len(group), sorted(group))


def _implies(stronger: tuple[frozenset[str], ...], weaker: tuple[frozenset[str], ...]) -> bool:
    """Every file passing `stronger` passes `weaker`: each group of `weaker` contains a group
    of `stronger` (SL101's "ID token source and API" implies the run rules' "any token text")."""
    return all(any(g <= w for g in stronger) for w in weaker)


def _key_group(requirement: tuple[frozenset[str], ...]) -> frozenset[str]:
    """The group the anchors cover: the first, which is exact whenever the rule has an exact group."""
    return requirement[0]


def _occurs(needle: str, text: str) -> bool:
    """`needle` occurs as a whole word: `id_token` in `tokens["id_token"]` or `.id_token`,
    not in `invalid_tokens`. Sound: sources and sinks are whole keys, names, URL segments
    and package names, never parts of longer identifiers."""
    if needle not in text:
        return False
    return _boundary(needle).search(text) is not None


@cache
def _boundary(needle: str) -> re.Pattern[str]:
    start = r"(?<![A-Za-z0-9_])" if needle[0].isalnum() or needle[0] == "_" else ""
    end = r"(?![A-Za-z0-9_])" if needle[-1].isalnum() or needle[-1] == "_" else ""
    return re.compile(start + re.escape(needle) + end)


def _anchors(needles: set[str], size: int = 4) -> tuple[tuple[str, frozenset[str]], ...]:
    """Few short texts covering every needle (greedy set cover over n-grams). Each anchor
    keeps the needles it covers, so a file holding one anchor is tested for those only.
    An any-case needle is its own anchor and is looked for in the lower-cased text."""
    uncovered = {n for n in needles if not isinstance(n, AnyCase)}
    anchors: list[tuple[str, frozenset[str]]] = [(n, frozenset({n})) for n in needles if isinstance(n, AnyCase)]
    while uncovered:
        grams: dict[str, set[str]] = {}
        for needle in uncovered:
            width = min(size, len(needle))
            for start in range(len(needle) - width + 1):
                grams.setdefault(needle[start : start + width], set()).add(needle)
        best = max(sorted(grams), key=lambda gram: len(grams[gram]))
        covered = frozenset(grams[best])
        # the longest text all of them share is as cheap to scan for and far rarer
        # ("SOCIAL_AUTH_AUTH0_" rather than "AL_A", which `LOCAL_ADDR` holds)
        anchors.append((_longest_common(covered, best), covered))
        uncovered -= covered
    return tuple(sorted(anchors))


def _longest_common(needles: frozenset[str], seed: str) -> str:
    shortest = min(needles, key=len)
    for width in range(len(shortest), len(seed), -1):
        for start in range(len(shortest) - width + 1):
            candidate = shortest[start : start + width]
            if all(candidate in needle for needle in needles):
                return candidate
    return seed
