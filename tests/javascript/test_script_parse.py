"""scopelint.javascript.parse: grammars, positions as scopelint counts them, syntax errors, walks."""

from __future__ import annotations

import subprocess
import sys

import pytest

from scopelint.fix import apply_edits
from scopelint.javascript.parse import (
    JS_SUFFIXES,
    ParsedScript,
    ScriptSyntaxError,
    language_of,
    parse_script,
    walk,
)
from scopelint.javascript.templates import TEMPLATE_SUFFIXES
from scopelint.languages import TEMPLATE_SUFFIXES as KNOWN_TEMPLATE_SUFFIXES
from scopelint.model import Edit, Span


def nodes_of_type(parsed: ParsedScript, node_type: str) -> list:
    return [node for root in parsed.roots for node in walk(root) if node.type == node_type]


def texts_and_spans(parsed: ParsedScript, node_type: str) -> list[tuple[str, Span]]:
    return [(parsed.node_text(node), parsed.span(node)) for node in nodes_of_type(parsed, node_type)]


# --------------------------------------------------------------------------- which grammar


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("app.js", "javascript"),
        ("app.mjs", "javascript"),
        ("app.cjs", "javascript"),
        ("App.jsx", "javascript"),
        ("api.ts", "typescript"),
        ("api.mts", "typescript"),
        ("api.cts", "typescript"),
        ("App.tsx", "tsx"),
        ("static/APP.JS", "javascript"),
        ("templates/base.html", "template"),
        ("page.htm", "template"),
        ("page.jinja", "template"),
        ("page.jinja2", "template"),
        ("page.j2", "template"),
        ("page.djhtml", "template"),
        ("app.py", None),
        ("types.pyi", None),
        ("README.md", None),
        ("Makefile", None),
        ("app.js.txt", None),
    ],
)
def test_language_of(path: str, language: str | None) -> None:
    assert language_of(path) == language


def test_suffix_sets_agree_with_the_template_module() -> None:
    assert KNOWN_TEMPLATE_SUFFIXES == TEMPLATE_SUFFIXES
    assert JS_SUFFIXES == {".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx"}


def test_grammars_parse_their_own_syntax() -> None:
    assert parse_script("const a = <div>{x}</div>;\n", "a.jsx").tree.root_node.type == "program"
    assert parse_script("const a: number = f<string>(x);\n", "a.ts").language == "typescript"
    assert parse_script("const a = <div>{x as string}</div>;\n", "a.tsx").language == "tsx"
    # a type annotation is a syntax error for the JavaScript grammar
    with pytest.raises(ScriptSyntaxError):
        parse_script("const a: number = 1;\n", "a.js")
    with pytest.raises(ValueError):
        parse_script("x = 1\n", "a.py")


# --------------------------------------------------------------------------- positions


def test_spans_count_characters_not_bytes() -> None:
    text = 'const naïve = "é€𝄞";\nfetch(url, {headers: {Authorization: "Bearer " + token}});\n'
    parsed = parse_script(text, "a.js")
    assert texts_and_spans(parsed, "string")[0] == ('"é€𝄞"', Span(1, 15, 1, 20))
    identifiers = dict(texts_and_spans(parsed, "identifier"))
    assert identifiers["naïve"] == Span(1, 7, 1, 12)
    assert identifiers["token"] == Span(2, 50, 2, 55)


def test_spans_agree_with_apply_edits_on_non_ascii_and_every_line_ending() -> None:
    for newline in ("\n", "\r\n", "\r"):
        text = newline.join(["// ünïcödé ✓", 'const t = "€";  const id = tokens.id_token;', "send(id)", ""])
        parsed = parse_script(text, "a.js")
        [member] = [n for n in nodes_of_type(parsed, "property_identifier") if parsed.node_text(n) == "id_token"]
        span = parsed.span(member)
        assert span.line == 2
        assert parsed.line_text(2)[span.column - 1 : span.end_column - 1] == "id_token"
        edited = apply_edits(text, [Edit(span, "access_token")])
        assert edited == text.replace("id_token", "access_token")


def test_crlf_spans_and_line_text() -> None:
    text = "let a = 1;\r\nlet bb = 'x';\r\n"
    parsed = parse_script(text, "a.js")
    assert texts_and_spans(parsed, "string") == [("'x'", Span(2, 10, 2, 13))]
    assert parsed.line_text(2) == "let bb = 'x';"
    assert parsed.line_text(0) == parsed.line_text(99) == ""


def test_a_multi_line_node_ends_on_its_last_line() -> None:
    parsed = parse_script("call(\n  'ä',\n  b)\n", "a.js")
    [call] = nodes_of_type(parsed, "call_expression")
    assert parsed.span(call) == Span(1, 1, 3, 5)
    assert parsed.source == parsed.text.encode("utf-8")


# --------------------------------------------------------------------------- syntax errors


@pytest.mark.parametrize(
    ("text", "path", "message"),
    [
        ("let a = 1;\nlet b = (2;\n", "a.js", "JavaScript syntax error at line 2, column 11"),
        ("const é = 'ü'; let b = (2;\n", "a.mjs", "JavaScript syntax error at line 1, column 26"),
        ("ok();\r\nlet b = (2;\r\n", "a.cjs", "JavaScript syntax error at line 2, column 11"),
        ("let a: number = 1;\nlet b: = 2;\n", "a.ts", "TypeScript syntax error at line 2"),
        ("const a = <div>{x}</div>;\nconst b = <div>{y</div>;\n", "a.tsx", "TypeScript syntax error at line 2"),
        ("const a = <div>{x}</div>;\nconst b = <div>{y</div>;\n", "a.jsx", "JavaScript syntax error at line 2"),
    ],
)
def test_syntax_errors_name_the_first_error(text: str, path: str, message: str) -> None:
    with pytest.raises(ScriptSyntaxError) as caught:
        parse_script(text, path)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


# --------------------------------------------------------------------------- templates

TEMPLATE = """\
<!doctype html>
<title>{{ title }} – é</title>
<script src="/static/app.js"></script>
<script nonce="{{ nonce }}">
  const token = "{{ id_token }}";
  fetch("https://{{ domain }}/api/v2/users/" + uid, {headers: {Authorization: "Bearer " + token}});
</script>
<p>{% if user %}ü{% endif %}</p><script type="text/typescript">let n: number = 1; send(token)</script>
"""


def test_template_positions_are_those_of_the_template() -> None:
    parsed = parse_script(TEMPLATE, "page.html")
    assert parsed.language == "template"
    assert len(parsed.text) == len(TEMPLATE)
    assert parsed.text.count("\n") == TEMPLATE.count("\n")
    assert len(parsed.trees) == 2 and parsed.tree is parsed.trees[0]
    tokens = [
        (parsed.node_text(n), parsed.span(n))
        for n in nodes_of_type(parsed, "identifier")
        if parsed.node_text(n) == "token"
    ]
    lines = TEMPLATE.splitlines()
    for text, span in tokens:
        assert lines[span.line - 1][span.column - 1 : span.end_column - 1] == text
    assert [span.line for _, span in tokens] == [5, 6, 8]
    # the second block comes after non-ASCII text on its line and is TypeScript
    [annotation] = nodes_of_type(parsed, "type_annotation")
    assert parsed.span(annotation).line == 8
    assert lines[7][parsed.span(annotation).column - 1 :].startswith(": number")
    assert parsed.line_text(5) == '  const token = "{{ id_token }}";'.replace("{{ id_token }}", "_" + " " * 13)


def test_template_blocks_are_parsed_separately() -> None:
    # one line, two blocks: parsed as one program they would run together
    parsed = parse_script("<script>var a = 1</script><script>foo()</script>\n", "t.j2")
    assert [parsed.node_text(root) for root in parsed.roots] == ["var a = 1", "foo()"]


def test_template_without_script_is_an_empty_program() -> None:
    for text in ("", "<p>{{ x }}</p>\n", "<script type='text/template'><div></script>"):
        parsed = parse_script(text, "page.jinja")
        assert [root.type for root in parsed.roots] == ["program"]
        assert parsed.tree.root_node.named_child_count == 0


def test_template_syntax_error_names_the_template_line_and_column() -> None:
    text = "<p>é</p>\n<script>ok()</script>\n<p>ü</p><script>\n  let x = (1;\n</script>\n"
    with pytest.raises(ScriptSyntaxError) as caught:
        parse_script(text, "page.html")
    assert str(caught.value) == "JavaScript syntax error at line 4, column 13"


# --------------------------------------------------------------------------- walking


def test_walk_is_pre_order_and_stays_inside_its_node() -> None:
    parsed = parse_script("a(b); c;\n", "a.js")
    assert [n.type for n in walk(parsed.tree.root_node)][:6] == [
        "program",
        "expression_statement",
        "call_expression",
        "identifier",
        "arguments",
        "(",
    ]
    [arguments] = nodes_of_type(parsed, "arguments")
    assert [n.type for n in walk(arguments)] == ["arguments", "(", "identifier", ")"]
    [c] = [n for n in nodes_of_type(parsed, "identifier") if parsed.node_text(n) == "c"]
    assert [n.type for n in walk(c)] == ["identifier"]


def test_deep_nesting_parses_and_walks_without_recursion() -> None:
    # 50,000 parentheses: 100,000 nested nodes. Run in a child with a small recursion
    # limit, so a recursive walk anywhere would fail.
    script = (
        "import sys; sys.setrecursionlimit(120)\n"
        "from scopelint.javascript.parse import parse_script, walk\n"
        "text = 'x = ' + '(' * 50000 + '1' + ')' * 50000 + ';\\n'\n"
        "parsed = parse_script(text, 'deep.js')\n"
        "print(sum(1 for _ in walk(parsed.tree.root_node)))\n"
        "try:\n"
        "    parse_script('x = ' + '(' * 50000 + ';\\n', 'deep.js')\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    count, error = done.stdout.split()
    assert int(count) > 100_000
    assert error == "ScriptSyntaxError"


def test_tree_sitter_is_imported_only_to_parse() -> None:
    script = (
        "import sys\n"
        "import scopelint.languages, scopelint.suppression, scopelint.discovery, scopelint.fix\n"
        "import scopelint.javascript.parse\n"
        "print(any(name.startswith('tree_sitter') for name in sys.modules))\n"
        "scopelint.javascript.parse.parse_script('x', 'a.js')\n"
        "print(any(name.startswith('tree_sitter') for name in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["False", "True"], done.stderr
