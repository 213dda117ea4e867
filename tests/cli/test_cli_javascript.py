"""`scopelint check` and `scopelint fix` on JavaScript, TypeScript and templates, through the
installed CLI: findings, formats, byte preservation, idempotence, suppressions, syntax errors
and the cache."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from helpers import scopelint

APP_JS = """\
var webAuth = new auth0.WebAuth({
  domain: AUTH0_DOMAIN,
  clientID: AUTH0_CLIENT_ID,
  responseType: 'id_token',
  scope: 'openid'
});

webAuth.parseHash(function (err, authResult) {\t// keep: tab and trailing spaces   
  fetch('https://' + AUTH0_DOMAIN + '/api/v2/users/' + authResult.idTokenPayload.sub, {
    headers: { Authorization: 'Bearer ' + authResult.idToken }
  });
});
"""

APP_JS_FIXED = """\
var webAuth = new auth0.WebAuth({
  domain: AUTH0_DOMAIN,
  clientID: AUTH0_CLIENT_ID,
  responseType: 'token id_token',
  scope: 'openid read:current_user',
  audience: `https://${AUTH0_DOMAIN}/api/v2/`
});

webAuth.parseHash(function (err, authResult) {\t// keep: tab and trailing spaces   
  fetch('https://' + AUTH0_DOMAIN + '/api/v2/users/' + authResult.idTokenPayload.sub, {
    headers: { Authorization: 'Bearer ' + authResult.accessToken }
  });
});
"""

PROFILE_TS = """\
export async function profile(domain: string, id: string): Promise<Response> {
  const token: string | null = localStorage.getItem('id_token');
  return fetch(`https://${domain}/api/v2/users/${id}`, {
    headers: { Authorization: `Bearer ${token}` }, // scopelint: ignore[SL101]
  });
}

export async function enrollments(domain: string, id: string): Promise<Response> {
  return fetch(`https://${domain}/api/v2/users/${id}/enrollments`, {
    headers: { Authorization: `Bearer ${localStorage.getItem('idToken')}` },
  });
}
"""

TEMPLATE = """\
{% extends "base.html" %}
{% block content %}
<p>{{ user.name }}</p>
<script>
  // scopelint: ignore[SL101]
  $.ajax({ url: 'https://{{ domain }}/api/v2/users/{{ user.id }}', headers: { Authorization: 'Bearer ' + authResult.idToken } });
  $.ajax({ url: 'https://{{ domain }}/api/v2/users/{{ user.id }}', type: 'PATCH', headers: { Authorization: 'Bearer ' + authResult.idToken } });
</script>
{% endblock %}
"""  # noqa: E501 - a template as written: the directive covers the one long line after it

BROKEN = "function (\n"


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "static").mkdir()
    (tmp_path / "src").mkdir()
    (tmp_path / "templates").mkdir()
    (tmp_path / "static" / "app.js").write_bytes(APP_JS.replace("\n", "\r\n").encode())
    (tmp_path / "src" / "profile.ts").write_text(PROFILE_TS, encoding="utf-8")
    (tmp_path / "templates" / "user.html").write_text(TEMPLATE, encoding="utf-8")
    (tmp_path / "src" / "broken.js").write_text(BROKEN + "// auth0 idToken api/v2\n", encoding="utf-8")
    return tmp_path


def _findings(run: subprocess.CompletedProcess[str]) -> set[tuple[str, str, int, int]]:
    report = json.loads(run.stdout)
    return {(f["code"], f["path"], f["line"], f["column"]) for f in report["findings"]}


EXPECTED = {
    ("SL101", "static/app.js", 10, 31),
    ("SL102", "static/app.js", 1, 15),
    ("SL104", "static/app.js", 5, 10),
    ("SL105", "static/app.js", 4, 17),
    ("SL101", "src/profile.ts", 10, 31),  # line 4's finding is suppressed by its comment
    ("SL101", "templates/user.html", 7, 109),  # line 6's is suppressed by the comment above
}


def test_check_reports_findings_and_a_one_line_syntax_error(project: Path) -> None:
    run = scopelint(project, "check", "--format", "json", "--no-cache")
    assert _findings(run) == EXPECTED
    errors = json.loads(run.stdout)["errors"]
    assert [e["path"] for e in errors] == ["src/broken.js"]
    assert "JavaScript syntax error at line 1" in errors[0]["message"] and "\n" not in errors[0]["message"]
    assert run.returncode == 2  # findings and an unparsable file: the error wins


def test_sarif_and_text_formats(project: Path) -> None:
    sarif = json.loads(scopelint(project, "check", "--format", "sarif", "--no-cache").stdout)
    results = sarif["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"SL101", "SL102", "SL104", "SL105"}
    assert any(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "templates/user.html" for r in results
    )
    text = scopelint(project, "check", "--no-cache", "src/profile.ts").stdout
    assert "src/profile.ts:10:31: SL101 id-token-bearer ID token (localStorage.getItem('idToken'), line 10)" in text


def test_fix_edits_only_the_fixed_bytes_and_is_idempotent(project: Path) -> None:
    run = scopelint(project, "fix", "--unsafe-fixes", "--no-cache")
    assert (project / "static" / "app.js").read_bytes() == APP_JS_FIXED.replace("\n", "\r\n").encode()
    assert (project / "src" / "profile.ts").read_text(encoding="utf-8") == PROFILE_TS  # no fix for storage keys
    # unsafe: the token's request is not in the run; the suppressed line keeps its ID token
    fixed_template = TEMPLATE.replace(
        "type: 'PATCH', headers: { Authorization: 'Bearer ' + authResult.idToken }",
        "type: 'PATCH', headers: { Authorization: 'Bearer ' + authResult.accessToken }",
    )
    assert fixed_template != TEMPLATE
    assert (project / "templates" / "user.html").read_text(encoding="utf-8") == fixed_template
    assert run.returncode in (1, 2)
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    scopelint(project, "fix", "--unsafe-fixes", "--no-cache")
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before
    left = _findings(scopelint(project, "check", "--format", "json", "--no-cache", "static"))
    assert left == set()  # openid with the API audience is the documented shape


def test_safe_fixes_only(project: Path) -> None:
    scopelint(project, "fix", "--no-cache", "static/app.js")
    # every fix in the file is safe: the ID token's request gets its audience in the same run
    assert (project / "static" / "app.js").read_bytes() == APP_JS_FIXED.replace("\n", "\r\n").encode()


def test_warm_cache_gives_the_same_findings(project: Path) -> None:
    cold = scopelint(project, "check", "--format", "json")
    assert (project / ".scopelint_cache").is_dir()
    warm = scopelint(project, "check", "--format", "json")
    assert json.loads(warm.stdout) == json.loads(cold.stdout)
    assert _findings(warm) == EXPECTED
