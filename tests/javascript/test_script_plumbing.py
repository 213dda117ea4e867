"""The JavaScript front end's plumbing: discovery, the `languages` key, suppressions, fix verification."""

from __future__ import annotations

from pathlib import Path

import pytest

from scopelint.config import Config, ConfigError, load_config
from scopelint.discovery import discover_files
from scopelint.fix import verify
from scopelint.frontends import frontend_for
from scopelint.suppression import parse_suppressions

CODE, NAME = "SL101", "id-token-bearer"


def touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n")


def found(root: Path, *args: str, config: Config | None = None) -> list[str]:
    files, errors = discover_files([Path(a) for a in args] or [Path(".")], config or Config(root=root), root)
    assert errors == []
    return [Path(path).as_posix() for _, path in files]


# --------------------------------------------------------------------------- discovery

WEB_APP = (
    "app.py",
    "static/app.js",
    "static/app.mjs",
    "static/legacy.cjs",
    "src/App.jsx",
    "src/api.ts",
    "src/api.mts",
    "src/api.cts",
    "src/App.tsx",
    "templates/base.html",
    "templates/old.htm",
    "templates/profile.jinja",
    "templates/email.jinja2",
    "templates/mail.j2",
    "templates/page.djhtml",
)
SKIPPED = (
    "node_modules/auth0-js/dist/auth0.js",
    "static/vendor/node_modules/x/index.ts",
    "bower_components/auth0.js/build/auth0.js",
    "static/auth0.min.js",
    "static/app.bundle.js",
    "static/app.js.map",
    "static/style.css",
    "src/types.d.ts.txt",
    "templates/readme.txt",
)


def test_walks_collect_javascript_typescript_and_templates(tmp_path: Path) -> None:
    touch(tmp_path, *WEB_APP, *SKIPPED)
    assert found(tmp_path) == sorted(WEB_APP)


def test_languages_key_narrows_the_walk(tmp_path: Path) -> None:
    touch(tmp_path, *WEB_APP, *SKIPPED)
    python_only = Config(root=tmp_path, languages=("python",))
    assert found(tmp_path, config=python_only) == ["app.py"]
    scripts = Config(root=tmp_path, languages=("javascript",))
    assert found(tmp_path, config=scripts) == sorted(n for n in WEB_APP if n.startswith(("static/", "src/")))
    templates = Config(root=tmp_path, languages=("templates",))
    assert found(tmp_path, config=templates) == sorted(n for n in WEB_APP if n.startswith("templates/"))


def test_explicit_files_are_always_checked(tmp_path: Path) -> None:
    touch(tmp_path, "static/auth0.min.js", "node_modules/x/a.js", "app.js")
    python_only = Config(root=tmp_path, languages=("python",))
    assert found(tmp_path, "static/auth0.min.js", "node_modules/x/a.js", "app.js", config=python_only) == [
        "app.js",
        "node_modules/x/a.js",
        "static/auth0.min.js",
    ]


def test_config_excludes_apply_to_scripts(tmp_path: Path) -> None:
    touch(tmp_path, "static/app.js", "static/generated/api.ts", "templates/a.html")
    config = Config(root=tmp_path, exclude=("generated/", "*.html"))
    assert found(tmp_path, config=config) == ["static/app.js"]


# --------------------------------------------------------------------------- the languages key


def write_config(root: Path, body: str) -> None:
    (root / ".scopelint.yaml").write_text(body)


def test_languages_default_and_valid_values(tmp_path: Path) -> None:
    assert Config(root=tmp_path).languages == ("python", "javascript", "templates")
    write_config(tmp_path, "select: [SL101]\n")
    assert load_config(tmp_path).languages == ("python", "javascript", "templates")
    write_config(tmp_path, "languages: [templates, python, python]\n")
    assert load_config(tmp_path).languages == ("templates", "python")


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("[python, ruby]", "languages: unknown language 'ruby' (known: python, javascript, templates)"),
        ("[typescript]", "languages: unknown language 'typescript' (known: python, javascript, templates)"),
        ("python", "languages: expected a list of strings, got string"),
        ("[]", "languages: expected at least one of python, javascript, templates"),
    ],
)
def test_languages_errors_name_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, problem: str
) -> None:
    monkeypatch.chdir(tmp_path)
    write_config(tmp_path, f"languages: {value}\n")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert str(caught.value) == f".scopelint.yaml: {problem}"


def test_languages_in_pyproject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.scopelint]\nlanguages = ["python"]\n')
    assert load_config(tmp_path).languages == ("python",)
    (tmp_path / "pyproject.toml").write_text('[tool.scopelint]\nlanguages = ["html"]\n')
    with pytest.raises(ConfigError, match=r"^pyproject.toml: \[tool.scopelint\] languages: unknown language 'html'"):
        load_config(tmp_path)


# --------------------------------------------------------------------------- suppressions


def silenced(text: str, path: str, first: int, last: int | None = None, code: str = CODE, name: str = NAME) -> bool:
    return frontend_for(path).suppressions(text, path).silences(code, name, first, first if last is None else last)


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        ("// scopelint: ignore[SL101]", True),
        ("// scopelint: ignore[id-token-bearer]", True),
        ("//scopelint:ignore[SL102, SL101]", True),
        ("/* scopelint: ignore[SL101] */", True),
        ("/*scopelint: ignore*/", True),
        ("// scopelint: ignore", True),
        ("// noqa: SL101", True),
        ("// noqa: E501, SL101", True),
        ("// noqa", True),
        ("// eslint-disable-line no-undef // scopelint: ignore[SL101]", True),
        ("// scopelint: ignore[SL102]", False),
        ("// noqa: SL1011", False),
        ("/* scopelint: ignore[SL102] */", False),
        ("// see the scopelint docs", False),
        ("# scopelint: ignore[SL101]", False),  # not a JavaScript comment
    ],
)
@pytest.mark.parametrize("path", ["app.js", "api.ts", "App.tsx", "page.html"])
def test_script_comment_on_the_reported_line(comment: str, expected: bool, path: str) -> None:
    text = f"const x = 1;\nfetch(url, opts);  {comment}\nconst z = 3;\n"
    assert silenced(text, path, 2) is expected
    assert silenced(text, path, 1) is False
    assert silenced(text, path, 3) is False


@pytest.mark.parametrize(
    "comment",
    ["// scopelint: ignore[SL101]", "/* scopelint: ignore[SL101] */", "// noqa: SL101", "/* noqa: SL101 */"],
)
def test_script_comment_alone_on_the_line_above(comment: str) -> None:
    text = f"x();\n  {comment}\nfetch(url,\n  opts);\ny();\n"
    assert silenced(text, "a.js", 3, 4) is True
    assert silenced(text, "a.js", 5) is False
    # not alone: code before or after the comment on its line
    assert silenced(f"x(); {comment}\nfetch(url);\n", "a.js", 2) is False
    if comment.startswith("/*"):
        assert silenced(f"{comment} x();\nfetch(url);\n", "a.js", 2) is False


def test_script_comment_on_the_last_line_of_a_statement() -> None:
    text = "fetch(url, {\n  headers,\n});  // scopelint: ignore[SL101]\n"
    assert silenced(text, "a.mjs", 1, 3) is True
    assert silenced(text, "a.mjs", 1, 2) is False


def test_block_comment_over_several_lines_counts_for_its_first_and_last_line() -> None:
    text = "/* scopelint: ignore[SL101]\n   the profile call needs the ID token for now */\nfetch(url);\n"
    assert silenced(text, "a.js", 3) is True


@pytest.mark.parametrize(
    "comment",
    ["{# scopelint: ignore[SL101] #}", "<!-- scopelint: ignore[SL101] -->", "{# noqa: SL101 #}", "<!-- noqa -->"],
)
def test_template_comments(comment: str) -> None:
    above = f"<script>\n{comment}\nfetch(url, opts);\n</script>\n"
    assert silenced(above, "page.html", 3) is True
    assert silenced(above, "page.jinja", 3) is True
    same_line = f"<script>fetch(url, opts);</script> {comment}\n<p>x</p>\n"
    assert silenced(same_line, "page.j2", 1) is True
    # only in templates: in a script file these are not comments
    assert silenced(above, "app.js", 3) is False


def test_python_files_keep_tokenized_suppressions() -> None:
    text = 's = "// scopelint: ignore[SL101]"\ncall()  # scopelint: ignore[SL101]\n'
    assert frontend_for("app.py").suppressions(text, "app.py") == parse_suppressions(text)
    assert silenced(text, "app.py", 1) is False  # inside a Python string: not a comment
    assert silenced(text, "app.py", 2) is True


def test_directive_inside_a_javascript_string_counts_documented_false_positive() -> None:
    assert silenced('const s = "// scopelint: ignore[SL101]"; fetch(url);\n', "a.js", 1) is True


def test_no_directive_no_work() -> None:
    result = frontend_for("a.js").suppressions("fetch(url); // eslint-disable-line\n", "a.js")
    assert result.by_line == {} and result.comment_only_lines == set()


# --------------------------------------------------------------------------- fix verification


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("fetch(url, {headers: {Authorization: `Bearer ${t.accessToken}`}});\n", "a.js"),
        ("const t: string = auth.accessToken;\n", "a.ts"),
        ("const a = <Profile token={t.accessToken} />;\n", "a.tsx"),
        ("const a = <Profile token={t.accessToken} />;\n", "a.jsx"),
        ("<p>{{ x }}</p><script>fetch(u, {headers: {Authorization: 'Bearer {{ t }}'}})</script>\n", "a.html"),
        ("<p>no script at all, {% if x %}</p>\n", "a.jinja"),
    ],
)
def test_verify_accepts_valid_scripts(text: str, path: str) -> None:
    assert verify(text, path) is None


@pytest.mark.parametrize(
    ("text", "path", "problem"),
    [
        ("fetch(url, {headers: {Authorization: t.accessToken}};\n", "a.js", "JavaScript syntax error at line 1"),
        ("const t: string = ;\n", "a.ts", "TypeScript syntax error at line 1"),
        ("<p>x</p>\n<script>\nfetch(url, {);\n</script>\n", "a.html", "JavaScript syntax error at line 3"),
    ],
)
def test_verify_names_the_syntax_error(text: str, path: str, problem: str) -> None:
    result = verify(text, path)
    assert result is not None and result.startswith(problem)


def test_verify_still_checks_python_as_python() -> None:
    assert verify("x = 1\n", "a.py") is None
    assert verify("const x = 1;\n", "a.py") is not None
    assert verify("x = 1\n", "a.js") is None  # also valid JavaScript
