"""The prefilter: exact needles, any-case parameter names, redundant requirements, anchors."""

from __future__ import annotations

import os

import pytest

from scopelint.packs.knowledge import load_knowledge
from scopelint.prefilter import KindFilter, Prefilter
from scopelint.rules import ALL_RULES, select_rules
from scopelint.rules.needles import AnyCase

KNOWLEDGE = load_knowledge(())
API_CALL = 'requests.get("https://t.auth0.com/api/v2/users/1", headers={"Authorization": "Bearer " + %s})\n'


def _prefilter(*select: str, language: str = "python") -> KindFilter:
    rules = [r() for r in select_rules(ALL_RULES, list(select) or None, [])]
    return Prefilter.from_knowledge(KNOWLEDGE, rules).by_kind[language]


def test_a_parameter_name_matches_in_any_case() -> None:
    # the analysis treats a parameter named ID_TOKEN or IdToken as an ID token (weakly)
    prefilter = _prefilter("SL101")
    for name in ("ID_TOKEN", "Id_Token", "IDTOKEN"):
        assert prefilter.may_match(f"def show({name}):\n    " + API_CALL % name)


def test_keys_and_urls_match_exactly() -> None:
    prefilter = _prefilter("SL109")
    assert prefilter.may_match('URL = "https://t.auth0.com/api/v2/users"\n')
    assert not prefilter.may_match('URL = "https://T.AUTH0.COM/API/V2/USERS"\n')


def test_whole_words_only() -> None:
    prefilter = _prefilter()
    assert not prefilter.may_match("invalid_tokens = my_access_tokens + id_tokens_seen\n")
    assert prefilter.may_match('token = response["access_token"]\n')


def test_a_requirement_implied_by_another_is_dropped() -> None:
    # SL101 (ID-token source and API) and SL109 (API) imply the run rules' "any token text"
    everything = _prefilter()
    assert len(everything.requirements) == 1
    assert len(_prefilter("SL101", "SL109").requirements) == 1  # SL101 implies SL109's
    assert len(_prefilter("SL101").requirements[0]) == 2


def test_anchors_cover_every_key_needle() -> None:
    for prefilter in (_prefilter(), _prefilter("SL101"), _prefilter("SL109")):
        covered = {n for _, needles in prefilter.anchors for n in needles}
        for requirement in prefilter.requirements:
            assert requirement[0] <= covered
            for anchor, needles in prefilter.anchors:
                assert all(anchor in (n if not isinstance(n, AnyCase) else n.lower()) for n in needles)


@pytest.mark.parametrize("text", ["", "x = 1\n", "import os\nprint(os.environ['TOKEN'])\n"])
def test_unrelated_code_is_skipped(text: str) -> None:
    assert not _prefilter().may_match(text)


def test_each_kind_of_file_is_tested_for_what_its_analysis_can_use() -> None:
    # auth0.js names open a script, never a Python file (the Python analysis cannot use them)
    browser = "const webAuth = new auth0.WebAuth({domain});\nconst m = new auth0.Management({token});\n"
    prefilter = Prefilter.from_knowledge(KNOWLEDGE, [r() for r in ALL_RULES])
    assert prefilter.may_match(browser, "script")
    assert not prefilter.may_match("class Management:\n    webauth = WebAuth\n", "python")
    assert prefilter.may_match('token = response["access_token"]\n', "script")  # shared texts


def test_the_letters_lowered_to_ascii_are_all_known() -> None:
    # bytes.lower() lowers ASCII letters only; str.lower() also turns these into ASCII ones
    # ("\u212a".lower() == "k"): a file holding one has its any-case needles looked for in str.lower()
    from scopelint.prefilter import _LOWERED_TO_ASCII

    becoming_ascii = [c for c in map(chr, range(128, 0x110000)) if any(ord(x) < 128 for x in c.lower())]
    assert sorted(c.encode() for c in becoming_ascii) == sorted(_LOWERED_TO_ASCII)


@pytest.mark.parametrize(
    ("name", "passes"),
    [
        ("ID_TOKEN", True),
        ("ID_TO\u212aEN", True),  # KELVIN SIGN lowers to "k": the name, in any case
        ("\u212aID_TOKEN", False),  # ... and so makes a longer word here
        ("\u0130D_TOKEN", False),  # lowers to "i" and a combining dot: not the name
        ("\u00e9ID_TOKEN", True),  # not an ASCII letter: the word starts after it
        ("\ufeffID_TOKEN", True),
    ],
)
def test_the_file_bytes_and_the_text_agree(name: str, passes: bool) -> None:
    # the engine hands the prefilter a file's own UTF-8 bytes, searched lower-cased by
    # bytes.lower() (ASCII only): the answer is str.lower()'s all the same
    rules = [r() for r in select_rules(ALL_RULES, ["SL101"], [])]
    prefilter = Prefilter.from_knowledge(KNOWLEDGE, rules, across_files=True).by_kind["python"]  # as the engine's
    text = f"def show({name}):\n    pass\n"
    assert prefilter.may_match(text) is passes
    assert prefilter.may_match(text, text.encode()) is passes


def test_a_text_one_requirement_takes_in_any_case_passes_in_any_case() -> None:
    # the same text, exact in one requirement and any-case in another, whatever the anchors say
    exact_anchor = (("id_token", frozenset({"id_token"})),)
    requirements = ((frozenset({"id_token"}),), (frozenset({AnyCase("id_token")}),))
    prefilter = KindFilter(requirements, exact_anchor)
    assert prefilter.may_match("def show(ID_TOKEN):\n")
    assert not KindFilter(requirements[:1], exact_anchor).may_match("def show(ID_TOKEN):\n")


def test_the_prefilter_is_the_same_whatever_the_hash_seed() -> None:
    """A cached prefilter is compared with and stands for one built by another process: its
    order must not follow the hash seed (it once did, through a frozenset's repr and an
    exact and an any-case anchor of the same text)."""
    import json
    import subprocess
    import sys

    program = (
        "import json\n"
        "from scopelint.packs.knowledge import load_knowledge\n"
        "from scopelint.prefilter import Prefilter\n"
        "from scopelint.rules import ALL_RULES\n"
        "rules = [rule() for rule in ALL_RULES]\n"
        "print(json.dumps(Prefilter.from_knowledge(load_knowledge(), rules, across_files=True).to_data()))\n"
    )
    built = {
        subprocess.run(
            [sys.executable, "-c", program],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in (1, 2, 3, 4, 5)
    }
    assert len(built) == 1
    data = json.loads(built.pop())
    assert data == Prefilter.from_knowledge(KNOWLEDGE, [rule() for rule in ALL_RULES], across_files=True).to_data()
