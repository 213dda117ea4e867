"""scopelint.javascript.templates: the JavaScript of HTML/Jinja/Django templates at its own positions.

Every test goes through `_run`, which checks what must hold for any input: the text has the
template's length and line breaks (so findings point at the template's lines and columns),
nothing outside a script block survives, and inside a block a character is either the
template's or a blank ("_" or a space) left by a template tag.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scopelint.javascript.templates import TEMPLATE_SUFFIXES, ScriptBlock, script_text


def _run(template: str) -> tuple[str, list[ScriptBlock]]:
    text, blocks = script_text(template)
    assert len(text) == len(template)
    inside = [False] * len(template)
    previous_end = 0
    for block in blocks:
        assert previous_end <= block.start <= block.end <= len(template)
        assert block.language in ("javascript", "typescript")
        previous_end = block.end
        for i in range(block.start, block.end):
            inside[i] = True
    for i, (got, original) in enumerate(zip(text, template, strict=True)):
        if original in "\r\n":
            assert got == original, f"line break lost at {i}"
        elif not inside[i]:
            assert got == " ", f"{got!r} kept outside the scripts at {i}"
        else:
            assert got == original or got in " _", f"{original!r} became {got!r} at {i}"
    return text, blocks


def _scripts(template: str) -> list[str]:
    """The text of each block, as the analysis sees it."""
    text, blocks = _run(template)
    return [text[b.start : b.end] for b in blocks]


def _expr(tag: str) -> str:
    """What an expression tag becomes: an identifier, then blanks (line breaks kept)."""
    return "_" + "".join(c if c in "\r\n" else " " for c in tag[1:])


def _gone(tag: str) -> str:
    """What a statement or comment tag becomes."""
    return "".join(c if c in "\r\n" else " " for c in tag)


def _kept(template: str) -> list[str]:
    """The template's own text of each block (what `start`/`end` point at)."""
    _, blocks = _run(template)
    return [template[b.start : b.end] for b in blocks]


# --- basics -------------------------------------------------------------------------------------


def test_suffixes() -> None:
    assert TEMPLATE_SUFFIXES == frozenset({".html", ".htm", ".jinja", ".jinja2", ".j2", ".djhtml"})


def test_empty_file() -> None:
    assert script_text("") == ("", [])


def test_no_scripts_leaves_only_blanks_and_line_breaks() -> None:
    template = "<html>\n<body>{{ user }}\r\n<p>auth0</p>\r</body>\n</html>"
    text, blocks = _run(template)
    assert blocks == []
    assert text == "".join(c if c in "\r\n" else " " for c in template)


def test_one_block_same_offsets_and_lines() -> None:
    template = '<html>\n<head>\n<script>\nconst a = new ManagementClient({ domain: "x" });\n</script>\n</head>\n'
    text, blocks = _run(template)
    assert len(blocks) == 1
    block = blocks[0]
    assert template[block.start : block.end] == '\nconst a = new ManagementClient({ domain: "x" });\n'
    assert text[block.start : block.end] == template[block.start : block.end]
    assert block.language == "javascript"
    assert text.splitlines()[3] == 'const a = new ManagementClient({ domain: "x" });'
    assert text.splitlines()[3] == template.splitlines()[3]


def test_multiple_blocks() -> None:
    template = "<script>var a = 1;</script><p>x</p>\n<SCRIPT>var b = 2;</SCRIPT>\n<script>var c = 3;</script>"
    assert _scripts(template) == ["var a = 1;", "var b = 2;", "var c = 3;"]


def test_text_between_blocks_blanked() -> None:
    text, _ = _run("<script>a()</script>b()<script>c()</script>")
    assert text == " " * 8 + "a()" + " " * 20 + "c()" + " " * 9


# --- tags and attributes ------------------------------------------------------------------------


def test_tag_names_case_insensitive() -> None:
    assert _scripts("<ScRiPt>go()</sCrIpT>") == ["go()"]


def test_end_tag_with_space_or_slash() -> None:
    assert _scripts("<script>a()</script >b()<script>c()</script\n>") == ["a()", "c()"]


def test_quoted_attribute_with_angle_bracket() -> None:
    assert _scripts('<script data-x="a>b">go()</script>') == ["go()"]
    assert _scripts("<script data-x='a>b' defer>go()</script>") == ["go()"]


def test_attributes_any_order_and_quoting() -> None:
    template = (
        "<script defer type=module nonce='n'>a()</script>"
        '<script async TYPE="TEXT/JAVASCRIPT">b()</script>'
        "<script type = 'application/javascript' >c()</script>"
        '<script\ntype="text/javascript; charset=utf-8"\n>d()</script>'
    )
    assert _scripts(template) == ["a()", "b()", "c()", "d()"]


def test_unclosed_quote_in_start_tag_swallows_the_rest() -> None:
    assert _scripts('<script>a()</script><script data-x="oops>b()</script><script>c()</script>') == ["a()"]


def test_first_of_repeated_attributes_wins() -> None:
    assert _scripts('<script type="application/json" type="module">{}</script>') == []
    assert _scripts('<script type="module" type="application/json">go()</script>') == ["go()"]


def test_adjacent_expressions() -> None:
    assert _scripts("<script>f({{a}}{{b}})</script>") == ["f(" + _expr("{{a}}") + _expr("{{b}}") + ")"]


def test_similar_tag_names_are_not_scripts() -> None:
    assert _scripts("<scripts>a()</scripts><noscript>b()</noscript><script-x>c()</script-x>") == []


@pytest.mark.parametrize(
    "type_",
    ["", "text/javascript", "application/javascript", "module", "text/babel", "text/jsx", "text/ecmascript"],
)
def test_javascript_types(type_: str) -> None:
    _, blocks = _run(f'<script type="{type_}">go()</script>')
    assert [b.language for b in blocks] == ["javascript"]


@pytest.mark.parametrize(
    "type_",
    [
        "application/json",
        "application/ld+json",
        "text/template",
        "text/x-template",
        "text/html",
        "text/x-handlebars-template",
        "importmap",
        "text/plain",
    ],
)
def test_non_javascript_types_skipped(type_: str) -> None:
    template = f'<script type="{type_}">{{"domain": "x.auth0.com"}}</script><script>go()</script>'
    assert _scripts(template) == ["go()"]


def test_json_ld_skipped() -> None:
    template = '<script type="application/ld+json">\n{"@context": "https://schema.org"}\n</script>\n'
    text, blocks = _run(template)
    assert blocks == []
    assert text.strip() == ""


@pytest.mark.parametrize(
    "tag",
    [
        '<script type="text/typescript">',
        '<script lang="ts">',
        "<script lang=typescript>",
        '<script type="module" lang="ts">',
    ],
)
def test_typescript(tag: str) -> None:
    _, blocks = _run(f"{tag}let a: number = 1;</script>")
    assert [b.language for b in blocks] == ["typescript"]


def test_lang_does_not_make_a_data_block_code() -> None:
    assert _scripts('<script type="application/json" lang="ts">{}</script>') == []


def test_src_with_blank_content_skipped() -> None:
    assert _scripts('<script src="/auth0.js"></script>\n<script src="/a.js">  \n  </script>') == []


def test_src_with_content_kept() -> None:
    assert _scripts('<script src="/auth0.js">init()</script>') == ["init()"]


def test_src_with_only_a_template_comment_skipped() -> None:
    assert _scripts('<script src="/a.js">{# nothing #}</script>') == []


def test_html_comments_hide_scripts() -> None:
    template = "<!-- <script>hidden()</script> -->\n<script>shown()</script>\n<!--\n<script>\nno()\n</script>\n-->"
    assert _scripts(template) == ["shown()"]


def test_unterminated_html_comment_hides_the_rest() -> None:
    assert _scripts("<script>a()</script><!-- <script>b()</script>") == ["a()"]


def test_comment_markers_inside_a_script_are_script() -> None:
    assert _scripts("<script>var s = '<!--';</script><script>b()</script>") == ["var s = '<!--';", "b()"]


def test_unterminated_script_runs_to_end_of_file() -> None:
    template = "<p>x</p>\n<script>\nconst a = 1;\n"
    text, blocks = _run(template)
    assert len(blocks) == 1
    assert blocks[0].end == len(template)
    assert text[blocks[0].start :] == "\nconst a = 1;\n"


def test_unterminated_start_tag() -> None:
    assert _scripts("<script>a()</script><script defer") == ["a()"]


# --- template syntax inside scripts -------------------------------------------------------------


def test_expression_inside_a_string() -> None:
    template = '<script>\nconst domain = "{{ auth0_domain }}";\n</script>'
    assert _scripts(template) == ['\nconst domain = "' + _expr("{{ auth0_domain }}") + '";\n']
    assert _kept(template) == ['\nconst domain = "{{ auth0_domain }}";\n']


def test_expression_as_a_value() -> None:
    template = "<script>var d = {{ domain|tojson }};</script>"
    assert _scripts(template) == ["var d = " + _expr("{{ domain|tojson }}") + ";"]
    assert _scripts(template)[0].startswith("var d = _ ")


def test_expression_spanning_lines() -> None:
    template = "<script>var d = {{\n  domain\n}};</script>"
    assert _scripts(template) == ["var d = _ \n        \n  ;"]
    assert _expr("{{\n  domain\n}}") == "_ \n        \n  "


def test_statements_between_lines() -> None:
    template = (
        "<script>\n"
        "{% if prod %}\n"
        "const audience = 'https://prod/api/v2/';\n"
        "{% else %}\n"
        "const audience = 'https://dev/api/v2/';\n"
        "{% endif %}\n"
        "</script>"
    )
    (script,) = _scripts(template)
    assert script.splitlines() == [
        "",
        " " * len("{% if prod %}"),
        "const audience = 'https://prod/api/v2/';",
        " " * len("{% else %}"),
        "const audience = 'https://dev/api/v2/';",
        " " * len("{% endif %}"),
    ]


def test_comments() -> None:
    template = "<script>a(); {# a note\n over lines #} b();</script>"
    assert _scripts(template) == ["a(); " + _gone("{# a note\n over lines #}") + " b();"]


@pytest.mark.parametrize("tag", ["{{- x -}}", "{{-x}}", "{{ x -}}", "{{+ x +}}"])
def test_whitespace_control_expressions(tag: str) -> None:
    assert _scripts(f"<script>f({tag});</script>") == ["f(_" + " " * (len(tag) - 1) + ");"]


@pytest.mark.parametrize("tag", ["{%- if x -%}", "{%+ if x %}", "{% endif -%}", "{#- note -#}"])
def test_whitespace_control_statements(tag: str) -> None:
    assert _scripts(f"<script>f();{tag}g();</script>") == ["f();" + " " * len(tag) + "g();"]


def test_jinja_raw_kept_verbatim() -> None:
    template = "<script>{% raw %}var t = '{{ name }}';{% endraw %} var u = '{{ x }}';</script>"
    raw = _gone("{% raw %}") + "var t = '{{ name }}';" + _gone("{% endraw %}")
    expected = raw + " var u = '" + _expr("{{ x }}") + "';"
    assert _scripts(template) == [expected]


def test_raw_with_whitespace_control() -> None:
    template = "<script>{%- raw -%}a('{%}');{%- endraw -%}</script>"
    assert _scripts(template) == [_gone("{%- raw -%}") + "a('{%}');" + _gone("{%- endraw -%}")]


def test_django_verbatim_kept_verbatim() -> None:
    template = "<script>{% verbatim %}x = '{{ a }}'{% endverbatim %}</script>"
    assert _scripts(template) == [_gone("{% verbatim %}") + "x = '{{ a }}'" + _gone("{% endverbatim %}")]


def test_django_named_verbatim_ends_at_its_own_end_tag() -> None:
    template = "<script>{% verbatim b %}x('{% endverbatim %}'){% endverbatim b %}</script>"
    expected = _gone("{% verbatim b %}") + "x('{% endverbatim %}')" + _gone("{% endverbatim b %}")
    assert _scripts(template) == [expected]


def test_unterminated_raw_is_literal_to_the_end() -> None:
    template = "<script>{% raw %}x('{{ a }}')</script>"
    assert _scripts(template) == [_gone("{% raw %}") + "x('{{ a }}')"]


def test_raw_around_a_whole_script() -> None:
    template = "{% raw %}<script>x('{{ a }}')</script>{% endraw %}<script>y('{{ b }}')</script>"
    assert _scripts(template) == ["x('{{ a }}')", "y('" + _expr("{{ b }}") + "')"]


def test_tag_spanning_the_end_tag_ends_the_block() -> None:
    template = "<script>var a = {{ '</script>' }};</script><script>b()</script>"
    # the tag is cut at the block's end: what of it is inside the block is blanked
    assert _scripts(template) == ["var a = " + _expr("{{ '"), "b()"]


def test_template_tags_outside_scripts_are_blanked() -> None:
    template = "{% extends 'base.html' %}\n{% block content %}<h1>{{ title }}</h1>{% endblock %}\n"
    text, blocks = _run(template)
    assert blocks == []
    assert text.strip() == ""


def test_script_written_inside_template_syntax_is_not_a_script() -> None:
    template = "{# <script>old()</script> #}\n{{ '<script>' }}x()\n<script>new()</script>"
    assert _scripts(template) == ["new()"]


def test_template_tags_in_the_start_tag() -> None:
    template = (
        '<script nonce="{{ csp_nonce() }}">a()</script>\n'
        "<script {% if m %}type=\"module\"{% endif %} data-x='{{ x > 1 }}'>b()</script>\n"
        '<script type="{{ kind }}">c()</script>'
    )
    assert _scripts(template) == ["a()", "b()"]


def test_unclosed_opener_is_not_a_tag() -> None:
    # nothing closes these anywhere: a template engine would reject the file, so it is plain JS
    template = "<script>class A {#n = 0; get n() { return this.#n; }\n}</script><script>b = {{a: 1}.a</script>"
    assert _scripts(template) == _kept(template)


def test_comment_closing_after_the_block() -> None:
    template = "<script>a(); {# note </script> #}<script>b()</script>"
    assert _scripts(template) == ["a(); " + _gone("{# note "), "b()"]


# --- line breaks and size -----------------------------------------------------------------------


def test_crlf_and_cr_kept() -> None:
    template = "<html>\r\n<script>\r\nvar a = '{{ x }}';\r\n{% if y %}\r\nb();\r{% endif %}\r\n</script>\r\n"
    text, blocks = _run(template)
    assert [i for i, c in enumerate(text) if c in "\r\n"] == [i for i, c in enumerate(template) if c in "\r\n"]
    assert text[blocks[0].start : blocks[0].end] == "\r\nvar a = '_      ';\r\n          \r\nb();\r           \r\n"


def test_big_file() -> None:
    unit = (
        "<div class='row'>{{ item.name }}</div>\n"
        '<script type="application/json">{"a": 1}</script>\n'
        "<script>\nvar d = '{{ domain }}';\n{% if x %}go(d);{% endif %}\n</script>\n"
        "<!-- <script>no()</script> -->\n"
    )
    count = 5_000_000 // len(unit) + 1
    template = unit * count
    text, blocks = script_text(template)
    assert len(text) == len(template)
    assert len(blocks) == count
    assert text.count("\n") == template.count("\n")
    expected = "\nvar d = '" + _expr("{{ domain }}") + "';\n"
    expected += _gone("{% if x %}") + "go(d);" + _gone("{% endif %}") + "\n"
    assert all(text[b.start : b.end] == expected for b in blocks)
    assert text.replace(expected, "").strip() == ""


def test_many_unclosed_openers_stay_linear() -> None:
    # each opener without a closer must not make the scan look through the rest of the file again
    template = "<script>" + "{#{%{{ <script " * 200_000
    text, blocks = script_text(template)
    assert len(text) == len(template)
    assert len(blocks) == 1


@given(st.text(alphabet="<>/!-{}%#_ \r\n\"'=scriptSCRIPTtypeljsrawendvbim", max_size=200))
def test_any_text_keeps_positions(template: str) -> None:
    _run(template)


# --- the result parses --------------------------------------------------------------------------


def test_blanked_jinja_script_parses_with_tree_sitter() -> None:
    tree_sitter = pytest.importorskip("tree_sitter")
    tree_sitter_javascript = pytest.importorskip("tree_sitter_javascript")
    parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_javascript.language()))
    template = """{% extends "base.html" %}
{% block scripts %}
<script type="module" nonce="{{ nonce }}">
  import { ManagementClient } from "auth0";
  {# the domain comes from the settings #}
  const domain = "{{ settings.AUTH0_DOMAIN }}";
  const clientId = {{ client_id|tojson }};
  {%- if debug %}
  console.log(domain);
  {% endif -%}
  const config = {
    domain,
    clientId,
    scope: "{{ scopes|join(' ') }}",
    retries: {{ retries }},
  };
  {% for name in names %}
  register("{{ name }}");
  {% endfor %}
  {% raw %}const tpl = `{{ kept }}`;{% endraw %}
  const management = new ManagementClient(config);
</script>
{% endblock %}
"""
    text, blocks = _run(template)
    assert len(blocks) == 1
    assert parser.parse(template.encode()).root_node.has_error  # as written, it is not JavaScript
    tree = parser.parse(text.encode())
    assert not tree.root_node.has_error
    # positions are the template's: the ManagementClient call is where the template has it
    line = next(i for i, s in enumerate(template.splitlines()) if "new ManagementClient" in s)
    assert text.splitlines()[line] == template.splitlines()[line]
