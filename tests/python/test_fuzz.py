"""Fuzzing (issue 7): `check` never raises, whatever the input, and `fix --unsafe-fixes`
output always parses, compiles, and is a fixed point (a second run changes nothing).

Programs come from three sources:
- `hypothesmith` (grammar-generated Python), when it is installed (it is not a test extra:
  `pip install hypothesmith`); without it those tests are skipped and the others still run;
- our own strategy, `token_programs`: the rules' VALID and INVALID cases (real token
  code, so the analysis and the fixes run for real), combined, wrapped in blocks,
  re-indented with tabs, switched to CRLF, interleaved with comments and other code;
- arbitrary text and mutated examples (lines dropped, duplicated, characters inserted), for
  the "never raises" half only.

Every generated module starts with a line holding the prefilter's texts, so it is parsed.
"""

from __future__ import annotations

import tempfile
import textwrap
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from rule_cases import load_cases
from scopelint.engine import Engine
from scopelint.fix import Fixer, verify

try:
    import hypothesmith
except ImportError:  # not a test extra
    hypothesmith = None

needs_hypothesmith = pytest.mark.skipif(hypothesmith is None, reason="hypothesmith is not installed")

PREFILTER_LINE = "# id_token access_token /api/v2/ oauth/token authorize Auth0 GetToken\n"

EXAMPLES = [
    (
        case.files[case.main_path],
        {path: text for path, text in case.files.items() if path != case.main_path},
        case.main_path,
    )
    for case in load_cases()  # tests/fixtures/rules/
    if case.main_path.endswith(".py")  # the properties below build Python programs around them
]
SINGLE_FILE_EXAMPLES = [code for code, extra, _ in EXAMPLES if not extra]

SETTINGS = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.filter_too_much],
    "database": None,
}


def compiles(text: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(text, "generated.py", "exec", dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def assert_check_survives(engine: Engine, files: dict[str, str]) -> None:
    result = engine.check_texts(files)  # must not raise
    for error in result.errors:
        assert error.path in files
        assert error.message.strip() and "\n" not in error.message, error
    for finding in result.findings:
        assert finding.path in files
        assert finding.span.line >= 1 and finding.span.column >= 1


# --------------------------------------------------------------------------- strategies

JUNK = [
    "x = [1, 2, 3]\n",
    "for i in range(3):\n    pass\n",
    "while False:\n    break\n",
    "f = lambda a, *b, **c: (a, b, c)\n",
    "with open(__file__) as handle, open(__file__) as other:\n    pass\n",
    "async def agen():\n    async for x in y:\n        yield x\n",
    "class K(object, metaclass=type):\n    attr: int = 1\n",
    "try:\n    pass\nexcept (ValueError, TypeError) as exc:\n    raise\nfinally:\n    pass\n",
    "match command:\n    case {'id_token': token}:\n        pass\n    case _:\n        pass\n",
    "value = {**{}, 'a': [*range(2)], 'b': {1, 2}}\n",
    "requests = None\n",
    "tokens = {'id_token': 'x', 'access_token': 'y'}\n",
    "def get(*args, **kwargs):\n    return get(*args, **kwargs)\n",
    "session = globals()\n",
    "del x\n",
    "global_name = (yield_ := 3)\n",
    "print(f'{1!r:>{2}}')\n",
]


def _indent(text: str, prefix: str) -> str:
    return "".join(prefix + line if line.strip() else line for line in text.splitlines(keepends=True))


@st.composite
def token_programs(draw) -> tuple[str, dict[str, str]]:
    """A valid module built from the rules' examples: (main module, other modules of the run)."""
    picks = draw(st.lists(st.sampled_from(EXAMPLES), min_size=1, max_size=3))
    extra: dict[str, str] = {}
    parts = []
    for code, files, _path in picks:
        for name, text in files.items():
            extra.setdefault(name, text)
        parts.append(code)
    # (hypothesmith code is mixed in by its own tests: drawing it in here is very slow)
    parts += draw(st.lists(st.sampled_from(JUNK), max_size=3))
    parts = draw(st.permutations(parts))
    body = "\n".join(part if part.endswith("\n") else part + "\n" for part in parts)
    # futures must stay first: move them out of the way of the wrappers below
    futures = [line for line in body.splitlines(keepends=True) if line.startswith("from __future__")]
    body = "".join(line for line in body.splitlines(keepends=True) if not line.startswith("from __future__"))
    wrapper = draw(st.sampled_from(["", "if True:\n", "def _wrapper():\n", "class _Wrapper:\n", "try:\n"]))
    if wrapper:
        body = wrapper + _indent(body, "    ") + ("except Exception:\n    pass\n" if wrapper == "try:\n" else "")
    if draw(st.booleans()):  # comments between some lines (may land in a string: still valid)
        lines = body.splitlines(keepends=True)
        for index in sorted(draw(st.lists(st.integers(0, len(lines)), max_size=4)), reverse=True):
            lines.insert(index, "# scopelint fuzz comment\n")
        body = "".join(lines)
    if draw(st.booleans()):
        body = body.replace("    ", "\t")
    text = PREFILTER_LINE + "".join(futures) + body
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    assume(compiles(text))
    return text, extra


@st.composite
def mutated_examples(draw) -> str:
    """An example with lines dropped or doubled and characters inserted: mostly invalid."""
    lines = draw(st.sampled_from(SINGLE_FILE_EXAMPLES)).splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "double", "insert", "truncate"]))
        if action == "drop":
            del lines[index]
        elif action == "double":
            lines.insert(index, lines[index])
        elif action == "insert":
            line = lines[index]
            at = draw(st.integers(0, len(line)))
            lines[index] = (
                line[:at]
                + draw(st.sampled_from(list("([{}])'\":\\\t\r\n#@=,;.") + ["\x0c", "\u2028", "é"]))
                + line[at:]
            )
        else:
            lines = lines[: index + 1]
    return PREFILTER_LINE + "".join(lines)


# --------------------------------------------------------------------------- check never raises


@settings(max_examples=60, **SETTINGS)
@given(text=st.text(max_size=400))
def test_check_never_raises_on_arbitrary_text(engine: Engine, text: str) -> None:
    assert_check_survives(engine, {"x.py": PREFILTER_LINE + text})


@settings(max_examples=80, **SETTINGS)
@given(text=mutated_examples())
def test_check_never_raises_on_mutated_examples(engine: Engine, text: str) -> None:
    assert_check_survives(engine, {"x.py": text})


@settings(max_examples=40, **SETTINGS)
@given(program=token_programs())
def test_check_never_raises_on_generated_token_programs(engine: Engine, program: tuple[str, dict[str, str]]) -> None:
    text, extra = program
    assert_check_survives(engine, {"x.py": text, **extra})


@needs_hypothesmith
@pytest.mark.filterwarnings("ignore::SyntaxWarning")  # hypothesmith compiles what it draws
@settings(max_examples=60, **SETTINGS)
@given(text=st.one_of(hypothesmith.from_grammar(), hypothesmith.from_node()) if hypothesmith else st.nothing())
def test_check_never_raises_on_hypothesmith_programs(engine: Engine, text: str) -> None:
    assert_check_survives(engine, {"x.py": PREFILTER_LINE + text})


# --------------------------------------------------------------------------- fix output


def _fix_twice(engine: Engine, files: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory(prefix="scopelint-fuzz-") as directory:
        root = Path(directory)
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(text.encode("utf-8"))
        before = {name: (root / name).read_bytes() for name in files}
        fixable = {f.path for f in engine.check_paths([root], root).findings if f.fix is not None}
        fixer = Fixer(engine, unsafe=True)
        outcome = fixer.fix([root], root)
        fixer.write(outcome, root)
        after = {name: (root / name).read_bytes() for name in files}
        changed = {name for name in files if after[name] != before[name]}
        assert changed <= fixable, "a file without a fixable finding was changed"
        assert sorted(outcome.written) == sorted(changed)
        for name in changed:
            text = after[name].decode("utf-8")
            assert verify(text, name) is None, (name, verify(text, name))
            assert compiles(text)
            assert ("\r\n" in text) == ("\r\n" in files[name])  # line endings kept
        again = Fixer(engine, unsafe=True).fix([root], root)
        assert again.changed == {}, f"a second run still changes {sorted(again.changed)}"


@settings(max_examples=50, **SETTINGS)
@given(program=token_programs())
def test_fix_output_parses_and_a_second_run_changes_nothing(
    engine: Engine, program: tuple[str, dict[str, str]]
) -> None:
    text, extra = program
    _fix_twice(engine, {"app.py": text, **extra})


@pytest.mark.parametrize("index", range(0, len(EXAMPLES), 3))
def test_fix_of_examples_wrapped_in_a_function_is_a_fixed_point(engine: Engine, index: int) -> None:
    """Deterministic companion of the property above: every third example (time), indented one level."""
    code, extra, path = EXAMPLES[index]
    futures = "".join(line for line in code.splitlines(keepends=True) if line.startswith("from __future__"))
    body = "".join(line for line in code.splitlines(keepends=True) if not line.startswith("from __future__"))
    text = PREFILTER_LINE + futures + "def _wrapper():\n" + _indent(body, "    ") + "    pass\n"
    if not compiles(text):
        pytest.skip("the example does not survive indentation (a multi-line string or a future import)")
    _fix_twice(engine, {path: text, **{k: v for k, v in extra.items() if k != path}})


@needs_hypothesmith
@pytest.mark.filterwarnings("ignore::SyntaxWarning")
@settings(max_examples=25, **SETTINGS)
@given(
    example=st.sampled_from(SINGLE_FILE_EXAMPLES),
    generated=hypothesmith.from_grammar() if hypothesmith else st.nothing(),
)
def test_fix_beside_hypothesmith_code_parses_and_is_idempotent(engine: Engine, example: str, generated: str) -> None:
    text = PREFILTER_LINE + textwrap.dedent(example) + "\n" + generated
    assume(compiles(text))
    _fix_twice(engine, {"app.py": text})
