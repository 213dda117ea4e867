"""A cheap text test, derived from the loaded rule packs and the selected rules, that a
file must pass to be parsed.

Sound by construction: each rule states the literal texts without which it cannot fire in
a file (`Rule.needles`), as groups that must all be present (any text of a group will do),
and every one of those texts comes from the packs. A file that satisfies no selected rule
is never parsed, and LibCST is never imported for it.

Fast by construction: a file is searched for a few short anchors only (one scan each, in
its UTF-8 bytes, lower-cased once by bytes.lower() when some needle matches in any case),
and the needles are then looked for only where an anchor occurs. A large tree is nearly
all files without any anchor: a handful of scans each, and nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
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
    # short texts of the needles, one of which every file that can pass contains, each with
    # the needles it covers: most files contain none and cost a handful of scans
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
        # a text any requirement takes in any case is anchored in any case (sound for both)
        keys = set(_group(n for requirement in kept for n in _key_group(requirement)))
        # in an order of their own (a frozenset's repr follows the hash seed): equal prefilters
        # compare equal, whichever process built or cached them
        return cls(tuple(sorted(kept, key=lambda r: [sorted(group) for group in r])), _anchors(keys))

    def may_match(self, text: str, encoded: bytes | None = None) -> bool:
        """`encoded`: the text's UTF-8 bytes when the caller has them (a file's own bytes),
        else they are encoded here."""
        found = self._anchored(text, encoded)
        if not found:
            return False
        lowered: list[str] = []  # computed once, and only for an any-case needle

        def occurs(needle: str) -> bool:
            typed = _typed(needle)
            if typed in self._plan.checked:
                return typed in found
            if not isinstance(needle, AnyCase):
                return _occurs(needle, text)
            if not lowered:
                lowered.append(text.lower())
            return _occurs(needle, lowered[0])

        for requirement in self.requirements:
            key, *rest = requirement
            if any(_typed(n) in found for n in key) and all(any(occurs(n) for n in g) for g in rest):
                return True
        return False

    @cached_property
    def _plan(self) -> _ScanPlan:
        return _ScanPlan.build(self.anchors, [n for requirement in self.requirements for n in _key_group(requirement)])

    def _anchored(self, text: str, encoded: bytes | None) -> set[tuple[str, bool]]:
        """The needles the anchors cover that occur in the text (as whole words), as `_typed`."""
        plan = self._plan
        exact = encoded if encoded is not None else _encode(text)
        haystack = exact.lower() if plan.lowered else exact
        # bytes.lower() lowers ASCII only; str.lower() also lowers the two letters that
        # become ASCII ones (KELVIN SIGN -> "k"): with them, any-case needles are looked
        # for in text.lower() itself
        unicode_any_case = plan.any_case_beyond_ascii or (
            plan.lowered and not exact.isascii() and any(letter in exact for letter in _LOWERED_TO_ASCII)
        )
        found: set[tuple[str, bool]] = set()
        for scan, checks in plan.scans:
            position = haystack.find(scan)
            while position >= 0:
                for typed, form, offset, before, after in checks:
                    start = position - offset
                    end = start + len(form)
                    any_case = typed[1]
                    if (
                        start >= 0
                        and not (any_case and unicode_any_case)
                        and (haystack if any_case else exact).startswith(form, start)
                        and not (before and start and exact[start - 1] in _WORD_BYTES)
                        and not (after and end < len(exact) and exact[end] in _WORD_BYTES)
                    ):
                        found.add(typed)
                position = haystack.find(scan, position + 1)
        if unicode_any_case:
            lowered = text.lower()
            found.update(t for t in plan.checked if t[1] and _occurs(AnyCase(t[0]), lowered))
        return found


_WORD_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
# the letters whose str.lower() holds an ASCII letter, in UTF-8 (a test checks the list
# against the running Python's Unicode tables)
_LOWERED_TO_ASCII = ("\u0130".encode(), "\u212a".encode())


def _typed(needle: str) -> tuple[str, bool]:
    """A needle and whether it matches in any case: `AnyCase("id_token") == "id_token"`, but
    one requirement may take the text exactly and another in any case."""
    return str(needle), isinstance(needle, AnyCase)


@dataclass(frozen=True)
class _ScanPlan:
    """How `KindFilter.anchors` are looked for: each distinct anchor text once (lower-cased
    when a needle matches in any case: one scan finds `auth` and `AUTH`), and wherever it
    occurs, the needles it covers, at each offset the anchor has in them."""

    lowered: bool
    # (anchor text, ((needle, its bytes, the anchor's offset in them, whole word at the
    # start?, at the end?), ...)), ...
    scans: tuple[tuple[bytes, tuple[tuple[tuple[str, bool], bytes, int, bool, bool], ...]], ...]
    checked: frozenset[tuple[str, bool]]  # what `KindFilter._anchored` says for certain
    any_case_beyond_ascii: bool  # an any-case needle bytes.lower() cannot find

    @classmethod
    def build(cls, anchors: Sequence[tuple[str, frozenset[str]]], keys: Iterable[str]) -> _ScanPlan:
        """`keys`: the needles the requirements start with, as they type them."""
        typings: dict[str, set[bool]] = {}
        for needle in [*keys, *(n for _, needles in anchors for n in needles)]:
            typings.setdefault(str(needle), set()).add(isinstance(needle, AnyCase))
        lowered = any(any_case for flags in typings.values() for any_case in flags)
        by_scan: dict[bytes, dict[tuple[tuple[str, bool], bytes, int, bool, bool], None]] = {}
        checked: set[tuple[str, bool]] = set()
        for anchor, needles in anchors:
            scan = _encode(anchor).lower() if lowered else _encode(anchor)
            checks = by_scan.setdefault(scan, {})
            for text in sorted(map(str, needles)):
                for any_case in sorted(typings[text]):
                    form = _encode(text.lower() if any_case else text)
                    searched = form.lower() if lowered else form
                    offset = searched.find(scan)
                    while offset >= 0:
                        checks[((text, any_case), form, offset, _word(text[0]), _word(text[-1]))] = None
                        offset = searched.find(scan, offset + 1)
                    checked.add((text, any_case))
        return cls(
            lowered,
            tuple((scan, tuple(checks)) for scan, checks in sorted(by_scan.items())),
            frozenset(checked),
            any(any_case and not text.isascii() for text, any_case in checked),
        )


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _word(character: str) -> bool:
    """Whether a needle starting or ending with `character` must be a whole word there."""
    return character.isalnum() or character == "_"


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

    def may_match(self, text: str, kind: str = "python", encoded: bytes | None = None) -> bool:
        """`encoded`: the text's UTF-8 bytes, when the caller has them."""
        return self.by_kind[kind].may_match(text, encoded)

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
    start = r"(?<![A-Za-z0-9_])" if _word(needle[0]) else ""
    end = r"(?![A-Za-z0-9_])" if _word(needle[-1]) else ""
    return re.compile(start + re.escape(needle) + end)


def _anchors(needles: set[str], size: int = 4) -> tuple[tuple[str, frozenset[str]], ...]:
    """Few short texts covering every needle (greedy set cover over n-grams). Each anchor
    keeps the needles it covers, so a file holding one anchor is tested for those only.
    With an any-case needle the text is searched lower-cased (`_ScanPlan`), so the cover is
    taken over the needles lower-cased, and each anchor is the needle's own text there:
    `auth` covers `auth0` and, as `AUTH`, `SOCIAL_AUTH_AUTH0_SCOPE` (one scan for both)."""
    folded = any(isinstance(n, AnyCase) for n in needles)

    def form(needle: str) -> str:
        # ASCII letters only, as bytes.lower() does: the offsets stay the needle's own
        return needle.translate(_ASCII_LOWER) if folded else needle

    uncovered = set(needles)
    anchors: dict[tuple[bool, str], set[str]] = {}
    while uncovered:
        grams: dict[str, set[str]] = {}
        for needle in uncovered:
            text = form(needle)
            width = min(size, len(text))
            for start in range(len(text) - width + 1):
                grams.setdefault(text[start : start + width], set()).add(needle)
        best = max(sorted(grams), key=lambda gram: len(grams[gram]))
        covered = grams[best]
        # the longest text all of them share is as cheap to scan for and far rarer
        # ("SOCIAL_AUTH_AUTH0_" rather than "AL_A", which `LOCAL_ADDR` holds)
        common = _longest_common([form(n) for n in covered], best)
        for needle in covered:
            start = form(needle).index(common)
            piece = needle[start : start + len(common)]
            anchors.setdefault((isinstance(needle, AnyCase), piece), set()).add(needle)
        uncovered -= covered
    typed = [(AnyCase(piece) if any_case else piece, frozenset(group)) for (any_case, piece), group in anchors.items()]
    # a total order (an any-case and an exact anchor may be the same text): see `KindFilter.build`
    return tuple(sorted(typed, key=lambda anchor: (anchor[0], isinstance(anchor[0], AnyCase), sorted(anchor[1]))))


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _longest_common(texts: list[str], seed: str) -> str:
    shortest = min(texts, key=len)
    for width in range(len(shortest), len(seed), -1):
        for start in range(len(shortest) - width + 1):
            candidate = shortest[start : start + width]
            if all(candidate in text for text in texts):
                return candidate
    return seed
