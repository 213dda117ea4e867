"""scopelint.suppression: which comments silence which findings on which lines."""

from __future__ import annotations

import pytest

from scopelint.suppression import parse_suppressions

CODE, NAME = "SL101", "id-token-bearer"


def silenced(text: str, first: int, last: int | None = None, code: str = CODE, name: str = NAME) -> bool:
    return parse_suppressions(text).silences(code, name, first, first if last is None else last)


# --------------------------------------------------------------------------- on the reported line


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        ("# scopelint: ignore[SL101]", True),
        ("# scopelint: ignore[id-token-bearer]", True),
        ("# scopelint: ignore[SL102, SL101]", True),
        ("# scopelint: ignore[SL102,id-token-bearer]", True),
        ("# scopelint: ignore[ SL101 ]", True),
        ("# scopelint: ignore", True),
        ("# noqa: SL101", True),
        ("# noqa: E501, SL101", True),
        ("# noqa: E501,SL101", True),
        ("# type: ignore[attr-defined]  # scopelint: ignore[SL101]", True),
        ("#scopelint:ignore[SL101]", True),
        # not for this rule:
        ("# scopelint: ignore[SL102]", False),
        ("# scopelint: ignore[other-rule]", False),
        ("# scopelint: ignore[SL1011]", False),
        ("# noqa: SL102", False),
        ("# noqa: SL1011", False),
        ("# noqa: E501", False),
        # not a directive at all:
        ("# type: ignore", False),
        ("# pylint: disable=all", False),
        ("# see the scopelint docs", False),
        ("# TODO: ignore SL101 later", False),
    ],
)
def test_comment_on_the_reported_line(comment: str, expected: bool) -> None:
    text = f"x = 1\ny = call(token)  {comment}\nz = 3\n"
    assert silenced(text, 2) is expected


def test_a_comment_silences_only_its_own_line_statement() -> None:
    text = "a = call(t)  # scopelint: ignore[SL101]\nb = call(t)\n"
    assert silenced(text, 1) is True
    assert silenced(text, 2) is False


def test_other_code_and_name_are_both_checked() -> None:
    text = "y = call(token)  # scopelint: ignore[SL102]\n"
    assert silenced(text, 1, code="SL102", name="missing-audience") is True
    assert silenced(text, 1) is False
    text = "y = call(token)  # scopelint: ignore[missing-audience]\n"
    assert silenced(text, 1, code="SL102", name="missing-audience") is True
    assert silenced(text, 1) is False


def test_bare_directive_silences_every_rule() -> None:
    text = "y = call(token)  # scopelint: ignore\n"
    assert silenced(text, 1) is True
    assert silenced(text, 1, code="SL102", name="missing-audience") is True


# --------------------------------------------------------------------------- multi-line statements

MULTI = """\
def f(tokens, uid):
    return requests.get({first}
        f"https://tenant.auth0.com/api/v2/users/{{uid}}",
        headers={{"Authorization": f"Bearer {{tokens['id_token']}}"}},{middle}
    ){last}
x = 1{after}
"""


def multi(first: str = "", middle: str = "", last: str = "", after: str = "") -> str:
    return MULTI.format(first=first, middle=middle, last=last, after=after)


@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_any_line_of_the_statement(where: str) -> None:
    text = multi(**{where: "  # scopelint: ignore[SL101]"})
    assert silenced(text, 2, 5) is True


def test_the_line_after_the_statement_does_not_count() -> None:
    assert silenced(multi(after="  # scopelint: ignore[SL101]"), 2, 5) is False


# --------------------------------------------------------------------------- the line above


def test_own_line_directly_above() -> None:
    text = "def f():\n    # scopelint: ignore[SL101]\n    return call(token)\n"
    assert silenced(text, 3) is True


def test_own_line_directly_above_noqa_and_name() -> None:
    assert silenced("# noqa: SL101\ny = call(token)\n", 2) is True
    assert silenced("# scopelint: ignore[id-token-bearer]\ny = call(token)\n", 2) is True


def test_own_line_above_a_multi_line_statement() -> None:
    text = "def f(tokens, uid):\n    # scopelint: ignore[SL101]\n" + multi().split("\n", 1)[1]
    assert silenced(text, 3, 6) is True


def test_two_lines_above_does_not_silence() -> None:
    assert silenced("# scopelint: ignore[SL101]\n\ny = call(token)\n", 3) is False
    assert silenced("# scopelint: ignore[SL101]\n# another comment\ny = call(token)\n", 3) is False
    assert silenced("# scopelint: ignore[SL101]\nx = 1\ny = call(token)\n", 3) is False


def test_trailing_comment_of_the_previous_statement_does_not_silence_the_next() -> None:
    text = "x = 1  # scopelint: ignore[SL101]\ny = call(token)\n"
    assert silenced(text, 2) is False
    assert silenced(text, 1) is True


def test_trailing_comment_after_a_multi_line_string_above_does_not_count() -> None:
    text = 'doc = """\nsome text\n"""  # scopelint: ignore[SL101]\ny = call(token)\n'
    assert silenced(text, 4) is False


def test_above_for_another_code_does_not_silence() -> None:
    assert silenced("# scopelint: ignore[SL102]\ny = call(token)\n", 2) is False


# --------------------------------------------------------------------------- not comments


@pytest.mark.parametrize(
    "text",
    [
        'x = "# scopelint: ignore"\n',
        "x = '# scopelint: ignore[SL101]'\n",
        'x = "# noqa: SL101"\n',
        'x = f"{token} # scopelint: ignore"\n',
        'x = b"# scopelint: ignore"\n',
        'x = r"# noqa: SL101"\n',
        'x = """\n# scopelint: ignore\n"""\n',
        "x = '''\n  # noqa: SL101\n'''\n",
    ],
)
def test_directives_inside_strings_do_not_count(text: str) -> None:
    suppressions = parse_suppressions(text)
    lines = text.count("\n")
    for line in range(1, lines + 2):
        assert suppressions.silences(CODE, NAME, line, line) is False, line
    assert suppressions.by_line == {}


def test_string_on_the_reported_line_with_a_real_comment_elsewhere() -> None:
    text = 'y = call(token, note="# scopelint: ignore")\nz = call(token)  # scopelint: ignore[SL101]\n'
    assert silenced(text, 1) is False
    assert silenced(text, 2) is True


def test_string_statement_above_is_not_a_comment_line() -> None:
    text = 'note = "# scopelint: ignore[SL101]"\ny = call(token)\n'
    assert silenced(text, 2) is False


def test_no_comments_nothing_silenced() -> None:
    suppressions = parse_suppressions("y = call(token)\n")
    assert suppressions.by_line == {}
    assert suppressions.silences(CODE, NAME, 1, 1) is False


def test_parsed_lines() -> None:
    text = "a = 1  # scopelint: ignore[SL101, id-token-bearer]\n# noqa: SL102\nb = 2\n# scopelint: ignore\n"
    suppressions = parse_suppressions(text)
    assert set(suppressions.by_line) == {1, 2, 4}
    assert 1 not in suppressions.comment_only_lines
    assert {2, 4} <= suppressions.comment_only_lines
