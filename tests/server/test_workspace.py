"""The language server's analysis state without a client: a project analysed with unsaved
buffers, half-typed files, the memory cache, fix all; and the suppression comment edit."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import FINDING, HELPER_MODULE, REPO, VIEW_MODULE
from scopelint.engine import Engine
from scopelint.fix.fixer import apply_edits
from scopelint.model import Finding
from scopelint.server.actions import suppression_edit
from scopelint.server.workspace import Project, ProjectError


@pytest.fixture
def project(tmp_path: Path) -> Project:
    (tmp_path / "helpers.py").write_text(HELPER_MODULE, encoding="utf-8")
    (tmp_path / "views.py").write_text(VIEW_MODULE, encoding="utf-8")
    return Project(tmp_path)


def _codes(findings: dict[str, list[Finding]]) -> dict[str, list[str]]:
    return {path: [f.code for f in found] for path, found in findings.items()}


def test_an_unsaved_buffer_of_one_file_changes_the_findings_of_another(project: Project) -> None:
    assert _codes(project.analyse({}).findings) == {"views.py": ["SL101"]}
    edited = HELPER_MODULE.replace("/api/v2/users/", "/profile/")
    analysis = project.analyse({"helpers.py": edited})
    assert analysis.findings == {}
    assert analysis.is_current("helpers.py", edited) and not analysis.is_current("helpers.py", HELPER_MODULE)
    assert _codes(project.analyse({"helpers.py": HELPER_MODULE}).findings) == {"views.py": ["SL101"]}


def test_a_half_typed_buffer_is_an_error_of_its_file_only(project: Project, tmp_path: Path) -> None:
    (tmp_path / "other.py").write_text(FINDING, encoding="utf-8")
    analysis = project.analyse({"views.py": VIEW_MODULE.replace("def profile(user_id):", "def profile(user_id")})
    assert "syntax error" in analysis.errors["views.py"]
    assert _codes(analysis.findings) == {"other.py": ["SL101"]}


def test_the_texts_of_findings_are_the_buffers_or_the_disk(project: Project) -> None:
    shifted = "\n\n" + VIEW_MODULE
    analysis = project.analyse({"views.py": shifted})
    assert analysis.texts["views.py"] == shifted
    assert analysis.findings["views.py"][0].span.line == VIEW_MODULE.count("\n") + 2


def test_unsaved_buffers_stay_out_of_the_disk_cache(project: Project, tmp_path: Path) -> None:
    def entries() -> set[Path]:
        return {p for p in (tmp_path / ".scopelint_cache").rglob("*.json")}

    project.analyse({})
    on_disk = entries()
    assert on_disk  # the files as saved are cached, for the CLI and the next start
    project.analyse({"views.py": VIEW_MODULE + "\n# typing...\n"})
    assert entries() == on_disk


def test_a_second_run_reuses_the_programs_in_memory(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    project.analyse({})
    lowered: list[str] = []
    analyse = Engine._analyse

    def counting(self, source, ignored):
        lowered.append(source.display_path)
        return analyse(self, source, ignored)

    monkeypatch.setattr(Engine, "_analyse", counting)
    project.analyse({"views.py": VIEW_MODULE + "\n"})
    assert lowered == ["views.py"]


def test_fix_all_fixes_one_file_and_says_none_when_there_is_nothing(tmp_path: Path) -> None:
    case = REPO / "tests/fixtures/rules/sl105/invalid/001-urlencode-dict-authorize-with-response"
    text = (case / "example.py").read_text(encoding="utf-8")
    (tmp_path / "app.py").write_text(text, encoding="utf-8")
    project = Project(tmp_path)
    fixed = project.fix_all("app.py", {"app.py": text})
    assert fixed is not None and '"response_type": "token id_token"' in fixed
    assert (tmp_path / "app.py").read_text(encoding="utf-8") == text  # nothing written
    assert project.fix_all("app.py", {"app.py": fixed}) is None


def test_a_wrong_configuration_is_one_line_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / ".scopelint.yaml").write_text("selct: [SL101]\n", encoding="utf-8")
    with pytest.raises(ProjectError, match=r"\.scopelint\.yaml.*selct"):
        Project(tmp_path)


# ---------------------------------------------------------------------- suppression comments
def _suppressed(engine: Engine, path: str, text: str) -> str:
    [finding] = engine.check_texts({path: text}).findings
    edit = suppression_edit(path, text, finding)
    assert edit is not None
    edited = apply_edits(text, [edit])
    assert engine.check_texts({path: edited}).findings == []
    return edited


def test_suppression_at_the_end_of_the_reported_line(engine: Engine) -> None:
    edited = _suppressed(engine, "app.py", FINDING)
    assert "['id_token']}\"},  # scopelint: ignore[SL101]\n" in edited


def test_suppression_joins_a_directive_already_on_the_line(engine: Engine) -> None:
    text = FINDING.replace("'id_token']}\"},", "'id_token']}\"},  # scopelint: ignore[SL102]")
    assert "# scopelint: ignore[SL102, SL101]" in _suppressed(engine, "app.py", text)


def test_suppression_after_a_line_continuation_goes_on_its_own_line_above(engine: Engine) -> None:
    text = (
        "import requests\n\n\n"
        "def get_user(tokens, uid):\n"
        "    url = f'https://tenant.auth0.com/api/v2/users/{uid}'\n"
        "    return requests.get(url, headers={'Authorization': 'Bearer ' + tokens['id_token']}) \\\n"
        "        .json()\n"
    )
    edited = _suppressed(engine, "app.py", text)
    assert "    # scopelint: ignore[SL101]\n    return requests.get(" in edited


def test_suppression_in_a_script_uses_its_comment_syntax(engine: Engine) -> None:
    text = (
        "fetch('https://tenant.auth0.com/api/v2/users/' + id, {\n"
        "  headers: { Authorization: 'Bearer ' + localStorage.getItem('id_token') },\n"
        "});\n"
    )
    assert "// scopelint: ignore[SL101]" in _suppressed(engine, "app.js", text)
