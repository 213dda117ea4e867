"""`scopelint server` end to end: a real LSP client over stdio (tests/server/editor.py)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from lsprotocol import types

from editor import Editor, session
from helpers import FINDING, HELPER_MODULE, REPO, VIEW_MODULE
from lsp_text import apply_text_edits, offset
from scopelint.config import load_config
from scopelint.engine import Engine
from scopelint.fix.fixer import Fixer

# A password-grant token request without an audience whose token reaches GET /users/{id}:
# one SL102 finding, with a safe fix that adds the audience at the end of the dict, after
# a character beyond the Basic Multilingual Plane (two UTF-16 units, one code point).
MISSING_AUDIENCE = """\
import requests

DOMAIN = "tenant.auth0.com"


def get_user(username, password, uid):
    body = {"grant_type": "password", "username": username, "password": password}
    tokens = requests.post(
        f"https://{DOMAIN}/oauth/token",
        json={"client_id": "é😀", "scope": "read:current_user", **body},
    ).json()
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    return requests.get(f"https://{DOMAIN}/api/v2/users/{uid}", headers=headers)
"""


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def _reported(text: str, diagnostic: types.Diagnostic) -> str:
    return text[offset(text, diagnostic.range.start) : offset(text, diagnostic.range.end)]


def test_diagnostics_quick_fix_and_the_change_that_removes_the_finding(tmp_path: Path) -> None:
    _write(tmp_path, {"app.py": MISSING_AUDIENCE})

    async def scenario(editor: Editor) -> None:
        uri = editor.open("app.py")
        [diagnostic] = await editor.diagnostics_of(uri, bool)
        assert diagnostic.code == "SL102"
        assert diagnostic.source == "scopelint"
        assert diagnostic.severity == types.DiagnosticSeverity.Error
        assert diagnostic.code_description is not None and diagnostic.code_description.href.startswith("https://")
        assert "no audience" in diagnostic.message
        # the range, in UTF-16 units, covers exactly the reported dict (its 😀 counts twice)
        reported = _reported(MISSING_AUDIENCE, diagnostic)
        assert reported == '{"client_id": "é😀", "scope": "read:current_user", **body}'
        # the call its token reaches, as related information
        [related] = diagnostic.related_information or []
        assert related.location.uri == uri and related.message.startswith("its token is sent here: GET /api/v2/users")
        assert _reported(MISSING_AUDIENCE, types.Diagnostic(range=related.location.range, message="")).startswith(
            "requests.get("
        )

        actions = await editor.code_actions(uri, diagnostic.range)
        titles = [a.title for a in actions]
        assert any(t.startswith("Suppress SL102") for t in titles), titles
        [fix] = [a for a in actions if a.title.startswith("Fix SL102")]
        assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred
        fixed = editor.apply(uri, fix.edit)
        # before the spread, so that what it holds wins
        assert '"scope": "read:current_user", "audience": f"https://{DOMAIN}/api/v2/", **body}' in fixed
        assert "é😀" in fixed  # the edit landed after the emoji, not inside it
        assert await editor.diagnostics_of(uri, lambda found: not found) == []

    session(tmp_path, scenario)


def test_a_finding_in_one_file_follows_edits_to_the_file_that_causes_it(tmp_path: Path) -> None:
    _write(tmp_path, {"helpers.py": HELPER_MODULE, "views.py": VIEW_MODULE})

    async def scenario(editor: Editor) -> None:
        view = editor.open("views.py")
        helper = editor.open("helpers.py")
        [diagnostic] = await editor.diagnostics_of(view, bool)
        assert diagnostic.code == "SL101"
        assert _reported(VIEW_MODULE, diagnostic) == 'session["id_token"]'
        await editor.diagnostics_of(helper, lambda found: found == [])
        # the helper, edited (unsaved) to call an API that is not the Management API
        editor.change(helper, HELPER_MODULE.replace("/api/v2/users/", "/profile/"))
        await editor.diagnostics_of(view, lambda found: not found)
        editor.change(helper, HELPER_MODULE)
        await editor.diagnostics_of(view, lambda found: [d.code for d in found] == ["SL101"])

    session(tmp_path, scenario)


def test_a_file_that_is_not_open_gets_its_findings_and_they_follow_the_disk(tmp_path: Path) -> None:
    _write(tmp_path, {"helpers.py": HELPER_MODULE, "views.py": VIEW_MODULE})

    async def scenario(editor: Editor) -> None:
        view = editor.uri("views.py")  # never opened: the workspace is analysed as a whole
        await editor.diagnostics_of(view, lambda found: [d.code for d in found] == ["SL101"])
        (tmp_path / "helpers.py").write_text(HELPER_MODULE.replace("/api/v2/users/", "/profile/"), encoding="utf-8")
        editor.files_changed("helpers.py")
        await editor.diagnostics_of(view, lambda found: not found)

    session(tmp_path, scenario)


def test_a_half_typed_buffer_has_no_findings_a_log_message_and_the_server_goes_on(tmp_path: Path) -> None:
    _write(tmp_path, {"app.py": FINDING, "other.py": FINDING})

    async def scenario(editor: Editor) -> None:
        uri = editor.open("app.py")
        other = editor.uri("other.py")
        await editor.diagnostics_of(uri, bool)
        await editor.diagnostics_of(other, bool)
        editor.change(uri, FINDING.replace("def get_user(tokens, uid):", "def get_user(tokens, uid"))
        assert await editor.diagnostics_of(uri, lambda found: not found) == []
        await editor.wait_until(lambda: any("app.py" in m and "syntax error" in m for m in editor.logs), "a log")
        assert [d.code for d in editor.diagnostics[other]] == ["SL101"]  # the other file keeps its finding
        editor.change(uri, FINDING)
        await editor.diagnostics_of(uri, lambda found: [d.code for d in found] == ["SL101"])

    session(tmp_path, scenario)


def test_an_unsafe_fix_is_offered_only_when_configured(tmp_path: Path) -> None:
    _write(tmp_path, {"app.py": FINDING})  # SL101 whose fix is unsafe: the token's request is elsewhere

    async def actions(editor: Editor) -> list[str]:
        uri = editor.open("app.py")
        [diagnostic] = await editor.diagnostics_of(uri, bool)
        return [a.title for a in await editor.code_actions(uri, diagnostic.range)]

    async def without(editor: Editor) -> None:
        titles = await actions(editor)
        assert not any(t.startswith("Fix SL101") for t in titles), titles
        assert any(t.startswith("Suppress SL101") for t in titles), titles

    async def with_unsafe(editor: Editor) -> None:
        titles = await actions(editor)
        assert any(t.startswith("Fix SL101 (unsafe)") for t in titles), titles

    session(tmp_path, without)
    session(tmp_path, with_unsafe, initialization_options={"unsafeFixes": True})


def test_suppress_on_this_line_silences_the_finding(tmp_path: Path) -> None:
    _write(tmp_path, {"app.py": FINDING})

    async def scenario(editor: Editor) -> None:
        uri = editor.open("app.py")
        [diagnostic] = await editor.diagnostics_of(uri, bool)
        [suppress] = [a for a in await editor.code_actions(uri, diagnostic.range) if a.title.startswith("Suppress")]
        text = editor.apply(uri, suppress.edit)
        assert '}"},  # scopelint: ignore[SL101]\n' in text
        await editor.diagnostics_of(uri, lambda found: not found)

    session(tmp_path, scenario)


def test_fix_all_applies_every_safe_fix_of_the_file_like_the_cli(tmp_path: Path) -> None:
    case = REPO / "tests/fixtures/rules/sl105/invalid/001-urlencode-dict-authorize-with-response"
    original = (case / "example.py").read_text(encoding="utf-8")
    _write(tmp_path, {"app.py": original})
    # what `scopelint fix` writes: SL105, SL104 and SL102 fixed, SL101's unsafe fix left out
    expected = Fixer(Engine(load_config(tmp_path))).fix([tmp_path], tmp_path).changed["app.py"][1]
    assert expected.count("\n") > original.count("\n") and 'request.form["id_token"]' in expected

    async def scenario(editor: Editor) -> None:
        uri = editor.open("app.py")
        await editor.diagnostics_of(uri, bool)
        whole = types.Range(types.Position(0, 0), types.Position(0, 0))
        [fix_all] = await editor.code_actions(uri, whole, only=[types.CodeActionKind.SourceFixAll.value])
        assert fix_all.kind == "source.fixAll.scopelint"
        if editor.resolve_edits:  # the edit is made when the client asks for it
            assert fix_all.edit is None
            fix_all = await editor.client.code_action_resolve_async(fix_all)
        assert fix_all.edit is not None and fix_all.edit.changes is not None
        assert apply_text_edits(original, fix_all.edit.changes[uri]) == expected

    session(tmp_path, scenario)
    session(tmp_path, scenario, resolve_edits=True)


def test_hover_on_a_finding_shows_the_rules_explanation(tmp_path: Path) -> None:
    _write(tmp_path, {"app.py": FINDING})

    async def scenario(editor: Editor) -> None:
        uri = editor.open("app.py")
        [diagnostic] = await editor.diagnostics_of(uri, bool)
        hover = await editor.client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(uri), diagnostic.range.start)
        )
        assert hover is not None and isinstance(hover.contents, types.MarkupContent)
        from scopelint.rules import rule_by_selector

        rule = rule_by_selector("SL101")
        assert rule is not None and rule.explanation() in hover.contents.value
        nowhere = await editor.client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, 0))
        )
        assert nowhere is None

    session(tmp_path, scenario)


def test_the_workspace_configuration_applies(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "pyproject.toml": '[tool.scopelint]\nignore = ["SL101"]\n',
            "app.py": FINDING,
            "templates/page.html": textwrap.dedent(
                """\
                <script>
                  fetch("https://tenant.auth0.com/api/v2/users/" + id, {
                    headers: { Authorization: "Bearer " + localStorage.getItem("id_token") },
                  });
                </script>
                """
            ),
        },
    )

    async def scenario(editor: Editor) -> None:
        uri = editor.open("app.py")
        page = editor.open("templates/page.html", "html")
        assert await editor.diagnostics_of(uri, lambda found: True) == []
        assert await editor.diagnostics_of(page, lambda found: True) == []
        # the configuration changes: SL101 is no longer ignored
        (tmp_path / "pyproject.toml").write_text("[tool.scopelint]\nignore = []\n", encoding="utf-8")
        editor.files_changed("pyproject.toml")
        await editor.diagnostics_of(uri, lambda found: [d.code for d in found] == ["SL101"])
        await editor.diagnostics_of(page, lambda found: [d.code for d in found] == ["SL101"])

    session(tmp_path, scenario)


def test_a_broken_configuration_is_said_once_and_its_repair_brings_the_diagnostics(tmp_path: Path) -> None:
    _write(tmp_path, {".scopelint.yaml": "selct: [SL101]\n", "app.py": FINDING})

    async def scenario(editor: Editor) -> None:
        uri = editor.open("app.py")
        await editor.wait_until(lambda: any(".scopelint.yaml" in m and "selct" in m for m in editor.logs), "a message")
        (tmp_path / ".scopelint.yaml").write_text("select: [SL101]\n", encoding="utf-8")
        editor.files_changed(".scopelint.yaml")
        await editor.diagnostics_of(uri, lambda found: [d.code for d in found] == ["SL101"])

    session(tmp_path, scenario)
